"""The one place the window shows errors a user can cause: a message box with the sentence.

Wrap a slot's work in `with user_errors(parent):`, or call `show_error(parent, exc)` where the
error is already caught. Anything that is not a QInspectError is a bug and is left to rise.
The sentence is shown in the window's language (ui/error_text.py translates it for English).
"""

from __future__ import annotations

import contextlib
from typing import Iterator

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from qinspect.errors import QInspectError
from qinspect.ui.error_text import in_language
from qinspect.ui.tasks import Cancelled


def show_error(parent: QWidget | None, exc: QInspectError) -> None:
    title = QCoreApplication.translate("Errors", "qinspect")
    if isinstance(exc, Cancelled):
        QMessageBox.information(parent, title, in_language(str(exc)))
    else:
        QMessageBox.warning(parent, title, in_language(str(exc)))


@contextlib.contextmanager
def user_errors(parent: QWidget | None) -> Iterator[None]:
    try:
        yield
    except QInspectError as e:
        show_error(parent, e)
