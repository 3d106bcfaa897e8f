"""The one "what changed" signal: every write announces it, every view decides whether to refresh.

As in Anki, dialogs never refresh other views by hand. The runner (ui/tasks.py) calls
`notify(...)` once after an operation succeeds, with the names the operation declares
(qinspect/operations/changes.py); views connect to `changes().changed` and reload what
depends on that kind of data. `busy()` says a job is running on another thread: views then
serve the rows they already have instead of querying (Anki's `_block_updates`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from qinspect.operations.changes import CHECKLISTS, DEVICES, INSPECTIONS, REGISTERS, SETTINGS

__all__ = ["CHECKLISTS", "DEVICES", "INSPECTIONS", "REGISTERS", "SETTINGS", "busy", "changes", "notify"]


class Changes(QObject):
    changed = Signal(str)  # one of the names above
    busy = Signal(bool)  # True while a job runs off the UI thread


_changes: Changes | None = None


def changes() -> Changes:
    global _changes
    if _changes is None:
        _changes = Changes()
    return _changes


def busy():
    """The signal the runner emits around a job: True when it starts, False when it ends."""
    return changes().busy


def notify(*what: str) -> None:
    for name in what:
        changes().changed.emit(name)
