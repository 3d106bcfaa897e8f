"""The dashboard tab on the small demo: the charts show the chosen year, follow a change, save as PNG."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from qinspect.domain.assessments import CONFIRMED
from qinspect.errors import InvalidInput
from qinspect.operations import assessments
from qinspect.ui.main_window import MainWindow
from qinspect.ui.signals import INSPECTIONS, notify
from tests.gui.shell import show_active


@pytest.fixture
def window(qtbot, demo_store):
    w = show_active(qtbot, MainWindow(demo_store, remember_layout=False))
    w.resize(1440, 860)
    w.tabs.setCurrentWidget(w.dashboard)
    return w


def pick_year(view, year: int) -> None:
    view.year_combo.setCurrentIndex(view.year_combo.findData(year))


def ranked_totals(store, year):
    return sorted(store.execute("SELECT t.name, i.total FROM assessments a JOIN townships t ON t.id = a.township_id "
                                "JOIN inspections i ON i.uuid = a.inspection_uuid "
                                "WHERE a.year = ? AND a.state IN ('scored', 'confirmed')", (year,)).fetchall())


def test_the_charts_show_the_chosen_year(window, demo_store):
    view = window.dashboard
    assert [view.year_combo.itemData(i) for i in range(view.year_combo.count())] == [2009, 2008]
    for year in (2008, 2009):
        pick_year(view, year)
        totals = view.totals.series[0].values
        assert sorted(zip(view.totals.categories, totals)) == ranked_totals(demo_store, year)
        assert view.totals.line[0] == 85 and "85" in view.totals.line[1]
        months = dict(demo_store.execute("SELECT CAST(strftime('%m', date) AS INTEGER), count(*) FROM inspections "
                                         "WHERE strftime('%Y', date) = ? GROUP BY 1", (str(year),)).fetchall())
        assert view.months.series[0].values == [months.get(m, 0) for m in range(1, 13)]
        assert [s.name for s in view.taking_part.series] == [f"{year - 1} 年", f"{year} 年"]
        assert view.categories.stacked and len(view.categories.series) == 5
        for chart in view.charts:
            image = chart.grab().toImage()
            assert not image.isNull() and image.width() > 300
            # something besides the white background was drawn: the title at least
            assert any(image.pixelColor(x, y).lightness() < 128 for x in range(0, 200, 2) for y in range(0, 30))
    assert view.year_combo.currentData() == 2009 and len(view.totals.categories) == len(ranked_totals(demo_store, 2009))


def test_a_newly_scored_township_enters_the_totals_chart(qtbot, window, demo_store):
    view = window.dashboard
    pick_year(view, 2009)
    before = list(view.totals.categories)
    waiting = [r for r in assessments.listing(demo_store, 2009) if r["state"] == "submitted"][0]
    assessments.score(demo_store, waiting["township"], 2009)
    notify(INSPECTIONS)  # what the window's runner announces after the step
    qtbot.waitUntil(lambda: waiting["township"] in view.totals.categories)
    assert len(view.totals.categories) == len(before) + 1
    assert demo_store.execute("SELECT count(*) FROM assessments WHERE year = 2009 AND state IN ('scored', ?)",
                              (CONFIRMED,)).fetchone()[0] == len(view.totals.categories)


def test_a_chart_saves_as_a_valid_png(window, tmp_path):
    folder = tmp_path / "图表"
    folder.mkdir()
    path = window.dashboard.totals.save_png(folder / "排名.png")
    image = QImage(str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not image.isNull() and image.size() == window.dashboard.totals.size()
    assert [p.name for p in folder.iterdir()] == ["排名.png"]  # no temporary file left behind
    with pytest.raises(InvalidInput, match="不存在"):
        window.dashboard.totals.save_png(tmp_path / "没有这个文件夹" / "排名.png")
