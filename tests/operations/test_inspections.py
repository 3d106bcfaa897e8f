"""The inspection operations without a window: one search for the list and the CLI, show, history."""

from __future__ import annotations

import datetime as dt

import pytest

from qinspect.domain.records import COMPLETED
from qinspect.errors import InvalidInput
from qinspect.operations import inspections
from qinspect.operations.changes import INSPECTIONS, changes_of
from qinspect.operations.inspections import CONFLICT, DRAFT, UNEXPORTED, Filter
from qinspect.store import inspections as stored
from qinspect.store.inspections import page_query


def found(store, f) -> list[str]:
    """The uuids of the window's list, every page of it."""
    return [row[1] for row in inspections.page(store, f, limit=None)]


@pytest.mark.parametrize("f", [
    Filter(), Filter(subject_kind="enterprise"), Filter(status=DRAFT), Filter(status=COMPLETED),
    Filter(status=UNEXPORTED), Filter(status=CONFLICT), Filter(date_from="2009-03-01", date_to="2009-06-30"),
    Filter(checklist=("village-network", "2009")),
])
def test_the_window_and_the_command_line_find_the_same_inspections(demo_store, f):
    window = found(demo_store, f)
    command_line = inspections.listing(demo_store, f)
    assert set(window) == {r["id"] for r in command_line}
    assert len(window) == len(command_line) == min(inspections.count(demo_store, f), inspections.COUNT_CAP)


def test_search_text_finds_subjects_inspectors_codes_and_record_numbers(demo_store):
    uuid, inspector = demo_store.execute("SELECT uuid, inspector FROM inspections WHERE subject_kind = 'enterprise' "
                                         "LIMIT 1").fetchone()
    code = demo_store.execute("SELECT e.credit_code FROM inspections i JOIN enterprises e ON e.id = i.enterprise_id "
                              "WHERE i.uuid = ?", (uuid,)).fetchone()[0]
    for text in (uuid[:8].upper(), inspector, code[:10].lower()):
        assert uuid in found(demo_store, Filter(text=text)), text


def test_township_and_year_narrow_the_listing(demo_store):
    tid, name = demo_store.execute("SELECT id, name FROM townships WHERE id IN (SELECT township_id FROM inspections) "
                                   "LIMIT 1").fetchone()
    rows = inspections.listing(demo_store, township=name, year=2009)
    assert rows and all(r["township"] == name and r["date"].startswith("2009") for r in rows)
    assert len(rows) == demo_store.execute("SELECT count(*) FROM inspections WHERE township_id = ? AND date LIKE "
                                           "'2009%'", (tid,)).fetchone()[0]


@pytest.mark.parametrize("f, sort", [
    *((f, "date") for f in (Filter(), Filter(township_id=3), Filter(status=COMPLETED), Filter(status=DRAFT),
                            Filter(subject_kind="village"), Filter(checklist=("village-network", "2009")),
                            Filter(**inspections.year_dates(2009)))),
    *((Filter(), sort) for sort in ("kind", "checklist", "inspector", "status")),
])
def test_opening_and_filtering_the_list_walks_an_index_instead_of_sorting(demo_store, f, sort):
    # A decade has a million inspections: sorting them all for each page of 100 is what made
    # the window slow to open. The list opens by date; these other orders have an index too
    # (migration 0008); the rest, and an order with a filter on another column, sort.
    for after in (None, ("x",) * (len(stored.SORT_KEYS[sort]) + 1)):
        sql, args = page_query(f, sort, after=after)
        plan = [row[3] for row in demo_store.execute("EXPLAIN QUERY PLAN " + sql, args)]
        assert not any("TEMP B-TREE" in step for step in plan), plan


def test_show_assembles_answers_scores_and_revisions(demo_store):
    uuid = demo_store.execute("SELECT uuid FROM inspections LIMIT 1").fetchone()[0]
    shown = inspections.show(demo_store, uuid[:8])
    data = shown.as_dict()
    assert data["id"] == uuid and data["total"] == shown.result.total
    assert [i["id"] for i in data["items"]] == [it.id for it in shown.checklist.items]
    assert len(data["revisions"]) == len(stored.revisions(demo_store, uuid)) >= 1
    with pytest.raises(InvalidInput):
        inspections.show(demo_store, uuid[:3])


def test_saving_declares_it_changes_inspections():
    assert changes_of(inspections.save) == (INSPECTIONS,)


def test_pending_rectifications_say_which_are_overdue(demo_store):
    from qinspect.operations import rectifications
    from qinspect.operations.rectifications import DUE_SOON_DAYS
    row = demo_store.execute(
        "SELECT i.subject_kind, CASE i.subject_kind WHEN 'village' THEN i.village_id ELSE i.enterprise_id END, "
        "a.deadline FROM inspections i JOIN answers a ON a.revision_id = i.head WHERE a.rectification != '' "
        "AND a.deadline != '' AND i.status = 'completed' AND i.subject_kind IN ('village', 'enterprise') "
        "AND NOT EXISTS (SELECT 1 FROM rectification_closures x WHERE x.inspection_uuid = i.uuid) LIMIT 1").fetchone()
    kind, subject_id, deadline = row
    day = dt.date.fromisoformat(deadline)

    def states(on):
        return {r["deadline"]: r["state"] for r in rectifications.pending(demo_store, kind, subject_id,
                                                                          today=on.isoformat())}
    assert states(day - dt.timedelta(days=DUE_SOON_DAYS + 1))[deadline] == "open"
    assert states(day)[deadline] == "due"
    assert states(day + dt.timedelta(days=1))[deadline] == "overdue"
    assert inspections.showcase_subject(demo_store)[0] in ("village", "enterprise")
