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
from qinspect.store.inspections import id_query


def uuids_of(store, ids) -> set[str]:
    return {row[1] for row in inspections.list_rows(store, list(ids))}


@pytest.mark.parametrize("f", [
    Filter(), Filter(subject_kind="enterprise"), Filter(status=DRAFT), Filter(status=COMPLETED),
    Filter(status=UNEXPORTED), Filter(status=CONFLICT), Filter(date_from="2009-03-01", date_to="2009-06-30"),
    Filter(checklist=("village-network", "2009")),
])
def test_the_window_and_the_command_line_find_the_same_inspections(demo_store, f):
    window = inspections.search(demo_store, f)
    command_line = inspections.listing(demo_store, f)
    assert uuids_of(demo_store, window) == {r["id"] for r in command_line}
    assert len(window) == len(command_line)


def test_search_text_finds_subjects_inspectors_codes_and_record_numbers(demo_store):
    uuid, inspector = demo_store.execute("SELECT uuid, inspector FROM inspections WHERE subject_kind = 'enterprise' "
                                         "LIMIT 1").fetchone()
    code = demo_store.execute("SELECT e.credit_code FROM inspections i JOIN enterprises e ON e.id = i.enterprise_id "
                              "WHERE i.uuid = ?", (uuid,)).fetchone()[0]
    for text in (uuid[:8].upper(), inspector, code[:10].lower()):
        assert uuid in uuids_of(demo_store, inspections.search(demo_store, Filter(text=text))), text


def test_township_and_year_narrow_the_listing(demo_store):
    tid, name = demo_store.execute("SELECT id, name FROM townships WHERE id IN (SELECT township_id FROM inspections) "
                                   "LIMIT 1").fetchone()
    rows = inspections.listing(demo_store, township=name, year=2009)
    assert rows and all(r["township"] == name and r["date"].startswith("2009") for r in rows)
    assert len(rows) == demo_store.execute("SELECT count(*) FROM inspections WHERE township_id = ? AND date LIKE "
                                           "'2009%'", (tid,)).fetchone()[0]


def test_the_id_query_joins_only_what_its_order_needs():
    sql, args = id_query(Filter(township_id=3, status=DRAFT), "date")
    assert "JOIN" not in sql and args == [3, DRAFT]
    sql, _ = id_query(Filter(), "subject")
    assert "LEFT JOIN villages" in sql


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


def test_rectifications_say_which_are_overdue(demo_store):
    row = demo_store.execute(
        "SELECT i.subject_kind, CASE i.subject_kind WHEN 'village' THEN i.village_id "
        "WHEN 'enterprise' THEN i.enterprise_id ELSE i.township_id END, a.deadline "
        "FROM inspections i JOIN answers a ON a.revision_id = i.head WHERE a.rectification != '' "
        "AND a.deadline != '' LIMIT 1").fetchone()
    kind, subject_id, deadline = row
    day = dt.date.fromisoformat(deadline)
    before = {r.deadline: r.overdue for r in inspections.rectifications(demo_store, kind, subject_id,
                                                                         today=day - dt.timedelta(days=1))}
    after = {r.deadline: r.overdue for r in inspections.rectifications(demo_store, kind, subject_id,
                                                                        today=day + dt.timedelta(days=1))}
    assert before[deadline] is False and after[deadline] is True
    assert inspections.showcase_subject(demo_store)[0] in ("village", "enterprise")
