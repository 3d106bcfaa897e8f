"""The inspections list's model without a view (as Vorta's test_archive_table_model): rows, sort, filter,
paging by keyset, and the stale rows it serves while a job runs on another thread."""

from __future__ import annotations

from PySide6.QtCore import Qt

import pytest

from qinspect.operations.inspections import COMPLETED, PAGE, SORT_KEYS, Filter
from qinspect.ui.inspection_list import COLUMNS, UUID_ROLE, InspectionTableModel
from qinspect.ui.signals import busy
from tests.sync.helpers import village_inspection

DISPLAY = Qt.ItemDataRole.DisplayRole


def count(store, sql: str) -> int:
    return store.execute(sql).fetchone()[0]


def fetch_all(model) -> list[str]:
    while model.canFetchMore():
        model.fetchMore()
    return [model.uuid_at(r) for r in range(model.rowCount())]


def test_rows_columns_and_headers(qapp, demo_store):
    model = InspectionTableModel(demo_store)
    assert model.rowCount() == 0 and not model.loaded  # nothing is read before the first search
    model.search()
    total = count(demo_store, "SELECT count(*) FROM inspections")
    assert model.rowCount() == PAGE < total  # one page, not every inspection
    assert model.count() == (total, True)
    assert model.columnCount() == len(COLUMNS) == 9
    assert model.headerData(0, Qt.Orientation.Horizontal) == "日期"
    newest = demo_store.execute("SELECT uuid, date FROM inspections ORDER BY date DESC, rowid DESC LIMIT 1").fetchone()
    assert model.index(0, 0).data(UUID_ROLE) == newest[0] and model.index(0, 0).data() == newest[1]
    assert model.row_of(newest[0]) == 0


def test_more_rows_arrive_a_page_at_a_time_until_the_last(qapp, qtbot, demo_store):
    model = InspectionTableModel(demo_store)
    model.search()
    assert model.canFetchMore()
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.fetchMore()
    assert inserted.args[1:] == [PAGE, 2 * PAGE - 1] and model.rowCount() == 2 * PAGE
    uuids = fetch_all(model)
    expected = [u for (u,) in demo_store.execute("SELECT uuid FROM inspections ORDER BY date DESC, rowid DESC")]
    assert uuids == expected  # no row twice, none missed at the pages' seams
    assert not model.canFetchMore() and model.count() == (len(expected), True)


SQL_ORDER = {"date": ["i.date"], "township": ["t.name"], "subject": ["COALESCE(e.name, v.name, t.name)"],
             "kind": ["i.subject_kind"], "checklist": ["i.checklist_id", "i.checklist_version"],
             "inspector": ["i.inspector"], "status": ["i.status"], "total": ["i.total"], "grade": ["i.grade"]}


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("column", range(len(COLUMNS)))
def test_sorting_by_each_column_pages_in_the_order_sql_sorts(qapp, demo_store, column, descending):
    key = COLUMNS[column].key
    assert set(SQL_ORDER) == set(SORT_KEYS)
    model = InspectionTableModel(demo_store)
    model.sort(column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
    way = "DESC" if descending else "ASC"
    # SQLite puts NULL first going up and last going down: a draft has no total nor grade.
    order = ", ".join(f"{part} {way}" for part in SQL_ORDER[key])
    expected = [u for (u,) in demo_store.execute(
        "SELECT i.uuid FROM inspections i JOIN townships t ON t.id = i.township_id "
        "LEFT JOIN villages v ON v.id = i.village_id LEFT JOIN enterprises e ON e.id = i.enterprise_id "
        f"ORDER BY {order}, i.date {way}, i.rowid {way}")]
    assert fetch_all(model) == expected


def test_filters_and_paging_together_find_what_sql_finds(qapp, demo_store):
    tid = demo_store.execute("SELECT township_id FROM inspections GROUP BY township_id "
                             "ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    model = InspectionTableModel(demo_store)
    model.sort(7, Qt.SortOrder.AscendingOrder)  # by total, a column without an index
    model.search(Filter(township_id=tid, status=COMPLETED))
    assert model.rowCount() <= PAGE
    expected = [u for (u,) in demo_store.execute(
        "SELECT uuid FROM inspections WHERE township_id = ? AND status = 'completed' "
        "ORDER BY total, date, rowid", (tid,))]
    assert model.count() == (len(expected), True)
    assert fetch_all(model) == expected


def test_a_change_notice_reads_again_as_many_rows_as_were_shown(qapp, demo_store):
    model = InspectionTableModel(demo_store)
    model.search()
    model.fetchMore()
    model.fetchMore()
    shown = [model.uuid_at(r) for r in range(model.rowCount())]
    model.search()  # the same filter again, as after a save
    assert [model.uuid_at(r) for r in range(model.rowCount())] == shown
    model.search(Filter())  # a new filter starts at its first page
    assert model.rowCount() == PAGE


def test_a_filter_narrows_and_labels_the_kind(qapp, demo_store):
    model = InspectionTableModel(demo_store)
    model.search(Filter(subject_kind="township"))
    fetch_all(model)
    assert model.rowCount() == count(demo_store, "SELECT count(*) FROM inspections WHERE subject_kind = 'township'")
    assert {model.index(r, 3).data() for r in range(model.rowCount())} == {"乡镇(街道)"}
    assert {model.index(r, 6).data() for r in range(model.rowCount())} <= {"草稿", "已完成"}


def test_sorting_by_total_puts_the_best_first(qapp, demo_store):
    model = InspectionTableModel(demo_store)
    model.sort(7, Qt.SortOrder.DescendingOrder)
    best = count(demo_store, "SELECT max(total) FROM inspections")
    assert model.index(0, 7).data() == f"{best:.2f}"  # scores read with two decimals everywhere in the window
    assert model.index(0, 7).data(Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)


def test_while_a_job_runs_the_model_serves_what_it_has_and_searches_after(qapp, demo_store):
    model = InspectionTableModel(demo_store)
    model.CACHE_ROWS = PAGE  # so the first page's rows are evicted by the second's
    model.search()
    model.fetchMore()
    rows = model.rowCount()
    last = model.index(rows - 1, 2).data()
    busy().emit(True)
    try:
        village_inspection(demo_store, demo_store.execute("SELECT id FROM villages LIMIT 1").fetchone()[0],
                           date="2099-01-01")  # what the job writes
        model.search(Filter())  # a change notice arriving mid-job: put off
        assert not model.canFetchMore()  # no page is read either
        assert model.rowCount() == rows and model.index(rows - 1, 2).data() == last
        assert model.index(0, 2).data() == ""  # evicted: served empty, not queried
    finally:
        busy().emit(False)
    assert model.count() == (count(demo_store, "SELECT count(*) FROM inspections"), True)
    assert model.index(0, 0).data() == "2099-01-01"
