"""The settings dialog: language and backups go to the user's preferences, the PDF font to the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from qinspect.paths import resource
from qinspect.reports import fonts
from qinspect.ui import errors, preferences, settings
from qinspect.ui.settings import SettingsDialog
from tests.gui.shell import show_active


# A system font, not the shipped one: the report module registers fonts once per process by path.
SYSTEM_CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


@pytest.mark.skipif(not SYSTEM_CJK_FONT.exists(), reason="fonts-wqy-zenhei is not installed")
def test_settings_persist_language_font_and_backups(qtbot, store, qinspect_home):
    font = str(SYSTEM_CJK_FONT)
    dialog = show_active(qtbot, SettingsDialog(store))
    assert dialog.database_path.text() == str(store.path)
    assert dialog.language.currentData() == "zh_CN"
    dialog.language.setFocus()
    qtbot.keyClick(dialog.language, Qt.Key.Key_Down)
    assert dialog.language.currentText() == "English"
    dialog.pdf_font.setFocus()
    qtbot.keyClicks(dialog.pdf_font, font)
    dialog.backup_on_start.setChecked(True)
    dialog.backups_kept.setValue(3)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.pdf_font, Qt.Key.Key_Return)

    assert preferences.language() == "en"
    assert preferences.backup_on_start() and preferences.backups_kept() == 3
    assert (qinspect_home / "qinspect.ini").exists()
    assert store.setting(fonts.SETTING) == font

    again = show_active(qtbot, SettingsDialog(store))
    assert again.language.currentData() == "en"
    assert again.pdf_font.text() == font
    assert again.backup_on_start.isChecked() and again.backups_kept.value() == 3


def test_a_font_without_chinese_is_refused_and_nothing_kept(qtbot, store, monkeypatch):
    shown = []
    monkeypatch.setattr(errors.QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    dialog = show_active(qtbot, SettingsDialog(store))
    dialog.pdf_font.setText(str(resource("fonts", "DejaVuSansCondensed.ttf")))
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.accept()
    assert len(shown) == 1 and "不含中文字形" in shown[0]
    assert dialog.isVisible()
    assert store.setting(fonts.SETTING) is None
    assert preferences.language() == "zh_CN"


def test_backup_now_writes_a_copy_beside_the_database(qtbot, store, monkeypatch):
    told = []
    monkeypatch.setattr(settings.QMessageBox, "information", lambda parent, title, text: told.append(text))
    dialog = show_active(qtbot, SettingsDialog(store))
    dialog.backup_now()
    copies = list(store.path.parent.glob(f"{store.path.stem}.*.manual.bak.db"))
    assert len(copies) == 1 and str(copies[0]) in told[0]
