"""The editor's derived items: the value read-only with how it is counted, the inspections behind it,
and 改写… with a required reason, driven by the keyboard and checked in the database."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from qinspect.domain.records import Answer
from qinspect.operations import derived
from qinspect.store import audit, inspections
from qinspect.ui.derived_items import DerivedInspectionsDialog, DerivedRow, OverrideDialog
from qinspect.ui.editor import InspectionEditor


def assessment(store, state):
    return store.execute("SELECT t.name, a.inspection_uuid FROM assessments a JOIN townships t "
                         "ON t.id = a.township_id WHERE a.year = 2009 AND a.state = ? ORDER BY t.id",
                         (state,)).fetchone()


def open_editor(qtbot, store, uuid):
    editor = InspectionEditor(store, uuid)
    qtbot.addWidget(editor)
    editor.resize(1100, 800)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def test_a_derived_value_its_inspections_and_an_override_with_a_reason(demo_store, qtbot):
    town, uuid = assessment(demo_store, "draft")
    p01 = next(d for d in derived.listing(demo_store, town, 2009) if d.item.id == "P01")
    editor = open_editor(qtbot, demo_store, uuid)
    row = editor.row("P01")
    assert isinstance(row, DerivedRow)
    assert row.value_label.text() == f"{p01.value:g} %" and row.source_label.text() == "由现场检查数据计算"
    assert p01.derivation.explanation in row.how_label.text()
    assert f"{p01.computed.numerator}" in row.how_label.text() and row.note.isReadOnly()

    shown = []

    def drive(dialog):
        dialog.show()
        shown.append(dialog)
        handle(dialog)
        return dialog.result()

    editor.run_dialog = drive

    # L on the row lists the inspections behind the value; a double-click asks to open one
    def handle(dialog):
        assert isinstance(dialog, DerivedInspectionsDialog)
        assert dialog.table.rowCount() == len(p01.computed.inspections) > 0
        first = dialog.table.visualItemRect(dialog.table.item(0, 0)).center()
        with qtbot.waitSignal(editor.open_inspection) as opened:
            # Qt 6 makes a double-click of a press and release followed by the second press
            qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=first)
            qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=first)
        assert opened.args == [p01.computed.inspections[0]]

    editor.focus_item("P01")
    qtbot.keyClick(row.key_box, Qt.Key.Key_L)
    assert len(shown) == 1

    # G opens 改写…: refused without a reason, then written with one
    def handle(dialog):  # noqa: F811
        assert isinstance(dialog, OverrideDialog)
        dialog.value_edit.clear()
        qtbot.keyClicks(dialog.value_edit, "97.5")
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert dialog.result() != QDialog.DialogCode.Accepted and dialog.refusal.isVisible()
        dialog.reason_edit.setFocus()
        dialog.reason_edit.insert("县局抽查报告另有 3 批次合格")  # as an input method commits Chinese text
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    qtbot.keyClick(row.key_box, Qt.Key.Key_G)
    assert len(shown) == 2 and shown[1].result() == QDialog.DialogCode.Accepted

    head = inspections.load(demo_store, uuid)
    assert head.answers["P01"].value == 97.5 and head.answers["P01"].note.startswith("改写：县局抽查报告另有 3 批次合格")
    entry = audit.entries(demo_store, derived.ENTITY, f"{uuid}/P01")[-1]
    assert json.loads(entry["detail"])["reason"] == "县局抽查报告另有 3 批次合格"
    row = editor.row("P01")
    assert row.value_label.text() == "97.5 %" and row.source_label.property("overridden")
    assert "县局抽查报告另有 3 批次合格" in row.source_label.text()
    assert editor.score_result().items["P01"].points == 5 and not editor.is_dirty()

    # reopened, the override stands; the other derived items still follow the field data
    editor.close()
    again = open_editor(qtbot, demo_store, uuid)
    assert again.row("P01").value_label.text() == "97.5 %"
    assert again.row("F09").source_label.text() == "由现场检查数据计算"


def test_a_submitted_assessment_shows_its_frozen_values_and_cannot_be_overridden(demo_store, qtbot):
    town, uuid = assessment(demo_store, "submitted")
    revisions = len(inspections.revisions(demo_store, uuid))
    editor = open_editor(qtbot, demo_store, uuid)
    row = editor.row("P01")
    assert not row.override_button.isEnabled() and "已固定" in row.how_label.text()
    editor.run_dialog = lambda dialog: (_ for _ in ()).throw(AssertionError("no dialog on a frozen item"))
    qtbot.keyClick(row.key_box, Qt.Key.Key_G)
    assert len(inspections.revisions(demo_store, uuid)) == revisions  # opening it wrote nothing


def test_opening_a_draft_recounts_its_derived_items_from_new_field_data(demo_store, qtbot):
    town, uuid = assessment(demo_store, "draft")
    tid = demo_store.execute("SELECT id FROM townships WHERE name = ?", (town,)).fetchone()[0]
    earlier = demo_store.execute("SELECT uuid FROM inspections WHERE township_id = ? AND checklist_id = "
                                 "'enterprise-product' AND status = 'completed' AND grade != '不合格' LIMIT 1",
                                 (tid,)).fetchone()[0]
    failed = inspections.load(demo_store, earlier).with_answer("V01", Answer("fail"))  # a bundle's late news
    inspections.save(demo_store, failed, reason="复核发现重大质量问题")
    before = inspections.load(demo_store, uuid).answers["P01"].value
    counted = next(d for d in derived.listing(demo_store, town, 2009) if d.item.id == "P01").computed
    revisions = len(inspections.revisions(demo_store, uuid))
    editor = open_editor(qtbot, demo_store, uuid)
    assert editor.row("P01").value_label.text() == f"{float(counted.value):g} %" != f"{before:g} %"
    assert inspections.load(demo_store, uuid).answers["P01"].value == float(counted.value)
    assert len(inspections.revisions(demo_store, uuid)) == revisions + 1 and not editor.is_dirty()
