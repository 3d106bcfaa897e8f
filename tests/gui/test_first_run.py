"""The first-run dialog, filled as a person would: roles, a set-up bundle as the first step, two laptops and a bureau."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from qinspect.cli import main
from qinspect.store import registers
from qinspect.store.db import open_store
from qinspect.sync import device
from qinspect.sync.exporting import export_bundle, export_setup_bundle
from qinspect.ui import bundles, errors, first_run
from qinspect.ui.first_run import FirstRunDialog, needs_first_run
from tests.gui.shell import show_active, type_text
from tests.sync.helpers import village_inspection


def fill(qtbot, dialog: FirstRunDialog, user: str, township: str | None, device_name: str) -> None:
    """Type the answers from the keyboard and press Return (OK)."""
    dialog.user_name.selectAll()
    type_text(qtbot, dialog.user_name, user)
    if township is not None:
        dialog.township.lineEdit().selectAll()
        type_text(qtbot, dialog.township.lineEdit(), township)
        dialog.township.completer().popup().hide()
    dialog.device_name.setFocus()
    dialog.device_name.selectAll()
    type_text(qtbot, dialog.device_name, device_name)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.device_name, Qt.Key.Key_Return)


def test_first_run_fills_settings_and_makes_the_device_key(qtbot, store, qinspect_home):
    assert needs_first_run(store)
    dialog = show_active(qtbot, FirstRunDialog(store))
    assert dialog.user_name.hasFocus() and "第一次" in dialog.intro.text()
    assert dialog.role_field.isChecked() and dialog.township.isEnabled() and not dialog.bureau.isEnabled()
    type_text(qtbot, dialog.user_name, "王建国")
    qtbot.keyClick(dialog.user_name, Qt.Key.Key_Tab)
    assert dialog.role_field.hasFocus()
    qtbot.keyClick(dialog.role_field, Qt.Key.Key_Tab)
    assert dialog.township.hasFocus()
    type_text(qtbot, dialog.township.lineEdit(), "临海市/大洋街道")
    dialog.township.completer().popup().hide()
    dialog.device_name.setFocus()
    dialog.device_name.selectAll()
    qtbot.keyClicks(dialog.device_name, "laptop-7")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.device_name, Qt.Key.Key_Return)

    assert store.setting("user_name") == "王建国"
    assert (store.setting("role"), store.setting("township")) == ("field", "临海市/大洋街道")
    assert store.setting("device_name") == "laptop-7"
    assert not needs_first_run(store)
    # Every shipped township is now in the register, not just the chosen one.
    assert store.execute("SELECT count(*) FROM townships").fetchone()[0] == 133
    key = device.device_key()
    assert (qinspect_home / device.KEY_FILE).exists()
    row = store.execute("SELECT name, public_key, fingerprint, trusted FROM devices WHERE id = ?",
                        (store.device_id,)).fetchone()
    assert row == ("laptop-7", key.public_bytes, key.fingerprint, 1)


def test_a_bureau_needs_no_township(qtbot, store):
    dialog = show_active(qtbot, FirstRunDialog(store))
    qtbot.mouseClick(dialog.role_bureau, Qt.MouseButton.LeftButton)
    assert dialog.bureau.isEnabled() and not dialog.township.isEnabled()
    dialog.bureau.setCurrentText("台州市")
    fill(qtbot, dialog, "陈主管", None, "市局")
    assert (store.setting("role"), store.setting("bureau"), store.setting("township")) == ("bureau", "台州市", "")


def test_first_run_refuses_an_empty_name_with_one_sentence(qtbot, store, monkeypatch):
    shown = []
    monkeypatch.setattr(errors.QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    dialog = show_active(qtbot, FirstRunDialog(store))
    dialog.township.setCurrentIndex(0)
    qtbot.keyClick(dialog.user_name, Qt.Key.Key_Return)
    assert shown == ["请填写您的姓名。"]
    assert dialog.isVisible()
    assert store.setting("user_name") is None and store.setting("role") is None


def test_a_second_database_remembers_the_names_and_is_not_a_first_time(qtbot, tmp_path):
    with open_store(tmp_path / "one.db") as one:
        fill(qtbot, show_active(qtbot, FirstRunDialog(one)), "王建国", "温岭市/大溪镇", "大溪-笔记本")
    with open_store(tmp_path / "two.db") as two:
        dialog = show_active(qtbot, FirstRunDialog(two))
        assert "第一次" not in dialog.intro.text()
        assert (dialog.user_name.text(), dialog.device_name.text()) == ("王建国", "大溪-笔记本")
        assert needs_first_run(two)


def test_two_laptops_set_up_in_the_window_send_to_a_bureau_set_up_by_command(qtbot, tmp_path, monkeypatch,
                                                                             capsys):
    """The issue's blocker: same county, no set-up bundle, random ids made the bureau refuse."""
    made = {}
    for name, township, village in (("大溪", "温岭市/大溪镇", "东山村"), ("泽国", "温岭市/泽国镇", "东山村")):
        monkeypatch.setenv("QINSPECT_HOME", str(tmp_path / f"{name}-home"))
        with open_store(tmp_path / f"{name}.db") as store:
            fill(qtbot, show_active(qtbot, FirstRunDialog(store)), f"{name}质监员", township, name)
            town = registers.find_township(store, township)["id"]
            uuid = village_inspection(store, registers.add_village(store, town, village)).uuid
            made[uuid] = export_bundle(store, tmp_path / f"{name}.qib").path
    monkeypatch.setenv("QINSPECT_HOME", str(tmp_path / "bureau-home"))
    bureau = str(tmp_path / "bureau.db")
    assert main(["--db", bureau, "setup", "--user", "陈主管", "--device-name", "温岭市局", "--bureau", "温岭市"]) == 0
    for path in made.values():
        assert main(["--db", bureau, "bundle", "import", str(path), "--trust"]) == 0
    capsys.readouterr()
    assert main(["--db", bureau, "inspections", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["id"] for r in rows} == set(made)
    assert sorted(r["township"] for r in rows) == ["大溪镇", "泽国镇"]
    assert main(["--db", bureau, "devices", "list", "--json"]) == 0
    names = sorted(d["name"] for d in json.loads(capsys.readouterr().out) if not d["self"])
    assert names == ["大溪", "泽国"]


def test_the_dialog_can_start_from_a_set_up_bundle(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("QINSPECT_HOME", str(tmp_path / "bureau-home"))
    assert main(["--db", str(tmp_path / "bureau.db"), "setup", "--user", "陈主管", "--device-name", "温岭市局",
                 "--bureau", "温岭市"]) == 0
    with open_store(tmp_path / "bureau.db") as bureau:
        town = registers.find_township(bureau, "温岭市/大溪镇")["id"]
        registers.add_village(bureau, town, "东山村", assistant="王明", phone="13800000001")
        setup_bundle = export_setup_bundle(bureau, tmp_path / "setup.qib", township_ids=[town]).path
        bureau_fp = device.own_fingerprint(bureau)

    monkeypatch.setenv("QINSPECT_HOME", str(tmp_path / "laptop-home"))
    asked, reports = [], []
    monkeypatch.setattr(first_run, "ask_setup_bundle", lambda parent: setup_bundle)
    monkeypatch.setattr(bundles, "ask_trust", lambda parent, d: asked.append(d.fingerprint) or True)
    monkeypatch.setattr(bundles, "show_report", lambda parent, report: reports.append(report))
    with open_store(tmp_path / "laptop.db") as laptop:
        dialog = show_active(qtbot, FirstRunDialog(laptop))
        qtbot.mouseClick(dialog.setup_bundle_button, Qt.MouseButton.LeftButton)
        assert asked == [bureau_fp]  # the trust question showed the bureau's fingerprint
        assert reports and not reports[0].refused
        assert dialog.township.currentText() == "温岭市/大溪镇"  # the bundle's township, chosen already
        assert "setup.qib" in dialog.setup_bundle_status.text()
        fill(qtbot, dialog, "王建国", None, "大溪-笔记本")
        assert laptop.setting("township") == "温岭市/大溪镇"
        assert laptop.execute("SELECT name, assistant FROM villages").fetchall() == [("东山村", "王明")]
        assert laptop.execute("SELECT trusted FROM devices WHERE fingerprint = ? AND id != ?",
                              (bureau_fp, laptop.device_id)).fetchone() == (1,)
        assert laptop.execute("SELECT count(*) FROM townships").fetchone()[0] == 133
