"""F1: a short help for the view in front of the person, from resources/help/<view>.<language>.html.

One key filter on the application picks the page by the active window (the main window's list
or an editor tab, the conflicts, import and print-preview dialogs), so no dialog needs its own
F1 wiring. The pages are shipped resources (build_installer.spec collects resources/); English
pages are shown when the window's language is English, else the Chinese ones.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from qinspect.errors import InvalidInput
from qinspect.paths import resource
from qinspect.ui import preferences

VIEWS = ("list", "editor", "conflicts", "imports", "printing")


def page_path(view: str, language: str):
    lang = "en" if language == "en" else "zh_CN"
    return resource("help", f"{view}.{lang}.html")


def page(view: str, language: str | None = None) -> str:
    path = page_path(view, language or preferences.language())
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        raise InvalidInput(f"帮助文件 {path.name} 不在本机的安装中，请重新安装 qinspect。") from None


def view_of(window: QWidget | None) -> str:
    """Which help page the window in front of the person is about."""
    # Imported here: these modules build the windows that import this one.
    from qinspect.ui.bundles import ConflictsDialog
    from qinspect.ui.import_preview import ImportPreviewDialog
    from qinspect.ui.main_window import MainWindow
    from qinspect.ui.printing import PrintPreviewDialog

    if isinstance(window, MainWindow):
        return "editor" if window.current_editor() is not None else "list"
    if isinstance(window, ConflictsDialog):
        return "conflicts"
    if isinstance(window, ImportPreviewDialog):
        return "imports"
    if isinstance(window, PrintPreviewDialog):
        return "printing"
    parent = window.parentWidget() if window is not None else None
    return view_of(parent.window()) if parent is not None else "list"


class HelpDialog(QDialog):
    def __init__(self, view: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self.setWindowTitle(self.tr("帮助"))
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(page(view))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 440)


class HelpKey(QObject):
    """Catches F1 wherever the focus is; `install()` puts it on the application once."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) \
                or event.key() != Qt.Key.Key_F1 or event.modifiers() != Qt.KeyboardModifier.NoModifier:
            return False
        window = QApplication.activeWindow()
        if window is None or isinstance(window, HelpDialog):
            return False
        # A key event travels from the focus widget up to its window: act once, where it starts.
        if watched is not (QApplication.focusWidget() or window):
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # F1 comes here as a key press, not to a window's shortcut
        else:
            show_help(window)
        return True


def show_help(window: QWidget | None) -> None:
    from qinspect.ui.errors import user_errors
    with user_errors(window):
        HelpDialog(view_of(window), window).exec()


_key: HelpKey | None = None


def install() -> None:
    """Make F1 open the help for the active window (once per application)."""
    global _key
    if _key is None:
        _key = HelpKey()
        QApplication.instance().installEventFilter(_key)
