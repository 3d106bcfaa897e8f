"""Demo data: deterministic from the seed, real townships, consistent scores."""

import sqlite3

import pytest

from qinspect.domain.scoring import score
from qinspect.errors import InvalidInput
from qinspect.store import checklists, demo, inspections
from qinspect.store.db import open_store

DATA_TABLES = ("counties", "townships", "villages", "enterprises", "inspections", "revisions", "answers",
               "assessments")


def dump(path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in DATA_TABLES}


def make(path, seed):
    with open_store(path) as s:
        demo.generate(s, "small", seed)
    return dump(path)


def test_same_seed_same_data_other_seed_other_data(tmp_path):
    a = make(tmp_path / "a.db", 11)
    b = make(tmp_path / "b.db", 11)
    c = make(tmp_path / "c.db", 12)
    assert a == b
    assert a["villages"] != c["villages"]


def test_small_demo_has_the_real_townships_of_one_county(small_demo_db):
    conn = sqlite3.connect(small_demo_db)
    names = {r[0] for r in conn.execute("SELECT name FROM townships")}
    assert len(names) == 9 and {"海门街道", "大陈镇", "章安街道"} <= names
    assert conn.execute("SELECT count(*) FROM villages").fetchone()[0] == 90
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_stored_totals_are_the_engines(demo_store):
    for row in inspections.listing(demo_store, limit=60):
        insp = inspections.load(demo_store, row["id"])
        result = score(checklists.get(demo_store, insp.checklist_id, insp.checklist_version), insp.values)
        assert (row["total"], row["grade"]) == (result.total, result.grade)


def test_2008_title_holders(demo_store):
    from qinspect.store import assessments
    ranked = assessments.score_year(demo_store, 2008)
    assert len(ranked) == 5
    assert [s.result.eligible for s in ranked] == [True] * 3 + [False] * 2


def test_demo_refuses_a_database_with_registers(demo_store):
    with pytest.raises(InvalidInput, match="空数据库"):
        demo.generate(demo_store, "small", 1)


def test_unknown_scale(store):
    with pytest.raises(InvalidInput, match="未知的演示规模"):
        demo.generate(store, "huge", 1)


def test_city_scale_is_taizhou_and_deterministic(tmp_path):
    """The done-when of the foundation: 133 townships, 5,267 villages, WAL, intact, reproducible."""
    a = make_city(tmp_path / "a.db", 2009)
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(a["counties"]) == 9 and len(a["townships"]) == 133 and len(a["villages"]) == 5267
    assert 19000 <= len(a["enterprises"]) <= 21000
    years = dict(conn.execute("SELECT year, count(*) FROM assessments GROUP BY year").fetchall())
    assert years == {2008: 29, 2009: 49}
    conn.close()
    from qinspect.store import assessments
    with open_store(tmp_path / "a.db", write=False) as s:
        ranked = assessments.score_year(s, 2008)
    assert [t.result.eligible for t in ranked] == [True] * 15 + [False] * 14
    assert make_city(tmp_path / "b.db", 2009) == a


def make_city(path, seed):
    with open_store(path) as s:
        demo.generate(s, "city", seed)
    return dump(path)


def test_every_inspection_is_as_the_real_operations_would_store_it(demo_store):
    """The bulk writer's content hashes, totals and grades are the domain's own for every inspection."""
    from qinspect.operations import database
    assert database.check(demo_store) == []  # integrity, foreign keys, audit chain, every content hash
    rows = demo_store.execute("SELECT uuid, total, grade FROM inspections").fetchall()
    assert len(rows) > 300
    for uuid, total, grade in rows:
        insp = inspections.load(demo_store, uuid)
        result = score(checklists.get(demo_store, insp.checklist_id, insp.checklist_version), insp.values)
        assert (total, grade) == (result.total, result.grade)


# Two categories (one with not-applicable items), a bonus and a veto: every part of the tally.
TALLY_FORM = """
id = "tally-form"
version = "2009"
title = "计分演示"
subject = "enterprise"
bonus_max = 3

[[categories]]
id = "product"
max = 30
[[categories]]
id = "food"
max = 20

[[grades]]
name = "良好"
min = 40
[[grades]]
name = "合格"
min = 25
[[grades]]
name = "不合格"
min = 0

[[items]]
id = "A1"
category = "product"
kind = "tiered"
allow_na = true
text = "分档"
standard = "分档"
tiers = [{label = "好", points = 20}, {label = "中", points = 12.5}, {label = "差", points = 0}]
[[items]]
id = "A2"
category = "product"
kind = "passfail"
points = POINTS
allow_na = true
text = "符合性"
standard = "符合性"
[[items]]
id = "B1"
category = "food"
kind = "quantity"
unit = "%"
thresholds = [{at_least = 98, points = 10}, {at_least = 90, points = 6}]
text = "定量"
standard = "定量"
[[items]]
id = "B2"
category = "food"
kind = "deduction"
points = 10
per = 2.5
text = "扣分"
standard = "扣分"
[[items]]
id = "C1"
category = "food"
kind = "bonus"
points = 3
per = 1.5
text = "加分"
standard = "加分"
[[items]]
id = "V1"
category = "food"
kind = "veto"
text = "否决"
standard = "否决"
"""


@pytest.mark.parametrize("points", ["4", "0.3333333"])
def test_the_demo_scores_every_answer_set_as_the_engine_does(points):
    """Inspections with the same tally of points share one scoring; points the tally cannot tell
    apart (millionths) make every inspection scored by the engine."""
    import json

    from qinspect.domain.checklist import parse_checklist
    form = parse_checklist(TALLY_FORM.replace("POINTS", points))
    builder = demo.DemoBuilder(None, "small", 5)
    plan = builder.plan(form)
    tallies = set()
    for n in range(600):
        rows, _, tally = builder.answers(plan, n / 600, "2009-06-01")
        result = score(form, {item_id: json.loads(text) for item_id, text, *_ in rows})
        assert plan.total_and_grade(tally, rows) == (result.total, result.grade)
        tallies.add(tally)
    assert plan.exact == (points == "4")
    assert 20 < len(tallies) < 600


def test_no_demo_answer_is_outside_its_items_range(small_demo_db):
    """The demo once held 101.6 % 持证率 and 0.5 accidents: every quantity answer is checked in SQL."""
    from qinspect.domain.item_kinds import ItemKind
    with open_store(small_demo_db) as s:
        forms = [checklists.get(s, r["id"], r["version"]) for r in checklists.listing(s)]
    conn = sqlite3.connect(small_demo_db)
    checked = 0
    for form in forms:
        for it in form.items:
            if it.kind != ItemKind.QUANTITY:
                continue
            rows = conn.execute(
                "SELECT a.value FROM answers a JOIN revisions r ON r.id = a.revision_id "
                "JOIN inspections i ON i.uuid = r.inspection_uuid "
                "WHERE i.checklist_id = ? AND i.checklist_version = ? AND a.item_id = ? AND a.value != '\"na\"'",
                (form.id, form.version, it.id)).fetchall()
            checked += len(rows)
            outside = conn.execute(
                "SELECT count(*) FROM answers a JOIN revisions r ON r.id = a.revision_id "
                "JOIN inspections i ON i.uuid = r.inspection_uuid "
                "WHERE i.checklist_id = ? AND i.checklist_version = ? AND a.item_id = ? AND a.value != '\"na\"' "
                "AND (CAST(a.value AS REAL) < ? OR CAST(a.value AS REAL) > ? "
                "OR (? AND CAST(a.value AS REAL) != CAST(CAST(a.value AS REAL) AS INTEGER)))",
                (form.id, form.version, it.id, -1e308 if it.min is None else it.min,
                 1e308 if it.max is None else it.max, not it.decimals)).fetchone()[0]
            assert outside == 0, (form.ref, it.id, it.min, it.max, it.decimals)
    assert checked > 500  # the check looked at the demo's quantities
