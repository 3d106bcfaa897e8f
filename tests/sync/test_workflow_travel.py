"""The assessment workflow's steps and rectifications closed by hand travel in bundles, order-free and idempotent."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import shutil
from dataclasses import replace
from pathlib import Path

from qinspect.domain.checklist import ItemKind
from qinspect.domain.records import COMPLETED, Answer, canonical_json
from qinspect.domain.scoring import PASS
from qinspect.operations import assessments as ops
from qinspect.operations import rectifications as rect_ops
from qinspect.store import checklists, inspections
from qinspect.store import rectifications as store_rect
from qinspect.store.assessment_states import settle
from qinspect.store.db import open_store
from qinspect.sync import bundle
from qinspect.sync.exporting import export_bundle, export_setup_bundle
from qinspect.sync.importing import import_bundles
from tests.reliability.bundles import receiver
from tests.sync.helpers import read_members, resign, rezip, village_inspection

YEAR = 2009
TOWN = "杜桥镇"


def assessed(store, township_id):
    """A completed 2009 township assessment, every item answered (as tests/unit/test_assessments.py does)."""
    form = checklists.get(store, "township-assessment", "2009")
    insp = inspections.new(store, "township", township_id, form, "2009-11-20", "考核组")
    for n, item in enumerate(form.items):
        value = {"passfail": "pass", "tiered": n % len(item.tiers) if item.tiers else 0, "quantity": 50,
                 "deduction": 1, "veto": "pass", "bonus": 1, "text": "已检查"}.get(item.kind.value)
        if value is not None:
            insp = insp.with_answer(item.id, Answer(value))
    insp = replace(insp, status=COMPLETED)
    inspections.save(store, insp)
    return insp.uuid


def state(store):
    return [(r["township"], r["state"], r["inspection"]) for r in ops.listing(store, YEAR)]


def workflow(store):
    """What the workflow holds, apart from when each row arrived here."""
    return {
        "steps": [tuple(r) for r in store.execute(
            "SELECT s.id, t.uuid, s.year, s.inspection_uuid, s.from_state, s.to_state, s.by_user, s.at, s.note, "
            "s.device_id, s.seq, s.revision FROM assessment_steps s JOIN townships t ON t.id = s.township_id ORDER BY s.id")],
        "assessments": [tuple(r) for r in store.execute(
            "SELECT a.year, t.uuid, a.inspection_uuid, a.state FROM assessments a JOIN townships t "
            "ON t.id = a.township_id ORDER BY a.year, t.uuid")],
        "closures": [tuple(r) for r in store.execute(
            "SELECT inspection_uuid, item_id, closed_on, closed_at, closed_by, follow_up, reason, evidence, device_id "
            "FROM rectification_closures ORDER BY inspection_uuid, item_id")],
    }


def step_entries(store):
    return store.execute("SELECT count(*) FROM audit_log WHERE entity IN ('assessment', 'rectification')").fetchone()[0]


def imported(store, *paths):
    report = import_bundles(store, list(paths), trust=True)
    assert not report.refused, [r.describe() for r in report.refused]
    return report


def submitted_and_scored(office):
    """A laptop submits its township's assessment and the bureau scores it: (laptop, uuid, the two bundles)."""
    laptop = office.laptop("甲")
    uuid = assessed(laptop, office.ids["township"])
    ops.submit(laptop, TOWN, YEAR)
    submitted = export_bundle(laptop, office.folder / "s1.qib").path
    imported(office.supervisor, submitted)
    ops.score(office.supervisor, TOWN, YEAR, "县局评分")
    return laptop, uuid, submitted, export_bundle(office.supervisor, office.folder / "b1.qib", everything=True).path


def in_every_order(office, bundles: dict, prefix: str) -> list:
    """The (state, workflow) a new laptop holds after importing `bundles` in each of their orders."""
    seen = []
    for n, order in enumerate(itertools.permutations(bundles)):
        store = office.laptop(f"{prefix}{n}")
        for name in order:
            imported(store, bundles[name])
        seen.append((state(store), workflow(store)))
    return seen


def test_a_submission_goes_to_the_bureau_and_its_confirmation_comes_back(office):
    bureau, folder = office.supervisor, office.folder
    laptop = office.laptop("甲")
    uuid = assessed(laptop, office.ids["township"])
    ops.submit(laptop, TOWN, YEAR, "自评完成")
    assert state(laptop) == [(TOWN, "submitted", uuid)]

    report = imported(bureau, export_bundle(laptop, folder / "a1.qib").path)
    assert (report.bundles[0].steps_taken, report.bundles[0].closures_taken) == (1, 0)
    assert "考核步骤 1 个" in report.bundles[0].describe()
    assert state(bureau) == [(TOWN, "submitted", uuid)]
    listed = ops.listing(bureau, YEAR)[0]
    assert (listed["changed_by"], listed["note"]) == ("甲质监员", "自评完成")  # the audit entry as a local step's
    step = bureau.execute("SELECT from_state, to_state, by_user, note, device_id FROM assessment_steps").fetchall()
    assert [tuple(r) for r in step] == [("draft", "submitted", "甲质监员", "自评完成", laptop.device_id)]

    ops.score(bureau, TOWN, YEAR, "县局评分")
    ops.confirm(bureau, TOWN, YEAR, "市局确认")
    back = imported(laptop, export_setup_bundle(bureau, folder / "back.qib").path)
    assert back.bundles[0].steps_taken == 2  # its own submission is already here
    assert state(laptop) == [(TOWN, "confirmed", uuid)]
    assert workflow(laptop) == workflow(bureau)
    entries = [(e[0], e[1]) for e in laptop.execute(
        "SELECT action, user FROM audit_log WHERE entity = 'assessment' ORDER BY id DESC LIMIT 2")]
    assert entries == [("confirmed", "陈主管"), ("scored", "陈主管")]

    # a step back, with its reason, travels too
    ops.back(bureau, TOWN, YEAR, "分数录错，退回重评")
    imported(laptop, export_setup_bundle(bureau, folder / "back2.qib").path)
    assert state(laptop) == [(TOWN, "scored", uuid)]
    assert ops.listing(laptop, YEAR)[0]["note"] == "分数录错，退回重评"


def test_importing_the_same_work_twice_changes_nothing(office):
    bureau, folder = office.supervisor, office.folder
    laptop = office.laptop("甲")
    assessed(laptop, office.ids["township"])
    ops.submit(laptop, TOWN, YEAR)
    first = export_bundle(laptop, folder / "a1.qib").path
    imported(bureau, first)
    held, logged = workflow(bureau), step_entries(bureau)
    # the same steps again in a new bundle (the laptop re-sends what it made), and the same file again
    village_inspection(laptop, office.ids["village1"])  # something new, so the laptop has a reason to export
    again = imported(bureau, export_bundle(laptop, folder / "a2.qib").path, shutil.copy(first, folder / "copy.qib"))
    assert [b.steps_taken for b in again.bundles] == [0, 0]
    assert again.bundles[1].status == "already imported"
    assert workflow(bureau) == held
    assert step_entries(bureau) == logged


def test_two_orders_give_the_same_state(office):
    bureau, folder = office.supervisor, office.folder
    laptop = office.laptop("甲")
    uuid = assessed(laptop, office.ids["township"])
    ops.submit(laptop, TOWN, YEAR)
    submitted = export_bundle(laptop, folder / "a1.qib").path
    imported(bureau, submitted)
    ops.score(bureau, TOWN, YEAR)
    ops.confirm(bureau, TOWN, YEAR)
    confirmed = export_bundle(bureau, folder / "b1.qib", everything=True).path

    one, other = office.laptop("乙"), office.laptop("丙")
    imported(one, submitted)
    imported(one, confirmed)
    imported(other, confirmed)  # the confirmation before the inspection it confirms
    imported(other, submitted)
    assert state(one) == state(other) == [(TOWN, "confirmed", uuid)]
    assert workflow(one) == workflow(other) == workflow(bureau)


def full_marks(item):
    if item.kind is ItemKind.QUANTITY:
        return max(item.thresholds, key=lambda t: t.points).bound
    return {ItemKind.PASSFAIL: PASS, ItemKind.VETO: PASS, ItemKind.TIERED: 0, ItemKind.DEDUCTION: 0}.get(item.kind)


def _failed_village_inspection(store, village_id):
    form = checklists.get(store, "village-network", "2009")
    found = dt.date.today() - dt.timedelta(days=20)
    insp = inspections.new(store, "village", village_id, form, found.isoformat(), "王建国")
    for item in form.items:
        value = full_marks(item)
        if value is not None:
            insp = insp.with_answer(item.id, Answer(value))
    insp = insp.with_answer("F01", Answer("fail", rectification="补齐巡查台账",
                                          deadline=(found + dt.timedelta(days=10)).isoformat()))
    inspections.save(store, replace(insp, status=COMPLETED))
    return insp.uuid


def test_a_rectification_closed_by_hand_on_a_laptop_leaves_the_bureau_s_follow_up_list(office, tmp_path):
    bureau, folder = office.supervisor, office.folder
    laptop = office.laptop("甲")
    uuid = _failed_village_inspection(laptop, office.ids["village1"])
    imported(bureau, export_bundle(laptop, folder / "a1.qib").path)
    pending = store_rect.Filter(dt.date.today().isoformat(), state=store_rect.PENDING)
    assert [(r["inspection"], r["item"]) for r in store_rect.listing(bureau, pending)] == [(uuid, "F01")]

    report_file = tmp_path / "整改报告.pdf"
    report_file.write_bytes(b"%PDF-1.4 rectification report")
    closed = rect_ops.close(laptop, uuid, "F01", "整改报告已收到", evidence=report_file)
    report = imported(bureau, export_bundle(laptop, folder / "a2.qib").path)
    assert (report.bundles[0].closures_taken, report.bundles[0].evidence_added) == (1, 1)
    assert store_rect.listing(bureau, pending) == []
    row = store_rect.closure(bureau, uuid, "F01")
    assert (row["reason"], row["evidence"], row["closed_by"], row["device_id"], row["follow_up"]) == (
        "整改报告已收到", closed.evidence, "甲质监员", laptop.device_id, None)
    data = bureau.execute("SELECT data FROM evidence WHERE sha256 = ?", (closed.evidence,)).fetchone()[0]
    assert bytes(data) == report_file.read_bytes()
    assert workflow(bureau)["closures"] == workflow(laptop)["closures"]


def test_the_earliest_closure_is_kept_whichever_arrives_first(office):
    bureau, folder = office.supervisor, office.folder
    laptop = office.laptop("甲")
    uuid = _failed_village_inspection(laptop, office.ids["village1"])
    found = imported(bureau, export_bundle(laptop, folder / "a1.qib").path)
    assert found.bundles[0].added == 1
    early = (dt.date.today() - dt.timedelta(days=5)).isoformat()
    late = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    rect_ops.close(laptop, uuid, "F01", "现场已整改", today=early)
    rect_ops.close(bureau, uuid, "F01", "整改报告已收到", today=late)
    imported(bureau, export_bundle(laptop, folder / "a2.qib").path)
    imported(laptop, export_bundle(bureau, folder / "b1.qib", everything=True).path)
    for store in (bureau, laptop):
        row = store_rect.closure(store, uuid, "F01")
        assert (row["closed_on"], row["reason"]) == (early, "现场已整改")
    assert workflow(bureau)["closures"] == workflow(laptop)["closures"]


def test_a_laptop_with_only_a_step_to_send_can_export(office):
    laptop = office.laptop("甲")
    assessed(laptop, office.ids["township"])
    imported(office.supervisor, export_bundle(laptop, office.folder / "a1.qib").path)
    imported(laptop, export_setup_bundle(office.supervisor, office.folder / "receipts.qib").path)
    ops.submit(laptop, TOWN, YEAR)  # no inspection changed since: the submission alone is worth a bundle
    sent = export_bundle(laptop, office.folder / "a2.qib")
    assert (sent.counts["inspections"], sent.counts["steps"]) == (0, 1)


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_format_2_bundle_still_imports_whole_and_its_township_takes_the_steps_held_here(office, tmp_path):
    with receiver(tmp_path) as store:
        report = imported(store, FIXTURES / "bundle-format-2.qib")
        assert (report.bundles[0].steps_taken, report.bundles[0].closures_taken) == (0, 0)
        assert store.execute("SELECT count(*) FROM assessment_steps").fetchone()[0] == 0
        assert {s for _, s, _ in state(store)} == {"draft"}  # a format 2 bundle carried no step


def test_steps_taken_before_the_migration_are_read_back_from_the_audit_log(tmp_path):
    copy = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema-0009.db", copy)
    store = open_store(copy)
    try:
        logged = {e[0][:32]: (e[1], json.loads(e[2])) for e in store.execute(
            "SELECT hash, action, detail FROM audit_log WHERE entity = 'assessment' "
            "AND action IN ('submitted', 'scored', 'confirmed', 'back')")}
        steps = {r[0]: r[1:] for r in store.execute(
            "SELECT id, year, inspection_uuid, from_state, to_state FROM assessment_steps")}
        assert len(steps) == len(logged) == 35
        assert steps == {h: (d["year"], d["inspection"], d["from"], d["to"]) for h, (_, d) in logged.items()}
        # the state worked out from the steps is the state the database held
        for year, township_id, state_held in store.execute("SELECT year, township_id, state FROM assessments"):
            assert settle(store, year, township_id) == state_held
    finally:
        store.close()


def test_the_demo_s_steps_are_rows_that_agree_with_its_states(demo_store):
    logged = demo_store.execute("SELECT count(*) FROM audit_log WHERE entity = 'assessment' "
                                "AND action IN ('submitted', 'scored', 'confirmed')").fetchone()[0]
    assert logged and demo_store.execute("SELECT count(*) FROM assessment_steps").fetchone()[0] == logged
    for year, township_id, state_held in demo_store.execute("SELECT year, township_id, state FROM assessments"):
        assert settle(demo_store, year, township_id) == state_held


def test_steps_taken_apart_give_one_state_in_every_order(office):
    """The bureau scores while the laptop, not knowing, takes its submission back: the later step wins everywhere."""
    bureau, folder = office.supervisor, office.folder
    laptop, uuid, submitted, scored = submitted_and_scored(office)
    ops.back(laptop, TOWN, YEAR, "补充材料后重新提交")
    taken_back = export_bundle(laptop, folder / "s2.qib").path
    bundles = {"s1": submitted, "b1": scored, "s2": taken_back}
    seen = in_every_order(office, bundles, "丁")
    assert seen[0][0] == [(TOWN, "draft", uuid)]
    assert all(s == seen[0] for s in seen)
    imported(bureau, taken_back)
    assert (state(bureau), workflow(bureau)) == seen[0]


def test_an_assessment_changed_after_it_was_scored_is_submitted_again_in_every_order(office):
    """The score names the revision it was of: a later revision of the inspection needs scoring again, everywhere."""
    bureau, folder = office.supervisor, office.folder
    laptop, uuid, submitted, scored = submitted_and_scored(office)
    insp = inspections.load(laptop, uuid)
    item, answer = next(iter(insp.answers.items()))
    # not knowing it was scored meanwhile
    inspections.save(laptop, insp.with_answer(item, Answer(answer.value, note="补充了台账")), reason="补充台账")
    changed = export_bundle(laptop, folder / "s2.qib").path
    bundles = {"s1": submitted, "b1": scored, "s2": changed}
    seen = in_every_order(office, bundles, "戊")
    assert seen[0][0] == [(TOWN, "submitted", uuid)]
    assert all(s == seen[0] for s in seen)
    imported(bureau, changed)
    imported(laptop, scored)
    assert state(bureau) == state(laptop) == seen[0][0]
    assert workflow(bureau) == workflow(laptop) == seen[0][1]


def test_a_forged_step_or_a_missing_workflow_member_is_refused_and_changes_nothing(office):
    bureau, folder = office.supervisor, office.folder
    laptop = office.laptop("甲")
    assessed(laptop, office.ids["township"])
    ops.submit(laptop, TOWN, YEAR)
    good = export_bundle(laptop, folder / "a1.qib").path
    members = read_members(good)
    (line,) = members[bundle.WORKFLOW].splitlines()
    bad = canonical_json(json.loads(line) | {"to": "approved"}) + b"\n"
    before = workflow(bureau), step_entries(bureau)
    report = import_bundles(bureau, [rezip(folder / "bad.qib", resign({**members, bundle.WORKFLOW: bad}))], trust=True)
    assert "考核步骤或整改关闭记录格式不对（字段 to）" in report.refused[0].reason
    missing = {k: v for k, v in members.items() if k != bundle.WORKFLOW}
    report = import_bundles(bureau, [rezip(folder / "short.qib", resign(missing))], trust=True)
    assert f"缺少成员“{bundle.WORKFLOW}”" in report.refused[0].reason
    assert (workflow(bureau), step_entries(bureau)) == before
