"""Paper results: a quantity outside its item's range refuses the whole file, with row, column and the
reason; a veto cell takes the words the printed sheets use (通过 / 不通过 / 否决) besides 符合 / 不符合."""

import json
import sqlite3

import pytest

from qinspect.domain.scoring import FAIL, PASS
from qinspect.errors import ImportRefused
from qinspect.store import paper_import
from tests.spreadsheets import write_csv, write_xlsx
from tests.unit.test_paper_import import FIXED, dump, unique_villages

WRITERS = {"csv": write_csv, "xlsx": write_xlsx}


@pytest.mark.parametrize("ext", list(WRITERS))
def test_a_number_outside_the_range_refuses_the_file_and_writes_nothing(demo_store, tmp_path, ext):
    (t1, v1), (t2, v2), _ = unique_villages(demo_store)
    header = FIXED + ["F02", "F11"]  # F02 次 (whole numbers of 0 or more), F11 % (0 to 100)
    rows = [["村", v1, "village-network", "2009", "2009-06-01", "王建国", "草稿", "", "", "12", "95"],
            ["村", v2, "village-network", "2009", "2009-06-02", "王建国", "草稿", "", "", "-1", "101.6%"],
            ["村", v2, "village-network", "2009", "2009-06-03", "王建国", "草稿", "", "", "2.5", "100"]]
    path = WRITERS[ext](tmp_path / f"paper.{ext}", header, rows)
    demo_store.close()
    before = dump(demo_store.path)
    from qinspect.store.db import open_store
    with open_store(demo_store.path) as store, pytest.raises(ImportRefused) as refused:
        paper_import.import_file(store, path)
    assert [(p.row, p.column, p.why) for p in refused.value.problems] == [
        (3, "F02", "F02 协管员全年质量安全巡查次数 的数值 -1 超出允许范围（0 以上的整数）"),
        (3, "F11", "F11 协管员信息按时报送率 的数值 101.6 超出允许范围（0 至 100）"),
        (4, "F02", "F02 协管员全年质量安全巡查次数 的数值 2.5 超出允许范围（0 以上的整数）"),
    ]
    assert str(refused.value).splitlines()[1] == \
        "第 3 行 列 F02：F02 协管员全年质量安全巡查次数 的数值 -1 超出允许范围（0 以上的整数）"
    assert dump(demo_store.path) == before


@pytest.mark.parametrize("ext", list(WRITERS))
def test_a_veto_cell_takes_the_words_the_sheets_print(demo_store, tmp_path, ext):
    enterprises = [r[0] for r in demo_store.execute("SELECT credit_code FROM enterprises ORDER BY id LIMIT 6")]
    words = ["通过", "不通过", "否决", "符合", "不符合", " 未通过 "]
    expected = [PASS, FAIL, FAIL, PASS, FAIL, FAIL]
    rows = [["企业", code, "enterprise-product", "2009", f"2009-07-0{n}", "张强", "草稿", "", "", word]
            for n, (code, word) in enumerate(zip(enterprises, words), 1)]
    path = WRITERS[ext](tmp_path / f"veto.{ext}", FIXED + ["V01"], rows)
    check, done = paper_import.import_file(demo_store, path)
    assert done.created == 6
    conn = sqlite3.connect(demo_store.path)
    stored = [json.loads(conn.execute("SELECT value FROM answers WHERE revision_id = (SELECT head FROM inspections "
                                      "WHERE uuid = ?) AND item_id = 'V01'", (r.inspection.uuid,)).fetchone()[0])
              for r in check.rows]
    assert stored == expected


def test_a_veto_cell_refuses_other_words_naming_the_accepted_ones(demo_store, tmp_path):
    code = demo_store.execute("SELECT credit_code FROM enterprises LIMIT 1").fetchone()[0]
    path = write_csv(tmp_path / "v.csv", FIXED + ["V01"],
                     [["企业", code, "enterprise-product", "2009", "2009-07-01", "张强", "草稿", "", "", "待定"]])
    with pytest.raises(ImportRefused) as refused:
        paper_import.import_file(demo_store, path)
    assert refused.value.problems[0].why == "“待定”不是可填的值；可填：通过 / 不通过（否决）；也可写 符合 / 不符合"
