"""`qinspect print`: exit codes, one clear line for refused input, and never a half-written file."""

from __future__ import annotations

import pytest

from qinspect.reports import checklist_sheets, jobs
from qinspect.store import inspections
from qinspect.store.db import open_store
from tests.reports import pdftools


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.suffix == ".part" or p.name.startswith("."))


@pytest.mark.parametrize("argv, says", [
    (["checklist", "--checklist", "nope@2009"], "没有检查表 nope@2009"),
    (["checklist", "--checklist", "township-assessment@1999"], "township-assessment@1999"),
    (["inspection", "0123456789abcdef"], "没有编号以 0123456789abcdef 开头的检查"),
    (["inspection", "abc"], "至少需要前 6 位"),
    (["scoresheet", "--year", "2001", "--all"], "2001 年没有考核记录"),
    (["scoresheet", "--year", "2009", "--township", "不存在镇"], "不存在镇"),
    (["ranking", "--year", "1990"], "1990 年没有"),
])
def test_refused_input_exits_1_with_one_line_and_no_file(argv, says, demo_db, tmp_path, cli):
    out = tmp_path / "x.pdf"
    code, stdout, stderr = cli("--db", demo_db, "print", *argv, "-o", out)
    assert code == 1
    assert stdout == ""
    assert len(stderr.strip().splitlines()) == 1 and says in stderr
    assert not out.exists() and leftovers(tmp_path) == []


def test_unwritable_output_is_refused(demo_db, tmp_path, cli):
    code, _, err = cli("--db", demo_db, "print", "ranking", "--year", 2009, "-o", tmp_path / "no" / "such" / "r.pdf")
    assert code == 1 and "无法写入" in err and len(err.strip().splitlines()) == 1
    code, _, err = cli("--db", demo_db, "print", "ranking", "--year", 2009, "-o", tmp_path)
    assert code == 1 and "是一个文件夹" in err


@pytest.mark.parametrize("argv", [
    ["print"],
    ["print", "scoresheet", "--year", "2009", "-o", "x.pdf"],  # neither --township nor --all
    ["print", "scoresheet", "--year", "2009", "--all", "--township", "大陈镇", "-o", "x.pdf"],
    ["print", "ranking", "--year", "2009"],  # no -o
    ["print", "inspection", "-o", "x.pdf"],  # no id
])
def test_wrong_usage_exits_2(argv, demo_db, cli):
    try:
        code = cli("--db", demo_db, *argv)[0]
    except SystemExit as e:  # argparse's own refusal
        code = e.code
    assert code == 2


def test_every_print_command_succeeds(demo_db, tmp_path, cli):
    with open_store(demo_db, write=False) as store:
        ids = [r["id"] for r in inspections.listing(store, limit=3)]
    for argv in (["checklist", "--checklist", "village-network"],
                 ["inspection", *ids],
                 ["scoresheet", "--year", "2008", "--all"],
                 ["ranking", "--year", "2008"]):
        out = tmp_path / f"{argv[0]}.pdf"
        code, stdout, stderr = cli("--db", demo_db, "print", *argv, "-o", out)
        assert code == 0, stderr
        assert stdout.strip() == str(out) and stderr == ""
        assert pdftools.qpdf_check(out).returncode == 0
    assert leftovers(tmp_path) == []


def test_a_failed_print_leaves_the_old_file_and_no_part_file(demo_db, tmp_path, monkeypatch):
    out = tmp_path / "sheets.pdf"
    out.write_bytes(b"the sheets printed yesterday")
    real = checklist_sheets.checklist_flowables
    made = []

    def failing(*args, **kwargs):
        made.append(1)
        if len(made) == 3:
            raise RuntimeError("printer ran out of paper")
        return real(*args, **kwargs)

    monkeypatch.setattr(jobs, "checklist_flowables", failing)
    with open_store(demo_db, write=False) as store:
        ids = [r["id"] for r in inspections.listing(store, limit=5)]
        with pytest.raises(RuntimeError):
            jobs.print_inspections(store, ids, out)
    assert out.read_bytes() == b"the sheets printed yesterday"
    assert leftovers(tmp_path) == []


def test_progress_is_reported_per_sheet(demo_db, tmp_path):
    seen = []
    with open_store(demo_db, write=False) as store:
        ids = [r["id"] for r in inspections.listing(store, limit=4)]
        jobs.print_inspections(store, ids, tmp_path / "p.pdf", lambda done, total, label: seen.append((done, total)))
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]


def test_an_inspection_listed_twice_is_printed_once_and_said_so(demo_db, tmp_path, cli):
    with open_store(demo_db, write=False) as store:
        a, b = [r["id"] for r in inspections.listing(store, limit=2)]
    out = tmp_path / "twice.pdf"
    code, stdout, stderr = cli("--db", demo_db, "print", "inspection", a, b, a[:8], "-o", out)
    assert code == 0 and stdout.strip() == str(out)
    assert stderr.strip() == f"qinspect: 检查 {a[:12]} 被列出 2 次（{a}、{a[:8]}），只打印一份。"
    assert [x for x, _ in pdftools.page_numbers(out)].count(1) == 2
