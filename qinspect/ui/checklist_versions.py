"""The checklist-versions dialog: the installed versions, installing a new year's files, comparing two.

The layout is forms/checklist_versions.ui. Installing checks every chosen file first and
installs none while any has a problem (each shown as file / item / field / why); comparing
matches items by their stable ids (domain/checklist_diff.py, as `qinspect checklists diff`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHeaderView, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QTreeWidget, QTreeWidgetItem, QWidget,
)

from qinspect.operations import checklists
from qinspect.store.db import Store
from qinspect.ui.errors import user_errors
from qinspect.ui.forms import embed_form
from qinspect.ui.labels import subject_kind_label
from qinspect.ui.tasks import perform

ADDED, REMOVED, CHANGED = QColor("#1f5f3a"), QColor("#8a1c12"), QColor("#6b4e00")


class ChecklistVersionsDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.form = embed_form(self, "checklist_versions", flush=False)
        self.setWindowTitle(self.form.windowTitle())
        find = self.form.findChild
        self.version_table: QTableWidget = find(QTableWidget, "versionTable")
        self.install_button: QPushButton = find(QPushButton, "installButton")
        self.install_result: QLabel = find(QLabel, "installResult")
        self.problem_table: QTableWidget = find(QTableWidget, "problemTable")
        self.old_combo: QComboBox = find(QComboBox, "oldCombo")
        self.new_combo: QComboBox = find(QComboBox, "newCombo")
        self.summary: QLabel = find(QLabel, "compareSummary")
        self.diff_tree: QTreeWidget = find(QTreeWidget, "diffTree")
        find(QDialogButtonBox, "buttonBox").rejected.connect(self.reject)
        for table in (self.version_table, self.problem_table):
            table.verticalHeader().hide()
            table.horizontalHeader().setSectionResizeMode(table.columnCount() - 1, QHeaderView.ResizeMode.Stretch)
        self.diff_tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.install_button.clicked.connect(self.choose_and_install)
        self.old_combo.currentIndexChanged.connect(self.compare)
        self.new_combo.currentIndexChanged.connect(self.compare)
        self.fill()
        self.resize(900, 680)

    # -- the installed versions ------------------------------------------------------------
    def fill(self) -> None:
        rows = checklists.listing(self.store)
        self.version_table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = [row["id"], row["version"], subject_kind_label(row["subject"]), row["title"], row["hash"][:12]]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(row["hash"] if c == 4 else text)
                self.version_table.setItem(r, c, cell)
        self.version_table.resizeColumnsToContents()
        refs = [f"{row['id']}@{row['version']}" for row in rows]
        for combo in (self.old_combo, self.new_combo):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(refs)
            combo.blockSignals(False)
        # By default the newest version of the first form with two, against the one before it.
        pair = next(((n + 1, n) for n in range(len(rows) - 1) if rows[n]["id"] == rows[n + 1]["id"]), (0, 0))
        self.old_combo.setCurrentIndex(pair[0])
        self.new_combo.setCurrentIndex(pair[1])
        self.compare()

    # -- installing a new year's files -----------------------------------------------------
    def choose_files(self) -> list[str]:
        """Ask for template files; tests replace this method."""
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("选择检查表模板"), "",
                                                self.tr("检查表模板 (*.toml)"))
        return files

    def choose_and_install(self) -> None:
        files = self.choose_files()
        if files:
            self.install_files([Path(f) for f in files])

    def install_files(self, paths: list[Path]) -> None:
        checked = checklists.check_files(paths)
        problems = [p for c in checked for p in c.problems]
        self.problem_table.setVisible(bool(problems))
        self.problem_table.setRowCount(len(problems))
        for r, p in enumerate(problems):
            for c, text in enumerate([Path(p.source).name, p.item or "", p.field or "", p.why]):
                cell = QTableWidgetItem(text)
                cell.setToolTip(p.source if c == 0 else text)
                self.problem_table.setItem(r, c, cell)
        self.problem_table.resizeColumnsToContents()
        if problems:
            self.install_result.setText(self.tr("发现 {0} 处问题，没有安装任何文件；请改正后再安装。").format(len(problems)))
            return
        with user_errors(self):
            outcomes = perform(checklists.install, self.store, [c.checklist for c in checked])
            installed = [ref for ref, outcome in outcomes if outcome == "installed"]
            same = [ref for ref, outcome in outcomes if outcome != "installed"]
            parts = []
            if installed:
                parts.append(self.tr("已安装：{0}").format("、".join(installed)))
            if same:
                parts.append(self.tr("已存在且内容相同：{0}").format("、".join(same)))
            self.install_result.setText("；".join(parts))
            self.fill()
            if installed:  # show what the new version changes against the newest one before it
                self.show_pair_for(installed[-1])

    def show_pair_for(self, ref: str) -> None:
        refs = [self.new_combo.itemText(n) for n in range(self.new_combo.count())]
        cid = ref.partition("@")[0]
        older = [r for r in refs if r.partition("@")[0] == cid and r != ref]
        self.new_combo.setCurrentIndex(refs.index(ref))
        if older:
            self.old_combo.setCurrentIndex(refs.index(older[0]))

    # -- comparing two versions ------------------------------------------------------------
    def field_label(self, name: str) -> str:
        return {
            "category": self.tr("类别"), "text": self.tr("内容"), "standard": self.tr("评分标准"),
            "kind": self.tr("类型"), "points": self.tr("分值"), "tiers": self.tr("分档"),
            "thresholds": self.tr("定量档次"), "lower_is_better": self.tr("越低越好"), "unit": self.tr("单位"),
            "per": self.tr("每项分值"), "allow_na": self.tr("可不适用"), "required": self.tr("必答"),
            "added": self.tr("新增年份"), "title": self.tr("标题"), "subject": self.tr("检查对象"),
            "categories": self.tr("类别满分"), "grades": self.tr("等级"), "bonus_max": self.tr("加分上限"),
            "title_threshold": self.tr("称号分数线"), "derive": self.tr("由现场检查数据计算"),
        }.get(name, name)

    def compare(self) -> None:
        self.diff_tree.clear()
        old_ref, new_ref = self.old_combo.currentText(), self.new_combo.currentText()
        if not old_ref or not new_ref:
            self.summary.setText("")
            return
        with user_errors(self):
            diff, old, new = checklists.compare(self.store, old_ref, new_ref)
            if diff.same:
                self.summary.setText(self.tr("{0} 与 {1} 的检查内容相同。").format(old_ref, new_ref))
                return
            self.summary.setText(self.tr("{0} → {1}：新增 {2} 项，删除 {3} 项，修改 {4} 项。").format(
                old_ref, new_ref, len(diff.added), len(diff.removed), len(diff.changed)))
            groups = [
                (self.tr("新增 {0} 项").format(len(diff.added)), ADDED,
                 [(i, new.item(i).text, "") for i in diff.added]),
                (self.tr("删除 {0} 项").format(len(diff.removed)), REMOVED,
                 [(i, old.item(i).text, "") for i in diff.removed]),
                (self.tr("修改 {0} 项").format(len(diff.changed)), CHANGED,
                 [(c.item, new.item(c.item).text, "、".join(self.field_label(f) for f in c.fields))
                  for c in diff.changed]),
            ]
            if diff.form:
                groups.append((self.tr("表头修改"), CHANGED,
                               [("", "、".join(self.field_label(f) for f in diff.form), "")]))
            for title, colour, rows in groups:
                if not rows:
                    continue
                group = QTreeWidgetItem(self.diff_tree, [title])
                group.setForeground(0, QBrush(colour))
                group.setFirstColumnSpanned(True)
                for item_id, text, fields in rows:
                    entry = QTreeWidgetItem(group, [item_id, text, fields])
                    entry.setToolTip(1, text)
                group.setExpanded(True)
            self.diff_tree.resizeColumnToContents(0)
            self.diff_tree.setColumnWidth(2, 220)
