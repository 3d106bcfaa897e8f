"""The first-run dialog: who uses this laptop, for which township, and the laptop's name.

On OK the answers land in the database settings (`user_name`, `township` as "县/乡镇",
`device_name`) and this laptop's signing key is made and recorded as its own device, all
in one transaction. A fresh database with an empty register offers the shipped list of
Taizhou townships and adds the one chosen.
"""

from __future__ import annotations

import socket

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QCompleter, QDialog, QDialogButtonBox, QLineEdit, QWidget,
)

from qinspect.errors import InvalidInput
from qinspect.store import demo, registers
from qinspect.store.db import Store
from qinspect.sync import device
from qinspect.ui.errors import user_errors
from qinspect.ui.forms import embed_form
from qinspect.ui.signals import DEVICES, REGISTERS, SETTINGS, notify


def needs_first_run(store: Store) -> bool:
    return not (store.setting("user_name") and store.setting("device_name"))


class FirstRunDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.form = embed_form(self, "first_run")
        self.setWindowTitle(self.form.windowTitle())
        self.user_name: QLineEdit = self.form.findChild(QLineEdit, "userName")
        self.township: QComboBox = self.form.findChild(QComboBox, "township")
        self.device_name: QLineEdit = self.form.findChild(QLineEdit, "deviceName")
        buttons: QDialogButtonBox = self.form.findChild(QDialogButtonBox, "buttons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        self.user_name.setText(store.setting("user_name") or "")
        self.device_name.setText(store.setting("device_name") or socket.gethostname())
        self._fill_townships()
        completer = QCompleter(self.township.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.township.setCompleter(completer)
        self.user_name.setFocus()

    def _fill_townships(self) -> None:
        rows = self.store.execute(
            "SELECT c.name, t.name, t.kind FROM townships t JOIN counties c ON c.id = t.county_id "
            "ORDER BY c.code, c.id, t.id").fetchall()
        if not rows:  # a fresh database: offer the townships of Taizhou shipped with the program
            rows = [(t["county"], t["township"], t["kind"]) for t in demo.read_townships()]
        for county, township, kind in rows:
            self.township.addItem(f"{county}/{township}", (county, township, kind))
        current = self.township.findText(self.store.setting("township") or "")
        self.township.setCurrentIndex(current)

    def accept(self) -> None:
        with user_errors(self):
            self.save()
            super().accept()

    def save(self) -> None:
        user = self.user_name.text().strip()
        name = self.device_name.text().strip()
        index = self.township.findText(self.township.currentText().strip())
        if not user:
            raise InvalidInput(self.tr("请填写您的姓名。"))
        if index < 0:
            raise InvalidInput(self.tr("请从列表中选择所在的乡镇(街道)。"))
        if not name:
            raise InvalidInput(self.tr("请填写这台电脑的名称。"))
        county, township, kind = self.township.itemData(index)
        key = device.device_key()
        with self.store.atomic():
            county_id = registers.ensure_county(self.store, county, demo.COUNTY_CODES.get(county, ""))
            registers.ensure_township(self.store, county_id, township, kind)
            self.store.set_setting("user_name", user)
            self.store.set_setting("township", f"{county}/{township}")
            self.store.set_setting("device_name", name)
            device.register_own_device(self.store, key)
        notify(SETTINGS, REGISTERS, DEVICES)
