"""The details pane: the selected village, enterprise or township, its inspection history and
its open rectifications (answers of head revisions that carry a rectification requirement).

The pane's widgets come from forms/main_window.ui; this fills them from the database.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem

from qinspect.errors import QInspectError
from qinspect.store import checklists
from qinspect.store.db import Store

SUBJECT_WHERE = {
    "township": "i.subject_kind = 'township' AND i.township_id = ?",
    "village": "i.subject_kind = 'village' AND i.village_id = ?",
    "enterprise": "i.enterprise_id = ?",
}
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
        rectifications.setColumnCount(3)
        rectifications.setHorizontalHeaderLabels([self.tr("整改期限"), self.tr("条目"), self.tr("整改要求")])
        rectifications.setWordWrap(True)
        for table, stretch in ((history, 1), (rectifications, 2)):
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        rectifications.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        rectifications.setColumnWidth(1, 150)
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
        if kind not in SUBJECT_WHERE:
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
        ex = self.store.execute
        if kind == "township":
            row = ex("SELECT t.name, c.name, t.kind FROM townships t JOIN counties c ON c.id = t.county_id "
                     "WHERE t.id = ?", (subject_id,)).fetchone()
            return None if row is None else (row[0], f"{row[1]} · {row[2]}")
        if kind == "village":
            row = ex("SELECT v.name, c.name, t.name, v.kind, v.assistant, v.phone FROM villages v "
                     "JOIN townships t ON t.id = v.township_id JOIN counties c ON c.id = t.county_id "
                     "WHERE v.id = ?", (subject_id,)).fetchone()
            if row is None:
                return None
            name, county, township, vkind, assistant, phone = row
            lines = [f"{county} {township} · {vkind}"]
            if assistant or phone:
                lines.append(self.tr("协管员：{0}").format(f"{assistant} {phone}".strip()))
            return name, "\n".join(lines)
        row = ex("SELECT e.name, c.name, t.name, e.credit_code, e.industry, e.address, e.contact, e.phone "
                 "FROM enterprises e JOIN townships t ON t.id = e.township_id JOIN counties c ON c.id = t.county_id "
                 "WHERE e.id = ?", (subject_id,)).fetchone()
        if row is None:
            return None
        name, county, township, code, industry, address, contact, phone = row
        lines = [f"{county} {township}" + (f" · {industry}" if industry else ""),
                 self.tr("统一社会信用代码：{0}").format(code)]
        if address:
            lines.append(self.tr("地址：{0}").format(address))
        if contact or phone:
            lines.append(self.tr("联系人：{0}").format(f"{contact} {phone}".strip()))
        return name, "\n".join(lines)

    def _fill_history(self, kind: str, subject_id: int) -> None:
        rows = self.store.execute(
            "SELECT i.uuid, i.date, COALESCE(ch.title, i.checklist_id), i.checklist_version, i.inspector, i.status, "
            "i.total, i.grade FROM inspections i LEFT JOIN checklists ch ON ch.id = i.checklist_id "
            f"AND ch.version = i.checklist_version WHERE {SUBJECT_WHERE[kind]} ORDER BY i.date DESC, i.rowid",
            (subject_id,)).fetchall()
        statuses = {"draft": self.tr("草稿"), "completed": self.tr("已完成")}
        self.history.setRowCount(len(rows))
        for r, (uuid, date, title, version, inspector, status, total, grade) in enumerate(rows):
            cells = [date, f"{title} {version}", inspector, statuses.get(status, status),
                     "" if total is None else f"{total:g}", grade or ""]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(UUID_ROLE, uuid)
                if c == 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.history.setItem(r, c, item)

    def _fill_rectifications(self, kind: str, subject_id: int) -> None:
        rows = self.store.execute(
            "SELECT i.uuid, i.date, i.checklist_id, i.checklist_version, a.item_id, a.rectification, a.deadline "
            "FROM inspections i JOIN answers a ON a.revision_id = i.head "
            f"WHERE {SUBJECT_WHERE[kind]} AND a.rectification != '' ORDER BY a.deadline, i.date",
            (subject_id,)).fetchall()
        today = dt.date.today().isoformat()
        self.rectifications.setRowCount(len(rows))
        for r, (uuid, date, cid, version, item_id, requirement, deadline) in enumerate(rows):
            overdue = bool(deadline) and deadline < today
            cells = [deadline or self.tr("未定"), self._item_text(cid, version, item_id), requirement]
            found = self.tr("{0} 检查发现").format(date)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(UUID_ROLE, uuid)
                item.setToolTip(f"{text}\n{found}" if c else found)
                if overdue and c == 0:
                    item.setForeground(QBrush(OVERDUE))
                    item.setToolTip(self.tr("已逾期；{0}").format(found))
                self.rectifications.setItem(r, c, item)
        self.rectifications.resizeRowsToContents()

    def _item_text(self, cid: str, version: str, item_id: str) -> str:
        try:
            return f"{item_id} {checklists.get(self.store, cid, version).item(item_id).text}"
        except (QInspectError, KeyError):  # checklist or item missing here: show the bare id
            return item_id
