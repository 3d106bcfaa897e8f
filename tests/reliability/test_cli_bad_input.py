"""Item 12, bad input through the command line: exit 1 with one `qinspect:` sentence, 2 for usage, nothing changed.

Every case runs main() as the console script does. A refusal must print exactly one line,
starting `qinspect: `, on stderr (checklist problems: one such line each), never a traceback
nor the catch-all's "程序出错" (which would mean a real cause is still unfixed), and leave the
folder holding the database exactly as it was: no new folder, file, `.lock` or output, and
the database's SQL dump byte-identical.

`checklists validate` needs no database and is left out. `bundle verify` needs none either:
with `--db` in a missing folder it checks the file alone, so there its refusal is of the
file offered (not a bundle), and it too creates nothing.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from qinspect.cli import main
from qinspect.domain.credit_code import check_character
from qinspect.paths import shipped_checklists
from tests.reliability.world import database_digest

# Every command that opens the database, with arguments that would be fine on a good one.
COMMANDS = {
    "init": ["init"],
    "demo": ["demo"],
    "checklists list": ["checklists", "list"],
    "checklists install": ["checklists", "install", "{checklist}"],
    "inspections list": ["inspections", "list"],
    "inspections show": ["inspections", "show", "abcdef"],
    "inspections import": ["inspections", "import", "{sheet}"],
    "registers import": ["registers", "import", "{sheet}"],
    "score": ["score", "--year", "2009"],
    "export": ["export", "scores", "--year", "2009", "-o", "{out}/scores.xlsx"],
    "print checklist": ["print", "checklist", "--checklist", "village-network", "-o", "{out}/c.pdf"],
    "print ranking": ["print", "ranking", "--year", "2009", "-o", "{out}/r.pdf"],
    "bundle export": ["bundle", "export", "-o", "{out}/b.qib"],
    "bundle import": ["bundle", "import", "{sheet}"],
    "bundle verify": ["bundle", "verify", "{sheet}"],
    "db check": ["db", "check"],
    "db backup": ["db", "backup", "-o", "{out}/backup.db"],
    "setup": ["setup", "--user", "王建国", "--device-name", "章安一号", "--bureau", "椒江区"],
    "devices list": ["devices", "list"],
    "conflicts list": ["conflicts", "list"],
    "checklists diff": ["checklists", "diff", "township-assessment@2008", "township-assessment@2009"],
    "assessments list": ["assessments", "list", "--year", "2009"],
    "assessments submit": ["assessments", "submit", "章安街道", "--year", "2009"],
    "assessments score": ["assessments", "score", "章安街道", "--year", "2009"],
    "assessments confirm": ["assessments", "confirm", "章安街道", "--year", "2009"],
    "assessments back": ["assessments", "back", "章安街道", "--year", "2009", "--reason", "材料不全"],
    "assessments choose": ["assessments", "choose", "abcdef"],
}
CREATES = {"init", "demo", "setup"}  # may make a new database where none is; nothing else may


def _not_sqlite(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04 this is a zip someone named .db" * 50)


def _foreign_sqlite(path: Path) -> None:
    import sqlite3
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts(name, phone)")
    conn.execute("INSERT INTO contacts VALUES ('王', '13800000000')")
    conn.commit()
    conn.close()


BAD_DATABASES = {
    "missing folder": None,
    "0-byte file": lambda p: p.write_bytes(b""),
    "not SQLite": _not_sqlite,
    "another program's SQLite": _foreign_sqlite,
}


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


def run(capsys, args: list[str]) -> tuple[int, str, str]:
    try:
        code = main(args)
    except SystemExit as e:  # argparse's usage errors
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_sentence(err: str, code: int = 1) -> None:
    assert "Traceback" not in err and "程序出错" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("qinspect: "), err


def _args(template: list[str], db: Path, folder: Path) -> list[str]:
    sheet = folder / "villages.csv"
    fill = {"checklist": str(shipped_checklists()[0]), "sheet": str(sheet), "out": str(folder)}
    return ["--db", str(db), *(a.format(**fill) for a in template)]


@pytest.mark.parametrize("bad", BAD_DATABASES, ids=list(BAD_DATABASES))
@pytest.mark.parametrize("command", COMMANDS, ids=list(COMMANDS))
def test_a_wrong_db_is_refused_and_nothing_is_created(command, bad, tmp_path, capsys):
    (tmp_path / "villages.csv").write_text("乡镇(街道),村(社区)名称\n章安街道,新村\n", "utf-8")
    make = BAD_DATABASES[bad]
    db = tmp_path / ("no-such-folder" if make is None else "") / "qinspect.db"
    if make is not None:
        make(db)
    before = _tree(tmp_path)
    code, out, err = run(capsys, _args(COMMANDS[command], db, tmp_path))
    if make is None and command in CREATES:
        assert code == 0 and db.exists()  # init and demo make the folder and the database
        return
    assert code == 1, (out, err)
    assert_one_sentence(err)
    assert _tree(tmp_path) == before  # no folder, no database, no .lock, no output file


@pytest.fixture
def good_db(small_demo_db, tmp_path) -> Path:
    db = tmp_path / "good.db"
    shutil.copy(small_demo_db, db)
    return db


def _township(db: Path) -> str:
    import sqlite3
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT name FROM townships ORDER BY id LIMIT 1").fetchone()[0]


def _credit_code(first17: str = "91331002MA2AB12C3") -> str:
    return first17 + check_character(first17)


def _enterprises(folder: Path, township: str, code: str) -> Path:
    path = folder / "enterprises.csv"
    path.write_text(f"乡镇(街道),企业名称,统一社会信用代码\n{township},台州测试眼镜有限公司,{code}\n", "utf-8")
    return path


REFUSED = {  # name: (arguments, a phrase the sentence must carry)
    "year too large for SQLite": (["score", "--year", "99999999999999999999"], "年份 99999999999999999999 不对"),
    "year without assessments": (["score", "--year", "1999"], "1999 年没有考核记录"),
    "year of a township without one": (["score", "--year", "1999", "--township", "{township}"], "没有考核记录"),
    "export a nonsense year": (["export", "scores", "--year", "-5", "-o", "{out}/s.xlsx"], "年份 -5 不对"),
    "print a year without assessments": (["print", "ranking", "--year", "1999", "-o", "{out}/r.pdf"], "1999 年"),
    "a missing checklist file": (["checklists", "install", "{out}/missing.toml"], "无法读取"),
    "a credit code with a space": (["registers", "import", "{space_code}"], "第 9 位是空格"),
    "an unknown inspection": (["inspections", "show", "abcdef"], "abcdef"),
    "a missing spreadsheet": (["registers", "import", "{out}/missing.csv"], "无法读取"),
    "a bundle that is a spreadsheet": (["bundle", "import", "{space_code}"], "不是完整的"),
    "list a year without assessments": (["assessments", "list", "--year", "1999"], "1999 年没有考核记录"),
    "submit in a year too large for SQLite": (["assessments", "submit", "{township}", "--year", "99999999999999999999"],
                                              "年份 99999999999999999999 不对"),
    "step back in a year without one": (["assessments", "back", "{township}", "--year", "1999", "--reason", "材料不全"],
                                        "1999 年还没有考核检查"),
    "step back without a reason": (["assessments", "back", "{township}", "--year", "2009", "--reason", " "], "原因"),
    "confirm an unknown township": (["assessments", "confirm", "不存在镇", "--year", "2009"], "不存在镇"),
    "choose an unknown inspection": (["assessments", "choose", "abcdef"], "abcdef"),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_bad_input_is_refused_in_one_sentence_and_the_database_is_unchanged(case, good_db, tmp_path, capsys):
    template, phrase = REFUSED[case]
    code = _credit_code()
    fill = {"out": str(tmp_path), "township": _township(good_db),
            "space_code": str(_enterprises(tmp_path, _township(good_db), code[:8] + " " + code[9:]))}
    dump, before = database_digest(good_db), _tree(tmp_path)
    status, out, err = run(capsys, ["--db", str(good_db), *(a.format(**fill) for a in template)])
    assert status == 1, (out, err)
    if case == "a credit code with a space":  # the import's first line, then one line per wrong cell
        assert err.startswith("qinspect: ") and "Traceback" not in err
    else:
        assert_one_sentence(err)
    assert phrase in err
    assert database_digest(good_db) == dump
    after = _tree(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith("good.db")} == \
        {k: v for k, v in before.items() if not k.startswith("good.db")}


def test_checklist_problems_each_carry_the_prefix(good_db, tmp_path, capsys):
    broken = tmp_path / "broken.toml"
    broken.write_text(shipped_checklists()[0].read_text("utf-8").replace('kind = "tiered"', 'kind = "stars"', 1),
                      "utf-8")
    dump = database_digest(good_db)
    code, _, err = run(capsys, ["--db", str(good_db), "checklists", "install", str(broken)])
    assert code == 1 and err.strip() and all(line.startswith("qinspect: ") for line in err.strip().splitlines())
    assert "stars" in err and database_digest(good_db) == dump


@pytest.mark.parametrize("args", [["score"], ["score", "--year", "x"], ["frobnicate"], ["checklists", "install"],
                                  ["bundle", "export"], ["print", "scoresheet", "--year", "2009", "-o", "x.pdf"],
                                  ["assessments", "back", "章安街道", "--year", "2009"]])
def test_wrong_usage_exits_2_and_changes_nothing(args, good_db, capsys):
    dump = database_digest(good_db)
    code, _, err = run(capsys, ["--db", str(good_db), *args])
    assert code == 2 and "Traceback" not in err and "usage" in err
    assert database_digest(good_db) == dump


def test_full_width_credit_codes_are_converted_as_documented(good_db, tmp_path, capsys):
    code = _credit_code()
    wide = "".join(chr(ord(c) + 0xFEE0) for c in code)  # what a Chinese input method in full-width mode types
    path = _enterprises(tmp_path, _township(good_db), wide)
    status, out, err = run(capsys, ["--db", str(good_db), "registers", "import", str(path)])
    assert status == 0, err
    import sqlite3
    with sqlite3.connect(good_db) as conn:
        assert conn.execute("SELECT count(*) FROM enterprises WHERE credit_code = ?", (code,)).fetchone()[0] == 1
