"""What an operation changes, declared once on it, so the window announces it once.

`@changes(INSPECTIONS)` on an operation tells the window's runner (ui/tasks.py) which views
to refresh after the operation succeeds; no dialog calls `notify` by hand.
"""

from __future__ import annotations

from typing import Callable, TypeVar

INSPECTIONS = "inspections"
REGISTERS = "registers"
CHECKLISTS = "checklists"
DEVICES = "devices"
SETTINGS = "settings"

F = TypeVar("F", bound=Callable)


def changes(*what: str) -> Callable[[F], F]:
    def mark(operation: F) -> F:
        operation.changes = what  # type: ignore[attr-defined]
        return operation
    return mark


def changes_of(operation: Callable) -> tuple[str, ...]:
    return getattr(operation, "changes", ())
