"""The inspection editor driven like a coordinator typing in paper results, then checked in the database."""

from __future__ import annotations

import hashlib
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from qinspect.domain.checklist import ItemKind
from qinspect.domain.records import COMPLETED, Answer
from qinspect.domain.scoring import FAIL, NA, PASS, score
from qinspect.store import audit, checklists, inspections, registers
from qinspect.store.evidence import get_evidence
from qinspect.ui import editor as editor_module
from qinspect.ui.editor import InspectionEditor
from qinspect.ui.editor_drafts import pending_drafts
from qinspect.ui.restore_drafts import offer_drafts
from qinspect.ui.editor_drafts import draft_path
from qinspect.ui.editor_rows import ChoiceRow
from qinspect.ui.labels import score_text
from qinspect.ui.signals import changes
from qinspect.ui.new_inspection import NewInspectionDialog
from tests.gui.shell import key


def show(qtbot, widget, register: bool = True):
    """Show a widget as the active window; `register=False` for one the test deletes itself."""
    if register:
        qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def entry_order(checklist) -> list[str]:
    """Items in the order the editor shows them: category tabs in order, the bonus tab last."""
    order = [i.id for c in checklist.categories for i in checklist.items_of(c.id) if i.kind is not ItemKind.BONUS]
    return order + [i.id for i in checklist.items if i.kind is ItemKind.BONUS]


def paper_answer(item, n: int):
    """A made-up but varied paper result for item number n, and the keys that enter it."""
    kind = item.kind
    if kind is ItemKind.PASSFAIL:
        return (PASS, "1") if n % 3 else (FAIL, "2")
    if kind is ItemKind.TIERED:
        tier = n % len(item.tiers)
        return tier, str(tier + 1)
    if kind is ItemKind.VETO:
        return PASS, "1"
    if kind is ItemKind.QUANTITY:
        value = item.thresholds[n % len(item.thresholds)].bound
        value = int(value) if value == int(value) else value
        return value, f"{value:g}"
    if kind in (ItemKind.DEDUCTION, ItemKind.BONUS):
        return n % 3, str(n % 3)
    if kind is ItemKind.TEXT:
        return "未发现问题", "未发现问题"
    return None, None  # photos are not on paper


def township_id(demo_store, name="大陈镇") -> int:
    return demo_store.execute("SELECT id FROM townships WHERE name = ?", (name,)).fetchone()[0]


def new_editor(demo_store, qtbot, form="township-assessment", version="2009", register=True):
    checklist = checklists.get(demo_store, form, version)
    subject = {"township": township_id(demo_store),
               "village": demo_store.execute("SELECT min(id) FROM villages").fetchone()[0],
               "enterprise": demo_store.execute("SELECT min(id) FROM enterprises").fetchone()[0]}[checklist.subject]
    inspection = inspections.new(demo_store, checklist.subject, subject, checklist, "2009-11-20", "王建国")
    return show(qtbot, InspectionEditor(demo_store, new=inspection), register), checklist


def head_answers(demo_store, uuid) -> dict:
    head = demo_store.execute("SELECT head FROM inspections WHERE uuid = ?", (uuid,)).fetchone()[0]
    return {item: json.loads(value) for item, value in
            demo_store.execute("SELECT item_id, value FROM answers WHERE revision_id = ?", (head,))}


@pytest.mark.parametrize("form", ["township-assessment", "village-network"])
def test_keyboard_only_from_dialog_to_completed_inspection(demo_store, qtbot, form):
    demo_store.set_setting("user_name", "王建国")
    checklist = checklists.get(demo_store, form)
    subject = "大陈镇" if checklist.subject == "township" else \
        demo_store.execute("SELECT name FROM villages ORDER BY id LIMIT 1").fetchone()[0]
    dialog = show(qtbot, NewInspectionDialog(demo_store))
    key(qtbot, text=subject)
    assert dialog.results.currentItem().data(Qt.ItemDataRole.UserRole)["kind"] == checklist.subject
    assert dialog.checklist_combo.currentData() == (checklist.id, checklist.version)
    with qtbot.waitSignal(dialog.accepted):
        key(qtbot, Qt.Key.Key_Return)

    editor = show(qtbot, InspectionEditor(demo_store, new=dialog.inspection()))
    # items derived from field data (2009.1) come answered: Enter passes over them
    expected = {i.id: editor.inspection().answers[i.id].value for i in checklist.items if i.derive}
    for n, item_id in enumerate(i for i in entry_order(checklist) if not checklist.item(i).derive):
        assert editor.current_item() == item_id  # Enter always lands on the next unanswered item
        value, keys = paper_answer(checklist.item(item_id), n)
        if keys is not None:
            key(qtbot, text=keys)
            expected[item_id] = value
        key(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is editor.complete_button
    with qtbot.waitSignal(changes().changed):  # the window hears of the save
        key(qtbot, Qt.Key.Key_Return)

    uuid = editor.inspection().uuid
    assert editor.is_locked() and not editor.is_dirty()
    row = inspections.summary(demo_store, uuid)
    result = score(checklist, expected)
    assert (row["status"], row["total"], row["grade"]) == (COMPLETED, result.total, result.grade)
    assert row["checklist"] == checklist.ref and row["inspector"] == "王建国"
    assert head_answers(demo_store, uuid) == expected
    assert inspections.load(demo_store, uuid).values == expected
    assert editor.score_panel.total_label.text() == (
        f"{score_text(result.total)} / {score_text(checklist.max_total + checklist.bonus_max)}")
    assert not draft_path(uuid).exists()


def test_tab_and_arrows_move_between_items(demo_store, qtbot):
    editor, checklist = new_editor(demo_store, qtbot)
    order = entry_order(checklist)
    assert editor.current_item() == order[0]
    key(qtbot, Qt.Key.Key_Tab)
    assert editor.current_item() == order[1]
    key(qtbot, Qt.Key.Key_Down)
    assert editor.current_item() == order[2]
    key(qtbot, Qt.Key.Key_Up)
    key(qtbot, Qt.Key.Key_Backtab)
    assert editor.current_item() == order[0]
    # Crossing into the next category's tab
    last_brand = [i.id for i in checklist.items_of("brand") if i.kind is not ItemKind.BONUS][-1]
    editor.focus_item(last_brand)
    key(qtbot, Qt.Key.Key_Down)
    assert editor.current_item() == order[order.index(last_brand) + 1]
    assert editor.tabs.currentIndex() == 1
    # F2 opens the note, Tab from the note goes on to the next item
    key(qtbot, Qt.Key.Key_F2)
    key(qtbot, text="台账在档案室")
    item = editor.current_item()
    key(qtbot, Qt.Key.Key_Tab)
    assert editor.current_item() == order[order.index(item) + 1]
    assert editor.inspection().answers[item].note == "台账在档案室"
    assert editor.inspection().answers[item].value is None


def test_digits_pick_and_enter_skips_answered_items(demo_store, qtbot):
    editor, checklist = new_editor(demo_store, qtbot)
    order = entry_order(checklist)
    assert checklist.item(order[0]).kind is checklist.item(order[1]).kind is ItemKind.TIERED
    editor.set_answer(order[1], Answer(0))
    editor.focus_item(order[0])
    key(qtbot, text="2")
    assert editor.inspection().answers[order[0]].value == 1
    key(qtbot, text="1")  # another digit corrects the choice
    assert editor.inspection().answers[order[0]].value == 0
    key(qtbot, Qt.Key.Key_Return)
    assert editor.current_item() == order[2]


def test_not_applicable_by_digit_and_delete_clears(demo_store, qtbot):
    editor, checklist = new_editor(demo_store, qtbot, "enterprise-equipment")
    na_item = next(i for i in checklist.items if i.allow_na and i.kind is ItemKind.TIERED)
    editor.focus_item(na_item.id)
    key(qtbot, text=str(len(na_item.tiers) + 1))
    assert editor.inspection().answers[na_item.id].value == NA
    assert editor.row(na_item.id).points_label.text() == "不适用"
    key(qtbot, Qt.Key.Key_Delete)
    assert na_item.id not in editor.inspection().answers


def test_undo_and_redo_restore_controls_and_scores(demo_store, qtbot):
    editor, checklist = new_editor(demo_store, qtbot, "village-network")
    stack = editor.undo_stack()
    assert not editor.is_dirty()
    with qtbot.waitSignal(editor.dirtyChanged) as dirty:
        key(qtbot, text="1")  # F01 pass: 10 points
    assert dirty.args == [True]
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, text="12")  # F02: 12 visits, 10 points
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, text="2")  # F03 second tier, 8 points
    assert editor.score_result().total == 28
    assert stack.count() == 3

    row = editor.row("F03")
    assert isinstance(row, ChoiceRow) and row._buttons[1].isChecked()
    stack.undo()
    assert not any(b.isChecked() for b in row._buttons)
    assert editor.score_result().total == 20
    assert editor.score_panel.total_label.text().startswith("20.00 /")
    stack.undo()
    assert editor.row("F02").edit.text() == ""
    assert editor.score_result().total == 10
    assert editor.current_item() == "F02"  # undo shows what it changed
    stack.redo()
    assert editor.row("F02").edit.text() == "12"
    stack.redo()
    assert row._buttons[1].isChecked() and editor.score_result().total == 28
    stack.undo()
    stack.undo()
    with qtbot.waitSignal(editor.dirtyChanged) as clean:
        stack.undo()
    assert clean.args == [False] and editor.inspection().answers == {}


def test_draft_recovered_after_the_editor_is_destroyed(demo_store, qtbot):
    editor, checklist = new_editor(demo_store, qtbot, "village-network", register=False)
    uuid = editor.inspection().uuid
    key(qtbot, text="2")
    key(qtbot, Qt.Key.Key_F2)
    key(qtbot, text="公示栏缺协管员电话")
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, text="7")
    key(qtbot, Qt.Key.Key_Return)
    editor.set_answer("F01", Answer(FAIL, "公示栏缺协管员电话", "补充公示", "2009-12-31"))
    answers = editor.inspection().answers
    editor._draft_timer.setInterval(20)  # the autosave, sooner
    qtbot.waitUntil(lambda: draft_path(uuid).exists())

    # The laptop loses power: the editor goes without saving.
    with qtbot.waitSignal(editor.destroyed):
        editor.deleteLater()
    assert not demo_store.execute("SELECT 1 FROM inspections WHERE uuid = ?", (uuid,)).fetchone()

    drafts = pending_drafts(demo_store)
    assert [d.inspection.uuid for d in drafts] == [uuid]
    asked = []
    editors = offer_drafts(None, demo_store, ask=lambda parent, s, draft: asked.append(draft) or True)
    assert len(asked) == 1 and len(editors) == 1
    restored = show(qtbot, editors[0])
    assert restored.inspection().answers == answers
    assert restored.row("F01").rectification.text() == "补充公示"
    assert restored.row("F02").edit.text() == "7"
    assert restored.is_dirty()
    assert restored.save()
    assert head_answers(demo_store, uuid) == {"F01": FAIL, "F02": 7}
    assert not draft_path(uuid).exists() and pending_drafts(demo_store) == []


def test_draft_of_a_saved_inspection_and_discarding(demo_store, qtbot):
    editor, checklist = new_editor(demo_store, qtbot, "village-network", register=False)
    uuid = editor.inspection().uuid
    editor.set_answer("F01", Answer(PASS))
    assert editor.save()
    editor.set_answer("F03", Answer(3))
    editor.write_draft()
    with qtbot.waitSignal(editor.destroyed):
        editor.deleteLater()
    restored = offer_drafts(None, demo_store, ask=lambda *args: True)[0]
    qtbot.addWidget(restored)
    assert restored.inspection().values == {"F01": PASS, "F03": 3}
    restored.undo_stack().undo()  # back to what the database holds
    assert restored.inspection().values == {"F01": PASS} and not restored.is_dirty()
    restored.undo_stack().redo()
    restored.write_draft()
    assert offer_drafts(None, demo_store, ask=lambda *args: False) == []
    assert pending_drafts(demo_store) == []


def fill_required(editor, checklist):
    for item in checklist.items:
        if item.required:
            editor.set_answer(item.id, Answer(paper_answer(item, 1)[0]))


def test_completion_refused_while_required_items_are_open(demo_store, qtbot):
    editor, checklist = new_editor(demo_store, qtbot)
    fill_required(editor, checklist)
    editor.set_answer("F03", Answer())
    editor.set_answer("S02", Answer())
    assert not editor.complete()
    assert [editor.score_panel.open_list.item(n).data(Qt.ItemDataRole.UserRole) for n in range(editor.score_panel.open_list.count())] \
        == ["F03", "S02"]
    assert editor.banner.isVisible() and "F03、S02" in editor.banner.text()
    assert editor.current_item() == "F03"
    assert not demo_store.execute("SELECT 1 FROM inspections WHERE uuid = ?", (editor.inspection().uuid,)).fetchone()
    # Clicking an open item in the list jumps to it
    entry = editor.score_panel.open_list.item(1)
    qtbot.mouseClick(editor.score_panel.open_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=editor.score_panel.open_list.visualItemRect(entry).center())
    assert editor.current_item() == "S02"
    key(qtbot, text="1")
    editor.focus_item("F03")
    key(qtbot, text="1")
    assert editor.score_panel.open_list.count() == 0 and not editor.banner.isVisible()
    assert editor.complete()
    assert inspections.summary(demo_store, editor.inspection().uuid)["status"] == COMPLETED


def test_revising_a_completed_inspection_asks_a_reason_and_is_audited(demo_store, qtbot, monkeypatch):
    editor, checklist = new_editor(demo_store, qtbot, "village-network", register=False)
    fill_required(editor, checklist)
    assert editor.complete()
    uuid = editor.inspection().uuid
    with qtbot.waitSignal(editor.destroyed):
        editor.deleteLater()

    opened = show(qtbot, InspectionEditor(demo_store, uuid))
    assert opened.is_locked() and opened.revise_button.isVisible()
    before = opened.inspection().answers["F01"]
    opened.focus_item("F01")
    key(qtbot, text="2")
    assert opened.inspection().answers["F01"] == before  # locked: nothing changes
    assert not opened.is_dirty()

    monkeypatch.setattr(opened, "ask_reason", lambda: None)
    assert not opened.revise() and opened.is_locked()
    monkeypatch.setattr(opened, "ask_reason", lambda: "复核发现 F01 公示不全")
    assert opened.revise()
    assert not opened.is_locked()
    opened.focus_item("F01")
    key(qtbot, text="2")
    with qtbot.waitSignal(changes().changed):
        assert opened.save()
    assert opened.is_locked()

    assert head_answers(demo_store, uuid)["F01"] == FAIL
    revisions = inspections.revisions(demo_store, uuid)
    assert [r["reason"] for r in revisions] == ["", "复核发现 F01 公示不全"]
    assert revisions[-1]["status"] == COMPLETED
    last = audit.entries(demo_store, "inspection", uuid)[-1]
    assert last["action"] == "revise"
    assert json.loads(last["detail"])["reason"] == "复核发现 F01 公示不全"
    assert audit.verify_chain(demo_store) == []


def test_photo_evidence_is_stored_by_hash(demo_store, qtbot, tmp_path, monkeypatch):
    editor, checklist = new_editor(demo_store, qtbot, "village-network")
    photo = tmp_path / "公示栏.png"
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7"))
    assert image.save(str(photo))
    monkeypatch.setattr(editor, "choose_photo_files", lambda: [str(photo), str(photo)])
    editor.focus_item("F13")
    key(qtbot, Qt.Key.Key_Space)  # the focused "add photos" button
    [digest] = editor.inspection().answers["F13"].value  # the same photo twice is stored once
    stored = get_evidence(demo_store, digest)  # as a JPEG, the form every photo is kept in
    assert stored.media_type == "image/jpeg" and stored.data[:2] == b"\xff\xd8"
    assert hashlib.sha256(stored.data).hexdigest() == digest
    row = editor.row("F13")
    assert row.strip_layout.count() == 1
    assert editor.save()
    assert head_answers(demo_store, editor.inspection().uuid)["F13"] == [digest]
    editor.undo_stack().undo()
    assert row.strip_layout.count() == 0


def test_not_a_picture_is_refused(demo_store, qtbot, tmp_path, monkeypatch):
    editor, _ = new_editor(demo_store, qtbot, "village-network")
    bogus = tmp_path / "notes.jpg"
    bogus.write_text("不是图片")
    shown = []
    monkeypatch.setattr(editor_module, "show_error", lambda parent, exc: shown.append(str(exc)))
    monkeypatch.setattr(editor, "choose_photo_files", lambda: [str(bogus)])
    editor.add_photos("F13")
    assert len(shown) == 1 and "不是可识别的图片" in shown[0]
    assert "F13" not in editor.inspection().answers


def test_maybe_close_asks_to_save(demo_store, qtbot, monkeypatch):
    editor, _ = new_editor(demo_store, qtbot, "village-network")
    assert editor.maybe_close()  # nothing typed: nothing to ask
    key(qtbot, text="1")
    monkeypatch.setattr(editor, "ask_save_changes", lambda: "cancel")
    assert not editor.maybe_close()
    monkeypatch.setattr(editor, "ask_save_changes", lambda: "save")
    assert editor.maybe_close()
    assert head_answers(demo_store, editor.inspection().uuid) == {"F01": PASS}


def test_the_37_item_assessment_opens_with_a_tab_per_category(demo_store, qtbot):
    # how fast it opens is measured by tests/bench/bench_editor.py, not asserted here
    checklist = checklists.get(demo_store, "township-assessment", "2009")
    assert len(checklist.items) == 37
    inspection = inspections.new(demo_store, "township", township_id(demo_store), checklist, "2009-11-20", "王建国")
    editor = show(qtbot, InspectionEditor(demo_store, new=inspection))
    assert editor.tabs.count() == 6  # five categories and the bonus items


def test_subject_row_is_shown(demo_store, qtbot):
    editor, _ = new_editor(demo_store, qtbot)
    assert registers.subject(demo_store, "township", township_id(demo_store))["name"] in editor.subject_label.text()
