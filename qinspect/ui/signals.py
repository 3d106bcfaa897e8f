"""The one "what changed" signal: every write announces it, every view decides whether to refresh.

As in Anki, dialogs never refresh other views by hand. After a write succeeds, call
`notify(INSPECTIONS)` (or REGISTERS, CHECKLISTS, DEVICES, SETTINGS); views connect to
`changes().changed` and reload what depends on that kind of data.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

INSPECTIONS = "inspections"
REGISTERS = "registers"
CHECKLISTS = "checklists"
DEVICES = "devices"
SETTINGS = "settings"


class Changes(QObject):
    changed = Signal(str)  # one of the names above


_changes: Changes | None = None


def changes() -> Changes:
    global _changes
    if _changes is None:
        _changes = Changes()
    return _changes


def notify(*what: str) -> None:
    for name in what:
        changes().changed.emit(name)
