"""An inspection's history: its revisions (who, when, on which laptop, why) and what changed between two.

The same operations as `qinspect inspections history ID [--compare REV1 REV2]`; opened from
the 检查 menu (Ctrl+H) for the inspection in the current editor tab or the list's current row.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from qinspect.operations import inspections
from qinspect.store.db import Store
from qinspect.ui.labels import status_label


class HistoryDialog(QDialog):
    def __init__(self, store: Store, inspection_uuid: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.uuid, self.revisions = inspections.revision_history(store, inspection_uuid)
        self.setWindowTitle(self.tr("修订历史：{0}").format(self.uuid[:12]))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("这份检查的每次保存都是一个修订，最新的在最下面（★ 为当前显示的修订）。")))

        self.revision_table = QTableWidget(len(self.revisions), 6)
        self.revision_table.setHorizontalHeaderLabels(
            [self.tr("修订"), self.tr("时间"), self.tr("修改人"), self.tr("设备"), self.tr("操作"), self.tr("原因")])
        for row, rev in enumerate(self.revisions):
            cells = [("★ " if rev.head else "") + rev.id[:8], rev.at.replace("T", " ")[:19], rev.author or "—",
                     rev.device, self.action_label(rev.action), rev.reason]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(rev.id if column == 0 else text)
                self.revision_table.setItem(row, column, cell)
        self._fit(self.revision_table)
        layout.addWidget(self.revision_table, 1)

        pick = QHBoxLayout()
        self.old_combo, self.new_combo = QComboBox(), QComboBox()
        for combo in (self.old_combo, self.new_combo):
            for n, rev in enumerate(self.revisions, 1):
                combo.addItem(f"{n}. {rev.id[:8]}  {rev.at[:10]}  {rev.author}", rev.id)
        self.old_combo.setCurrentIndex(max(0, len(self.revisions) - 2))
        self.new_combo.setCurrentIndex(len(self.revisions) - 1)
        pick.addWidget(QLabel(self.tr("比较修订")))
        pick.addWidget(self.old_combo, 1)
        pick.addWidget(QLabel(self.tr("与")))
        pick.addWidget(self.new_combo, 1)
        layout.addLayout(pick)

        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.change_table = QTableWidget(0, 4)
        self.change_table.setHorizontalHeaderLabels([self.tr("条目"), self.tr("内容"), self.tr("修改前"), self.tr("修改后")])
        layout.addWidget(self.change_table, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.old_combo.currentIndexChanged.connect(self.compare)
        self.new_combo.currentIndexChanged.connect(self.compare)
        self.compare()
        self.resize(900, 620)

    def field_label(self, field: str) -> str:
        return {"answer": self.tr("答案"), "note": self.tr("备注"), "rectification": self.tr("整改要求"),
                "deadline": self.tr("整改期限"), "date": self.tr("检查日期"), "inspector": self.tr("检查人"),
                "status": self.tr("状态")}.get(field, field)

    def action_label(self, action: str | None) -> str:
        return {"create": self.tr("新建"), "save": self.tr("保存"), "revise": self.tr("修改已完成的检查"),
                "resolve-conflict": self.tr("处理冲突"), None: self.tr("从数据包导入")}.get(action, action or "")

    def compare(self) -> None:
        old, new = self.old_combo.currentData(), self.new_combo.currentData()
        _, _, _, changes = inspections.compare_revisions(self.store, self.uuid, old, new)
        rows = [(c, field, before, after) for c in changes for field, (before, after) in c.fields.items()]
        self.summary.setText(self.tr("修订 {0} → {1}：{2} 处不同").format(old[:8], new[:8], len(rows)) if rows
                             else self.tr("修订 {0} 与 {1} 的内容相同。").format(old[:8], new[:8]))
        self.change_table.setRowCount(len(rows))
        for row, (change, field, before, after) in enumerate(rows):
            what = f"{change.item} · {self.field_label(field)}" if change.item else self.field_label(field)
            cells = [what, change.text, self._shown(field, before), self._shown(field, after)]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.change_table.setItem(row, column, cell)
        self._fit(self.change_table)

    @staticmethod
    def _shown(field: str, value: Any) -> str:
        if value in (None, ""):
            return "—"
        if field == "status":
            return status_label(value)
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    @staticmethod
    def _fit(table: QTableWidget) -> None:
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(table.columnCount() - 1, QHeaderView.ResizeMode.Stretch)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
