"""The one place the window shows errors a user can cause: a message box with the sentence.

Wrap a slot's work in `with user_errors(parent):`, or call `show_error(parent, exc)` where the
error is already caught. Anything that is not a QInspectError is a bug and is left to rise.
"""

from __future__ import annotations

import contextlib
from typing import Iterator

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from qinspect.errors import QInspectError
from qinspect.ui.tasks import Cancelled


def show_error(parent: QWidget | None, exc: QInspectError) -> None:
    title = QCoreApplication.translate("Errors", "qinspect")
    if isinstance(exc, Cancelled):
        QMessageBox.information(parent, title, str(exc))
    else:
        QMessageBox.warning(parent, title, str(exc))


@contextlib.contextmanager
def user_errors(parent: QWidget | None) -> Iterator[None]:
    try:
        yield
    except QInspectError as e:
        show_error(parent, e)
