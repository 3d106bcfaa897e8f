"""Preferences of the person at this laptop rather than of a database: language, window layout,
backups on start. Kept in an ini file in the user data dir (QINSPECT_HOME in tests), so they
follow the user across databases and never touch ~/.config.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from qinspect.paths import data_dir

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
DEFAULT_BACKUPS_KEPT = 5


def preferences() -> QSettings:
    return QSettings(str(data_dir() / "qinspect.ini"), QSettings.Format.IniFormat)


def language() -> str:
    value = preferences().value("language", DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def backup_on_start() -> bool:
    return _bool(preferences().value("backup_on_start", False))


def backups_kept() -> int:
    try:
        return max(1, int(preferences().value("backups_kept", DEFAULT_BACKUPS_KEPT)))
    except (TypeError, ValueError):
        return DEFAULT_BACKUPS_KEPT


def _bool(value) -> bool:
    # QSettings hands ini values back as strings.
    return value is True or str(value).lower() in ("true", "1")
