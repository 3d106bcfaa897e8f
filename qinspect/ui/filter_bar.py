"""The filter bar over the inspections list: search text, place, kind, checklist, status, dates.

Its widgets come from forms/main_window.ui; this fills the choices from operations/ and turns
what is chosen into one `Filter`, emitted as `changed` (typing waits a moment first).
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLineEdit, QPushButton, QWidget

from qinspect.operations import registers
from qinspect.operations.inspections import CONFLICT, UNEXPORTED, Filter
from qinspect.store import checklists
from qinspect.store.db import Store
from qinspect.ui.labels import statuses, subject_kinds

SEARCH_DELAY_MS = 250  # typing pauses this long before the list is queried again


class FilterBar(QObject):
    changed = Signal(object)  # the new Filter

    def __init__(self, store: Store, form: QWidget, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        find = form.findChild
        self.search_edit: QLineEdit = find(QLineEdit, "searchEdit")
        self.township_filter: QComboBox = find(QComboBox, "townshipFilter")
        self.kind_filter: QComboBox = find(QComboBox, "kindFilter")
        self.checklist_filter: QComboBox = find(QComboBox, "checklistFilter")
        self.status_filter: QComboBox = find(QComboBox, "statusFilter")
        self.date_filter: QCheckBox = find(QCheckBox, "dateFilter")
        self.date_from: QDateEdit = find(QDateEdit, "dateFrom")
        self.date_to: QDateEdit = find(QDateEdit, "dateTo")
        self.current = Filter()

        self.kind_filter.addItem(self.tr("全部对象"), None)
        for kind, label in subject_kinds().items():
            self.kind_filter.addItem(label, kind)
        self.status_filter.addItem(self.tr("全部状态"), None)
        for status, label in statuses().items():
            self.status_filter.addItem(label, status)
        self.status_filter.addItem(self.tr("未导出"), UNEXPORTED)
        self.status_filter.addItem(self.tr("有冲突"), CONFLICT)
        self.fill_places()
        self.fill_checklists()
        today = QDate.currentDate()
        self.date_from.setDate(QDate(today.year(), 1, 1))
        self.date_to.setDate(today)

        self.search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.apply)
        self.search_edit.textChanged.connect(self.search_timer.start)
        self.search_edit.returnPressed.connect(self.apply)
        for combo in self._combos():
            combo.currentIndexChanged.connect(self.apply)
        self.date_filter.toggled.connect(self.date_from.setEnabled)
        self.date_filter.toggled.connect(self.date_to.setEnabled)
        self.date_filter.toggled.connect(self.apply)
        self.date_from.dateChanged.connect(self.apply)
        self.date_to.dateChanged.connect(self.apply)
        find(QPushButton, "clearFilters").clicked.connect(self.clear)

    def _combos(self) -> tuple[QComboBox, ...]:
        return self.township_filter, self.kind_filter, self.checklist_filter, self.status_filter

    def fill_places(self) -> None:
        """The counties with their townships under them (the register may have changed)."""
        combo = self.township_filter
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("全部乡镇(街道)"), None)
        towns: dict[int, list[tuple[int, str]]] = {}
        for tid, county_id, _, name in registers.townships(self.store):
            towns.setdefault(county_id, []).append((tid, name))
        for cid, county in registers.counties(self.store):
            combo.addItem(county, ("county", cid))
            for tid, name in towns.get(cid, []):
                combo.addItem("    " + name, ("township", tid))
        combo.setCurrentIndex(max(0, find_data(combo, current)))
        combo.blockSignals(False)

    def fill_checklists(self) -> None:
        combo = self.checklist_filter
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("全部检查表"), None)
        for row in checklists.listing(self.store):
            combo.addItem(f"{row['title']} {row['version']}", (row["id"], row["version"]))
        combo.setCurrentIndex(max(0, find_data(combo, current)))
        combo.blockSignals(False)

    def chosen(self) -> Filter:
        """The filter the widgets show now."""
        place = self.township_filter.currentData()
        dated = self.date_filter.isChecked()
        iso = Qt.DateFormat.ISODate
        checklist = self.checklist_filter.currentData()
        return Filter(
            text=self.search_edit.text(),
            county_id=place[1] if place and place[0] == "county" else None,
            township_id=place[1] if place and place[0] == "township" else None,
            subject_kind=self.kind_filter.currentData(),
            checklist=tuple(checklist) if checklist else None,
            status=self.status_filter.currentData(),
            date_from=self.date_from.date().toString(iso) if dated else None,
            date_to=self.date_to.date().toString(iso) if dated else None,
        )

    def apply(self) -> None:
        self.search_timer.stop()
        new = self.chosen()
        if new != self.current:
            self.current = new
            self.changed.emit(new)

    def clear(self) -> None:
        widgets = (self.search_edit, *self._combos(), self.date_filter)
        for widget in widgets:
            widget.blockSignals(True)
        self.search_edit.clear()
        for combo in self._combos():
            combo.setCurrentIndex(0)
        self.date_filter.setChecked(False)
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)
        for widget in widgets:
            widget.blockSignals(False)
        self.apply()

    def set_place(self, place: tuple[str, int]) -> None:
        index = find_data(self.township_filter, place)
        if index >= 0:
            self.township_filter.setCurrentIndex(index)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()


def find_data(combo: QComboBox, data) -> int:
    """QComboBox.findData for Python values such as tuples, which Qt cannot compare itself."""
    return next((i for i in range(combo.count()) if combo.itemData(i) == data), -1)
