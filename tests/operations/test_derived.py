"""Items derived from field data on the city demo: the values against plain SQL written from
docs/scoring.md, overrides with their reasons, and values frozen once an assessment is submitted."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import tomllib

import pytest

from qinspect.cli import main
import uuid as uuidlib
from dataclasses import replace

from qinspect.domain.records import COMPLETED, Answer
from qinspect.errors import InvalidInput, NotFound
from qinspect.operations import assessments, derived
from qinspect.operations.changes import INSPECTIONS, changes_of
from qinspect.store import audit, inspections, rectifications, registers
from qinspect.store import checklists as store_checklists

YEAR = 2009
END = "2009-12-31"  # the demo is long past: every value is taken as at the end of the year


def cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def assessed(conn, state=None):
    sql = ("SELECT t.id, t.name, a.inspection_uuid, a.state FROM assessments a JOIN townships t ON t.id = a.township_id "
           "WHERE a.year = ?" + (" AND a.state = ?" if state else "") + " ORDER BY t.id")
    return conn.execute(sql, (YEAR, state) if state else (YEAR,)).fetchall()


def lowest_band(conn, checklist_id):
    return {version: tomllib.loads(source)["grades"][-1]["name"] for version, source in
            conn.execute("SELECT version, source FROM checklists WHERE id = ?", (checklist_id,))}


def expected(conn, township_id):
    """Each derivation as (numerator, denominator, inspections), from the tables and docs/scoring.md alone."""
    rows = conn.execute(
        "SELECT uuid, subject_kind, village_id, enterprise_id, checklist_id, checklist_version, date, status, grade, "
        "head, rowid FROM inspections WHERE township_id = ? AND substr(date, 1, 4) = ?",
        (township_id, str(YEAR))).fetchall()
    done = [r for r in rows if r[7] == COMPLETED]
    enterprises = {r[0]: r[1] for r in conn.execute("SELECT id, industry FROM enterprises WHERE township_id = ?",
                                                     (township_id,))}
    villages = {r[0] for r in conn.execute("SELECT id FROM villages WHERE township_id = ?", (township_id,))}
    out = {}
    visits = [r for r in done if r[1] == "enterprise" and r[3] in enterprises]
    out["enterprise_coverage"] = (len({r[3] for r in visits}), len(enterprises), len(visits))
    product = [r for r in done if r[4] == "enterprise-product"]
    failing = lowest_band(conn, "enterprise-product")
    out["product_pass_rate"] = (sum(1 for r in product if r[8] != failing[r[5]]), len(product), len(product))
    latest = {}
    for r in sorted((r for r in done if r[4] == "village-network" and r[2] in villages), key=lambda r: (r[6], r[10])):
        latest[r[2]] = r
    failing = lowest_band(conn, "village-network")
    out["village_network_pass_rate"] = (sum(1 for r in latest.values() if r[8] != failing[r[5]]), len(villages),
                                        len(latest))
    food = [r for r in done if r[4] == "enterprise-food"]
    out["food_inspections_per_100"] = (len(food), sum(1 for i in enterprises.values() if "食品" in i), len(food))
    due, late = [], []
    for r in done:
        if r[1] not in ("village", "enterprise"):
            continue
        for item, deadline in conn.execute("SELECT item_id, deadline FROM answers WHERE revision_id = ? "
                                           "AND rectification != ''", (r[9],)):
            closed = conn.execute("SELECT closed_on FROM rectification_closures WHERE inspection_uuid = ? "
                                  "AND item_id = ? AND closed_on <= ?", (r[0], item, END)).fetchone()
            if deadline and deadline < END:
                due.append((r[0], closed is not None and closed[0] <= deadline))
                if closed is None:
                    late.append(r[0])
    out["rectifications_on_time"] = (sum(1 for _, ok in due if ok), len(due), len({u for u, _ in due}))
    out["overdue_rectifications"] = (len(late), None, len(set(late)))
    return out


def rate(numerator, denominator, per=100):
    from decimal import ROUND_HALF_UP, Decimal
    return float((Decimal(numerator) * per / Decimal(denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def test_derived_values_on_the_city_demo_agree_with_plain_sql(city_demo_db, capsys):
    conn = sqlite3.connect(city_demo_db)
    towns = assessed(conn)
    assert len(towns) == 49
    forms = {r[0] for r in conn.execute("SELECT i.checklist_version FROM assessments a JOIN inspections i "
                                        "ON i.uuid = a.inspection_uuid WHERE a.year = ?", (YEAR,))}
    assert forms == {"2009.1"}  # the demo fills the newest 2009 form
    for township_id, name, uuid, state in towns[::4]:  # 13 townships, in every workflow state
        want = expected(conn, township_id)
        code, out, err = cli(capsys, "--db", city_demo_db, "assessments", "derived", name, "--year", YEAR, "--json")
        assert code == 0, err
        got = {d["derive"]: d for d in json.loads(out)["items"]}
        assert set(got) == {"village_network_pass_rate", "product_pass_rate", "enterprise_coverage",
                            "food_inspections_per_100", "overdue_rectifications"}
        head = conn.execute("SELECT head FROM inspections WHERE uuid = ?", (uuid,)).fetchone()[0]
        stored = {item: json.loads(value) for item, value in
                  conn.execute("SELECT item_id, value FROM answers WHERE revision_id = ?", (head,))}
        for name_, d in got.items():
            numerator, denominator, behind = want[name_]
            assert (d["numerator"], d["denominator"], d["inspections"]) == (numerator, denominator, behind), name_
            value = numerator if denominator is None else rate(numerator, denominator)
            assert d["computed"] == value and d["value"] == value == stored[d["item"]], name_
            assert not d["overridden"] and d["reason"] is None
            assert d["frozen"] == (state != "draft")
        # the overdue count is the follow-up list's, taken at the end of the year
        assert want["overdue_rectifications"][0] == conn.execute(
            "SELECT count(*) FROM inspections i JOIN answers a ON a.revision_id = i.head AND a.rectification != '' "
            "LEFT JOIN rectification_closures x ON x.inspection_uuid = i.uuid AND x.item_id = a.item_id "
            "WHERE i.township_id = ? AND i.status = 'completed' AND i.subject_kind IN ('village', 'enterprise') "
            "AND i.date BETWEEN '2009-01-01' AND '2009-12-31' AND a.deadline != '' AND a.deadline < ? "
            "AND x.inspection_uuid IS NULL", (township_id, END)).fetchone()[0]
    values = [v for t in towns for k, v in expected(conn, t[0]).items() if k.endswith("rate") or k.endswith("age")]
    assert all(0 <= n <= d for n, d, _ in values)  # every share is a percentage between 0 and 100


def test_the_counted_inspections_are_heads_only(city_store):
    """A superseded revision no longer counts: revising a passed product inspection into a failed one moves P01."""
    town = assessed(city_store.conn, "draft")[0]
    before = {d.item.id: d for d in derived.listing(city_store, town[1], YEAR)}["P01"]
    passed = city_store.execute(
        "SELECT uuid FROM inspections WHERE township_id = ? AND checklist_id = 'enterprise-product' "
        "AND status = 'completed' AND grade != '不合格' AND date LIKE '2009-%' LIMIT 1", (town[0],)).fetchone()[0]
    insp = inspections.load(city_store, passed)
    form = store_checklists.get(city_store, insp.checklist_id, insp.checklist_version)
    failed = insp
    for item in form.items:
        if item.kind.value == "veto":
            failed = failed.with_answer(item.id, Answer("fail"))
    inspections.save(city_store, failed, reason="复核发现重大质量问题")
    after = {d.item.id: d for d in derived.listing(city_store, town[1], YEAR)}["P01"]
    assert (after.computed.numerator, after.computed.denominator) == (before.computed.numerator - 1,
                                                                      before.computed.denominator)
    assert after.value == before.value  # counted, but not yet written into the draft
    derived.refresh(city_store, town[1], YEAR)
    assert {d.item.id: d for d in derived.listing(city_store, town[1], YEAR)}["P01"].value == \
        float(after.computed.value)


def test_an_override_keeps_its_reason_in_the_audit_log_and_survives_a_refresh(city_store, capsys):
    town_id, name, uuid, _ = assessed(city_store.conn, "draft")[0]
    revisions = len(inspections.revisions(city_store, uuid))
    done = derived.override(city_store, name, YEAR, "P01", "97.5", "县局抽查报告另有 3 批次合格")
    assert done.overridden and done.value == 97.5 and done.reason == "县局抽查报告另有 3 批次合格"
    assert len(inspections.revisions(city_store, uuid)) == revisions + 1
    entry = audit.entries(city_store, derived.ENTITY, f"{uuid}/P01")[-1]
    detail = json.loads(entry["detail"])
    assert entry["action"] == "override" and detail["reason"] == "县局抽查报告另有 3 批次合格"
    assert detail["value"] == 97.5 and detail["computed"] == float(done.computed.value)
    derived.refresh(city_store, name, YEAR)
    again = {d.item.id: d for d in derived.listing(city_store, name, YEAR)}
    assert again["P01"].overridden and again["P01"].value == 97.5
    assert not again["F09"].overridden
    code, out, _ = cli(capsys, "--db", city_store.path, "assessments", "derived", name, "--year", YEAR, "--json")
    p01 = next(d for d in json.loads(out)["items"] if d["item"] == "P01")
    assert p01["overridden"] and p01["reason"] == "县局抽查报告另有 3 批次合格" and p01["value"] == 97.5
    assert changes_of(derived.override) == changes_of(derived.refresh) == (INSPECTIONS,)


def test_refusals_leave_the_database_unchanged(city_store, capsys):
    _, draft, uuid, _ = assessed(city_store.conn, "draft")[0]
    _, confirmed, _, _ = assessed(city_store.conn, "confirmed")[0]
    before = city_store.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(InvalidInput, match="原因"):
        derived.override(city_store, draft, YEAR, "P01", "90", "  ")
    with pytest.raises(NotFound, match="F01"):
        derived.override(city_store, draft, YEAR, "F01", "90", "理由")
    with pytest.raises(InvalidInput, match="不是数值"):
        derived.override(city_store, draft, YEAR, "P01", "九十", "理由")
    with pytest.raises(InvalidInput, match="已确认"):
        derived.override(city_store, confirmed, YEAR, "P01", "90", "理由")
    with pytest.raises(InvalidInput, match="固定"):
        derived.refresh(city_store, confirmed, YEAR)
    code, _, err = cli(capsys, "--db", city_store.path, "assessments", "override", confirmed, "--year", YEAR,
                       "--item", "P01", "--value", "90", "--reason", "理由")
    assert code == 1 and err.startswith("qinspect: ") and err.count("\n") == 1
    code, _, err = cli(capsys, "--db", city_store.path, "assessments", "derived", "不存在镇", "--year", YEAR)
    assert code == 1
    assert city_store.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_values_are_frozen_once_submitted_and_a_late_inspection_moves_only_drafts(city_store):
    """A bundle arriving after submission changes the count, never the submitted answer or the ranking."""
    _, submitted, sub_uuid, _ = assessed(city_store.conn, "submitted")[0]
    _, draft, draft_uuid, _ = assessed(city_store.conn, "draft")[0]
    ranking = [(s.township, s.result.total) for s in assessments.score_year(city_store, YEAR, unranked=True)]
    for name in (submitted, draft):  # a late, failed product inspection in each township
        tid = registers.find_township(city_store, name)["id"]
        earlier = city_store.execute("SELECT uuid FROM inspections WHERE township_id = ? AND checklist_id = "
                               "'enterprise-product' AND status = 'completed' LIMIT 1", (tid,)).fetchone()[0]
        late = replace(inspections.load(city_store, earlier), uuid=uuidlib.uuid4().hex, date="2009-12-30")
        form = store_checklists.get(city_store, late.checklist_id, late.checklist_version)
        for item in form.items:
            if item.kind.value == "veto":
                late = late.with_answer(item.id, Answer("fail"))
        inspections.save(city_store, late)
    heads = {u: inspections.summary(city_store, u)["revision"] for u in (sub_uuid, draft_uuid)}
    assert derived.refresh_inspection(city_store, sub_uuid) is None  # what the editor does on opening it
    assert inspections.summary(city_store, sub_uuid)["revision"] == heads[sub_uuid]
    frozen = {d.item.id: d for d in derived.listing(city_store, submitted, YEAR)}["P01"]
    assert frozen.frozen and frozen.value != float(frozen.computed.value)
    assert [(s.township, s.result.total) for s in assessments.score_year(city_store, YEAR, unranked=True)
            if s.township == submitted] == [r for r in ranking if r[0] == submitted]
    assert derived.refresh_inspection(city_store, draft_uuid).revision is not None
    moved = {d.item.id: d for d in derived.listing(city_store, draft, YEAR)}["P01"]
    assert not moved.frozen and moved.value == float(moved.computed.value)


def test_rectifications_closed_by_their_deadline_count_as_on_time(city_store):
    """rectifications_on_time (not on the shipped form) on a township whose rectifications are closed by hand."""
    from qinspect.store import derived as store_derived

    town_id = assessed(city_store.conn)[0][0]
    before = store_derived.compute(city_store, town_id, YEAR, END, ["rectifications_on_time"])["rectifications_on_time"]
    assert before.numerator == 0 and before.denominator > 0  # the demo records no follow-ups
    due = city_store.execute(
        "SELECT i.uuid, a.item_id, a.deadline FROM inspections i JOIN answers a ON a.revision_id = i.head "
        "AND a.rectification != '' WHERE i.township_id = ? AND i.status = 'completed' AND i.date LIKE '2009-%' "
        "AND a.deadline != '' AND a.deadline < ? AND i.subject_kind != 'township' ORDER BY i.uuid LIMIT 3",
        (town_id, END)).fetchall()
    on_time, late, _ = due
    day = dt.timedelta(days=1)
    with city_store.atomic():
        rectifications.add_hand_closure(city_store, on_time[0], on_time[1], closed_on=on_time[2], reason="按期整改",
                                        evidence=None)
        rectifications.add_hand_closure(city_store, late[0], late[1], reason="逾期后整改", evidence=None,
                                        closed_on=(dt.date.fromisoformat(late[2]) + day).isoformat())
    after = store_derived.compute(city_store, town_id, YEAR, END)
    assert after["rectifications_on_time"].numerator == 1
    assert after["rectifications_on_time"].denominator == before.denominator
    assert after["overdue_rectifications"].numerator == before.denominator - 2
    assert after["overdue_rectifications"].numerator == rectifications.overdue_count(city_store, town_id, "2026-01-01",
                                                                                     YEAR)
