"""The details pane lists a subject's rectifications not yet closed, with their state: a follow-up
inspection that passes the failed item takes it off the pane."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from qinspect.domain.checklist import ItemKind
from qinspect.domain.records import COMPLETED, Answer
from qinspect.domain.scoring import PASS
from qinspect.operations import inspections, rectifications, registers
from qinspect.store import checklists
from qinspect.store import inspections as store_inspections
from qinspect.ui.main_window import MainWindow
from tests.gui.shell import show_active


def full_marks(item):
    if item.kind is ItemKind.QUANTITY:
        return max(item.thresholds, key=lambda t: t.points).bound
    return {ItemKind.PASSFAIL: PASS, ItemKind.VETO: PASS, ItemKind.TIERED: 0, ItemKind.DEDUCTION: 0}.get(item.kind)


def completed(store, insp, answers: dict[str, Answer]):
    for item_id, answer in answers.items():
        insp = insp.with_answer(item_id, answer)
    inspections.save(store, replace(insp, status=COMPLETED))
    return insp.uuid


def test_a_follow_up_that_passes_the_item_takes_it_off_the_details_pane(qtbot, demo_store):
    town = demo_store.execute("SELECT id FROM townships ORDER BY id LIMIT 1").fetchone()[0]
    village = registers.add_village(demo_store, town, "整改测试村")
    form = checklists.get(demo_store, "village-network", "2009")
    answers = {i.id: Answer(full_marks(i)) for i in form.items if full_marks(i) is not None}
    today = dt.date.today()
    deadline = (today - dt.timedelta(days=3)).isoformat()  # already overdue
    answers["F01"] = Answer("fail", rectification="补齐巡查台账", deadline=deadline)
    found = completed(demo_store, store_inspections.new(demo_store, "village", village, form,
                                                        (today - dt.timedelta(days=20)).isoformat(), "王建国"), answers)

    window = show_active(qtbot, MainWindow(demo_store))
    window.show_subject("village", village)
    pane = window.details.rectifications
    assert pane.rowCount() == 1
    assert [pane.item(0, c).text() for c in range(4)] == \
        [deadline, "已逾期", f"F01 {form.item('F01').text}", "补齐巡查台账"]

    follow = rectifications.start_follow_up(demo_store, found, date=today.isoformat())
    draft = inspections.show(demo_store, follow).inspection
    completed(demo_store, draft, {"F01": Answer(PASS)})
    window.refresh()  # what the window does when it hears an inspection was saved
    assert pane.rowCount() == 0
    # the database agrees: closed by that follow-up, and nothing else of the village is left open
    assert demo_store.execute("SELECT follow_up FROM rectification_closures WHERE inspection_uuid = ? "
                              "AND item_id = 'F01'", (found,)).fetchone() == (follow,)
    assert rectifications.pending(demo_store, "village", village) == []
    assert window.details.history.rowCount() == 2  # both inspections are still in its history
