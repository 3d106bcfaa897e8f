"""What the window walkthrough found, each driven through the real widgets and checked after."""

from __future__ import annotations

import re

import pytest

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QPushButton

from qinspect.domain.checklist import ItemKind
from qinspect.domain.records import Answer
from qinspect.domain.scoring import FAIL, score
from qinspect.store import checklists, inspections
from qinspect.ui import app, registers
from qinspect.ui.editor import InspectionEditor
from qinspect.ui.inspection_list import UUID_ROLE
from qinspect.ui.labels import score_text
from qinspect.ui.main_window import MainWindow
from tests.gui.shell import key, show_active


@pytest.fixture(autouse=True)
def discard_on_close(monkeypatch):
    """A window closed at a test's end discards unsaved edits instead of asking."""
    monkeypatch.setattr(InspectionEditor, "ask_save_changes", lambda self: "discard")


def open_new(window, demo_store, form="village-network"):
    checklist = checklists.get(demo_store, form)
    subject = {"village": "SELECT min(id) FROM villages", "enterprise": "SELECT min(id) FROM enterprises",
               "township": "SELECT min(id) FROM townships"}[checklist.subject]
    inspection = inspections.new(demo_store, checklist.subject, demo_store.execute(subject).fetchone()[0],
                                 checklist, "2009-11-20", "王建国")
    editor = InspectionEditor(demo_store, new=inspection, parent=window.tabs)
    window.add_editor(editor)
    return editor, checklist


def first_of(checklist, kind: ItemKind):
    return next(i for i in checklist.items if i.kind is kind)


def test_f2_in_the_editor_edits_the_note_and_not_the_register(qtbot, demo_store, monkeypatch):
    window = show_active(qtbot, MainWindow(demo_store))
    opened = []
    monkeypatch.setattr(registers, "VillageDialog", lambda *a, **k: opened.append(k))
    editor, checklist = open_new(window, demo_store)
    qtbot.waitUntil(lambda: editor.current_item() is not None)
    item = editor.current_item()
    key(qtbot, Qt.Key.Key_F2)
    assert QApplication.focusWidget() is editor.row(item).note
    key(qtbot, text="台账在村委会")
    key(qtbot, Qt.Key.Key_Return)
    assert opened == []  # 登记册 → 编辑所选 did not open
    assert editor.inspection().answers[item].note == "台账在村委会"
    last = editor.current_item()  # Enter went on to the next item
    editor.complete_button.setFocus()  # F2 from a button goes to the note of the item the keyboard was on
    key(qtbot, Qt.Key.Key_F2)
    assert QApplication.focusWidget() is editor.row(last).note
    assert opened == []
    editor.save()
    assert inspections.load(demo_store, editor.inspection().uuid).answers[item].note == "台账在村委会"


def test_tab_reaches_the_rectification_and_a_deadline_is_typed(qtbot, demo_store):
    window = show_active(qtbot, MainWindow(demo_store))
    editor, checklist = open_new(window, demo_store)
    item = first_of(checklist, ItemKind.PASSFAIL)
    editor.focus_item(item.id)
    key(qtbot, text="2")  # 不符合
    row = editor.row(item.id)
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is row.rectification
    key(qtbot, text="补齐公示栏")
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is row.deadline
    # The calendar opens at the inspection's month, not at 2000-01.
    assert row.deadline.calendar_start() == QDate(2009, 11, 20)
    row.deadline.open_calendar()
    assert (row.deadline.calendar.yearShown(), row.deadline.calendar.monthShown()) == (2009, 11)
    row.deadline.calendar.activated.emit(QDate(2009, 11, 30))
    assert editor.inspection().answers[item.id].deadline == "2009-11-30"
    row.deadline.setFocus()
    row.deadline.selectAll()
    key(qtbot, text="2009-12-20")
    key(qtbot, Qt.Key.Key_Tab)  # on to the next item
    assert editor.current_item() != item.id
    row.deadline.setFocus()
    row.deadline.selectAll()
    key(qtbot, text="2009-13")  # not a date: refused, the last deadline stays
    row.deadline.clearFocus()
    editor.save()
    saved = inspections.load(demo_store, editor.inspection().uuid).answers[item.id]
    assert (saved.value, saved.rectification, saved.deadline) == (FAIL, "补齐公示栏", "2009-12-20")


def test_total_against_the_real_maximum_and_a_failed_veto_in_red(qtbot, demo_store):
    window = show_active(qtbot, MainWindow(demo_store))
    editor, checklist = open_new(window, demo_store, "township-assessment")
    assert checklist.bonus_max > 0
    for item in checklist.items:
        if item.kind is ItemKind.BONUS:
            editor.set_answer(item.id, Answer(99))
    result = editor.score_result()
    panel = editor.score_panel
    assert panel.total_label.text() == f"{score_text(result.total)} / {score_text(checklist.max_total + checklist.bonus_max)}"
    normal = panel.total_label.palette().color(QPalette.ColorRole.WindowText)
    veto = first_of(checklist, ItemKind.VETO)
    editor.set_answer(veto.id, Answer(FAIL))
    assert editor.score_result().vetoed == [veto.id]
    panel.total_label.ensurePolished()
    red = panel.total_label.palette().color(QPalette.ColorRole.WindowText)
    assert red != normal and red.red() > 150 and red.green() < 80
    assert veto.id in panel.eligible_label.text()


def test_no_rectification_under_bonus_items(qtbot, demo_store):
    window = show_active(qtbot, MainWindow(demo_store))
    editor, checklist = open_new(window, demo_store, "township-assessment")
    bonus = first_of(checklist, ItemKind.BONUS)
    editor.set_answer(bonus.id, Answer(0))  # no bonus reached: not a failing
    row = editor.row(bonus.id)
    assert row.rectification is None or not row.rectification.isVisibleTo(row)
    deduction = first_of(checklist, ItemKind.DEDUCTION)
    editor.set_answer(deduction.id, Answer(1))  # a point off: a rectification is asked for
    assert editor.row(deduction.id).rectification.isVisibleTo(editor.row(deduction.id))


def test_clicking_a_list_row_shows_its_subject_in_the_details(qtbot, demo_store):
    window = show_active(qtbot, MainWindow(demo_store))
    for row in (0, 5):
        rect = window.table.visualRect(window.model.index(row, 2))
        qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        uuid = window.model.index(row, 0).data(UUID_ROLE)
        kind, column = demo_store.execute(
            "SELECT subject_kind, CASE subject_kind WHEN 'village' THEN village_id WHEN 'enterprise' "
            "THEN enterprise_id ELSE township_id END FROM inspections WHERE uuid = ?", (uuid,)).fetchone()
        assert window.details.subject == (kind, column)
        history = [window.details.history.item(r, 0).data(UUID_ROLE) for r in range(window.details.history.rowCount())]
        assert uuid in history


def test_new_village_and_enterprise_prefill_the_users_township(qtbot, demo_store):
    tid, county, name = demo_store.execute(
        "SELECT t.id, c.name, t.name FROM townships t JOIN counties c ON c.id = t.county_id "
        "WHERE t.id = (SELECT max(township_id) FROM villages)").fetchone()
    demo_store.set_setting("township", f"{county}/{name}")
    for dialog in (registers.VillageDialog(demo_store), registers.EnterpriseDialog(demo_store)):
        qtbot.addWidget(dialog)
        assert dialog.township_id == tid
    # A township chosen in the tree wins over the user's own.
    other = demo_store.execute("SELECT min(id) FROM townships WHERE id != ?", (tid,)).fetchone()[0]
    chosen = registers.VillageDialog(demo_store, township_id=other)
    qtbot.addWidget(chosen)
    assert chosen.township_id == other


def test_qt_dialogs_speak_chinese(qtbot, qapp):
    path = app.qt_translation("qtbase_zh_CN.qm")
    assert path.exists()
    app.apply_language(qapp, "zh_CN")
    box = QMessageBox(QMessageBox.Icon.Warning, "qinspect", "x",
                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消"])
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    qtbot.addWidget(buttons)
    assert buttons.findChild(QPushButton).text() == "关闭"


def test_scores_have_the_same_decimals_everywhere_in_the_editor(qtbot, demo_store):
    window = show_active(qtbot, MainWindow(demo_store))
    uuid = demo_store.execute("SELECT uuid FROM inspections WHERE checklist_id = 'township-assessment' "
                              "AND status = 'completed' ORDER BY total LIMIT 1").fetchone()[0]
    window.open_inspection(uuid)
    editor = window.current_editor()
    checklist = editor.checklist
    panel = editor.score_panel
    shown = [label.text() for label in [*panel._category_labels.values(), panel.bonus_label, panel.total_label]]
    for tab in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(tab)
    shown += [editor.row(i.id).points_label.text() for i in checklist.items
              if i.kind not in (ItemKind.VETO, ItemKind.TEXT, ItemKind.PHOTO)]
    numbers = [n for text in shown for n in re.findall(r"\d+(?:\.\d+)?", text)]
    assert len(numbers) > 40 and all(re.fullmatch(r"\d+\.\d\d", n) for n in numbers), shown
    total = demo_store.execute("SELECT total FROM inspections WHERE uuid = ?", (uuid,)).fetchone()[0]
    assert panel.total_label.text().startswith(f"{total:.2f} / ")
    window.details.show_subject("township", demo_store.execute(
        "SELECT township_id FROM inspections WHERE uuid = ?", (uuid,)).fetchone()[0])
    assert window.details.history.rowCount() > 0 and all(
        re.fullmatch(r"\d+\.\d\d", window.details.history.item(r, 4).text())
        for r in range(window.details.history.rowCount()) if window.details.history.item(r, 4).text())
