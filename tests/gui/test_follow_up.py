"""The follow-up list on the small demo: paged rows equal to the operation's, counts, 复查 through the editor, 手动销号."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from qinspect.domain.checklist import ItemKind
from qinspect.domain.scoring import score
from qinspect.operations import rectifications
from qinspect.store import checklists
from qinspect.ui import follow_up
from qinspect.ui.editor import InspectionEditor
from qinspect.ui.main_window import MainWindow
from tests.gui.shell import key, show_active


@pytest.fixture
def window(qtbot, demo_store, monkeypatch):
    monkeypatch.setattr(follow_up, "PAGE", 50)  # the demo has a few hundred: several pages
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(InspectionEditor, "ask_save_changes", lambda self: "discard")  # a failed test closes
    w = show_active(qtbot, MainWindow(demo_store))
    qtbot.keyClick(w, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert w.tabs.currentWidget() is w.follow_up_view
    return w


def closure(store, inspection, item):
    return store.execute("SELECT closed_on, follow_up, reason, evidence FROM rectification_closures "
                         "WHERE inspection_uuid = ? AND item_id = ?", (inspection, item)).fetchone()


def open_count(store) -> int:
    return sum(r["state"] != "closed" for r in rectifications.page(store, rectifications.list_filter(store)))


def state_in_list(view, row) -> str | None:
    """The row's state in the list as the view shows it now; None when the list leaves it out."""
    while view.model.canFetchMore():
        view.model.fetchMore()
    return next((r["state"] for r in view.model.rows if (r["inspection"], r["item"]) == (row["inspection"], row["item"])),
                None)


def closed_only_when_asked(view, row) -> None:
    """A closed rectification leaves the list as it opens (未关闭) and is there under 已关闭 and 全部状态."""
    assert view.state_box.currentData() == rectifications.PENDING
    assert state_in_list(view, row) is None  # the list heard of the save
    for state in ("closed", None):
        view.state_box.setCurrentIndex(view.state_box.findData(state))
        assert state_in_list(view, row) == "closed"


def test_list_pages_through_every_open_rectification(window, demo_store):
    view = window.follow_up_view
    model = view.model
    expected = rectifications.page(demo_store, rectifications.list_filter(demo_store, state=rectifications.PENDING))
    assert model.count == len(expected) > 50 and model.rowCount() == 50
    while model.canFetchMore():
        model.fetchMore()
    assert [(r["inspection"], r["item"]) for r in model.rows] == [(r["inspection"], r["item"]) for r in expected]
    overdue = next(n for n, r in enumerate(model.rows) if r["state"] == "overdue")
    assert model.index(overdue, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    counts = rectifications.counts(demo_store)
    assert view.counts.rowCount() == len(counts)
    assert view.counts.item(0, 3).text() == str(counts[0]["overdue"])


def test_township_and_category_filters(window, demo_store):
    view = window.follow_up_view
    first = view.model.rows[0]
    view.township_box.setCurrentIndex(view.township_box.findData(f"{first['county']}/{first['township']}"))
    view.category_box.setCurrentIndex(view.category_box.findData(first["category"]))
    assert view.model.rows and all(r["township"] == first["township"] and r["category"] == first["category"]
                                   for r in view.model.rows)
    view.category_box.setCurrentIndex(0)
    tid = demo_store.execute("SELECT t.id FROM townships t JOIN counties c ON c.id = t.county_id "
                             "WHERE t.name = ? AND c.name = ?", (first["township"], first["county"])).fetchone()[0]
    assert view.model.count == demo_store.execute(  # a plain count of what the township's inspections require
        "SELECT count(*) FROM inspections i JOIN answers a ON a.revision_id = i.head AND a.rectification != '' "
        "WHERE i.status = 'completed' AND i.subject_kind IN ('village', 'enterprise') AND i.township_id = ?",
        (tid,)).fetchone()[0]
    view.state_box.setCurrentIndex(view.state_box.findData("overdue"))
    assert view.model.rows and {r["state"] for r in view.model.rows} == {"overdue"}


def full_marks_keys(item) -> str:
    """What to type in the editor for a full-marks answer of an item."""
    if item.kind in (ItemKind.PASSFAIL, ItemKind.VETO):
        return "1"
    if item.kind is ItemKind.TIERED:
        return str(max(range(len(item.tiers)), key=lambda n: item.tiers[n].points) + 1)
    if item.kind is ItemKind.DEDUCTION:
        return "0"
    if item.kind is ItemKind.QUANTITY:
        best = max(item.thresholds, key=lambda t: t.points)
        return f"{best.bound:g}"
    raise AssertionError(f"{item.id} is not a scored item")


def test_follow_up_through_the_editor_closes_the_rectification(window, demo_store, qtbot):
    view = window.follow_up_view
    row = view.model.rows[0]
    view.table.selectRow(0)
    before = open_count(demo_store)
    qtbot.mouseClick(view.follow_up_button, Qt.MouseButton.LeftButton)

    editor = window.current_editor()
    assert editor is not None and editor.inspection().follows == row["inspection"]
    form = checklists.get(demo_store, *row["checklist"].split("@"))
    to_check = [i for i in form.items if i.id not in editor.inspection().answers
                and i.kind not in (ItemKind.TEXT, ItemKind.PHOTO)]
    assert row["item"] in [i.id for i in to_check]  # pre-filled: only what was found wanting is left
    for item in to_check:
        editor.focus_item(item.id)
        key(qtbot, text=full_marks_keys(item))
        key(qtbot, Qt.Key.Key_Return)
    values = editor.inspection().values
    given = score(form, values).items[row["item"]]
    assert given.status == "veto-pass" or given.points == given.max  # answered at full marks
    qtbot.mouseClick(editor.complete_button, Qt.MouseButton.LeftButton)

    follow = editor.inspection().uuid
    assert demo_store.execute("SELECT i.status, r.follows FROM inspections i JOIN revisions r ON r.id = i.head "
                              "WHERE i.uuid = ?", (follow,)).fetchone() == ("completed", row["inspection"])
    closed_on, by_follow_up, _reason, _evidence = closure(demo_store, row["inspection"], row["item"])
    assert by_follow_up == follow and closed_on == dt.date.today().isoformat()
    closed_only_when_asked(view, row)
    assert open_count(demo_store) < before


def test_close_by_hand_with_reason_and_evidence(window, demo_store, qtbot, tmp_path, monkeypatch):
    view = window.follow_up_view
    row = view.model.rows[0]
    view.table.selectRow(0)
    proof = tmp_path / "整改报告.pdf"
    proof.write_bytes(b"%PDF-1.4 report")

    def fill(dialog):
        dialog.reason.setText("整改报告已收到")
        dialog.evidence.setText(str(proof))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(follow_up.CloseDialog, "exec", fill)
    qtbot.mouseClick(view.close_button, Qt.MouseButton.LeftButton)
    closed_on, by_follow_up, reason, evidence = closure(demo_store, row["inspection"], row["item"])
    assert (by_follow_up, reason) == (None, "整改报告已收到") and evidence
    assert demo_store.execute("SELECT count(*) FROM evidence WHERE sha256 = ?", (evidence,)).fetchone()[0] == 1
    closed_only_when_asked(view, row)
