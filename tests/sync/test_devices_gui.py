"""The fingerprint in the window: 本机信息, the status bar, and a trust question whose default is Cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu

from qinspect.operations.setup import setup
from qinspect.sync import device
from qinspect.sync.importing import NewDevice
from qinspect.ui.bundles import trust_box
from qinspect.ui.device_info import DeviceInfoDialog
from qinspect.ui.main_window import MainWindow
from tests.gui.shell import show_active

FINGERPRINT = "1234 5678 9012 3456 7890 1234"


def test_the_trust_question_shows_the_fingerprint_large_and_return_means_cancel(qtbot):
    box, trust = trust_box(None, NewDevice("d" * 32, "大溪-笔记本", FINGERPRINT, ("a.qib",)))
    qtbot.addWidget(box)
    assert FINGERPRINT in box.text() and "大溪-笔记本" in box.text() and "font-size:20pt" in box.text()
    assert box.defaultButton() is not trust and box.escapeButton() is box.defaultButton()
    show_active(qtbot, box)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # a hurried Return does not trust anything
    assert box.clickedButton() is box.defaultButton() and box.clickedButton() is not trust


def test_device_info_and_the_status_bar_show_this_laptops_fingerprint(qtbot, store):
    setup(store, "王建国", "大溪-笔记本", township="温岭市/大溪镇")
    fp = device.device_key().fingerprint
    dialog = DeviceInfoDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.fingerprint.text() == fp and dialog.fingerprint.font().pointSize() >= 20
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "大溪-笔记本" in shown and "温岭市/大溪镇" in shown and store.device_id in shown

    window = MainWindow(store, remember_layout=False)
    qtbot.addWidget(window)
    action = window.findChild(QAction, "actionDeviceInfo")
    help_menu = window.ui.findChild(QMenu, "menuHelp")
    assert action in help_menu.actions() and action.text().startswith("本机信息")
    assert fp in window.ui.findChild(QLabel, "fingerprintLabel").text()


def test_device_info_before_any_key_says_so(qtbot, store):
    dialog = DeviceInfoDialog(store)
    qtbot.addWidget(dialog)
    assert "尚未生成" in dialog.fingerprint.text()
