"""本机信息: this laptop's name, role and key fingerprint, shown plainly to read aloud when a supervisor trusts it.

`install(window)` adds 帮助 → 本机信息 and the fingerprint in the status bar of the main
window, kept current by the "what changed" signal.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QMainWindow, QMenu, QVBoxLayout,
                               QWidget)

from qinspect.operations import devices
from qinspect.store.db import Store
from qinspect.ui.signals import DEVICES, SETTINGS, changes


class DeviceInfoDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("本机信息"))
        info = devices.this_device(store)
        self.fingerprint = QLabel(info["fingerprint"] or self.tr("尚未生成（完成设置或第一次导出时生成）"))
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(22)
        font.setBold(True)
        self.fingerprint.setFont(font)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        role = {"field": self.tr("现场检查：{0}").format(info["township"]),
                "bureau": self.tr("主管局：{0}").format(info["bureau"])}.get(info["role"], self.tr("尚未设置"))
        rows = QFormLayout()
        for label, value in ((self.tr("电脑名称："), info["name"]), (self.tr("使用人："), info["user"] or "—"),
                             (self.tr("用途："), role), (self.tr("设备编号："), info["id"])):
            shown = QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            rows.addRow(label, shown)
        note = QLabel(self.tr("主管导入这台电脑的数据包前，会请您读出下面的密钥指纹，与他那里显示的逐组核对。"))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(rows)
        layout.addWidget(note)
        layout.addWidget(QLabel(self.tr("密钥指纹：")))
        layout.addWidget(self.fingerprint)
        layout.addWidget(buttons)


class FingerprintLabel(QLabel):
    """The status bar's "本机指纹 …", refreshed when the devices or settings change."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setObjectName("fingerprintLabel")
        self.setContentsMargins(8, 0, 8, 0)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refresh()
        # A bound method of a QObject: Qt drops the connection when the label goes.
        changes().changed.connect(self._changed)

    def _changed(self, what: str) -> None:
        # Only while shown: a closed window's store may already be closed; showEvent catches up.
        if what in (DEVICES, SETTINGS) and self.isVisible():
            QTimer.singleShot(0, self._refresh_if_shown)

    def _refresh_if_shown(self) -> None:
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        fp = devices.this_device(self.store)["fingerprint"]
        self.setText(self.tr("本机指纹 {0}").format(fp) if fp else "")


def install(window: QWidget, store: Store, form: QMainWindow) -> None:
    """Add 帮助 → 本机信息 to `form`'s help menu and this laptop's fingerprint to its status bar."""
    action = QAction(QCoreApplication.translate("DeviceInfo", "本机信息(&I)…"), window)
    action.setObjectName("actionDeviceInfo")
    action.triggered.connect(lambda: DeviceInfoDialog(store, window).exec())
    help_menu = form.findChild(QMenu, "menuHelp")
    help_menu.insertAction(help_menu.actions()[0] if help_menu.actions() else None, action)
    form.statusBar().addPermanentWidget(FingerprintLabel(store))
