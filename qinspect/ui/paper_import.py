"""Paper results typed into a spreadsheet, from the window: the import preview and the template to fill in.

`PaperImportDialog` shows every row of the file with its errors before anything is saved
(forms/import_preview.ui, shared with the register import); `save_template` writes the
spreadsheet for one checklist, and `export_template` first asks which checklist.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from qinspect.domain.checklist import Checklist
from qinspect.operations import paper_results
from qinspect.progress import Progress
from qinspect.store import checklists
from qinspect.store.db import Store
from qinspect.ui.errors import user_errors
from qinspect.ui.import_preview import ImportPreviewDialog
from qinspect.ui.signals import INSPECTIONS


class PaperImportDialog(ImportPreviewDialog):
    """Import a paper results file: new inspections, and new revisions of the ones a row names."""

    changes = INSPECTIONS

    def window_title(self) -> str:
        return self.tr("导入纸质检查结果")

    def intro_text(self) -> str:
        return self.tr("每行一份检查，每个条目一列（可先用“导出录入模板”生成表格）。填写检查编号和当前修订号的行"
                       "修改已有检查，保存为新的修订。每一行都先检查；有任何错误时整个文件都不导入。")

    def read(self, path: Path, progress: Progress) -> Any:
        return paper_results.check_file(self.store, path, progress)

    def write(self, check: Any, progress: Progress) -> str:
        done = paper_results.write(self.store, check, progress)
        text = self.tr("已导入：新建检查 {0} 份，修订已有检查 {1} 份。").format(done.created, done.revised)
        if done.unchanged:
            text += self.tr("另有 {0} 份与已有内容相同，未改动。").format(done.unchanged)
        return text

    def notes(self, check: Any) -> dict[int, str]:
        return {row.number: self.tr("修订检查 {0}").format(row.inspection.uuid[:8]) if row.revises
                else self.tr("新建检查") for row in check.rows}


def save_template(parent: QWidget | None, store: Store, checklist: Checklist) -> Path | None:
    """Ask where to save the template spreadsheet of `checklist` and write it; None when cancelled."""
    suggested = Path.home() / paper_results.suggested_template_name(checklist)
    name, _ = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("PaperImport", "保存录入模板"),
                                          str(suggested), "Excel (*.xlsx)")
    if not name:
        return None
    return paper_results.write_template(checklist, name)


def export_template(parent: QWidget | None, store: Store) -> Path | None:
    """Ask for a checklist, then save its template spreadsheet (the window's "导出录入模板")."""
    rows = checklists.listing(store)
    labels = [f"{r['title']} {r['version']}（{r['id']}）" for r in rows]
    label, ok = QInputDialog.getItem(parent, QCoreApplication.translate("PaperImport", "导出录入模板"),
                                     QCoreApplication.translate("PaperImport", "检查表："), labels, 0, False)
    if not ok or not rows:
        return None
    row = rows[labels.index(label)]
    with user_errors(parent):
        return save_template(parent, store, checklists.get(store, row["id"], row["version"]))
    return None
