"""The history, checklist-versions and help windows, and refusals in English, driven through real widgets."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from qinspect.cli import main
from qinspect.domain.records import Answer
from qinspect.errors import ImportRefused, CellProblem
from qinspect.operations import inspections as ops
from qinspect.paths import resource
from qinspect.store import inspections
from qinspect.ui import app, help as help_pages
from qinspect.ui.checklist_versions import ChecklistVersionsDialog
from qinspect.ui.error_text import english
from qinspect.ui.history import HistoryDialog
from qinspect.ui.main_window import MainWindow
from tests.gui.shell import show_active


def revised(store) -> tuple[str, str, str]:
    """A completed demo inspection given a note, a rectification and a deadline with a reason."""
    uuid = store.execute("SELECT uuid FROM inspections WHERE status = 'completed' AND subject_kind = 'village' "
                         "LIMIT 1").fetchone()[0]
    insp = inspections.load(store, uuid)
    item = sorted(insp.answers)[0]
    old = insp.answers[item]
    first = store.execute("SELECT head FROM inspections WHERE uuid = ?", (uuid,)).fetchone()[0]
    ops.save(store, insp.with_answer(item, Answer(old.value, "复核补充", "立即整改", "2009-12-20")),
             reason="复核后补充整改要求")
    return uuid, first, item


def test_history_lists_revisions_and_compares_them(demo_store, qtbot, capsys):
    uuid, first, item = revised(demo_store)
    _, revisions = ops.revision_history(demo_store, uuid[:8])
    raw = demo_store.execute("SELECT id, author, device_id, reason FROM revisions WHERE inspection_uuid = ? "
                             "ORDER BY created_at, rowid", (uuid,)).fetchall()
    assert [(r.id, r.author, r.device_id, r.reason) for r in revisions] == [tuple(x) for x in raw]
    assert [r.action for r in revisions] == [None, "revise"] and revisions[-1].head
    _, old, new, changes = ops.compare_revisions(demo_store, uuid, first[:6], revisions[-1].id[:6])
    assert [(c.item, c.fields) for c in changes] == [
        (item, {"note": ("", "复核补充"), "rectification": ("", "立即整改"), "deadline": ("", "2009-12-20")})]

    db = str(demo_store.path)
    assert main(["--db", db, "inspections", "history", uuid[:8], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [r["revision"] for r in shown["revisions"]] == [r.id for r in revisions]
    assert shown["revisions"][-1]["reason"] == "复核后补充整改要求"
    assert main(["--db", db, "inspections", "history", uuid[:8], "--compare", first[:6], new[:6], "--json"]) == 0
    compared = json.loads(capsys.readouterr().out)
    assert compared["changes"][0]["fields"]["deadline"] == {"old": "", "new": "2009-12-20"}
    assert main(["--db", db, "inspections", "history", uuid[:8], "--compare", "zz", new[:6]]) == 1
    assert capsys.readouterr().err.startswith("qinspect: ")

    window = show_active(qtbot, MainWindow(demo_store))
    window.open_inspection(uuid)
    seen = []
    qtbot.addWidget(window)
    HistoryDialog.exec = lambda self: seen.append(self) or 0
    try:
        qtbot.keyClick(window.current_editor(), Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    finally:
        del HistoryDialog.exec
    dialog = seen[0]
    assert dialog.revision_table.rowCount() == 2
    assert dialog.revision_table.item(1, 5).text() == "复核后补充整改要求"
    assert dialog.change_table.rowCount() == 3
    assert {dialog.change_table.item(r, 3).text() for r in range(3)} == {"复核补充", "立即整改", "2009-12-20"}


def test_checklist_versions_install_validates_and_compares(store, qtbot, tmp_path):
    dialog = ChecklistVersionsDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.version_table.rowCount() == store.execute("SELECT count(*) FROM checklists").fetchone()[0]
    assert dialog.old_combo.currentText().partition("@")[0] == dialog.new_combo.currentText().partition("@")[0]
    dialog.old_combo.setCurrentText("township-assessment@2008")
    dialog.new_combo.setCurrentText("township-assessment@2009")
    added = dialog.diff_tree.topLevelItem(0)
    assert {"B03", "B04", "E01"} <= {added.child(n).text(0) for n in range(added.childCount())}

    source = resource("checklists", "village-network-2009.toml").read_text(encoding="utf-8")
    good = tmp_path / "village-network-2010.toml"
    good.write_text(source.replace('version = "2009"', 'version = "2010"', 1), encoding="utf-8")
    bad = tmp_path / "broken.toml"
    bad.write_text(source.replace('version = "2009"', 'version = "2011"', 1).replace("points = ", "points = -", 1),
                   encoding="utf-8")
    before = store.execute("SELECT count(*) FROM checklists").fetchone()[0]
    dialog.install_files([good, bad])
    assert not dialog.problem_table.isHidden() and dialog.problem_table.rowCount() >= 1
    assert dialog.problem_table.item(0, 0).text() == "broken.toml" and dialog.problem_table.item(0, 3).text()
    assert store.execute("SELECT count(*) FROM checklists").fetchone()[0] == before  # none installed
    dialog.install_files([good])
    assert store.execute("SELECT count(*) FROM checklists WHERE id = 'village-network' AND version = '2010'"
                         ).fetchone()[0] == 1
    assert dialog.new_combo.currentText() == "village-network@2010"
    assert "相同" in dialog.summary.text()


@pytest.mark.parametrize("view", help_pages.VIEWS)
def test_every_help_page_is_shipped_in_both_languages(view):
    for language in ("zh_CN", "en"):
        text = help_pages.page(view, language)
        assert "<h2>" in text and ("帮助" in text or len(text) > 200)


def test_f1_opens_the_help_of_the_current_view(demo_store, qtbot, monkeypatch):
    window = show_active(qtbot, MainWindow(demo_store))
    shown = []
    monkeypatch.setattr(help_pages.HelpDialog, "exec", lambda self: shown.append(self.view) or 0)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F1)
    uuid = demo_store.execute("SELECT uuid FROM inspections LIMIT 1").fetchone()[0]
    window.open_inspection(uuid)
    window.current_editor().setFocus()
    qtbot.keyClick(window.current_editor(), Qt.Key.Key_F1)
    assert shown == ["list", "editor"]


def test_refusals_are_translated_line_by_line():
    refusal = ImportRefused("results.xlsx", [CellProblem(3, "电话", "“12”不是电话号码"), CellProblem(4, "", "检查人不能为空")])
    assert english(str(refusal)).split("\n") == [
        "File results.xlsx was not imported and nothing was written: 2 problems found.",
        "row 3, column 电话: “12” is not a phone number.", "row 4: the inspector is empty"]
    assert english("这个数据包是本机导出的，不需要导入到本机。").startswith("This bundle was exported by this computer")
    assert english("一句表里没有的话。") == "一句表里没有的话。"
