"""Starting the window: the QApplication, translator and CJK font, the store, first run, drafts.

`run(db_path, screenshot)` is what `qinspect gui` calls. Opening the database (its migrations
and the backup before them) and the start-up backup run off the UI thread behind a progress
dialog: on a 2 GB file they take minutes and the program must not look hung. With a
screenshot path it renders the main window off screen once loaded, writes the PNG and
returns 0 without asking anything.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QFontDatabase, QImage
from PySide6.QtWidgets import QApplication

from qinspect.errors import InvalidInput, QInspectError
from qinspect.operations import database, inspections
from qinspect.paths import asset, resource
from qinspect.store.db import Store
from qinspect.ui import preferences
from qinspect.ui.errors import show_error
from qinspect.ui.lazy import lazy_module
from qinspect.ui.main_window import MainWindow
from qinspect.ui.tasks import run_with_progress

# CJK families found on the laptops qinspect meets, best first; the shipped font is the fallback.
CJK_FAMILIES = ("Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
                "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimSun", "Droid Sans Fallback")
SHIPPED_CJK_FONT = ("fonts", "DroidSansFallbackFull.ttf")

first_run, restore_drafts = lazy_module("qinspect.ui.first_run"), lazy_module("qinspect.ui.restore_drafts")
_translators: list[QTranslator] = []


def run(db_path: Path, screenshot: str | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("qinspect")
    use_cjk_font(app)
    apply_language(app, preferences.language())
    try:
        store = run_with_progress(None, QCoreApplication.translate("Startup", "正在打开数据库…"),
                                  lambda progress: _open(db_path), cancellable=False)
        with store:
            return _start(app, store, screenshot)
    except QInspectError as e:
        if screenshot:  # the command line says why, with exit code 1
            raise
        show_error(None, e)
        return 1


def _open(db_path: Path) -> Store:
    store = database.open_database(db_path)
    try:
        database.prepare(store)  # a database made by the window is as usable as one made by `init`
    except BaseException:
        store.close()
        raise
    return store


def _start(app: QApplication, store: Store, screenshot: str | None) -> int:
    if screenshot:
        return write_screenshot(MainWindow(store, remember_layout=False, help_key=False), Path(screenshot))
    if preferences.backup_on_start():
        kept = preferences.backups_kept()
        run_with_progress(None, QCoreApplication.translate("Startup", "正在备份数据库…"),
                          lambda progress: database.start_backup(store, kept), cancellable=False)
    if first_run.needs_first_run(store) and not first_run.FirstRunDialog(store).exec():
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
        files = [qt_translation("qtbase_zh_CN.qm")]
        QLocale.setDefault(QLocale("zh_CN"))
    for path in files:
        translator = QTranslator(app)
        if translator.load(str(path)):
            app.installTranslator(translator)
            _translators.append(translator)


def qt_translation(name: str) -> Path:
    """One of Qt's own translation files: where Qt says (a PySide6 wheel's Qt/translations), else
    where build_installer.spec puts it in the installed program."""
    found = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / name
    return found if found.exists() else asset("PySide6", "Qt", "translations", name)


def write_screenshot(window: MainWindow, path: Path) -> int:
    """Render the window off screen, once its lists are filled, to a PNG."""
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    window.show()
    if window.model.rowCount():
        window.table.selectRow(0)
    subject = inspections.showcase_subject(window.store)
    if subject is not None:  # after the row: choosing a row shows that row's subject
        window.show_subject(*subject)
    QApplication.processEvents()
    # 256 colours keep the README picture small; antialiased text looks the same.
    image = window.grab().toImage().convertToFormat(QImage.Format.Format_Indexed8,
                                                    Qt.ImageConversionFlag.AvoidDither)
    window.close()
    # Compression level 5 of 9 (Qt's quality 50): a third of the default's time for 5 % more bytes.
    if not image.save(str(path), "PNG", 50):
        raise InvalidInput(f"无法写入截图 {path}")
    return 0


def offer_drafts(window: MainWindow) -> None:
    """Offer back inspections whose edits were left unsaved by a crash or a power cut."""
    for editor in restore_drafts.offer_drafts(window, window.store):
        window.add_editor(editor)
