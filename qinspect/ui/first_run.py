"""The first-run dialog: who uses this laptop, its role (a township's field laptop or a bureau), its name.

It can start from the supervisor's set-up bundle (选择设置数据包…), imported exactly as
文件 → 导入数据包 does, with the device's fingerprint shown before it is trusted. On OK it
calls operations.setup.setup(), which writes the answers, installs the shipped divisions and
records this laptop's key in one transaction. The names are also remembered for this user,
so a second database on the same computer starts with them filled in.
"""

from __future__ import annotations

import socket
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QComboBox, QCompleter, QDialog, QDialogButtonBox, QFileDialog, QLabel, QLineEdit, QPushButton, QRadioButton,
    QWidget,
)

from qinspect.errors import InvalidInput
from qinspect.operations import setup as setup_op
from qinspect.store.db import Store
from qinspect.sync.bundle import SUFFIX
from qinspect.ui import bundles, preferences
from qinspect.ui.errors import user_errors
from qinspect.ui.forms import embed_form
from qinspect.ui.tasks import perform

# Per-user preferences (not per database): the names last given in this dialog.
LAST_USER = "last_user_name"
LAST_DEVICE = "last_device_name"


def needs_first_run(store: Store) -> bool:
    return not setup_op.is_set_up(store)


def ask_setup_bundle(parent: QWidget | None) -> Path | None:
    """The set-up bundle to start from (a module function, so tests can answer it)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name, _ = QFileDialog.getOpenFileName(parent, QCoreApplication.translate("FirstRun", "选择设置数据包"), folder,
                                          QCoreApplication.translate("FirstRun", "qinspect 数据包 (*{0})").format(SUFFIX))
    return Path(name) if name else None


class FirstRunDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.form = embed_form(self, "first_run")
        self.setWindowTitle(self.form.windowTitle())
        find = self.form.findChild
        self.intro: QLabel = find(QLabel, "intro")
        self.user_name: QLineEdit = find(QLineEdit, "userName")
        self.role_field: QRadioButton = find(QRadioButton, "roleField")
        self.role_bureau: QRadioButton = find(QRadioButton, "roleBureau")
        self.township: QComboBox = find(QComboBox, "township")
        self.bureau: QComboBox = find(QComboBox, "bureau")
        self.device_name: QLineEdit = find(QLineEdit, "deviceName")
        self.setup_bundle_button: QPushButton = find(QPushButton, "setupBundleButton")
        self.setup_bundle_status: QLabel = find(QLabel, "setupBundleStatus")
        buttons: QDialogButtonBox = find(QDialogButtonBox, "buttons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.setup_bundle_button.clicked.connect(self.start_from_setup_bundle)
        self.role_field.toggled.connect(self._role_changed)

        prefs = preferences.preferences()
        remembered = prefs.value(LAST_USER, "")
        self.intro.setText(self.tr(
            "这个数据库还没有设置。请确认以下信息，它们会记在每一份检查和导出的数据包中。") if remembered else self.tr(
            "这是 qinspect 第一次在这台电脑上使用。请填写以下信息，它们会记在每一份检查和导出的数据包中。"))
        self.user_name.setText(store.setting("user_name") or remembered)
        self.device_name.setText(store.setting("device_name") or prefs.value(LAST_DEVICE, "") or socket.gethostname())
        self.bureau.addItems(list(setup_op.BUREAUS))
        self._fill_townships()
        completer = QCompleter(self.township.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.township.setCompleter(completer)
        if store.setting("role") == setup_op.BUREAU:
            self.role_bureau.setChecked(True)
            self.bureau.setCurrentText(store.setting("bureau") or "")
        self._role_changed()
        self.user_name.setFocus()

    def _fill_townships(self) -> None:
        self.township.clear()
        self.township.addItems(setup_op.township_choices(self.store))
        self.township.setCurrentIndex(self.township.findText(setup_op.suggested_township(self.store) or ""))

    def _role_changed(self) -> None:
        field = self.role_field.isChecked()
        self.township.setEnabled(field)
        self.bureau.setEnabled(not field)

    def start_from_setup_bundle(self) -> None:
        """Import the supervisor's set-up bundle first: its registers, checklists and township."""
        path = ask_setup_bundle(self)
        if path is None:
            return
        report = bundles.import_bundles(self, self.store, [path])
        if report is None or not report.changed:
            return
        self._fill_townships()
        self.setup_bundle_status.setText(self.tr("已导入设置数据包 {0}。").format(path.name))
        if self.township.currentIndex() >= 0:
            self.role_field.setChecked(True)

    def accept(self) -> None:
        with user_errors(self):
            self.save()
            super().accept()

    def save(self) -> None:
        user = self.user_name.text()
        name = self.device_name.text()
        if self.role_field.isChecked():
            index = self.township.findText(self.township.currentText().strip())
            if not user.strip():
                raise InvalidInput(self.tr("请填写您的姓名。"))
            if index < 0:
                raise InvalidInput(self.tr("请从列表中选择所在的乡镇(街道)。"))
            perform(setup_op.setup, self.store, user, name, township=self.township.itemText(index))
        else:
            perform(setup_op.setup, self.store, user, name, bureau=self.bureau.currentText())
        prefs = preferences.preferences()
        prefs.setValue(LAST_USER, self.store.user)
        prefs.setValue(LAST_DEVICE, self.store.setting("device_name"))
        prefs.sync()
