"""The editor's quantity field keeps to the item's range: what cannot be typed is not, what is outside
is refused with the reason beside the field, and only an answer inside the range reaches the database."""

from __future__ import annotations

from PySide6.QtCore import Qt

from qinspect.domain.records import Answer
from qinspect.ui import editor as editor_module
from qinspect.ui import preferences
from tests.gui.shell import key
from tests.gui.test_editor import head_answers, new_editor


def test_out_of_range_numbers_are_refused_with_the_reason_shown(demo_store, qtbot):
    editor, checklist = new_editor(demo_store, qtbot)
    accidents, rate = editor.row("E05"), editor.row("S01")

    editor.focus_item("E05")
    key(qtbot, text="-1.5")  # 起 takes whole numbers of 0 or more: the minus and the point cannot be typed
    assert accidents.edit.text() == "15"
    key(qtbot, Qt.Key.Key_Return)
    assert editor.inspection().values["E05"] == 15 and accidents.refused.isHidden()

    editor.focus_item("S01")
    key(qtbot, text="101.6")
    key(qtbot, Qt.Key.Key_Return)
    assert "S01" not in editor.inspection().values
    assert accidents.refused.isHidden() and not rate.refused.isHidden()
    assert rate.refused.text() == "S01 食品生产企业持证率 的数值 101.6 超出允许范围（0 至 100）"
    assert rate.edit.text() == "101.6"  # kept, to be corrected

    editor.focus_item("S01")
    key(qtbot, text="98.5")
    key(qtbot, Qt.Key.Key_Return)
    assert editor.inspection().values["S01"] == 98.5 and rate.refused.isHidden()
    assert editor.save()
    answers = head_answers(demo_store, editor.inspection().uuid)
    assert (answers["E05"], answers["S01"]) == (15, 98.5)


def test_the_reason_is_in_english_when_the_window_is(demo_store, qtbot, monkeypatch):
    monkeypatch.setattr(preferences, "language", lambda: "en")
    editor, _ = new_editor(demo_store, qtbot)
    editor.focus_item("P01")
    key(qtbot, text="150")
    key(qtbot, Qt.Key.Key_Return)
    assert editor.row("P01").refused.text() == \
        "P01 辖区企业产品监督抽查合格率: the value 150 is outside the allowed range (0 to 100)"


def test_a_value_saved_before_the_range_is_shown_with_the_reason(demo_store, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(editor_module, "show_error", lambda parent, exc: shown.append(str(exc)))
    editor, _ = new_editor(demo_store, qtbot)
    editor.set_answer("E02", Answer(101.6))  # as an older database may hold it (scripts bypass the field)
    row = editor.row("E02")
    assert row.edit.text() == "101.6" and not row.refused.isHidden()
    assert not editor.save()  # the one check refuses it when saved, too
    assert shown == ["E02 特种设备定期检验率 的数值 101.6 超出允许范围（0 至 100）"]
    assert not demo_store.execute("SELECT 1 FROM inspections WHERE uuid = ?", (editor.inspection().uuid,)).fetchone()
