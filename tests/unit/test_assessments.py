"""The yearly assessment: its workflow with audit entries, the one counting inspection, the ranking rules."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tomllib

import pytest

from qinspect.cli import main
from qinspect.domain.assessments import Placing, assessment_year, rank_key, shared_ranks
from qinspect.domain.checklist import parse_checklist
from qinspect.domain.records import COMPLETED, Answer
from qinspect.errors import ChecklistError, InvalidInput, NotFound
from qinspect.operations import assessments as ops
from qinspect.paths import resource
from qinspect.reports import jobs
from qinspect.store import audit, checklists, inspections
from qinspect.store.assessments import score_year
from qinspect.store.db import open_store

FORM_2009 = resource("checklists", "township-assessment-2009.toml").read_text(encoding="utf-8")


def cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def state_of(store, year, township):
    row = store.execute("SELECT a.state, a.inspection_uuid FROM assessments a JOIN townships t ON t.id = a.township_id "
                        "WHERE a.year = ? AND t.name = ?", (year, township)).fetchone()
    return row and tuple(row)


def log_of(store, year, township):
    uuid = store.execute("SELECT uuid FROM townships WHERE name = ?", (township,)).fetchone()[0]
    return [(e["action"], e["user"], json.loads(e["detail"])) for e in audit.entries(store, "assessment", f"{year}/{uuid}")]


def township_in_state(store, year, state):
    return store.execute("SELECT t.name FROM assessments a JOIN townships t ON t.id = a.township_id "
                         "WHERE a.year = ? AND a.state = ? ORDER BY t.name LIMIT 1", (year, state)).fetchone()[0]


def completed(insp):
    return type(insp)(**{**insp.__dict__, "status": COMPLETED})


def answered(form, insp, veto="pass"):
    for n, item in enumerate(form.items):
        value = {"passfail": "pass", "tiered": n % len(item.tiers) if item.tiers else 0, "quantity": 50,
                 "deduction": 1, "veto": veto, "bonus": 1, "text": "已检查"}.get(item.kind.value)
        if value is not None:
            insp = insp.with_answer(item.id, Answer(value))
    return insp


def form_2010(store):
    """A coordinator's 2010 form: the 2009 text as a new version that declares its year."""
    text = FORM_2009.replace('version = "2009"', 'version = "2010"\nassessment_year = 2010', 1)
    form = parse_checklist(text, "township-assessment-2010.toml")
    checklists.install(store, form)
    return form


def new_assessment(store, township, form, date):
    tid = store.execute("SELECT id FROM townships WHERE name = ?", (township,)).fetchone()[0]
    insp = completed(answered(form, inspections.new(store, "township", tid, form, date, "考核组")))
    inspections.save(store, insp)
    return insp


# -- the workflow ---------------------------------------------------------------
def test_each_step_is_recorded_with_who_when_and_note(demo_store):
    demo_store.set_setting("user_name", "李建国")
    town = township_in_state(demo_store, 2009, "draft")
    _, uuid = state_of(demo_store, 2009, town)
    before = len(log_of(demo_store, 2009, town))
    with pytest.raises(InvalidInput, match="还是草稿"):  # the draft inspection itself is not completed yet
        ops.submit(demo_store, town, 2009)
    inspections.save(demo_store, completed(inspections.load(demo_store, uuid)))
    for step, state, note in ((ops.submit, "submitted", "自评完成"), (ops.score, "scored", "县局评分"),
                              (ops.confirm, "confirmed", "")):
        assert step(demo_store, town, 2009, note).state == state
        assert state_of(demo_store, 2009, town) == (state, uuid)
    log = log_of(demo_store, 2009, town)[before:]
    assert [(a, u) for a, u, _ in log] == [("submitted", "李建国"), ("scored", "李建国"), ("confirmed", "李建国")]
    assert [(d["from"], d["to"], d["note"], d["inspection"]) for _, _, d in log] == [
        ("draft", "submitted", "自评完成", uuid), ("submitted", "scored", "县局评分", uuid),
        ("scored", "confirmed", "", uuid)]
    entries = audit.entries(demo_store, "assessment")
    assert all(e["at"] and e["device_id"] == demo_store.device_id for e in entries[-3:])
    assert audit.verify_chain(demo_store) == []


def test_a_step_cannot_be_skipped_or_repeated(demo_store):
    town = township_in_state(demo_store, 2009, "submitted")
    for step in (ops.submit, ops.confirm):
        with pytest.raises(InvalidInput, match="当前为“已提交”"):
            step(demo_store, town, 2009)
    assert state_of(demo_store, 2009, town)[0] == "submitted"


def test_a_step_back_needs_a_reason_and_goes_one_state_down(demo_store):
    town = township_in_state(demo_store, 2009, "confirmed")
    before = len(audit.entries(demo_store))
    for reason in ("", "   "):
        with pytest.raises(InvalidInput, match="需要填写原因"):
            ops.back(demo_store, town, 2009, reason)
    assert state_of(demo_store, 2009, town)[0] == "confirmed" and len(audit.entries(demo_store)) == before
    for state in ("scored", "submitted", "draft"):
        assert ops.back(demo_store, town, 2009, "县局复核发现加分材料不全").state == state
    action, _, detail = log_of(demo_store, 2009, town)[-1]
    assert (action, detail["from"], detail["to"], detail["reason"]) == ("back", "submitted", "draft",
                                                                        "县局复核发现加分材料不全")
    with pytest.raises(InvalidInput, match="已是草稿"):
        ops.back(demo_store, town, 2009, "再退")


def test_changing_a_scored_assessment_sends_it_back_to_be_scored_again(demo_store):
    town = township_in_state(demo_store, 2009, "confirmed")
    _, uuid = state_of(demo_store, 2009, town)
    insp = inspections.load(demo_store, uuid)
    item = next(i for i in checklists.get(demo_store, insp.checklist_id, insp.checklist_version).items
                if i.kind.value == "passfail")
    changed = "fail" if insp.values.get(item.id) == "pass" else "pass"
    inspections.save(demo_store, insp.with_answer(item.id, Answer(changed)), reason="复核更正")
    assert state_of(demo_store, 2009, town) == ("submitted", uuid)
    action, _, detail = log_of(demo_store, 2009, town)[-1]
    assert (action, detail["from"], detail["to"]) == ("back", "confirmed", "submitted") and detail["reason"]


# -- exactly one counting assessment ---------------------------------------------------
def test_the_first_inspection_of_a_year_counts_until_another_is_chosen(demo_store):
    form = form_2010(demo_store)
    first = new_assessment(demo_store, "大陈镇", form, "2010-12-01")
    assert state_of(demo_store, 2010, "大陈镇") == ("draft", first.uuid)
    second = new_assessment(demo_store, "大陈镇", form, "2010-12-20")  # changed last, still not counting
    assert state_of(demo_store, 2010, "大陈镇") == ("draft", first.uuid)
    assert ops.choose(demo_store, second.uuid[:8]).inspection == second.uuid
    assert state_of(demo_store, 2010, "大陈镇") == ("draft", second.uuid)
    action, _, detail = log_of(demo_store, 2010, "大陈镇")[-1]
    assert (action, detail["inspection"], detail["replaces"]) == ("choose", second.uuid, first.uuid)
    assert demo_store.execute("SELECT count(*) FROM assessments a JOIN townships t ON t.id = a.township_id "
                              "WHERE a.year = 2010 AND t.name = '大陈镇'").fetchone()[0] == 1
    ops.submit(demo_store, "大陈镇", 2010)
    with pytest.raises(InvalidInput, match="不能改选"):
        ops.choose(demo_store, first.uuid)
    assert state_of(demo_store, 2010, "大陈镇") == ("submitted", second.uuid)


def test_a_2009_form_does_not_count_for_2010(demo_store):
    old = checklists.get(demo_store, "township-assessment", "2009")
    insp = new_assessment(demo_store, "大陈镇", old, "2010-03-02")
    assert state_of(demo_store, 2010, "大陈镇") is None
    assert "大陈镇" not in {s.township for s in score_year(demo_store, 2010, unranked=True)}
    with pytest.raises(InvalidInput, match="不是 2010 年度的考核评分表"):
        ops.choose(demo_store, insp.uuid)


def test_an_inspection_moved_out_of_its_year_stops_counting(demo_store):
    form = form_2010(demo_store)
    insp = new_assessment(demo_store, "大陈镇", form, "2010-12-01")
    moved = inspections.load(demo_store, insp.uuid)
    inspections.save(demo_store, type(moved)(**{**moved.__dict__, "date": "2011-01-05"}), reason="日期录错")
    assert state_of(demo_store, 2010, "大陈镇") is None
    assert log_of(demo_store, 2010, "大陈镇")[-1][0] == "drop"


def test_assessment_year_is_declared_by_the_template_or_the_shipped_form_id():
    assert assessment_year(parse_checklist(FORM_2009)) == 2009
    renamed = FORM_2009.replace('id = "township-assessment"', 'id = "township-spot-check"', 1)
    assert assessment_year(parse_checklist(renamed)) is None  # a township form, but not the yearly assessment
    declared = renamed.replace('version = "2009"', 'version = "2009.2"\nassessment_year = 2010', 1)
    assert assessment_year(parse_checklist(declared)) == 2010
    for bad, why in (("assessment_year = \"2010\"", "four-digit year"), ("assessment_year = 10", "four-digit year")):
        with pytest.raises(ChecklistError, match=why):
            parse_checklist(FORM_2009.replace('version = "2009"', f'version = "2009"\n{bad}', 1))
    village = resource("checklists", "village-network-2009.toml").read_text(encoding="utf-8")
    with pytest.raises(ChecklistError, match="only a township checklist"):
        parse_checklist(village.replace('version = "2009"', 'version = "2009"\nassessment_year = 2009', 1))


# -- the ranking rules ------------------------------------------------------------------
def test_rank_order_puts_every_vetoed_township_last_and_ties_share_a_rank():
    placings = [Placing(True, 110.0, "331002", "甲镇"), Placing(False, 50.0, "331081", "乙镇"),
                Placing(False, 90.0, "331081", "丁镇"), Placing(False, 90.0, "331002", "戊镇"),
                Placing(False, 90.0, "331002", "丙镇"), Placing(True, 60.0, "331002", "己镇")]
    ordered = sorted(placings, key=rank_key)
    assert [p.township for p in ordered] == ["丙镇", "戊镇", "丁镇", "乙镇", "甲镇", "己镇"]
    assert shared_ranks(ordered) == [1, 1, 1, 4, 5, 6]


def test_a_vetoed_township_ranks_after_all_that_passed_and_is_never_eligible(demo_store, capsys):
    ranked = [s for s in score_year(demo_store, 2009)]
    best = ranked[0]
    insp = inspections.load(demo_store, best.inspection)
    inspections.save(demo_store, insp.with_answer("V01", Answer("fail")), reason="发生重大质量安全事故")
    ops.score(demo_store, best.township, 2009)  # the change sent it back to 已提交
    ops.confirm(demo_store, best.township, 2009)
    after = score_year(demo_store, 2009)
    assert after[-1].township == best.township and after[-1].result.vetoed == ["V01"]
    assert after[-1].rank == len(after) and not after[-1].result.eligible
    assert all(not s.result.vetoed for s in after[:-1])
    code, out, _ = cli(capsys, "--db", demo_store.path, "score", "--year", 2009)
    line = next(row for row in out.splitlines() if best.township in row)
    assert code == 0 and "一票否决" in line and "否" in line.split()


def test_drafts_and_submitted_assessments_are_listed_apart_never_ranked(demo_store):
    everyone = score_year(demo_store, 2009, unranked=True)
    states = [s.state for s in everyone]
    assert {"confirmed", "scored", "submitted", "draft"} <= set(states)
    ranked = [s for s in everyone if s.rank is not None]
    assert {s.state for s in ranked} == {"confirmed", "scored"}
    assert everyone[:len(ranked)] == ranked  # the unranked come after the ranking
    assert all(s.rank is None and s.state in ("submitted", "draft") for s in everyone[len(ranked):])
    assert score_year(demo_store, 2009) == ranked


def test_a_year_with_nothing_scored_yet_has_no_ranking_to_print(demo_store, tmp_path):
    for s in score_year(demo_store, 2009):
        while ops.back(demo_store, s.township, 2009, "重新评分").state not in ("submitted", "draft"):
            pass
    assert score_year(demo_store, 2009) == [] and score_year(demo_store, 2009, unranked=True)
    with pytest.raises(NotFound, match="2009 年还没有已评分或已确认的考核"):
        jobs.print_ranking(demo_store, 2009, tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()
    printed = jobs.print_scoresheets(demo_store, 2009, tmp_path / "s.pdf")  # the unranked sheets still print
    assert printed.path.exists()


# -- the command line ----------------------------------------------------------------
def test_cli_walks_the_workflow_and_refuses_plainly(capsys, small_demo_db, tmp_path):
    db = tmp_path / "demo.db"
    shutil.copy(small_demo_db, db)
    with open_store(db, write=False) as s:
        town = township_in_state(s, 2009, "submitted")
    code, out, _ = cli(capsys, "--db", db, "assessments", "list", "--year", 2009, "--json")
    rows = json.loads(out)
    assert code == 0 and next(r for r in rows if r["township"] == town)["state"] == "submitted"
    assert set(rows[0]) >= {"township", "county", "inspection", "state", "state_label", "changed_at", "changed_by",
                            "note", "total"}
    assert cli(capsys, "--db", db, "assessments", "score", town, "--year", 2009, "--note", "已核")[:2] == \
        (0, f"{town} 2009 年考核：已评分\n")
    code, _, err = cli(capsys, "--db", db, "assessments", "back", town, "--year", 2009, "--reason", "")
    assert code == 1 and err.startswith("qinspect: ") and len(err.strip().splitlines()) == 1
    code, out, _ = cli(capsys, "--db", db, "assessments", "back", town, "--year", 2009, "--reason", "材料不全")
    assert code == 0 and "已提交" in out
    code, _, err = cli(capsys, "--db", db, "assessments", "confirm", town, "--year", 2009)
    assert code == 1 and "当前为“已提交”" in err
    with pytest.raises(SystemExit) as usage:  # --reason is required: wrong usage
        cli(capsys, "--db", db, "assessments", "back", town, "--year", 2009)
    assert usage.value.code == 2
    capsys.readouterr()
    said = set()  # the ranking, the workflow list and the printed ranking refuse an empty year alike
    for argv in (["score"], ["assessments", "list"], ["print", "ranking", "-o", tmp_path / "r.pdf"]):
        code, out, err = cli(capsys, "--db", db, *argv, "--year", 2015)
        assert (code, out, err.count("\n")) == (1, "", 1) and "2015 年没有考核记录" in err, argv
        said.add(err)
    assert len(said) == 1 and not (tmp_path / "r.pdf").exists()
    code, out, _ = cli(capsys, "--db", db, "score", "--year", 2009, "--json")
    towns = json.loads(out)["townships"]
    assert set(towns[0]) == {"township", "county", "inspection", "checklist", "status", "total", "grade", "eligible",
                             "rank", "categories", "bonus", "vetoed", "state"}


# -- the city demo against an independent reading -------------------------------------------
@pytest.mark.parametrize("year", [2008, 2009])
def test_score_on_the_city_demo_agrees_with_plain_sql(year, city_demo_db, capsys):
    """The ranking recomputed from the tables and the written rules (docs/scoring.md), not from the store code."""
    conn = sqlite3.connect(city_demo_db)
    vetoes = {}
    for version, source in conn.execute("SELECT version, source FROM checklists WHERE id = 'township-assessment'"):
        vetoes[version] = {i["id"] for i in tomllib.loads(source)["items"] if i["kind"] == "veto"}
    rows = conn.execute(
        "SELECT t.name, c.code, a.state, i.total, i.checklist_version, i.head FROM assessments a "
        "JOIN townships t ON t.id = a.township_id JOIN counties c ON c.id = t.county_id "
        "JOIN inspections i ON i.uuid = a.inspection_uuid WHERE a.year = ?", (year,)).fetchall()
    mine = []
    for name, code, state, total, version, head in rows:
        failed = {r[0] for r in conn.execute("SELECT item_id FROM answers WHERE revision_id = ? AND value = '\"fail\"'",
                                             (head,))}
        mine.append({"township": name, "code": code, "state": state, "total": total,
                     "vetoed": bool(failed & vetoes[version])})
    ranked = sorted((m for m in mine if m["state"] in ("confirmed", "scored")),
                    key=lambda m: (m["vetoed"], -m["total"], m["code"], m["township"]))
    for n, m in enumerate(ranked):
        before = ranked[n - 1] if n else None
        m["rank"] = before["rank"] if before and (before["vetoed"], before["total"]) == (m["vetoed"], m["total"]) \
            else n + 1
    state_order = {"submitted": 0, "draft": 1}
    apart = sorted((m for m in mine if m["state"] not in ("confirmed", "scored")),
                   key=lambda m: (state_order[m["state"]], m["code"], m["township"]))
    expected = [(m["township"], m.get("rank"), m["state"], m["total"], m["vetoed"]) for m in ranked + apart]
    code, out, err = cli(capsys, "--db", city_demo_db, "score", "--year", year, "--json")
    assert code == 0, err
    got = [(t["township"], t["rank"], t["state"], t["total"], bool(t["vetoed"])) for t in json.loads(out)["townships"]]
    assert got == expected
    if year == 2008:
        assert {m["state"] for m in mine} == {"confirmed"} and len(mine) == 29
    else:
        assert {m["state"] for m in mine} == {"confirmed", "scored", "submitted", "draft"} and len(mine) == 49
