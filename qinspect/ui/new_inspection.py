"""The new-inspection dialog: pick the subject by typing, its checklist, the date and the inspector.

The layout is forms/new_inspection.ui; this module fills it from the store. Subjects are
searched with an SQL LIKE query capped by LIMIT on every keystroke, so the city's 25,000
villages and enterprises never load into the window at once.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QWidget,
)

from qinspect.domain.records import Inspection
from qinspect.errors import InvalidInput, QInspectError
from qinspect.store import checklists, inspections, registers
from qinspect.store.db import Store
from qinspect.ui.errors import show_error
from qinspect.ui.forms import embed_form
from qinspect.ui.labels import subject_kind_label

SEARCH_LIMIT = 50
_SUBJECT_ROLE = Qt.ItemDataRole.UserRole
_NAVIGATION_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


class NewInspectionDialog(QDialog):
    """`subject` preselects a register subject as (kind, id), e.g. the village chosen in the tree."""

    def __init__(self, store: Store, parent: QWidget | None = None,
                 subject: tuple[str, int] | None = None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("新建检查"))
        self.form = embed_form(self, "new_inspection")
        self.search: QLineEdit = self.form.findChild(QLineEdit, "subjectSearch")
        self.results: QListWidget = self.form.findChild(QListWidget, "subjectList")
        self.chosen_label: QLabel = self.form.findChild(QLabel, "subjectChosen")
        self.checklist_combo: QComboBox = self.form.findChild(QComboBox, "checklistCombo")
        self.date_edit: QDateEdit = self.form.findChild(QDateEdit, "dateEdit")
        self.inspector_edit: QLineEdit = self.form.findChild(QLineEdit, "inspectorEdit")
        self.buttons: QDialogButtonBox = self.form.findChild(QDialogButtonBox, "buttonBox")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("开始检查"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self.date_edit.setDate(QDate.currentDate())
        self.inspector_edit.setText(store.setting("user_name") or "")
        self._subject: dict | None = None
        self._inspection: Inspection | None = None

        self.search.textChanged.connect(self._search)
        self.search.installEventFilter(self)
        self.results.currentItemChanged.connect(self._subject_changed)
        self.results.itemActivated.connect(lambda _item: self.checklist_combo.setFocus())
        if subject is not None:
            row = registers.subject(store, *subject)
            self.search.setText(row["name"])
            self._select(subject)
        else:
            self._search("")
        self.search.setFocus()
        self.resize(560, 480)

    # -- subject ------------------------------------------------------------------------
    def _search(self, text: str) -> None:
        current = self._subject
        self.results.clear()
        for row in registers.search_subjects(self.store, text, SEARCH_LIMIT):
            item = QListWidgetItem(self._describe(row))
            item.setData(_SUBJECT_ROLE, row)
            self.results.addItem(item)
        if current is not None and self._select((current["kind"], current["id"])):
            return
        if self.results.count():
            self.results.setCurrentRow(0)
        else:
            self._subject_changed(None, None)

    def _select(self, subject: tuple[str, int]) -> bool:
        for n in range(self.results.count()):
            row = self.results.item(n).data(_SUBJECT_ROLE)
            if (row["kind"], row["id"]) == tuple(subject):
                self.results.setCurrentRow(n)
                return True
        return False

    def _describe(self, row: dict) -> str:
        kind = subject_kind_label(row["kind"])
        where = row["county"] if row["kind"] == "township" else f"{row['county']} {row['township']}"
        return f"{row['name']}    [{kind}]  {where}"

    def _subject_changed(self, item: QListWidgetItem | None, _previous) -> None:
        row = item.data(_SUBJECT_ROLE) if item is not None else None
        kind_changed = (row or {}).get("kind") != (self._subject or {}).get("kind")
        self._subject = row
        if row is None:
            self.chosen_label.setText(self.tr("没有找到名称含“{0}”的检查对象").format(self.search.text().strip()))
        else:
            self.chosen_label.setText(self.tr("已选择：{0}").format(self._describe(row)))
        if kind_changed:
            self._fill_checklists(row["kind"] if row else None)

    def _fill_checklists(self, kind: str | None) -> None:
        self.checklist_combo.clear()
        if kind is None:
            return
        # Newest version first: this year's form is the one a supervisor means.
        rows = sorted(checklists.listing(self.store, subject=kind), key=lambda r: r["id"])
        rows.sort(key=lambda r: r["version"], reverse=True)
        for r in rows:
            self.checklist_combo.addItem(self.tr("{0}（{1} 版）").format(r["title"], r["version"]),
                                         (r["id"], r["version"]))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up and Down in the search box walk the result list, so typing and choosing
        # need no Tab and no mouse.
        if watched is self.search and event.type() == QEvent.Type.KeyPress and event.key() in _NAVIGATION_KEYS:
            QCoreApplication.sendEvent(self.results, QKeyEvent(event.type(), event.key(), event.modifiers()))
            return True
        return super().eventFilter(watched, event)

    # -- result -------------------------------------------------------------------------
    def accept(self) -> None:
        try:
            self._inspection = self._make()
        except QInspectError as e:
            show_error(self, e)
            return
        super().accept()

    def _make(self) -> Inspection:
        if self._subject is None:
            raise InvalidInput(self.tr("请先选择检查对象"))
        if self.checklist_combo.currentIndex() < 0:
            raise InvalidInput(self.tr("本机没有适用于该检查对象的检查表；请先安装检查表"))
        inspector = self.inspector_edit.text().strip()
        if not inspector:
            raise InvalidInput(self.tr("请填写检查人"))
        checklist_id, version = self.checklist_combo.currentData()
        checklist = checklists.get(self.store, checklist_id, version)
        return inspections.new(self.store, self._subject["kind"], self._subject["id"], checklist,
                               self.date_edit.date().toString(Qt.DateFormat.ISODate), inspector)

    def inspection(self) -> Inspection:
        """The unsaved inspection the dialog was accepted with."""
        if self._inspection is None:
            self._inspection = self._make()
        return self._inspection
