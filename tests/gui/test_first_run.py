"""The first-run dialog, filled from the keyboard: the answers and the device key land in the database."""

from __future__ import annotations

from PySide6.QtCore import Qt

from qinspect.sync import device
from qinspect.ui import errors
from qinspect.ui.first_run import FirstRunDialog, needs_first_run
from tests.gui.shell import show_active, type_text


def test_first_run_fills_settings_and_makes_the_device_key(qtbot, store, qinspect_home):
    assert needs_first_run(store)
    dialog = show_active(qtbot, FirstRunDialog(store))
    assert dialog.user_name.hasFocus()
    type_text(qtbot, dialog.user_name, "王建国")
    qtbot.keyClick(dialog.user_name, Qt.Key.Key_Tab)
    assert dialog.township.hasFocus()
    type_text(qtbot, dialog.township.lineEdit(), "临海市/大洋街道")
    qtbot.keyClick(dialog.township.lineEdit(), Qt.Key.Key_Tab)
    dialog.township.completer().popup().hide()
    assert dialog.device_name.hasFocus()
    dialog.device_name.selectAll()
    qtbot.keyClicks(dialog.device_name, "laptop-7")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.device_name, Qt.Key.Key_Return)

    assert store.setting("user_name") == "王建国"
    assert store.setting("township") == "临海市/大洋街道"
    assert store.setting("device_name") == "laptop-7"
    assert not needs_first_run(store)
    # The township came from the shipped list into the empty register.
    assert store.execute("SELECT count(*) FROM townships t JOIN counties c ON c.id = t.county_id "
                         "WHERE t.name = '大洋街道' AND c.name = '临海市'").fetchone()[0] == 1
    key = device.device_key()
    assert (qinspect_home / device.KEY_FILE).exists()
    row = store.execute("SELECT name, public_key, fingerprint, trusted FROM devices WHERE id = ?",
                        (store.device_id,)).fetchone()
    assert row == ("laptop-7", key.public_bytes, key.fingerprint, 1)


def test_first_run_refuses_an_empty_name_with_one_sentence(qtbot, store, monkeypatch):
    shown = []
    monkeypatch.setattr(errors.QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    dialog = show_active(qtbot, FirstRunDialog(store))
    dialog.township.setCurrentIndex(0)
    qtbot.keyClick(dialog.user_name, Qt.Key.Key_Return)
    assert shown == ["请填写您的姓名。"]
    assert dialog.isVisible()
    assert store.setting("user_name") is None


def test_first_run_offers_the_register_townships_when_there_are_some(qtbot, demo_store):
    dialog = show_active(qtbot, FirstRunDialog(demo_store))
    count = demo_store.execute("SELECT count(*) FROM townships").fetchone()[0]
    assert dialog.township.count() == count
    assert all(dialog.township.itemText(i).startswith("椒江区/") for i in range(count))
