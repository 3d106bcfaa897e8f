"""Starting the window: the QApplication, translator and CJK font, the store, first run, drafts.

`run(db_path, screenshot)` is what `qinspect gui` calls. With a screenshot path it renders the
main window off screen once loaded, writes the PNG and returns 0 without asking anything.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QFontDatabase, QImage
from PySide6.QtWidgets import QApplication

from qinspect.errors import InvalidInput, QInspectError
from qinspect.paths import resource
from qinspect.store import checklists
from qinspect.store.db import Store, backup, backup_path, open_store
from qinspect.ui import preferences
from qinspect.ui.editor import offer_drafts as editor_drafts_offer
from qinspect.ui.errors import show_error
from qinspect.ui.first_run import FirstRunDialog, needs_first_run
from qinspect.ui.main_window import MainWindow

# CJK families found on the laptops qinspect meets, best first; the shipped font is the fallback.
CJK_FAMILIES = ("Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
                "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimSun", "Droid Sans Fallback")
SHIPPED_CJK_FONT = ("fonts", "DroidSansFallbackFull.ttf")

_translators: list[QTranslator] = []


def run(db_path: Path, screenshot: str | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("qinspect")
    use_cjk_font(app)
    apply_language(app, preferences.language())
    try:
        with open_store(db_path) as store:
            return _start(app, store, screenshot)
    except QInspectError as e:
        if screenshot:  # the command line says why, with exit code 1
            raise
        show_error(None, e)
        return 1


def _start(app: QApplication, store: Store, screenshot: str | None) -> int:
    checklists.install_shipped(store)  # a database made by the window is as usable as one made by `init`
    if screenshot:
        return write_screenshot(MainWindow(store, remember_layout=False), Path(screenshot))
    if preferences.backup_on_start():
        start_backup(store, preferences.backups_kept())
    if needs_first_run(store) and not FirstRunDialog(store).exec():
        return 0
    window = MainWindow(store)
    window.show()
    offer_drafts(window)
    return app.exec()


def use_cjk_font(app: QApplication) -> str | None:
    """Make Chinese render: the best CJK family present, else the shipped one, as a fallback
    behind the platform's own UI font (so Latin text keeps its usual look)."""
    families = set(QFontDatabase.families())
    family = next((f for f in CJK_FAMILIES if f in families), None)
    if family is None:
        font_id = QFontDatabase.addApplicationFont(str(resource(*SHIPPED_CJK_FONT)))
        loaded = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = loaded[0] if loaded else None
    if family is not None:
        font = app.font()
        font.setFamilies([font.family(), family])
        app.setFont(font)
    return family


def apply_language(app: QApplication, language: str) -> None:
    """Install the translators of `language` (Chinese is the source language of every tr())."""
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    if language == "en":
        files = [resource("translations", "qinspect_en.qm")]
        QLocale.setDefault(QLocale("en_US"))
    else:
        # Qt's own buttons and dialogs (OK, Cancel, file dialogs) in Chinese too.
        qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        files = [qt_dir / "qtbase_zh_CN.qm"]
        QLocale.setDefault(QLocale("zh_CN"))
    for path in files:
        translator = QTranslator(app)
        if translator.load(str(path)):
            app.installTranslator(translator)
            _translators.append(translator)


def write_screenshot(window: MainWindow, path: Path) -> int:
    """Render the window off screen, once its lists are filled, to a PNG."""
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    window.show()
    subject = _subject_with_rectifications(window.store)
    if subject is not None:
        window.show_subject(*subject)
    if window.model.rowCount():
        window.table.selectRow(0)
    QApplication.processEvents()
    # 256 colours keep the README picture small; antialiased text looks the same.
    image = window.grab().toImage().convertToFormat(QImage.Format.Format_Indexed8,
                                                    Qt.ImageConversionFlag.AvoidDither)
    window.close()
    if not image.save(str(path), "PNG"):
        raise InvalidInput(f"无法写入截图 {path}")
    return 0


def _subject_with_rectifications(store: Store) -> tuple[str, int] | None:
    # The screenshot shows a details pane that has something in it: the village (or else the
    # enterprise) with the most open rectifications.
    for kind, column in (("village", "village_id"), ("enterprise", "enterprise_id")):
        row = store.execute(
            f"SELECT i.{column} FROM inspections i JOIN answers a ON a.revision_id = i.head "
            f"WHERE i.subject_kind = ? AND a.rectification != '' GROUP BY i.{column} "
            f"ORDER BY count(*) DESC, i.{column} LIMIT 1", (kind,)).fetchone()
        if row is not None:
            return kind, row[0]
    return None


def start_backup(store: Store, kept: int) -> Path:
    """A copy made at start (when the user asked for it); only the newest `kept` are kept."""
    target = backup(store, backup_path(store.path, "start"))
    made = sorted(store.path.parent.glob(f"{store.path.stem}.*.start.bak.db"))
    for old in made[:-kept]:
        old.unlink(missing_ok=True)
    return target


def offer_drafts(window: MainWindow) -> None:
    """Offer back inspections whose edits were left unsaved by a crash or a power cut."""
    for editor in editor_drafts_offer(window, window.store):
        window.add_editor(editor)
