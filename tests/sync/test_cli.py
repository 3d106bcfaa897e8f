"""`qinspect bundle export|verify|import`: output, --json, and exit codes (0 done, 1 refused, 2 wrong usage)."""

from __future__ import annotations

import json

import pytest

from qinspect.cli import main
from tests.sync.helpers import village_inspection


@pytest.fixture
def field_db(office):
    laptop = office.laptop("甲")
    village_inspection(laptop, office.ids["village1"])
    path = laptop.path
    laptop.close()
    office.laptops.remove(laptop)
    office.supervisor.close()
    office.laptops.append(office.supervisor)  # closed again at the end, harmlessly
    return path


def test_export_verify_import(office, field_db, capsys):
    out = office.folder / "a.qib"
    assert main(["--db", str(field_db), "bundle", "export", "-o", str(out)]) == 0
    assert "第 1 号" in capsys.readouterr().out
    # Nothing is receipted yet, so the next export carries the same work again, as number 2.
    assert main(["--db", str(field_db), "bundle", "export", "-o", str(office.folder / "b.qib")]) == 0
    assert "第 2 号" in capsys.readouterr().out
    # A bundle still waiting on the stick is never overwritten, unless asked to.
    before = out.read_bytes()
    assert main(["--db", str(field_db), "bundle", "export", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "已存在" in err and "Traceback" not in err
    assert out.read_bytes() == before
    assert main(["--db", str(field_db), "bundle", "export", "-o", str(office.folder / "b.qib"), "--force"]) == 0
    capsys.readouterr()
    assert main(["--db", str(field_db), "bundle", "export", "--all", "-o", str(office.folder / "c.qib")]) == 0
    capsys.readouterr()

    sup = str(office.folder / "supervisor.db")
    assert main(["--db", sup, "bundle", "verify", str(out)]) == 0
    text = capsys.readouterr().out
    assert "签名有效" in text and "尚未信任" in text

    assert main(["--db", sup, "bundle", "import", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "尚未信任" in captured.err

    assert main(["--db", sup, "bundle", "import", str(out), "--trust", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["added"], report["conflicts"], report["refused"]) == (1, 0, [])

    assert main(["--db", sup, "bundle", "import", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["already_imported"] == [str(out)] and report["added"] == 0


def test_refusals_exit_1_with_one_line_each(office, field_db, capsys):
    junk = office.folder / "junk.qib"
    junk.write_bytes(b"not a zip at all")
    assert main(["bundle", "verify", str(junk)]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    good = office.folder / "a.qib"
    assert main(["--db", str(field_db), "bundle", "export", "-o", str(good)]) == 0
    capsys.readouterr()
    sup = str(office.folder / "supervisor.db")
    assert main(["--db", sup, "bundle", "import", str(junk), str(good), "--trust", "--json"]) == 1
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["added"] == 1 and [r["file"] for r in report["refused"]] == [str(junk)]
    assert captured.err.count("\n") == 1 and "junk.qib" in captured.err


def test_wrong_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as e:
        main(["bundle", "import"])
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        main(["bundle", "export", "-o", "x.qib", "--all", "--setup"])
    assert e.value.code == 2


def test_export_onto_a_folder_writes_the_readable_name_inside_it(office, field_db, capsys):
    stick = office.folder / "stick"
    stick.mkdir()
    assert main(["--db", str(field_db), "bundle", "export", "-o", str(stick)]) == 0
    capsys.readouterr()
    # 甲 has no township setting: the laptop's name stands first, then its user, the date and the number.
    written = [p.name for p in stick.iterdir()]
    assert len(written) == 1 and written[0].startswith("甲-甲质监员-") and written[0].endswith("-01.qib"), written
    # A folder that is not there (a stick not plugged in) is said so, and nothing is made in its place.
    missing = office.folder / "E"
    assert main(["--db", str(field_db), "bundle", "export", "-o", str(missing) + "/"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "不存在" in err
    assert not missing.exists()
