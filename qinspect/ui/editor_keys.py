"""The editor's keyboard: typing paper results without the mouse.

A digit picks a choice or tier, Enter goes to the next unanswered item, Tab / Shift+Tab and
Up / Down move between items and their fields (Tab from a failed item's answer goes on to its
整改要求 and 整改期限), F2 opens the note, Escape goes back to the answer, Delete clears it, N
marks a quantity "not applicable". `ItemKeys` filters the key presses of each row's widgets
and moves the editor's focus; F2 is claimed from the window's menu shortcuts (编辑所选) while
a row has the focus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QPlainTextEdit

from qinspect.ui.editor_rows import ChoiceRow, CountRow, ItemRow, QuantityRow

if TYPE_CHECKING:
    from qinspect.ui.editor import InspectionEditor

_NAV_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return,
             Qt.Key.Key_Enter, Qt.Key.Key_F2, Qt.Key.Key_Escape, Qt.Key.Key_Delete, Qt.Key.Key_N}


class ItemKeys(QObject):
    def __init__(self, editor: "InspectionEditor"):
        super().__init__(editor)
        self.editor = editor
        self._widgets: dict[QObject, tuple[int, bool]] = {}  # widget -> (row index, is a detail field)

    def watch(self, row: ItemRow) -> None:
        """Filter the keys of a row's answer and note."""
        index = self.editor.row_index(row.item.id)
        for widget, detail in ((row.primary(), False), (row.note, True)):
            widget.installEventFilter(self)
            self._widgets[widget] = (index, detail)

    def watch_details(self, row: ItemRow) -> None:
        """Filter the keys of the rectification fields, once a row has made them."""
        index = self.editor.row_index(row.item.id)
        for widget in (row.rectification, row.deadline):
            widget.installEventFilter(self)
            self._widgets[widget] = (index, True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and watched in self._widgets and event.key() == Qt.Key.Key_F2:
            event.accept()  # the key press comes to the row, not to a window shortcut
            return True
        if event.type() != QEvent.Type.KeyPress or watched not in self._widgets:
            return super().eventFilter(watched, event)
        index, detail = self._widgets[watched]
        editor = self.editor
        row = editor.rows[index]
        key, mods = event.key(), event.modifiers()
        plain = not (mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                             | Qt.KeyboardModifier.ShiftModifier))
        if not detail and isinstance(row, ChoiceRow) and plain:
            digit = event.text()
            if len(digit) == 1 and "1" <= digit <= "9":
                row.choose(int(digit) - 1)
                return True
        if key not in _NAV_KEYS:
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if isinstance(watched, QPlainTextEdit) and mods & Qt.KeyboardModifier.ShiftModifier:
                return False  # a new line in the text
            row.commit()
            editor.next_unanswered(index)
            return True
        details = row.details()
        position = details.index(watched) if detail and watched in details else -1
        if key == Qt.Key.Key_Backtab or (key == Qt.Key.Key_Tab and mods & Qt.KeyboardModifier.ShiftModifier):
            row.commit()
            if position > 0:
                details[position - 1].setFocus(Qt.FocusReason.BacktabFocusReason)
            elif detail:
                editor.focus_primary(row)
            elif index > 0:
                editor.focus_item(index - 1)
            else:
                return False
            return True
        if key == Qt.Key.Key_Tab and plain:
            row.commit()
            if not detail and len(details) > 1:  # a failed item: on to its rectification
                details[1].setFocus(Qt.FocusReason.TabFocusReason)
            elif 0 <= position < len(details) - 1:
                details[position + 1].setFocus(Qt.FocusReason.TabFocusReason)
            elif index < len(editor.rows) - 1:
                editor.focus_item(index + 1)
            else:
                editor.focus_buttons()
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and plain:
            if isinstance(watched, QPlainTextEdit) and not self._cursor_at_edge(watched, key):
                return False
            row.commit()
            target = index - 1 if key == Qt.Key.Key_Up else index + 1
            if 0 <= target < len(editor.rows):
                editor.focus_item(target)
            return True
        if key == Qt.Key.Key_F2:
            row.commit()
            row.note.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        if key == Qt.Key.Key_Escape and detail:
            editor.focus_primary(row)
            return True
        if not detail and key == Qt.Key.Key_Delete and isinstance(row, (ChoiceRow, CountRow)):
            row.clear_value()
            return True
        if not detail and key == Qt.Key.Key_N and plain and isinstance(row, (QuantityRow, CountRow)):
            return row.toggle_na()
        return False

    @staticmethod
    def _cursor_at_edge(edit: QPlainTextEdit, key: int) -> bool:
        block = edit.textCursor().block().blockNumber()
        return block == 0 if key == Qt.Key.Key_Up else block == edit.document().blockCount() - 1
