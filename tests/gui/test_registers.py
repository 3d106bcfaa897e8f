"""Register forms and the spreadsheet import previews, driven through their widgets; the database checked after."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from qinspect.domain.credit_code import check_character
from qinspect.store import audit, checklists
from qinspect.ui.import_preview import BAD_CELL, BAD_ROW
from qinspect.ui.paper_import import PaperImportDialog, save_template
from qinspect.ui.registers import EnterpriseDialog, RegisterImportDialog, VillageDialog
from tests.gui.shell import type_text

GOOD_CODE = "91331002MA2AB1234" + check_character("91331002MA2AB1234")
BAD_CODE = GOOD_CODE[:-1] + ("0" if GOOD_CODE[-1] != "0" else "1")


def choose_township(dialog, name: str) -> None:
    index = next(i for i in range(dialog.township_combo.count()) if dialog.township_combo.itemText(i).endswith(name))
    dialog.township_combo.setCurrentIndex(index)


def count(store, table: str) -> int:
    return store.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_enterprise_form_refuses_a_bad_credit_code_then_saves_a_valid_one(qtbot, demo_store):
    taken_code, taken_name = demo_store.execute("SELECT credit_code, name FROM enterprises LIMIT 1").fetchone()
    dialog = EnterpriseDialog(demo_store)
    qtbot.addWidget(dialog)
    dialog.show()
    choose_township(dialog, "三甲街道")
    type_text(qtbot, dialog.name_edit, "台州新星电机有限公司")
    assert not dialog.ok_button.isEnabled()  # no code yet

    qtbot.keyClicks(dialog.code_edit, BAD_CODE.lower())
    assert dialog.code_edit.text() == BAD_CODE  # capitals as it is typed
    assert "校验位错误" in dialog.code_problem.text() and not dialog.ok_button.isEnabled()
    dialog.code_edit.clear()
    qtbot.keyClicks(dialog.code_edit, GOOD_CODE[:10])
    assert "18 位" in dialog.code_problem.text() and not dialog.ok_button.isEnabled()

    dialog.code_edit.clear()
    qtbot.keyClicks(dialog.code_edit, taken_code)  # a valid code already in the register
    assert f"已登记为“{taken_name}”" in dialog.code_problem.text() and not dialog.ok_button.isEnabled()

    dialog.code_edit.clear()
    qtbot.keyClicks(dialog.code_edit, GOOD_CODE)
    assert "代码有效" in dialog.code_problem.text() and dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.phone_edit, "0576-88123456")
    dialog.village_combo.setCurrentIndex(1)
    village = dialog.village_combo.currentText()
    before = count(demo_store, "enterprises")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert count(demo_store, "enterprises") == before + 1
    row = demo_store.execute(
        "SELECT e.name, e.credit_code, e.phone, t.name, v.name FROM enterprises e "
        "JOIN townships t ON t.id = e.township_id LEFT JOIN villages v ON v.id = e.village_id "
        "WHERE e.id = ?", (dialog.enterprise_id,)).fetchone()
    assert row == ("台州新星电机有限公司", GOOD_CODE, "0576-88123456", "三甲街道", village)


def test_editing_an_enterprise_keeps_its_own_code_and_logs_the_change(qtbot, demo_store):
    eid, phone = demo_store.execute("SELECT id, phone FROM enterprises LIMIT 1").fetchone()
    dialog = EnterpriseDialog(demo_store, None, eid)
    qtbot.addWidget(dialog)
    assert dialog.ok_button.isEnabled() and not dialog.township_combo.isEnabled()
    dialog.phone_edit.clear()
    qtbot.keyClicks(dialog.phone_edit, "13900001111")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert demo_store.execute("SELECT phone FROM enterprises WHERE id = ?", (eid,)).fetchone()[0] == "13900001111"
    entry = audit.entries(demo_store, "enterprise", str(eid))[-1]
    assert entry["action"] == "update" and phone in entry["detail"] and "13900001111" in entry["detail"]


def test_village_form_refuses_a_duplicate_name_in_the_township(qtbot, demo_store):
    town, name = demo_store.execute("SELECT t.name, v.name FROM villages v JOIN townships t ON t.id = v.township_id "
                                    "LIMIT 1").fetchone()
    dialog = VillageDialog(demo_store)
    qtbot.addWidget(dialog)
    choose_township(dialog, town)
    type_text(qtbot, dialog.name_edit, name)
    assert "不能重复登记" in dialog.problem_label.text() and not dialog.ok_button.isEnabled()
    dialog.name_edit.clear()
    type_text(qtbot, dialog.name_edit, "新河村")
    qtbot.keyClicks(dialog.phone_edit, "abc")
    assert "不是电话号码" in dialog.problem_label.text() and not dialog.ok_button.isEnabled()
    dialog.phone_edit.clear()
    assert dialog.problem_label.text() == "" and dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert demo_store.execute("SELECT kind FROM villages WHERE id = ?", (dialog.village_id,)).fetchone()[0] == "行政村"


def write_villages(path, second_township: str) -> None:
    rows = ["县(市、区),乡镇(街道),村(社区)名称,类型,协管员,电话",
            "椒江区,三甲街道,新河村,,王建国,13812345678",
            f"椒江区,{second_township},东岙村,,林芳,",
            "椒江区,章安街道,西岙社区,社区,,"]
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("gbk"))


def test_csv_import_preview_shows_the_bad_row_and_writes_nothing_until_the_file_is_fixed(qtbot, demo_store,
                                                                                            tmp_path):
    path = tmp_path / "村名册.csv"
    write_villages(path, "没有这个镇")
    before = count(demo_store, "villages")
    dialog = RegisterImportDialog(demo_store, path)
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.model
    assert model.rowCount() == 3 and not dialog.import_button.isEnabled()
    last = model.columnCount() - 1
    assert model.headerData(last, Qt.Orientation.Horizontal) == "检查结果"
    assert model.data(model.index(1, 0)) == 3  # the spreadsheet's own row number
    assert "乡镇(街道)：椒江区没有名为“没有这个镇”的乡镇(街道)" in model.data(model.index(1, last))
    assert model.data(model.index(1, 2), Qt.ItemDataRole.BackgroundRole).color() == BAD_CELL
    assert model.data(model.index(1, 1), Qt.ItemDataRole.BackgroundRole).color() == BAD_ROW
    assert model.data(model.index(0, 1), Qt.ItemDataRole.BackgroundRole) is None
    assert "1 行有错误" in dialog.summary_label.text()
    dialog.only_problems.setChecked(True)
    assert model.rowCount() == 1
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert count(demo_store, "villages") == before

    write_villages(path, "大陈镇")  # fixed in Excel and saved
    qtbot.mouseClick(dialog.recheck_button, Qt.MouseButton.LeftButton)
    assert dialog.import_button.isEnabled() and model.rowCount() == 0  # no row is wrong any more
    dialog.only_problems.setChecked(False)
    assert model.data(model.index(0, last)) == "新增"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert count(demo_store, "villages") == before + 3
    assert "已导入 3 条村(社区)记录" in dialog.summary_label.text() and not dialog.import_button.isEnabled()
    assert audit.entries(demo_store, "villages")[-1]["entity_id"] == "村名册.csv"


def test_an_unreadable_file_is_said_in_the_dialog(qtbot, demo_store, tmp_path):
    (tmp_path / "x.xls").write_bytes(b"\xd0\xcf")
    dialog = RegisterImportDialog(demo_store, tmp_path / "x.xls")
    qtbot.addWidget(dialog)
    assert "另存为 .xlsx" in dialog.file_problems.text() and not dialog.import_button.isEnabled()


def test_paper_template_saved_filled_and_imported_through_the_preview(qtbot, demo_store, tmp_path, monkeypatch):
    form = checklists.get(demo_store, "village-network", "2009")
    target = tmp_path / "模板"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Excel (*.xlsx)"))
    path = save_template(None, demo_store, form)
    assert path == target.with_suffix(".xlsx") and path.exists()

    town, village = demo_store.execute("SELECT t.name, v.name FROM villages v JOIN townships t "
                                       "ON t.id = v.township_id LIMIT 1").fetchone()
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    ws.append(["村", f"{town}/{village}", form.id, form.version, "2009-06-01", "王建国", "已完成", "", "",
               "符合", 12, 1, 1, 1, 0, 1, 1, "符合", 1, 5])  # F11 5% reaches no threshold; F12 left empty
    wb.save(path)
    before = count(demo_store, "inspections")
    dialog = PaperImportDialog(demo_store, path)
    qtbot.addWidget(dialog)
    assert dialog.import_button.isEnabled() and dialog.model.data(dialog.model.index(0, 0)) == 3
    assert dialog.model.data(dialog.model.index(0, dialog.model.columnCount() - 1)) == "新建检查"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert count(demo_store, "inspections") == before + 1
    total = demo_store.execute("SELECT total FROM inspections WHERE inspector = '王建国' AND date = '2009-06-01'"
                               ).fetchone()[0]
    assert total == 90.0  # 100 less F11's 10 points
