"""The settings dialog: language, the PDF font, where the data lives, and backups.

Language and backups are the user's preferences (qinspect/ui/preferences.py). The PDF font
is a database setting (operations/settings.py), so the command line prints with the same
font as the window; a font is tried before it is kept.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QLabel, QLineEdit, QMessageBox,
    QPushButton, QSpinBox, QWidget,
)

from qinspect.operations import database, settings
from qinspect.store.db import Store
from qinspect.ui import preferences
from qinspect.ui.errors import user_errors
from qinspect.ui.forms import embed_form
from qinspect.ui.tasks import perform, run_with_progress

LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}  # each in its own language, never translated


class SettingsDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.form = embed_form(self, "settings")
        self.setWindowTitle(self.form.windowTitle())
        find = self.form.findChild
        self.language: QComboBox = find(QComboBox, "language")
        self.pdf_font: QLineEdit = find(QLineEdit, "pdfFont")
        self.database_path: QLabel = find(QLabel, "databasePath")
        self.backup_on_start: QCheckBox = find(QCheckBox, "backupOnStart")
        self.backups_kept: QSpinBox = find(QSpinBox, "backupsKept")
        buttons: QDialogButtonBox = find(QDialogButtonBox, "buttons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        find(QPushButton, "browseFont").clicked.connect(self.browse_font)
        find(QPushButton, "openFolder").clicked.connect(self.open_folder)
        find(QPushButton, "backupNow").clicked.connect(self.backup_now)

        for code in preferences.LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(self.language.findData(preferences.language()))
        self.pdf_font.setText(settings.pdf_font(store))
        self.database_path.setText(str(store.path))
        self.backup_on_start.setChecked(preferences.backup_on_start())
        self.backups_kept.setValue(preferences.backups_kept())
        self.backups_kept.setEnabled(self.backup_on_start.isChecked())
        self.backup_on_start.toggled.connect(self.backups_kept.setEnabled)

    def browse_font(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择 PDF 字体"), self.pdf_font.text(),
                                              self.tr("TrueType 字体 (*.ttf *.ttc)"))
        if path:
            self.pdf_font.setText(path)

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.store.path.parent)))

    def backup_now(self) -> None:
        with user_errors(self):
            target = run_with_progress(self, self.tr("正在备份数据库…"),
                                       lambda progress: database.make_backup(self.store),
                                       cancellable=False)
            QMessageBox.information(self, self.tr("备份完成"), self.tr("数据库已备份到：\n{0}").format(target))

    def accept(self) -> None:
        with user_errors(self):
            self.save()
            super().accept()

    def save(self) -> None:
        # refused, with the reason, for a file that is not a CJK TrueType font; then nothing is kept
        perform(settings.set_pdf_font, self.store, self.pdf_font.text())
        prefs = preferences.preferences()
        prefs.setValue("language", self.language.currentData())
        prefs.setValue("backup_on_start", self.backup_on_start.isChecked())
        prefs.setValue("backups_kept", self.backups_kept.value())
        prefs.sync()
