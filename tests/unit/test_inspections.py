"""Inspections as revisions: save, unchanged content, the lock on completed ones, audit entries."""

import pytest

from qinspect.domain.records import COMPLETED, Answer
from qinspect.domain.scoring import score
from qinspect.errors import InvalidInput
from qinspect.store import audit, checklists, inspections


@pytest.fixture
def village(demo_store):
    return demo_store.execute("SELECT id FROM villages ORDER BY id LIMIT 1").fetchone()[0]


def answer_all(form, insp):
    for n, item in enumerate(form.items):
        value = {"passfail": "pass", "tiered": n % len(item.tiers) if item.tiers else 0, "quantity": 50,
                 "deduction": 1, "veto": "pass", "text": "已检查"}.get(item.kind.value)
        if value is not None:
            insp = insp.with_answer(item.id, Answer(value))
    return insp


def test_create_complete_and_revise(demo_store, village):
    form = checklists.get(demo_store, "village-network")
    insp = inspections.new(demo_store, "village", village, form, "2009-05-06", "王建国")
    first = inspections.save(demo_store, insp)
    assert first.revision and demo_store.execute(
        "SELECT status FROM inspections WHERE uuid = ?", (insp.uuid,)).fetchone()[0] == "draft"

    done = answer_all(form, insp)
    done = type(done)(**{**done.__dict__, "status": COMPLETED})
    second = inspections.save(demo_store, done)
    expected = score(form, done.values)
    row = demo_store.execute("SELECT head, status, total, grade FROM inspections WHERE uuid = ?",
                             (insp.uuid,)).fetchone()
    assert row == (second.revision, "completed", expected.total, expected.grade)
    assert inspections.load(demo_store, insp.uuid) == done

    # saving the same content again makes no revision
    assert inspections.save(demo_store, done).revision is None

    changed = done.with_answer(form.items[0].id, Answer("fail", rectification="补齐台账", deadline="2009-06-30"))
    with pytest.raises(InvalidInput, match="修改原因"):
        inspections.save(demo_store, changed)
    third = inspections.save(demo_store, changed, reason="复查发现台账缺失")
    revs = inspections.revisions(demo_store, insp.uuid)
    assert [r["id"] for r in revs] == [first.revision, second.revision, third.revision]
    assert revs[2]["base"] == second.revision and revs[2]["reason"] == "复查发现台账缺失"
    log = audit.entries(demo_store, "inspection", insp.uuid)
    assert [e["action"] for e in log] == ["create", "save", "revise"]
    assert "复查发现台账缺失" in log[-1]["detail"]
    assert inspections.load(demo_store, insp.uuid, second.revision) == done  # old revisions stay readable


def test_completion_needs_every_required_item(demo_store, village):
    form = checklists.get(demo_store, "village-network")
    insp = inspections.new(demo_store, "village", village, form, "2009-05-06", "王建国")
    insp = type(insp)(**{**insp.__dict__, "status": COMPLETED})
    with pytest.raises(InvalidInput, match="必填条目尚未填写"):
        inspections.save(demo_store, insp)
    assert demo_store.execute("SELECT count(*) FROM inspections WHERE uuid = ?", (insp.uuid,)).fetchone()[0] == 0


def test_wrong_answers_and_wrong_subject_kind_are_refused(demo_store, village):
    form = checklists.get(demo_store, "village-network")
    insp = inspections.new(demo_store, "village", village, form, "2009-05-06", "王建国")
    with pytest.raises(InvalidInput):
        inspections.save(demo_store, insp.with_answer(form.items[0].id, Answer(42)))
    with pytest.raises(InvalidInput, match="不能用于"):
        inspections.new(demo_store, "village", village, checklists.get(demo_store, "enterprise-food"),
                        "2009-05-06", "王建国")


def test_a_stale_base_is_refused(demo_store, village):
    form = checklists.get(demo_store, "village-network")
    insp = inspections.new(demo_store, "village", village, form, "2009-05-06", "王建国")
    first = inspections.save(demo_store, insp).revision
    inspections.save(demo_store, insp.with_answer(form.items[0].id, Answer("pass")))
    with pytest.raises(InvalidInput, match="已被其他修订更新"):
        inspections.save(demo_store, insp.with_answer(form.items[0].id, Answer("fail")), base=first)
