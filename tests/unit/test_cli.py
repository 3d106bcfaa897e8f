"""The command line contract: outputs, JSON shapes and exit codes (0 ok, 1 refused, 2 usage)."""

import json
import sqlite3
import subprocess
import sys

import pytest

from qinspect.cli import main
from qinspect.paths import shipped_checklists


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_init_prints_the_path_and_installs_the_checklists(capsys, db_path):
    code, out, _ = run(capsys, "--db", db_path, "init")
    assert code == 0 and out.strip() == str(db_path)
    code, out, _ = run(capsys, "--db", db_path, "checklists", "list", "--json")
    listed = json.loads(out)
    assert {(c["id"], c["version"]) for c in listed} >= {("township-assessment", "2008"),
                                                          ("township-assessment", "2009")}
    assert set(listed[0]) == {"id", "version", "title", "subject", "hash"}
    assert len(listed) == len(shipped_checklists())


def test_default_database_is_in_the_data_dir_and_env_overrides(capsys, qinspect_home, tmp_path, monkeypatch):
    code, out, _ = run(capsys, "init")
    assert code == 0 and out.strip() == str(qinspect_home / "qinspect.db")
    monkeypatch.setenv("QINSPECT_DB", str(tmp_path / "env.db"))
    code, out, _ = run(capsys, "init")
    assert out.strip() == str(tmp_path / "env.db")


def test_validate_shipped_and_broken_templates(capsys, tmp_path):
    code, out, err = run(capsys, "checklists", "validate", *shipped_checklists())
    assert code == 0 and err == ""
    broken = tmp_path / "broken.toml"
    broken.write_text(shipped_checklists()[0].read_text("utf-8").replace('kind = "tiered"', 'kind = "stars"', 1),
                      "utf-8")
    code, out, err = run(capsys, "checklists", "validate", shipped_checklists()[0], broken)
    assert code == 1
    assert str(broken) in err and "item " in err and "field kind" in err and "stars" in err


def test_install_refuses_a_changed_published_version(capsys, db_path, tmp_path):
    run(capsys, "--db", db_path, "init")
    changed = tmp_path / "changed.toml"
    changed.write_text(shipped_checklists()[0].read_text("utf-8").replace("质量", "品质", 1), "utf-8")
    before = sqlite3.connect(db_path).execute("SELECT count(*), max(installed_at) FROM checklists").fetchone()
    code, _, err = run(capsys, "--db", db_path, "checklists", "install", changed)
    assert code == 1 and "不可修改" in err and len(err.strip().splitlines()) == 1
    assert sqlite3.connect(db_path).execute("SELECT count(*), max(installed_at) FROM checklists").fetchone() == before


def test_score_json_ranks_the_assessed_townships(capsys, small_demo_db):
    code, out, _ = run(capsys, "--db", small_demo_db, "score", "--year", "2009", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["year"] == 2009
    towns = data["townships"]
    assert len(towns) == 9
    totals = [t["total"] for t in towns if t["rank"] is not None]  # drafts and submitted ones are unranked
    assert totals == sorted(totals, reverse=True)
    assert [t["rank"] for t in towns][0] == 1
    first = towns[0]
    assert set(first) >= {"township", "county", "total", "grade", "eligible", "rank", "categories", "bonus"}
    assert set(first["categories"]) == {"brand", "foundation", "product", "food", "equipment"}
    assert first["total"] == pytest.approx(sum(first["categories"].values()) + first["bonus"])
    code, out, _ = run(capsys, "--db", small_demo_db, "score", "--year", "2009", "--township",
                       first["township"], "--json")
    assert json.loads(out)["townships"] == [first]


def test_inspections_list_and_show(capsys, small_demo_db):
    code, out, _ = run(capsys, "--db", small_demo_db, "inspections", "list", "--json", "--year", "2009")
    rows = json.loads(out)
    assert code == 0 and rows
    assert set(rows[0]) >= {"id", "subject", "checklist", "date", "status", "total"}
    assert all(r["date"].startswith("2009") for r in rows)
    code, out, _ = run(capsys, "--db", small_demo_db, "inspections", "show", rows[0]["id"][:8], "--json")
    shown = json.loads(out)
    assert code == 0 and shown["id"] == rows[0]["id"] and shown["total"] == rows[0]["total"]
    code, out, _ = run(capsys, "--db", small_demo_db, "inspections", "show", rows[0]["id"])
    assert code == 0 and "总分" in out


def test_inspections_list_has_the_filters_of_the_window(capsys, small_demo_db):
    def listed(*flags):
        code, out, _ = run(capsys, "--db", small_demo_db, "inspections", "list", "--json", *flags)
        assert code == 0
        return json.loads(out)

    everything = listed()
    done = listed("--status", "completed", "--kind", "village")
    assert done and all(r["status"] == "completed" and r["subject_kind"] == "village" for r in done)
    drafts = listed("--status", "draft")  # the demo's only drafts: 2009 assessments still being filled in
    assert drafts and all(r["status"] == "draft" and r["subject_kind"] == "township" for r in drafts)
    spring = listed("--from", "2009-03-01", "--to", "2009-05-31", "--checklist", "village-network@2009")
    assert spring and all("2009-03-01" <= r["date"] <= "2009-05-31" and r["checklist"] == "village-network@2009"
                          for r in spring)
    subject = everything[0]["subject"]
    assert {r["id"] for r in listed("--search", subject)} >= {r["id"] for r in everything if r["subject"] == subject}


@pytest.mark.parametrize("args,message", [
    (["inspections", "list", "--checklist", "village-network"], "编号@版本"),
    (["score", "--year", "1999", "--township", "海门街道"], "没有考核记录"),
    (["score", "--year", "2009", "--township", "不存在镇"], "没有名为"),
    (["inspections", "show", "ffffffff"], "没有编号"),
    (["inspections", "list", "--township", "不存在镇"], "没有名为"),
])
def test_user_errors_exit_1_with_one_line(capsys, small_demo_db, args, message):
    code, out, err = run(capsys, "--db", small_demo_db, *args)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1 and out == ""


@pytest.mark.parametrize("args", [["score"], ["demo", "--scale", "galaxy"], ["frobnicate"], ["score", "--year", "x"]])
def test_wrong_usage_exits_2(capsys, db_path, args):
    with pytest.raises(SystemExit) as exc:
        main(["--db", str(db_path), *args])
    assert exc.value.code == 2


def test_missing_database_for_reading(capsys, tmp_path):
    code, _, err = run(capsys, "--db", tmp_path / "none.db", "checklists", "list")
    assert code == 1 and "不存在" in err


def test_db_check_and_backup(capsys, small_demo_db, tmp_path):
    assert run(capsys, "--db", small_demo_db, "db", "check")[0] == 0
    target = tmp_path / "copy.db"
    code, out, _ = run(capsys, "--db", small_demo_db, "db", "backup", "-o", target)
    assert code == 0 and sqlite3.connect(target).execute("SELECT count(*) FROM villages").fetchone()[0] == 90
    code, _, err = run(capsys, "--db", small_demo_db, "db", "backup", "-o", target)
    assert code == 1 and "已存在" in err


def test_console_entry_point_runs_as_a_module(db_path):
    out = subprocess.run([sys.executable, "-m", "qinspect", "--db", str(db_path), "init"],
                         capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == str(db_path)


def test_gui_demo_database_is_made_once_in_the_data_dir(qinspect_home):
    from qinspect.cli import demo_db_path
    path = demo_db_path("small")
    assert path == qinspect_home / "demo.db"
    assert sqlite3.connect(path).execute("SELECT count(*) FROM townships").fetchone()[0] == 9
    assert not list(qinspect_home.glob("*.part*"))
    mtime = path.stat().st_mtime_ns
    assert demo_db_path("small") == path and path.stat().st_mtime_ns == mtime


def test_export_scores_and_inspections(capsys, small_demo_db, tmp_path):
    import csv

    from openpyxl import load_workbook
    code, out, _ = run(capsys, "--db", small_demo_db, "export", "scores", "--year", "2009", "--format", "csv",
                       "-o", tmp_path / "s.csv")
    assert code == 0
    rows = list(csv.reader(open(tmp_path / "s.csv", encoding="utf-8-sig")))
    _, scored, _ = run(capsys, "--db", small_demo_db, "score", "--year", "2009", "--json")
    expected = json.loads(scored)["townships"]
    assert rows[0][:3] == ["名次", "县(市、区)", "乡镇(街道)"]
    assert [(r[2], float(r[-3])) for r in rows[1:]] == [(t["township"], t["total"]) for t in expected
                                                        if t["rank"] is not None]  # the ranking, as printed
    code, _, _ = run(capsys, "--db", small_demo_db, "export", "inspections", "--year", "2009", "-o",
                     tmp_path / "i.xlsx")
    sheet = load_workbook(tmp_path / "i.xlsx").active
    assert code == 0 and sheet.max_row - 1 == len(json.loads(run(
        capsys, "--db", small_demo_db, "inspections", "list", "--year", "2009", "--json")[1]))
    code, _, err = run(capsys, "--db", small_demo_db, "export", "scores", "--year", "2009", "-o",
                       tmp_path / "missing" / "s.xlsx")
    assert code == 1 and "不存在" in err and not (tmp_path / "missing").exists()


def test_register_entries_are_added_found_and_corrected_from_the_command_line(capsys, small_demo_db, tmp_path):
    import shutil

    db = tmp_path / "demo.db"
    shutil.copy(small_demo_db, db)
    town = sqlite3.connect(db).execute("SELECT name FROM townships t WHERE (SELECT count(*) FROM townships u "
                                       "WHERE u.name = t.name) = 1 ORDER BY id LIMIT 1").fetchone()[0]
    code, out, _ = run(capsys, "--db", db, "registers", "add-village", "--township", town, "--name", "命令行村",
                       "--phone", "0576-85123456")
    assert code == 0 and "命令行村" in out
    code, out, _ = run(capsys, "--db", db, "registers", "find", "命令行村", "--json")
    (found,) = json.loads(out)
    assert (found["kind"], found["township"]) == ("village", town)
    code, _, err = run(capsys, "--db", db, "registers", "add-village", "--township", town, "--name", "命令行村")
    assert code == 1 and "不能重复登记" in err
    code, _, err = run(capsys, "--db", db, "registers", "update-village", found["id"], "--phone", "问村委")
    assert code == 1 and "不是电话号码" in err
    assert run(capsys, "--db", db, "registers", "update-village", found["id"], "--assistant", "张三")[0] == 0
    code, out, _ = run(capsys, "--db", db, "registers", "show", "village", found["id"], "--json")
    shown = json.loads(out)
    assert code == 0 and (shown["assistant"], shown["phone"]) == ("张三", "0576-85123456")
    assert shown["inspections"] == [] and shown["rectifications"] == []
    assert run(capsys, "--db", db, "registers", "show", "village", 10 ** 9)[0] == 1
    code, _, err = run(capsys, "--db", db, "registers", "add-enterprise", "--township", town, "--name", "某厂",
                       "--credit-code", "91331082MA2AB12C3X")
    assert code == 1 and len(err.strip().splitlines()) == 1


def test_the_paper_template_and_the_pdf_font_from_the_command_line(capsys, small_demo_db, tmp_path):
    code, out, _ = run(capsys, "--db", small_demo_db, "inspections", "template", "--checklist", "village-network@2009",
                       "-o", tmp_path / "模板")
    assert code == 0 and out.strip().endswith("模板.xlsx") and (tmp_path / "模板.xlsx").stat().st_size > 0
    not_a_font = tmp_path / "x.ttf"
    not_a_font.write_bytes(b"not a font")
    import shutil
    db = tmp_path / "demo.db"
    shutil.copy(small_demo_db, db)
    code, _, err = run(capsys, "--db", db, "settings", "pdf-font", not_a_font)
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert run(capsys, "--db", db, "settings", "pdf-font")[1].strip() == "（内置字体）"
