"""The settings kept in the database (not the window's preferences): the PDF font.

The font is the one the printed sheets embed (`qinspect.reports.fonts.SETTING`), so the window
and the command line print alike; a file is tried before it is kept.
"""

from __future__ import annotations

from qinspect.operations.changes import SETTINGS, changes
from qinspect.reports import fonts
from qinspect.store.db import Store


def pdf_font(store: Store) -> str:
    return store.setting(fonts.SETTING) or ""


@changes(SETTINGS)
def set_pdf_font(store: Store, path: str) -> None:
    """Keep `path` as the PDF font (refused, saying why, unless it is a CJK TrueType font); "" goes
    back to the shipped font."""
    path = path.strip()
    if path:
        fonts.register(path)
    with store.atomic():
        if path:
            store.set_setting(fonts.SETTING, path)
        else:
            store.clear_setting(fonts.SETTING)
