"""Where qinspect keeps and finds its files: the user data dir, the database, shipped assets.

The one path helper: the data dir comes from platformdirs (QINSPECT_HOME overrides it, for
tests and portable installs); assets are found in a checkout and in a frozen build alike.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "qinspect"


def data_dir() -> Path:
    home = os.environ.get("QINSPECT_HOME")
    if home:
        path = Path(home)
    else:  # imported here: a start with --db never needs it (platformdirs costs ~10 ms to import)
        import platformdirs
        path = Path(platformdirs.user_data_dir(APP, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    env = os.environ.get("QINSPECT_DB")
    return Path(env) if env else data_dir() / "qinspect.db"


def asset_root() -> Path:
    """The folder holding resources/ and forms/: PyInstaller's _MEIPASS when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def asset(*parts: str) -> Path:
    return asset_root().joinpath(*parts)


def resource(*parts: str) -> Path:
    return asset("resources", *parts)


def shipped_checklists() -> list[Path]:
    return sorted(resource("checklists").glob("*.toml"))
