"""Field bundles in the window: import (with the trust question and a report), export, and the conflicts view.

The work itself is qinspect.sync's, exactly as `qinspect bundle` runs it; long steps go
through run_with_progress, so the window stays responsive and Cancel rolls everything back.
The questions (files, trust) are module functions so tests can answer them.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Iterable

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
                               QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from qinspect.domain import item_kinds
from qinspect.domain.checklist import Item
from qinspect.domain.records import STATUSES, Answer
from qinspect.errors import QInspectError
from qinspect.store import checklists
from qinspect.store.db import Store
from qinspect.operations import bundles as bundle_ops
from qinspect.operations import conflicts as conflict_ops
from qinspect.operations.changes import changes_of
from qinspect.sync import conflicts
from qinspect.sync.bundle import SUFFIX
from qinspect.ui.editor_rows import say
from qinspect.ui.error_text import in_language
from qinspect.ui.errors import show_error, user_errors
from qinspect.ui.tasks import perform, run_with_progress




def _bundle_filter() -> str:
    return QCoreApplication.translate("Bundles", "qinspect 数据包 (*{0})").format(SUFFIX)


# -- the questions (module functions, so tests can answer them) ---------------------------
def ask_open_paths(parent: QWidget | None) -> list[Path]:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    names, _ = QFileDialog.getOpenFileNames(parent, QCoreApplication.translate("Bundles", "导入数据包"), folder, _bundle_filter())
    return [Path(n) for n in names]


def ask_save_path(parent: QWidget | None, suggested: str) -> tuple[Path, bool] | None:
    """Where to write a bundle, and whether the person agreed to replace the file of that name.

    The save dialog asks before replacing a file it was shown; a name given without the
    suffix gets it added here, and that file was never shown, so it is not replaced.
    """
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name, _ = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("Bundles", "导出数据包"), str(Path(folder) / suggested), _bundle_filter())
    if not name:
        return None
    path = Path(name)
    return (path, True) if path.suffix == SUFFIX else (path.with_name(path.name + SUFFIX), False)


def trust_box(parent: QWidget | None, device: bundle_ops.NewDevice) -> tuple[QMessageBox, QPushButton]:
    """The trust question: the fingerprint in large type to compare group by group, Cancel as the default."""
    box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("Bundles", "信任新设备？"), "",
                      QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(QCoreApplication.translate(
        "Bundles", "数据包来自本机尚未信任的设备“{0}”。<p style='font-size:20pt; font-family:monospace'>"
                   "<b>{1}</b></p>请与该设备“帮助 → 本机信息”中显示的指纹逐组当面（或电话）核对。"
                   "只有指纹完全相同时才选择“信任并导入”。").format(html.escape(device.name), device.fingerprint))
    trust = box.addButton(QCoreApplication.translate("Bundles", "信任并导入"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box, trust


def ask_trust(parent: QWidget | None, device: bundle_ops.NewDevice) -> bool:
    box, trust = trust_box(parent, device)
    box.exec()
    return box.clickedButton() is trust


def show_report(parent: QWidget | None, report: bundle_ops.ImportReport) -> None:
    lines = report.describe() + [QCoreApplication.translate("Bundles", "已拒绝 {0}").format(r.describe()) for r in report.refused]
    if report.total("conflicts"):
        lines.append(QCoreApplication.translate("Bundles", "有冲突的检查两个版本都已保留，请在“冲突”窗口中决定。"))
    icon = QMessageBox.Icon.Warning if report.refused else QMessageBox.Icon.Information
    box = QMessageBox(icon, QCoreApplication.translate("Bundles", "导入结果"), in_language("\n".join(lines)),
                      QMessageBox.StandardButton.Ok, parent)
    box.exec()


def show_exported(parent: QWidget | None, result: bundle_ops.Exported) -> None:
    QMessageBox.information(parent, QCoreApplication.translate("Bundles", "导出完成"), result.describe())


# -- import and export ------------------------------------------------------------------------
def import_bundles(parent: QWidget | None, store: Store, paths: Iterable[Path | str] | None = None
                   ) -> bundle_ops.ImportReport | None:
    """Ask for bundles (unless given), ask about new devices, import, and show what happened."""
    chosen = [Path(p) for p in paths] if paths else ask_open_paths(parent)
    if not chosen:
        return None
    trusted = {d.fingerprint for d in bundle_ops.new_devices(store, chosen) if ask_trust(parent, d)}
    try:
        report = run_with_progress(
            parent, QCoreApplication.translate("Bundles", "导入数据包"), lambda progress: bundle_ops.import_bundles(
                store, chosen, trust=trusted, progress=progress), changes=changes_of(bundle_ops.import_bundles))
    except QInspectError as e:
        show_error(parent, e)
        return None
    show_report(parent, report)
    return report


def export_bundle(parent: QWidget | None, store: Store, *, everything: bool = False) -> Path | None:
    """Ask where to write, export (what the bureau has not receipted, or everything) and say what went out."""
    return _export(parent, store, "", bundle_ops.export, lambda target, overwrite, progress: bundle_ops.export(
        store, target, everything=everything, overwrite=overwrite, progress=progress))


def export_setup(parent: QWidget | None, store: Store, township_ids: list[int] | None = None) -> Path | None:
    """A set-up bundle for field laptops: the registers of these townships (all when None), every checklist."""
    prefix = QCoreApplication.translate("Bundles", "设置") + "-"
    return _export(parent, store, prefix, bundle_ops.export_setup, lambda target, overwrite, progress:
                   bundle_ops.export_setup(store, target, township_ids=township_ids, overwrite=overwrite,
                                           progress=progress))


def _export(parent: QWidget | None, store: Store, prefix: str, operation, work) -> Path | None:
    chosen = ask_save_path(parent, prefix + bundle_ops.default_bundle_name(store))
    if chosen is None:
        return None
    target, overwrite = chosen
    try:
        result = run_with_progress(parent, QCoreApplication.translate("Bundles", "导出数据包"),
                                   lambda progress: work(target, overwrite, progress), changes=changes_of(operation))
    except QInspectError as e:
        show_error(parent, e)
        return None
    show_exported(parent, result)
    return result.path


# -- the conflicts view -------------------------------------------------------------------------
def answer_text(item: Item | None, answer: Answer | None) -> str:
    """An answer as a person reads it on the sheet: the tier's label, 符合/不符合, the number, the note."""
    if answer is None or answer.is_empty:
        return QCoreApplication.translate("Bundles", "（未填）")
    value = answer.value
    if value is None:
        shown = ""
    elif item is None:  # an item the form no longer has: the value as it was stored
        shown = str(value)
    else:
        shown = say(item_kinds.describe_words(item, value))
    extra = [x for x in (answer.note, answer.rectification and QCoreApplication.translate("Bundles", "整改：") + answer.rectification,
                         answer.deadline and QCoreApplication.translate("Bundles", "期限 ") + answer.deadline) if x]
    return "；".join([shown, *extra]) if shown else "；".join(extra)


class ConflictsDialog(QDialog):
    """Open conflicts on the left; the chosen one's versions side by side, item by item, on the right.

    The supervisor keeps one version with its button, or picks a version per row and saves
    the merge. Either way the choice becomes a new revision, logged in the audit log.
    """

    FIELDS_ROW = 0  # the first row chooses where date, inspector and status come from

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("冲突"))
        self.resize(1100, 640)
        self.list = QListWidget()
        self.list.currentItemChanged.connect(lambda *_: self.show_current())
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("解决原因（写入审计日志，可不填）"))
        self.keep_row = QHBoxLayout()
        self.keep_buttons: list[QPushButton] = []
        self.merge_button = QPushButton(self.tr("按所选合并保存"))
        self.merge_button.clicked.connect(self.save_merge)
        self.combos: dict[str, QComboBox] = {}  # item id (or "" for the fields row) -> its choice
        self.sides: list[conflicts.Side] = []

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.title)
        rl.addWidget(self.table, 1)
        rl.addWidget(self.reason)
        actions = QHBoxLayout()
        actions.addLayout(self.keep_row)
        actions.addStretch(1)
        actions.addWidget(self.merge_button)
        rl.addLayout(actions)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for c in conflicts.open_conflicts(self.store):
            row = QListWidgetItem(self.tr("{0}（{1}）\n{2}  {3}  {4} 个版本").format(
                c.subject, c.township, c.checklist, c.date, c.sides))
            row.setData(Qt.ItemDataRole.UserRole, c.inspection_uuid)
            self.list.addItem(row)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.show_current()

    @property
    def current_uuid(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def show_current(self) -> None:
        for button in self.keep_buttons:
            self.keep_row.removeWidget(button)
            button.deleteLater()
        self.keep_buttons, self.combos, self.sides = [], {}, []
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        uuid = self.current_uuid
        self.merge_button.setEnabled(uuid is not None)
        if uuid is None:
            self.title.setText(self.tr("没有待解决的冲突。"))
            return
        self.sides = conflicts.sides(self.store, uuid)
        first = self.sides[0].inspection
        form = checklists.get(self.store, first.checklist_id, first.checklist_version)
        self.title.setText(self.tr("{0}：同一份检查有 {1} 个互不包含的版本。逐条比较后保留一个版本，或在“采用”列逐条选择后合并保存。")
                           .format(self.list.currentItem().text().splitlines()[0], len(self.sides)))
        letters = [chr(ord("A") + n) for n in range(len(self.sides))]
        headers = [self.tr("条目")] + [
            self.tr("版本 {0}{1}\n{2}（{3}）\n{4}").format(
                letter, self.tr("（当前显示）") if s.is_head else "", s.author or self.tr("未署名"), s.device_name,
                s.created_at.replace("T", " ")[:16])
            for letter, s in zip(letters, self.sides)] + [self.tr("采用")]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        rows: list[tuple[str, str, list[str]]] = [("", self.tr("基本信息（日期、检查人、状态）"), [
            f"{s.inspection.date}；{s.inspection.inspector}；{STATUSES.get(s.inspection.status, s.inspection.status)}"
            for s in self.sides])]
        for item in form.items:
            rows.append((item.id, f"{item.id} {item.text}",
                         [answer_text(item, s.inspection.answers.get(item.id)) for s in self.sides]))
        self.table.setRowCount(len(rows))
        differs = QBrush(QColor(255, 236, 179))
        for r, (key, label, texts) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(label))
            for c, text in enumerate(texts, 1):
                cell = QTableWidgetItem(text)
                if len(set(texts)) > 1:
                    cell.setBackground(differs)
                self.table.setItem(r, c, cell)
            combo = QComboBox()
            for letter, s in zip(letters, self.sides):
                combo.addItem(letter, s.revision)
            self.table.setCellWidget(r, len(headers) - 1, combo)
            self.combos[key] = combo
        self._fields_choice = 0
        self.combos[""].currentIndexChanged.connect(self._follow_fields_choice)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.resizeRowsToContents()
        for letter, s in zip(letters, self.sides):
            button = QPushButton(self.tr("保留版本 {0}").format(letter))
            button.clicked.connect(lambda _=False, rev=s.revision: self.keep(rev))
            self.keep_row.addWidget(button)
            self.keep_buttons.append(button)

    def _follow_fields_choice(self, index: int) -> None:
        """Rows still on the version the first row had follow it: choosing a version is the usual start."""
        for key, combo in self.combos.items():
            if key and combo.currentIndex() == self._fields_choice:
                combo.setCurrentIndex(index)
        self._fields_choice = index

    def keep(self, revision: str) -> None:
        self._resolve(revision, {})

    def save_merge(self) -> None:
        keep = self.combos[""].currentData()
        pick = {key: combo.currentData() for key, combo in self.combos.items()
                if key and combo.currentData() != keep}
        self._resolve(keep, pick)

    def _resolve(self, keep: str, pick: dict[str, str]) -> None:
        uuid = self.current_uuid
        if uuid is None:
            return
        with user_errors(self):
            perform(conflict_ops.resolve, self.store, uuid, keep, pick, reason=self.reason.text())
            self.reason.clear()
            self.refresh()
