"""The new-inspection dialog, driven by the keyboard: search a subject, choose its checklist, date, inspector."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from qinspect.store import registers
from qinspect.ui import new_inspection
from qinspect.ui.new_inspection import SEARCH_LIMIT, NewInspectionDialog
from tests.gui.shell import key


@pytest.fixture
def dialog(demo_store, qtbot):
    demo_store.set_setting("user_name", "王建国")
    dlg = NewInspectionDialog(demo_store)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dlg.search)
    return dlg


def township(store, name: str) -> dict:
    return next(r for r in registers.search_subjects(store, name) if r["kind"] == "township" and r["name"] == name)


def test_keyboard_only_makes_an_inspection(dialog, demo_store, qtbot):
    subject = township(demo_store, "大陈镇")
    key(qtbot, None, "大陈镇")
    assert dialog.results.currentItem().data(Qt.ItemDataRole.UserRole)["id"] == subject["id"]
    # Newest version first: the 2009.1 form, then 2009 and 2008; Down twice picks 2008.
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.results
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.checklist_combo
    assert dialog.checklist_combo.currentData() == ("township-assessment", "2009.1")
    assert [dialog.checklist_combo.itemData(n) for n in range(dialog.checklist_combo.count())] == [
        ("township-assessment", "2009.1"), ("township-assessment", "2009"), ("township-assessment", "2008")]
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Down)
    assert dialog.checklist_combo.currentData() == ("township-assessment", "2008")
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.date_edit
    assert dialog.date_edit.date() == QDate.currentDate()
    key(qtbot, None, "20081215")
    assert dialog.date_edit.date() == QDate(2008, 12, 15)
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.inspector_edit
    assert dialog.inspector_edit.text() == "王建国"
    key(qtbot, Qt.Key.Key_End)
    key(qtbot, None, "、李芳")
    with qtbot.waitSignal(dialog.accepted):
        key(qtbot, Qt.Key.Key_Return)

    inspection = dialog.inspection()
    assert inspection.subject_kind == "township"
    assert inspection.subject_uuid == registers.subject(demo_store, "township", subject["id"])["uuid"]
    assert (inspection.checklist_id, inspection.checklist_version) == ("township-assessment", "2008")
    assert inspection.date == "2008-12-15"
    assert inspection.inspector == "王建国、李芳"
    assert inspection.status == "draft" and inspection.answers == {}


def test_up_and_down_in_the_search_box_walk_the_results(dialog, qtbot):
    key(qtbot, None, "村")
    assert dialog.results.count() > 2
    assert dialog.results.currentRow() == 0
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is dialog.search
    assert dialog.results.currentRow() == 2
    chosen = dialog.results.currentItem().data(Qt.ItemDataRole.UserRole)
    assert chosen["kind"] == "village"
    assert [dialog.checklist_combo.itemData(n) for n in range(dialog.checklist_combo.count())] == [
        ("village-network", "2009")]
    with qtbot.waitSignal(dialog.accepted):
        key(qtbot, Qt.Key.Key_Return)
    assert dialog.inspection().subject_kind == "village"


def test_only_checklists_for_the_subject_kind(dialog, demo_store, qtbot):
    enterprise = demo_store.execute("SELECT name FROM enterprises ORDER BY id LIMIT 1").fetchone()[0]
    key(qtbot, None, enterprise)
    assert dialog.results.currentItem().data(Qt.ItemDataRole.UserRole)["kind"] == "enterprise"
    refs = {dialog.checklist_combo.itemData(n) for n in range(dialog.checklist_combo.count())}
    assert refs == {("enterprise-equipment", "2009"), ("enterprise-food", "2009"), ("enterprise-food", "2009.1"),
                    ("enterprise-product", "2009")}


def test_search_is_capped(dialog, qtbot):
    assert dialog.results.count() == SEARCH_LIMIT
    key(qtbot, None, "没有这个名字")
    assert dialog.results.count() == 0
    assert dialog.checklist_combo.count() == 0
    assert "没有找到" in dialog.chosen_label.text()


def test_accept_without_subject_says_why(dialog, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(new_inspection, "show_error", lambda parent, exc: shown.append(str(exc)))
    key(qtbot, None, "没有这个名字")
    key(qtbot, Qt.Key.Key_Return)
    assert shown == ["请先选择检查对象"]
    assert dialog.isVisible()


def test_preselected_subject(demo_store, qtbot):
    demo_store.set_setting("user_name", "陈芳")
    village_id, name = demo_store.execute("SELECT id, name FROM villages ORDER BY id DESC LIMIT 1").fetchone()
    dlg = NewInspectionDialog(demo_store, subject=("village", village_id))
    qtbot.addWidget(dlg)
    assert dlg.search.text() == name
    assert dlg.results.currentItem().data(Qt.ItemDataRole.UserRole)["id"] == village_id
    assert (dlg.inspection().subject_kind, dlg.inspection().inspector) == ("village", "陈芳")
