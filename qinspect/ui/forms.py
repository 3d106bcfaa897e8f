"""Loads the Qt Designer files of forms/ at run time (as Anki, Picard and Vorta keep theirs).

`load_form("first_run", parent)` returns the widget built from forms/first_run.ui; its named
children are found with `widget.findChild(Type, "objectName")`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QVBoxLayout, QWidget

from qinspect.paths import asset

_loader: QUiLoader | None = None


def form_path(name: str):
    return asset("forms", f"{name}.ui")


def plain_loader() -> QUiLoader:
    """A loader of Qt's own widgets only. QUiLoader's constructor loads every Designer plugin under
    the library paths at once (the Quick widget plugin pulls in Qml and Quick: ~8 ms of each start);
    the forms use none, so the paths are hidden from it while it is built."""
    paths = QCoreApplication.libraryPaths()
    QCoreApplication.setLibraryPaths([])
    try:
        return QUiLoader()
    finally:
        QCoreApplication.setLibraryPaths(paths)


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    global _loader
    if _loader is None:
        _loader = plain_loader()
    path = form_path(name)
    fh = QFile(str(path))
    if not fh.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"form {path} is missing from this installation")
    try:
        widget = _loader.load(fh, parent)
    finally:
        fh.close()
    if widget is None:
        raise RuntimeError(f"form {path} could not be loaded: {_loader.errorString()}")
    return widget


def embed_form(host: QWidget, name: str, *, flush: bool = True) -> QWidget:
    """Load forms/<name>.ui as the whole content of `host` (a dialog); `flush` drops the margins."""
    form = load_form(name, host)
    layout = QVBoxLayout(host)
    if flush:
        layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(form)
    return form
