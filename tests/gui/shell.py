"""Helpers the window tests share: showing a window as the active one, typing as a person would."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def show_active(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type into a widget as a person would: ASCII as key presses, Chinese through the input method."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def key(qtbot, k=None, text: str | None = None) -> None:
    """Press a key, or type text, wherever the keyboard focus is (Chinese through the input method)."""
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    if text is not None:
        type_text(qtbot, widget, text)
    else:
        qtbot.keyClick(widget, k)
