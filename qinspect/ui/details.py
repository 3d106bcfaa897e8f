"""The details pane: the selected village, enterprise or township, its inspection history and
its rectifications not yet closed (open, due soon or overdue; operations/rectifications.py `pending`).

The pane's widgets come from forms/main_window.ui; this fills them from operations/.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem

from qinspect.operations import inspections, rectifications, registers
from qinspect.store.db import Store
from qinspect.ui.labels import score_text, status_label

SUBJECT_KINDS = ("township", "village", "enterprise")
UUID_ROLE = Qt.ItemDataRole.UserRole
OVERDUE = QColor("#b00020")


class SubjectDetails(QObject):
    open_inspection = Signal(str)  # uuid, on double click or Enter

    def __init__(self, store: Store, title: QLabel, info: QLabel, history: QTableWidget,
                 rectifications: QTableWidget, parent=None):
        super().__init__(parent)
        self.store = store
        self.title, self.info, self.history, self.rectifications = title, info, history, rectifications
        self.subject: tuple[str, int] | None = None
        for table in (history, rectifications):
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.verticalHeader().hide()
            table.itemActivated.connect(self._activated)
        history.setColumnCount(6)
        history.setHorizontalHeaderLabels([self.tr("日期"), self.tr("检查表"), self.tr("检查人"),
                                           self.tr("状态"), self.tr("得分"), self.tr("等级")])
        self.states = {"open": self.tr("未到期"), "due": self.tr("即将到期"), "overdue": self.tr("已逾期")}
        rectifications.setColumnCount(4)
        rectifications.setHorizontalHeaderLabels([self.tr("整改期限"), self.tr("状态"), self.tr("条目"),
                                                  self.tr("整改要求")])
        rectifications.setWordWrap(True)
        for table, stretch in ((history, 1), (rectifications, 3)):
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        rectifications.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        rectifications.setColumnWidth(2, 150)
        self.clear()

    def _activated(self, item: QTableWidgetItem) -> None:
        uuid = item.tableWidget().item(item.row(), 0).data(UUID_ROLE)
        if uuid:
            self.open_inspection.emit(uuid)

    def clear(self) -> None:
        self.subject = None
        self.title.setText(self.tr("未选择检查对象"))
        self.info.setText(self.tr("在左侧树中选择一个村(社区)、企业或乡镇(街道)，这里会显示它的检查历史和未完成的整改。"))
        self.history.setRowCount(0)
        self.rectifications.setRowCount(0)

    def show_subject(self, kind: str, subject_id: int) -> None:
        if kind not in SUBJECT_KINDS:
            self.clear()
            return
        self.subject = (kind, subject_id)
        self.refresh()

    def refresh(self) -> None:
        if self.subject is None:
            return
        kind, subject_id = self.subject
        header = self._header(kind, subject_id)
        if header is None:  # removed by an import or another window
            self.clear()
            return
        self.title.setText(header[0])
        self.info.setText(header[1])
        self._fill_history(kind, subject_id)
        self._fill_rectifications(kind, subject_id)

    def _header(self, kind: str, subject_id: int) -> tuple[str, str] | None:
        card = registers.card(self.store, kind, subject_id)
        if card is None:
            return None
        f = card.fields
        if kind == "township":
            return card.name, f"{card.county} · {f['kind']}"
        if kind == "village":
            lines = [f"{card.county} {card.township} · {f['kind']}"]
            if f["assistant"] or f["phone"]:
                lines.append(self.tr("协管员：{0}").format(f"{f['assistant']} {f['phone']}".strip()))
            return card.name, "\n".join(lines)
        lines = [f"{card.county} {card.township}" + (f" · {f['industry']}" if f["industry"] else ""),
                 self.tr("统一社会信用代码：{0}").format(f["credit_code"])]
        if f["address"]:
            lines.append(self.tr("地址：{0}").format(f["address"]))
        if f["contact"] or f["phone"]:
            lines.append(self.tr("联系人：{0}").format(f"{f['contact']} {f['phone']}".strip()))
        return card.name, "\n".join(lines)

    def _fill_history(self, kind: str, subject_id: int) -> None:
        rows = inspections.history(self.store, kind, subject_id)
        self.history.setRowCount(len(rows))
        for r, (uuid, date, title, version, inspector, status, total, grade) in enumerate(rows):
            cells = [date, f"{title} {version}", inspector, status_label(status),
                     "" if total is None else score_text(total), grade or ""]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(UUID_ROLE, uuid)
                if c == 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.history.setItem(r, c, item)

    def _fill_rectifications(self, kind: str, subject_id: int) -> None:
        rows = rectifications.pending(self.store, kind, subject_id)
        self.rectifications.setRowCount(len(rows))
        for r, rect in enumerate(rows):
            overdue = rect["state"] == "overdue"
            cells = [rect["deadline"] or self.tr("未定"), self.states[rect["state"]],
                     f"{rect['item']} {rect['text']}".strip(), rect["requirement"]]
            found = self.tr("{0} 检查发现").format(rect["found_on"])
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(UUID_ROLE, rect["inspection"])
                item.setToolTip(f"{text}\n{found}" if c > 1 else found)
                if overdue and c < 2:
                    item.setForeground(QBrush(OVERDUE))
                    item.setToolTip(self.tr("已逾期；{0}").format(found))
                self.rectifications.setItem(r, c, item)
        self.rectifications.resizeRowsToContents()
