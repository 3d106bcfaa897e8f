"""Paper results typed into a spreadsheet: refused whole on one bad cell, saved in one transaction, revisions."""

import datetime as dt
import json
import sqlite3

import openpyxl
import pytest

from qinspect.cli import main
from qinspect.domain.checklist import ItemKind
from qinspect.domain.scoring import FAIL, NA, PASS
from qinspect.errors import ImportRefused, InvalidInput
from qinspect.store import audit, checklists, inspections, paper_import, paper_template
from qinspect.store.db import open_store
from qinspect.domain.item_kinds import CellError, parse_cell
from qinspect.store.paper_cells import parse_date
from tests.spreadsheets import write_csv, write_xlsx

FIXED = ["对象类型", "对象", "检查表", "版本", "日期", "检查人", "状态", "检查编号", "修订"]
ITEMS = ["F01", "F02", "F03", "F04", "F05", "F06", "F07", "F08", "F09", "F10", "F11", "F12"]
# Village network 2009, scored by hand from resources/checklists/village-network-2009.toml:
# 10 + 10 + 12 + 8 + 8 + (10 - 2) + 8 + 5 + 6 + 6 + 7 = 88 → 良好
ROW_A = ["符合", 12, 1, "全部参加", 2, 1, 1, 2, "符合", 1, "95%", "台账已补齐"]
# 0 + 6 + 4 + 0 + 12 + 10 + 5 + 8 + 6 + 3 + 10 = 64 → 合格
ROW_B = ["不符合", 8, 3, 4, 1, 0, 2, 1, "√", 2, 100, ""]
ROW_C = ["符合", "12次", 5, "", "", "", "", "", "", "", "", ""]  # the bad cell: tier 5 of 4


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def dump(db) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def unique_villages(store, n=3) -> list[tuple[str, str]]:
    return store.execute(
        "SELECT t.name, v.name FROM villages v JOIN townships t ON t.id = v.township_id "
        "WHERE (SELECT count(*) FROM villages w WHERE w.name = v.name) = 1 ORDER BY v.id LIMIT ?", (n,)).fetchall()


def paper_rows(villages, c_row=ROW_C):
    (t1, v1), (t2, v2), (t3, v3) = villages
    return [
        ["行政村(社区)", v1, "village-network", "2009", "2009-06-01", "王建国", "已完成", "", "", *ROW_A],
        ["村", f"{t2}/{v2}", "village-network", "2009", "2009/6/2", "王建国", "已完成", "", "", *ROW_B],
        ["", f"椒江区/{t3}/{v3}", "village-network", "2009", "2009年6月3日", "李芳", "草稿", "", "", *c_row],
    ]


def inspection_of(store, village: str) -> dict:
    row = store.execute("SELECT i.uuid, i.head, i.total, i.grade, i.status FROM inspections i "
                        "JOIN villages v ON v.id = i.village_id WHERE v.name = ? AND i.inspector IN ('王建国', '李芳')",
                        (village,)).fetchone()
    return dict(zip(("uuid", "head", "total", "grade", "status"), row))


def test_one_bad_cell_refuses_the_file_whole_then_the_corrected_file_makes_the_inspections(
        capsys, demo_store, tmp_path):
    villages = unique_villages(demo_store)
    db = demo_store.path
    demo_store.close()
    rows = paper_rows(villages)
    rows[0][4] = dt.datetime(2009, 6, 1)  # a date cell, as Excel keeps a typed date
    bad = write_xlsx(tmp_path / "paper.xlsx", FIXED + ITEMS, rows)
    before = dump(db)
    code, out, err = run(capsys, "--db", db, "inspections", "import", bad)
    lines = err.strip().splitlines()
    assert code == 1 and out == ""
    assert "paper.xlsx 未导入" in lines[0] and "没有写入任何数据" in lines[0]
    assert len(lines) == 2 and lines[1].startswith("第 4 行 列 F03：档次应为 1 至 4，而不是 5")
    assert dump(db) == before

    good = write_xlsx(tmp_path / "paper.xlsx", FIXED + ITEMS, paper_rows(villages, ["符合", "12次"] + [""] * 10))
    code, out, err = run(capsys, "--db", db, "inspections", "import", good)
    assert (code, err) == (0, "") and "新建检查 3 份" in out
    with open_store(db) as s:
        a, b, c = (inspection_of(s, v) for _, v in villages)
        assert (a["total"], a["grade"], a["status"]) == (88.0, "良好", "completed")
        assert (b["total"], b["grade"], b["status"]) == (64.0, "合格", "completed")
        assert (c["total"], c["status"]) == (20.0, "draft")
        answers = dict(s.execute("SELECT item_id, value FROM answers WHERE revision_id = ?", (a["head"],)).fetchall())
        assert {k: json.loads(v) for k, v in answers.items()} == {
            "F01": PASS, "F02": 12, "F03": 0, "F04": 0, "F05": 1, "F06": 1, "F07": 0, "F08": 1, "F09": PASS,
            "F10": 0, "F11": 95, "F12": "台账已补齐"}
        assert s.execute("SELECT reason FROM revisions WHERE id = ?", (a["head"],)).fetchone()[0] == "纸质结果导入"
        assert s.execute("SELECT date FROM inspections WHERE uuid = ?", (c["uuid"],)).fetchone()[0] == "2009-06-03"
        assert audit.entries(s, "inspections")[-1]["action"] == "import"

    # The same file again would make the same inspections twice: refused, naming the existing ones.
    code, _, err = run(capsys, "--db", db, "inspections", "import", good)
    assert code == 1 and "已有一份 village-network 检查" in err


def test_a_second_file_revises_one_inspection_as_a_new_revision(capsys, demo_store, tmp_path):
    villages = unique_villages(demo_store)
    db = demo_store.path
    demo_store.close()
    first = write_xlsx(tmp_path / "first.xlsx", FIXED + ITEMS, paper_rows(villages, ["符合"] + [""] * 11))
    assert run(capsys, "--db", db, "inspections", "import", first)[0] == 0
    with open_store(db) as s:
        b = inspection_of(s, villages[1][1])
    # Only the cells typed change: F01 from 不符合 to 符合 (+10); the other answers are kept.
    row = ["村", villages[1][1], "village-network", "2009", "2009-06-02", "王建国", "已完成",
           b["uuid"][:8], b["head"][:8], "符合"] + [""] * 11
    second = write_csv(tmp_path / "second.csv", FIXED + ITEMS, [row], "gbk")
    code, out, err = run(capsys, "--db", db, "inspections", "import", second)
    assert (code, err) == (0, "") and "修订 1 份" in out
    with open_store(db) as s:
        now = inspection_of(s, villages[1][1])
        assert now["uuid"] == b["uuid"] and now["head"] != b["head"] and now["total"] == 74.0
        revs = inspections.revisions(s, b["uuid"])
        assert [r["id"] for r in revs] == [b["head"], now["head"]]
        assert revs[1]["base"] == b["head"] and revs[1]["reason"] == "纸质结果导入"
        assert inspections.load(s, b["uuid"]).answers["F03"].value == 2  # kept from the first revision
        log = audit.entries(s, "inspection", b["uuid"])
        assert [e["action"] for e in log] == ["create", "revise"]
        assert json.loads(log[-1]["detail"])["reason"] == "纸质结果导入"
        before = dump(db)
    # Now the file names a stale revision: refused, nothing written.
    code, _, err = run(capsys, "--db", db, "inspections", "import", second)
    assert code == 1 and "第 2 行 列 修订：" in err and "已不是这份检查的当前修订" in err
    assert dump(db) == before


def test_dry_run_checks_and_counts_but_writes_nothing(capsys, demo_store, tmp_path):
    villages = unique_villages(demo_store)
    db = demo_store.path
    demo_store.close()
    path = write_csv(tmp_path / "p.csv", FIXED + ITEMS, paper_rows(villages, ["符合"] + [""] * 11), "utf-8-sig")
    before = dump(db)
    code, out, err = run(capsys, "--db", db, "inspections", "import", path, "--dry-run")
    assert (code, err) == (0, "") and "新建检查 3 份" in out and "未写入" in out
    assert dump(db) == before


def test_english_headers_and_words_and_enterprises_by_credit_code(demo_store, tmp_path):
    code_, name = demo_store.execute("SELECT credit_code, name FROM enterprises LIMIT 1").fetchone()
    form = checklists.get(demo_store, "enterprise-product", "2009")
    items = [it for it in form.items if it.kind is not ItemKind.PHOTO]
    header = ["subject kind", "subject", "checklist", "version", "date", "inspector", "status"] + [it.id for it in items]

    def answer(it):
        return {"passfail": "pass", "veto": "fail", "tiered": "1", "quantity": "3", "deduction": "0",
                "text": "ok"}[it.kind.value]

    rows = [["enterprise", code_.lower(), "enterprise-product", "2009", "2009-07-01", "Zhang", "completed",
             *map(answer, items)],
            ["enterprise", name, "enterprise-product", "2009", "2009-07-02", "Zhang", "draft", "na"]]
    path = write_csv(tmp_path / "e.csv", header, rows)
    check, done = paper_import.import_file(demo_store, path)
    assert (done.created, done.revised) == (2, 0)
    first, second = (r.inspection for r in check.rows)
    assert first.values["V01"] == FAIL and first.status == "completed"
    assert second.values == {"P01": NA} and second.status == "draft"
    grade = demo_store.execute("SELECT grade FROM inspections WHERE uuid = ?", (first.uuid,)).fetchone()[0]
    assert grade == form.grades[-1].name  # a failed veto item: the lowest band whatever the points


def test_every_row_is_checked_and_each_problem_named(demo_store, tmp_path):
    villages = unique_villages(demo_store)
    ambiguous = demo_store.execute("SELECT name FROM villages GROUP BY name HAVING count(*) > 1").fetchone()
    header = FIXED + ITEMS + ["P01"]
    ok = ["村", villages[0][1], "village-network", "2009", "2009-06-01", "王建国", "草稿", "", ""]
    rows = [
        ok[:5] + ["", "完成了"] + ["", ""] + [""] * 12 + [""],  # row 2: no inspector, unknown status
        ["企业"] + ok[1:] + [""] * 13,  # row 3: a village checklist for an enterprise
        ok[:3] + ["2010"] + ok[4:] + [""] * 13,  # row 4: version not installed
        ok[:4] + ["2009-02-30"] + ok[5:] + [""] * 12 + ["符合"],  # row 5: no such date; P01 not in this form
        ok[:1] + ["没有这个村"] + ok[2:] + ["不适用"] + [""] * 12,  # row 6: unknown village; F01 cannot be NA
        ok[:6] + ["已完成"] + ["", ""] + ["符合"] + [""] * 12,  # row 7: completed with required items open
        ok[:7] + ["abcdef12", ""] + [""] * 13,  # row 8: no such inspection
    ]
    if ambiguous:
        rows.append(ok[:1] + [ambiguous[0]] + ok[2:] + [""] * 13)  # row 9: a name in two townships
    check = paper_import.check_file(demo_store, write_csv(tmp_path / "p.csv", header, rows))
    by_row: dict[int, list[str]] = {}
    for p in check.problems:
        by_row.setdefault(p.row, []).append(p.column)
    assert by_row[1] == ["P01"]  # P01 is an enterprise-product item: not in any checklist this file names
    assert by_row[2] == ["检查人", "状态"]
    assert by_row[3] == ["对象类型"]
    assert by_row[4] == ["版本"]
    assert by_row[5] == ["日期"]
    assert by_row[6] == ["对象", "F01"]
    assert by_row[7] == ["F02", "F03", "F04", "F05", "F06", "F07", "F08", "F09", "F10", "F11"]
    assert by_row[8] == ["检查编号"]
    if ambiguous:
        assert by_row[9] == ["对象"] and "不唯一" in check.rows[7].problems[0].why


def test_a_failure_while_writing_rolls_back_every_row(demo_store, tmp_path, monkeypatch):
    """The rows are saved with inspections.save (its own atomic, nested as a savepoint) inside one transaction."""
    villages = unique_villages(demo_store)
    path = write_xlsx(tmp_path / "p.xlsx", FIXED + ITEMS, paper_rows(villages, ["符合"] + [""] * 11))
    check = paper_import.check_file(demo_store, path)
    real_save, calls = inspections.save, []

    def failing_save(store, insp, **kw):
        calls.append(insp.uuid)
        if len(calls) == 3:
            raise RuntimeError("power cut")
        return real_save(store, insp, **kw)

    monkeypatch.setattr(inspections, "save", failing_save)
    before = dump(demo_store.path)
    with pytest.raises(RuntimeError):
        paper_import.write(demo_store, check)
    assert dump(demo_store.path) == before and len(calls) == 3
    monkeypatch.setattr(inspections, "save", real_save)
    assert paper_import.write(demo_store, check).created == 3


def test_refusal_names_the_file_and_every_problem(demo_store, tmp_path):
    path = write_csv(tmp_path / "p.csv", ["对象", "检查表"], [["x", "y"]])
    with pytest.raises(ImportRefused) as e:
        paper_import.import_file(demo_store, path)
    assert [p.column for p in e.value.problems] == ["对象类型", "版本", "日期", "检查人", "状态"]
    assert str(e.value).splitlines()[0] == "文件 p.csv 未导入，没有写入任何数据：发现 5 处错误。"


@pytest.mark.parametrize("form_id, item_id, text, value", [
    ("village-network", "F01", "符合", PASS),
    ("village-network", "F01", "不符合", FAIL),
    ("village-network", "F01", "×", FAIL),
    ("village-network", "F01", " Pass ", PASS),
    ("enterprise-product", "P01", "不适用", NA),
    ("enterprise-product", "P01", "N/A", NA),
    ("village-network", "F03", "1", 0),
    ("village-network", "F03", "４", 3),  # a full-width digit from a Chinese input method
    ("village-network", "F03", "缺一本台账", 2),
    ("village-network", "F02", "12", 12),
    ("village-network", "F02", "12.5次", 12.5),
    ("village-network", "F11", "95%", 95),
    ("village-network", "F06", "3", 3),
    ("village-network", "F12", "见附件", "见附件"),
    ("township-assessment", "X01", "2", 2),
    ("township-assessment", "V01", "不符合", FAIL),
])
def test_cell_values_by_item_kind(store, form_id, item_id, text, value):
    item = checklists.get(store, form_id, "2009").item(item_id)
    assert parse_cell(item, text) == value


@pytest.mark.parametrize("form_id, item_id, text, why", [
    ("village-network", "F01", "不适用", "不能填“不适用”"),
    ("village-network", "F01", "好", "不是可填的值"),
    ("village-network", "F03", "0", "档次应为 1 至 4"),
    ("village-network", "F03", "很好", "不是这一条目的档次"),
    ("village-network", "F02", "十二", "不是数值"),
    ("village-network", "F06", "-1", "不是 0 或正整数"),
    ("village-network", "F06", "1.5", "不是 0 或正整数"),
    ("village-network", "F13", "photo.jpg", "照片"),
    ("township-assessment", "V01", "不适用", "不能填“不适用”"),
])
def test_cell_values_refused_with_the_reason(store, form_id, item_id, text, why):
    item = checklists.get(store, form_id, "2009").item(item_id)
    with pytest.raises(CellError, match=why):
        parse_cell(item, text)


def test_dates():
    assert parse_date("2009-6-1") == parse_date("2009/06/01") == parse_date("2009年6月1日") == "2009-06-01"
    for bad in ("2009-13-01", "6/1/2009", "39965", "2999-01-01"):
        with pytest.raises(CellError):
            parse_date(bad)


def test_template_has_the_columns_hints_and_lists_and_reads_back(store, tmp_path):
    form = checklists.get(store, "village-network", "2009")
    path = paper_template.write_template(form, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == FIXED + ITEMS  # F13 is a photo: not in a spreadsheet
    hints = [c.value for c in ws[2]]
    assert hints[0].startswith("#") and "协管员" in hints[len(FIXED)]
    assert "1=台账齐全且及时更新（12 分）" in hints[len(FIXED) + 2]
    assert ws.cell(1, len(FIXED) + 1).comment.text.startswith(form.item("F01").text)
    covered = {str(r).split(":")[0] for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges}
    assert {"A3", "G3", "J3", "L3", "O3"} <= covered  # kind, status, F01 (pass/fail), F03 (tiers), F06 (count)
    assert wb["选项"].sheet_state == "hidden" and wb["条目说明"].max_row == len(ITEMS) + 1
    # The template as saved reads back with its hint row skipped: nothing to import, and it says so.
    check = paper_import.check_file(store, path)
    assert [str(p) for p in check.problems] == ["第 1 行：表头之后没有数据行，没有可导入的内容"]


def test_template_is_written_safely(store, tmp_path):
    form = checklists.get(store, "village-network", "2009")
    with pytest.raises(InvalidInput, match="不存在"):
        paper_template.write_template(form, tmp_path / "no such folder" / "t.xlsx")
    folder = tmp_path / "templates"
    folder.mkdir()
    old = folder / "t.xlsx"
    old.write_bytes(b"an older template")
    paper_template.write_template(form, old)
    assert openpyxl.load_workbook(old).worksheets[0].title == "检查结果"
    assert [p.name for p in folder.iterdir()] == ["t.xlsx"]  # no temporary file left beside it
