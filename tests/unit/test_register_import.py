"""Register files: villages and enterprises from CSV (UTF-8, BOM, GBK) or xlsx, refused whole on any wrong row."""

import pytest

from qinspect.cli import main
from qinspect.domain.credit_code import check_character
from qinspect.errors import ImportRefused, InvalidInput
from qinspect.store import audit, register_import
from qinspect.store.sheets import read_sheet
from tests.spreadsheets import write_csv, write_xlsx

VILLAGE_HEADER = ["序号", "县(市、区)", "乡镇(街道)", "村(社区)名称", "类型", "协管员", "电话"]
ENTERPRISE_HEADER = ["县(市、区)", "乡镇(街道)", "企业名称", "统一社会信用代码", "行业", "地址", "联系人", "电话",
                     "所在村(社区)"]


def code(body: str) -> str:
    first = ("91331002" + body)[:17]
    return first + check_character(first)


def counts(store) -> dict:
    return {t: store.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("villages", "enterprises", "audit_log")}


def run(capsys, *args):
    code_ = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code_, out, err


def a_village(store) -> tuple[str, str]:
    return store.execute("SELECT t.name, v.name FROM villages v JOIN townships t ON t.id = v.township_id "
                         "ORDER BY v.id LIMIT 1").fetchone()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_villages_csv_in_each_encoding_chinese_excel_writes(demo_store, tmp_path, encoding):
    path = write_csv(tmp_path / "v.csv", VILLAGE_HEADER, [
        (1, "椒江区", "三甲街道", "新河村", "", "王建国", "13812345678"),
        (2, "椒江区", "大陈镇", "渔港社区", "", "", ""),
        (3, "", "章安街道", "东岙村", "村", "林芳", "0576-88123456"),
    ], encoding)
    before = counts(demo_store)
    check = register_import.import_file(demo_store, path)
    assert check.kind == "village" and check.summary() == "村(社区) 3 条"
    assert counts(demo_store)["villages"] == before["villages"] + 3
    rows = demo_store.execute("SELECT t.name, v.name, v.kind, v.assistant, v.phone FROM villages v "
                              "JOIN townships t ON t.id = v.township_id ORDER BY v.id DESC LIMIT 3").fetchall()
    assert rows[::-1] == [("三甲街道", "新河村", "行政村", "王建国", "13812345678"),
                          ("大陈镇", "渔港社区", "社区", "", ""),
                          ("章安街道", "东岙村", "行政村", "林芳", "0576-88123456")]
    entry = audit.entries(demo_store, "villages")[-1]
    assert entry["action"] == "import" and '"rows": 3' in entry["detail"]


def test_enterprises_xlsx_with_english_headers(demo_store, tmp_path):
    town, village = a_village(demo_store)
    header = ["County", "Township", "Enterprise name", "Credit code", "Industry", "Address", "Contact", "Phone",
              "Village"]
    path = write_xlsx(tmp_path / "e.xlsx", header, [
        ("椒江区", town, "台州新星电机有限公司", code("MA2AB1234").lower(), "电机", "星星路 1 号", "张三", 13900001111,
         village),
        ("椒江区", "大陈镇", "台州大陈水产食品有限公司", code("MA2AB5678"), "食品加工", "", "", "", ""),
    ])
    check = register_import.import_file(demo_store, path)
    assert check.kind == "enterprise" and len(check.rows) == 2
    row = demo_store.execute(
        "SELECT e.credit_code, e.phone, v.name FROM enterprises e LEFT JOIN villages v ON v.id = e.village_id "
        "WHERE e.name = '台州新星电机有限公司'").fetchone()
    assert row == (code("MA2AB1234"), "13900001111", village)  # upper-cased; an xlsx number read back as text


def test_file_with_wrong_rows_is_refused_whole_naming_row_column_and_reason(demo_store, tmp_path):
    taken = demo_store.execute("SELECT credit_code, name FROM enterprises LIMIT 1").fetchone()
    good = code("MA2AB1234")
    path = write_csv(tmp_path / "e.csv", ENTERPRISE_HEADER, [
        ("椒江区", "三甲街道", "台州甲有限公司", good, "", "", "", "", ""),  # row 2: fine
        ("椒江区", "三甲街道", "台州乙有限公司", good, "", "", "", "", ""),  # row 3: same code as row 2
        ("椒江区", "不存在镇", "台州丙有限公司", code("MA2AB0001"), "", "", "", "", ""),  # row 4
        ("椒江区", "三甲街道", "", good[:-1] + ("0" if good[-1] != "0" else "1"), "", "", "", "", ""),  # row 5
        ("椒江区", "三甲街道", "台州丁有限公司", taken[0], "", "", "", "电话", "没有这个村"),  # row 6
    ], "gbk")
    before = counts(demo_store)
    with pytest.raises(ImportRefused) as e:
        register_import.import_file(demo_store, path)
    got = [(p.row, p.column) for p in e.value.problems]
    assert got == [(3, "统一社会信用代码"), (4, "乡镇(街道)"), (5, "企业名称"), (5, "统一社会信用代码"),
                   (6, "统一社会信用代码"), (6, "电话"), (6, "所在村(社区)")]
    reasons = "\n".join(map(str, e.value.problems))
    assert "第 3 行 列 统一社会信用代码：与第 2 行的统一社会信用代码相同" in reasons
    assert "校验位错误" in reasons and f"已登记为“{taken[1]}”" in reasons
    assert counts(demo_store) == before


def test_cli_refusal_prints_each_problem_and_changes_nothing(capsys, demo_store, tmp_path):
    town, village = a_village(demo_store)
    path = write_csv(tmp_path / "v.csv", VILLAGE_HEADER, [
        (1, "椒江区", "三甲街道", "新河村", "", "", ""),
        (2, "椒江区", town, village, "", "", ""),  # already in the register
        (3, "椒江区", "三甲街道", "新河村", "村委", "", ""),  # twice in the file, and a wrong kind
    ])
    db = demo_store.path
    before = counts(demo_store)
    demo_store.close()
    code_, out, err = run(capsys, "--db", db, "registers", "import", path)
    lines = err.strip().splitlines()
    assert code_ == 1 and out == ""
    assert "v.csv 未导入" in lines[0] and "没有写入任何数据" in lines[0]
    assert lines[1:] == [
        f"第 3 行 列 村(社区)名称：该乡镇(街道)已登记“{village}”，不能重复登记",
        "第 4 行 列 村(社区)名称：与第 2 行重复：同一乡镇(街道)的村(社区)名称不能相同",
        "第 4 行 列 类型：类型应为 行政村、社区 之一，而不是“村委”",
    ]
    from qinspect.store.db import open_store
    with open_store(db) as s:
        assert counts(s) == before


def test_cli_dry_run_reports_counts_and_writes_nothing(capsys, demo_store, tmp_path):
    path = write_csv(tmp_path / "v.csv", VILLAGE_HEADER, [(1, "椒江区", "三甲街道", "新河村", "", "", ""),
                                                         (2, "椒江区", "三甲街道", "新桥村", "", "", "")])
    db = demo_store.path
    before = counts(demo_store)
    demo_store.close()
    code_, out, err = run(capsys, "--db", db, "registers", "import", path, "--dry-run")
    assert code_ == 0 and err == "" and "村(社区) 2 条" in out and "未写入" in out
    from qinspect.store.db import open_store
    with open_store(db) as s:
        assert counts(s) == before
    code_, out, _ = run(capsys, "--db", db, "registers", "import", path)
    assert code_ == 0 and "已导入" in out
    with open_store(db) as s:
        assert counts(s)["villages"] == before["villages"] + 2


@pytest.mark.parametrize("header, why", [
    (["乡镇(街道)", "电话"], "无法判断"),
    (["乡镇(街道)", "村(社区)名称", "备注"], "不认识的列"),
    (["村(社区)名称", "协管员"], "缺少这一列"),
    (["乡镇(街道)", "村名", "village"], "重复了"),
])
def test_header_problems_are_reported_on_the_header_row(demo_store, tmp_path, header, why):
    path = write_csv(tmp_path / "v.csv", header, [["x"] * len(header)])
    check = register_import.check_file(demo_store, path)
    assert not check.ok and check.problems[0].row == 1 and why in check.problems[0].why


def test_files_that_cannot_be_read(demo_store, tmp_path):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InvalidInput, match="另存为 .xlsx"):
        register_import.check_file(demo_store, tmp_path / "old.xls")
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
    with pytest.raises(InvalidInput, match="不是有效的 xlsx"):
        register_import.check_file(demo_store, tmp_path / "bad.xlsx")
    (tmp_path / "empty.csv").write_bytes(b"\r\n\r\n")
    with pytest.raises(InvalidInput, match="空的"):
        register_import.check_file(demo_store, tmp_path / "empty.csv")


def test_sheet_reading_skips_blank_and_note_rows_and_flags_cells_without_a_header(tmp_path):
    path = write_csv(tmp_path / "s.csv", ["a", "b"], [("", ""), ("# a note", "x"), ("1", "2", "stray"), ("3", "")])
    sheet = read_sheet(path)
    assert sheet.rows == [(4, ["1", "2"]), (5, ["3", ""])]
    assert [str(p) for p in sheet.problems] == ["第 4 行 列 C：“stray”所在的列没有表头"]
