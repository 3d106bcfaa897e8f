"""The year view on the small demo: its numbers are `qinspect score`'s, the workflow buttons, opening, export."""

from __future__ import annotations

import csv
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from qinspect.cli import main
from qinspect.domain.checklist import CATEGORIES
from qinspect.store import audit
from qinspect.ui.main_window import MainWindow
from qinspect.ui.year_view import UUID_ROLE, YearRankingModel
from tests.gui.shell import show_active

YEAR = 2009  # the small demo's 2009 has confirmed, scored, submitted and draft assessments


def score_json(capsys, store, year):
    store.conn.commit()
    assert main(["--db", str(store.path), "score", "--year", str(year), "--json"]) == 0
    return json.loads(capsys.readouterr().out)["townships"]


def state_of(store, township):
    return store.execute("SELECT a.state FROM assessments a JOIN townships t ON t.id = a.township_id "
                         "WHERE a.year = ? AND t.name = ?", (YEAR, township)).fetchone()[0]


@pytest.fixture
def window(qtbot, demo_store):
    w = show_active(qtbot, MainWindow(demo_store))
    w.tabs.setCurrentWidget(w.year_view)
    w.year_view.year_box.setCurrentIndex(w.year_view.year_box.findData(YEAR))
    return w


def row_of(view, township):
    return next(n for n, s in enumerate(view.model.rows) if s.township == township)


def test_model_shows_what_score_json_says(capsys, demo_store):
    model = YearRankingModel(demo_store)  # no widget: the model alone
    model.load(YEAR)
    expected = score_json(capsys, demo_store, YEAR)
    n = len(CATEGORIES)
    assert model.rowCount() == len(expected)
    for row, want in enumerate(expected):
        cell = [model.index(row, c).data() for c in range(model.columnCount())]
        assert cell[0] == (str(want["rank"]) if want["rank"] is not None else "未排名")
        assert (cell[1], cell[2]) == (want["township"], want["county"])
        assert cell[3:3 + n] == [f"{v:.2f}" for v in want["categories"].values()]
        assert cell[3 + n:3 + n + 2] == [f"{want['bonus']:.2f}", f"{want['total']:.2f}"]
        assert cell[3 + n + 2].startswith(want["grade"])
        assert cell[3 + n + 3] == ("是" if want["eligible"] else "否")
        assert model.index(row, 0).data(UUID_ROLE) == want["inspection"]
    states = [w["state"] for w in expected]
    assert {"draft", "submitted"} <= set(states) and {"scored", "confirmed"} <= set(states)


def test_sorting_keeps_the_unranked_below_and_greyed(demo_store):
    model = YearRankingModel(demo_store)
    model.load(YEAR)
    total_column = 3 + len(CATEGORIES) + 1
    model.sort(total_column, Qt.SortOrder.AscendingOrder)
    ranked = [s.ranked for s in model.rows]
    assert ranked == sorted(ranked, reverse=True)  # every ranked entry before every unranked one
    totals = [s.result.total for s in model.rows if s.ranked]
    assert totals == sorted(totals)
    last = model.rowCount() - 1
    assert model.index(last, 0).data() == "未排名"
    assert model.index(last, 1).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_county_and_text_filter(demo_store):
    model = YearRankingModel(demo_store)
    model.load(YEAR)
    everyone = list(model.rows)
    county = everyone[0].county
    model.load(YEAR, county)
    assert model.rows and {s.county for s in model.rows} == {county}
    assert len(model.rows) == sum(1 for s in everyone if s.county == county)
    model.load(YEAR)
    model.set_text(everyone[-1].township)
    assert [s.township for s in model.rows] == [everyone[-1].township]


def test_workflow_buttons_step_the_assessment(window, demo_store, qtbot, monkeypatch):
    view = window.year_view
    submitted = next(s.township for s in view.model.rows if s.state == "submitted")
    view.table.selectRow(row_of(view, submitted))
    qtbot.mouseClick(view.buttons["score"], Qt.MouseButton.LeftButton)
    assert state_of(demo_store, submitted) == "scored"
    assert view.model.rows[row_of(view, submitted)].ranked  # the view reloaded: now ranked

    view.table.selectRow(row_of(view, submitted))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("材料不全，请补充", True))
    qtbot.mouseClick(view.buttons["back"], Qt.MouseButton.LeftButton)
    assert state_of(demo_store, submitted) == "submitted"
    uuid = demo_store.execute("SELECT uuid FROM townships WHERE name = ?", (submitted,)).fetchone()[0]
    last = audit.entries(demo_store, "assessment", f"{YEAR}/{uuid}")[-1]
    assert "材料不全，请补充" in last["detail"]


def test_double_click_opens_the_assessment(window, qtbot):
    view = window.year_view
    row = 0
    rect = view.table.visualRect(view.model.index(row, 1))
    assert view.model.rows[row].rank == 1  # shown by rank, best first
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.editors.get(window.tabs.currentWidget()) == view.model.rows[row].inspection


def test_export_csv_writes_the_ranking(window, demo_store, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "scores.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV 文件 (*.csv)"))
    monkeypatch.setattr("qinspect.ui.year_view.QMessageBox.information", lambda *a, **k: None)
    qtbot.mouseClick(window.year_view.buttons["export"], Qt.MouseButton.LeftButton)
    rows = list(csv.reader(target.open(encoding="utf-8-sig")))
    ranked = [s for s in window.year_view.model.rows if s.ranked]
    assert [r[2] for r in rows[1:]] == [s.township for s in ranked]
