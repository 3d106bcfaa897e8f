"""Starting the window: the screenshot command, backups on start, and the English translation."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QImage

from qinspect import cli
from qinspect.paths import asset, resource
from qinspect.ui import app
from qinspect.ui.main_window import MainWindow

TS = resource("translations", "qinspect_en.ts")
QM = resource("translations", "qinspect_en.qm")


def test_screenshot_command_writes_a_png_of_the_window(small_demo_db, tmp_path, qinspect_home):
    db = tmp_path / "demo.db"
    shutil.copy(small_demo_db, db)
    png = tmp_path / "shot.png"
    assert cli.main(["--db", str(db), "gui", "--screenshot", str(png)]) == 0
    image = QImage(str(png))
    assert not image.isNull() and (image.width(), image.height()) == (1440, 860)
    assert png.stat().st_size < 400_000
    # Nothing of the screenshot is remembered as the user's layout.
    assert not (qinspect_home / "qinspect.ini").exists()


def test_a_screenshot_needs_no_display(small_demo_db, tmp_path, qinspect_home):
    import os
    db = tmp_path / "demo.db"
    shutil.copy(small_demo_db, db)
    png = tmp_path / "shot.png"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    done = subprocess.run([sys.executable, "-m", "qinspect", "--db", str(db), "gui", "--screenshot", str(png)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert not QImage(str(png)).isNull()


# What a start of the window must not import (docs/benchmarks.md, "Opening the window on the decade").
NOT_AT_START = ("sqlite_utils", "cryptography", "PIL", "reportlab", "openpyxl", "qinspect.ui.charts")


def test_opening_the_window_imports_none_of_the_heavy_libraries(small_demo_db, tmp_path, qinspect_home):
    db = tmp_path / "demo.db"
    shutil.copy(small_demo_db, db)
    code = ("import sys; from qinspect import cli; "
            f"rc = cli.main(['--db', {str(db)!r}, 'gui', '--screenshot', {str(tmp_path / 'shot.png')!r}]); "
            f"print(' '.join(m for m in {NOT_AT_START!r} if m in sys.modules)); sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []
    assert (tmp_path / "shot.png").exists()


def test_a_supervisor_tab_is_built_when_first_shown(qtbot, demo_store):
    from qinspect.ui.year_view import YearView
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    assert window.tabs.tabText(1) == "年度考核" and not isinstance(window.tabs.widget(1), YearView)
    window.tabs.setCurrentIndex(1)
    view = window.tabs.currentWidget()
    assert isinstance(view, YearView) and view is window.year_view
    assert window.tabs.tabText(1) == "年度考核" and window.tabs.count() == 4
    assert window.tabs.tabBar().tabButton(1, window.tabs.tabBar().ButtonPosition.RightSide) is None


def test_the_database_is_opened_off_the_ui_thread(small_demo_db, tmp_path, monkeypatch):
    # Opening runs the migrations and the backup before them: minutes on a 2 GB file.
    import threading

    from qinspect.operations import database
    from qinspect.ui import tasks

    db = tmp_path / "demo.db"
    shutil.copy(small_demo_db, db)
    opened_on = []
    real_open = database.open_database
    monkeypatch.setattr(database, "open_database",
                        lambda path: opened_on.append(threading.current_thread()) or real_open(path))
    tasks.set_pool(None)  # the real thread pool, as the program runs
    try:
        assert cli.main(["--db", str(db), "gui", "--screenshot", str(tmp_path / "shot.png")]) == 0
    finally:
        tasks.set_pool(tasks.InlinePool())
    assert len(opened_on) == 1 and opened_on[0] is not threading.main_thread()
    assert (tmp_path / "shot.png").exists()


def test_screenshot_of_a_locked_database_is_refused_with_exit_1(demo_store, tmp_path, capsys):
    assert cli.main(["--db", str(demo_store.path), "gui", "--screenshot", str(tmp_path / "x.png")]) == 1
    assert "正被另一个 qinspect 打开" in capsys.readouterr().err


def test_a_cjk_font_is_used(qapp):
    assert app.use_cjk_font(qapp) in app.CJK_FAMILIES
    assert len(qapp.font().families()) == 2


@pytest.fixture
def english(qapp):
    app.apply_language(qapp, "en")
    yield
    app.apply_language(qapp, "zh_CN")


def test_english_translation_changes_the_visible_labels(qtbot, demo_store, english):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    assert window.tabs.tabText(0) == "Inspections"
    assert window.filters.search_edit.placeholderText().startswith("Search")
    new = window.ui.findChild(QAction, "actionNewInspection")
    assert new.text() == "New Inspection…"
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "Date"
    total = demo_store.execute("SELECT count(*) FROM inspections").fetchone()[0]
    assert window.list_count.text() == f"{total} inspections"


def _messages(ts: Path) -> dict[tuple[str, str], str | None]:
    """(context, source) -> the finished translation, or None when missing or unfinished."""
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            done = translation is not None and translation.get("type") is None and (translation.text or "")
            found[(name, message.findtext("source"))] = done or None
    return found


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def test_every_ui_string_has_an_english_translation(tmp_path):
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in [*asset("qinspect", "ui").glob("*.py"), *asset("forms").glob("*.ui")])
    subprocess.run([_tool("pyside6-lupdate"), *sources, "-source-language", "zh_CN", "-target-language", "en",
                    "-ts", str(fresh)], check=True, capture_output=True)
    wanted = set(_messages(fresh))
    shipped = _messages(TS)
    missing = sorted(key for key in wanted if not shipped.get(key))
    assert not missing, f"untranslated (run the steps in {TS.parent / 'README.md'}): {missing[:10]}"


def test_the_qm_file_is_built_from_the_ts_file(tmp_path):
    built = tmp_path / "built.qm"
    subprocess.run([_tool("pyside6-lrelease"), str(TS), "-qm", str(built)], check=True, capture_output=True)
    assert built.read_bytes() == QM.read_bytes()
