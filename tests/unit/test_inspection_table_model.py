"""The inspections list's model without a view (as Vorta's test_archive_table_model): rows, sort, filter,
and the stale rows it serves while a job runs on another thread."""

from __future__ import annotations

from PySide6.QtCore import Qt

from qinspect.operations.inspections import Filter
from qinspect.ui.inspection_list import COLUMNS, UUID_ROLE, InspectionTableModel
from qinspect.ui.signals import busy
from tests.sync.helpers import village_inspection

DISPLAY = Qt.ItemDataRole.DisplayRole


def count(store, sql: str) -> int:
    return store.execute(sql).fetchone()[0]


def test_rows_columns_and_headers(qapp, demo_store):
    model = InspectionTableModel(demo_store)
    assert model.rowCount() == 0 and not model.loaded  # nothing is read before the first search
    model.search()
    assert model.rowCount() == count(demo_store, "SELECT count(*) FROM inspections")
    assert model.columnCount() == len(COLUMNS) == 9
    assert model.headerData(0, Qt.Orientation.Horizontal) == "日期"
    newest = demo_store.execute("SELECT uuid, date FROM inspections ORDER BY date DESC, rowid LIMIT 1").fetchone()
    assert model.index(0, 0).data(UUID_ROLE) == newest[0] and model.index(0, 0).data() == newest[1]
    assert model.row_of(newest[0]) == 0


def test_a_filter_narrows_and_labels_the_kind(qapp, demo_store):
    model = InspectionTableModel(demo_store)
    model.search(Filter(subject_kind="township"))
    assert model.rowCount() == count(demo_store, "SELECT count(*) FROM inspections WHERE subject_kind = 'township'")
    assert {model.index(r, 3).data() for r in range(model.rowCount())} == {"乡镇(街道)"}
    assert {model.index(r, 6).data() for r in range(model.rowCount())} <= {"草稿", "已完成"}


def test_sorting_by_total_puts_the_best_first(qapp, demo_store):
    model = InspectionTableModel(demo_store)
    model.sort(7, Qt.SortOrder.DescendingOrder)
    best = count(demo_store, "SELECT max(total) FROM inspections")
    assert model.index(0, 7).data() == f"{best:g}"
    assert model.index(0, 7).data(Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)


def test_while_a_job_runs_the_model_serves_what_it_has_and_searches_after(qapp, demo_store):
    model = InspectionTableModel(demo_store)
    model.search()
    first = model.index(0, 2).data()
    rows = model.rowCount()
    busy().emit(True)
    try:
        village_inspection(demo_store, demo_store.execute("SELECT id FROM villages LIMIT 1").fetchone()[0],
                           date="2099-01-01")  # what the job writes
        model.search(Filter())  # a change notice arriving mid-job: put off
        assert model.rowCount() == rows and model.index(0, 2).data() == first
        far = model.index(rows - 1, 2).data()  # never read: served empty, not queried
        assert far == ""
    finally:
        busy().emit(False)
    assert model.rowCount() == count(demo_store, "SELECT count(*) FROM inspections") == rows + 1
    assert model.index(0, 0).data() == "2099-01-01"
