"""The editor's undo steps: one QUndoCommand per answer change, keystrokes in one text field merged."""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QUndoCommand

from qinspect.domain.records import Answer
from qinspect.ui.editor_rows import TEXT_FIELDS


class AnswerCommand(QUndoCommand):
    """Answers of one or more items changed from `old` to `new`: one step of undo."""

    MERGE_ID = 3301

    def __init__(self, apply: Callable[[dict[str, Answer], bool], None], changes: dict[str, tuple[Answer, Answer]],
                 text: str, field: str = ""):
        super().__init__(text)
        self.apply = apply  # the editor's: show these answers, revealing the item when asked
        self.changes = changes
        self.field = field
        self._pushed = False

    def id(self) -> int:
        # Keystrokes in one text field merge into one step; any other change stands alone.
        return self.MERGE_ID if self.field in TEXT_FIELDS and len(self.changes) == 1 else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, AnswerCommand) or other.field != self.field or other.changes.keys() != self.changes.keys():
            return False
        (item_id, (old, _)), = self.changes.items()
        self.changes = {item_id: (old, other.changes[item_id][1])}
        return True

    def redo(self) -> None:
        self.apply({k: new for k, (_, new) in self.changes.items()}, reveal=self._pushed)
        self._pushed = True

    def undo(self) -> None:
        self.apply({k: old for k, (old, _) in self.changes.items()}, reveal=True)
