"""The SQLite store: migrations from an empty file, pragmas, the writer's lock, backups, registers."""

import sqlite3

import pytest

from qinspect.domain.credit_code import check_character, credit_code_problem
from qinspect.errors import DatabaseLocked, InvalidInput, NotFound, QInspectError
from qinspect.store import audit, registers
from qinspect.store.db import open_store
from qinspect.store.migrations import MIGRATIONS


def test_migrations_from_an_empty_file(db_path):
    with open_store(db_path) as s:
        applied = [m.name for m in MIGRATIONS.applied(s.db)]
        assert applied[0] == "0001_initial" and applied == sorted(applied)
        assert MIGRATIONS.pending(s.db) == []
        tables = set(s.db.table_names())
    assert {"counties", "townships", "villages", "enterprises", "checklists", "inspections", "revisions",
            "answers", "assessments", "bundles", "devices", "audit_log", "evidence", "conflicts"} <= tables
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_connection_pragmas(store):
    assert store.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_reopening_applies_nothing_and_keeps_the_device_id(db_path):
    with open_store(db_path) as s:
        device = s.device_id
    with open_store(db_path) as s:
        assert s.device_id == device and len(device) == 32
    assert not list(db_path.parent.glob("*.bak.db"))


def test_pending_migration_runs_after_a_backup(db_path):
    with open_store(db_path) as s:
        # Pretend the schema is older than the program (a database with no qinspect migration
        # at all is another program's and refused, see test_opening_refuses_what_is_not_ours).
        s.execute("DELETE FROM _sqlite_migrations WHERE name <> '0001_initial'")
        s.conn.commit()
    with pytest.raises(QInspectError):
        open_store(db_path)  # the migration fails: its tables exist; the file is left as it was
    backups = list(db_path.parent.glob("*.before-0002_revision_parents.bak.db"))
    assert len(backups) == 1
    assert sqlite3.connect(backups[0]).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_second_writer_is_refused_with_a_clear_message(db_path):
    with open_store(db_path):
        with pytest.raises(DatabaseLocked, match="另一个 qinspect"):
            open_store(db_path)
        with open_store(db_path, write=False) as reader:  # reading alongside is fine
            assert reader.execute("SELECT count(*) FROM townships").fetchone()[0] == 0
    with open_store(db_path):  # released on close
        pass


def test_second_process_is_refused(db_path):
    import subprocess
    import sys
    with open_store(db_path):
        out = subprocess.run([sys.executable, "-m", "qinspect", "--db", str(db_path), "init"],
                             capture_output=True, text=True)
    assert out.returncode == 1
    assert "另一个 qinspect" in out.stderr


def test_reading_a_missing_database_says_so(tmp_path):
    with pytest.raises(QInspectError, match="不存在"):
        open_store(tmp_path / "nothing.db", write=False)


def _other_programs_sqlite(path):
    c = sqlite3.connect(path)
    c.execute("CREATE TABLE notes(x)")
    c.commit()
    c.close()


@pytest.mark.parametrize("make,match", [
    (lambda p: p.write_bytes(b"this is not sqlite" * 100), "不是 SQLite 文件"),
    (lambda p: p.write_bytes(b""), "空文件（0 字节）"),
    (_other_programs_sqlite, "不是 qinspect 的数据库"),
])
@pytest.mark.parametrize("create", [True, False])
def test_opening_refuses_what_is_not_ours(tmp_path, make, match, create):
    """Even `init` (create=True) leaves such a file, and its folder, exactly as they were: no lock file."""
    bad = tmp_path / "bad.db"
    make(bad)
    before = bad.read_bytes()
    for write in (True, False):
        with pytest.raises(QInspectError, match=match):
            open_store(bad, write=write, create=create)
    assert bad.read_bytes() == before and sorted(tmp_path.iterdir()) == [bad]


def test_a_missing_folder_is_created_only_when_asked(tmp_path):
    target = tmp_path / "typo" / "x.db"
    with pytest.raises(QInspectError, match="文件夹 .*typo 也不存在"):
        open_store(target, create=False)
    assert not target.parent.exists()
    with open_store(target, create=True):
        pass
    assert target.exists()


def test_a_database_from_a_newer_qinspect_is_refused_with_update_advice(db_path):
    with open_store(db_path) as s:
        s.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
                  "VALUES ('qinspect', '9999_from_the_future', '2030-01-01')")
        s.conn.commit()
    before = db_path.read_bytes()
    for write in (True, False):
        with pytest.raises(QInspectError, match="更新版本的 qinspect.*请先更新"):
            open_store(db_path, write=write)
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("code,ok", [
    ("91350100M000100Y43", True),
    ("91350100M000100Y4", False),
    ("91350100M000100Y44", False),
    ("91350100M000100YI3", False),
    ("913501AAM000100Y43", False),
])
def test_credit_codes(code, ok):
    assert (credit_code_problem(code) is None) is ok


def test_check_character_round_trip():
    first = "91331082MA2AB12C3"
    assert credit_code_problem(first + check_character(first)) is None


def test_enterprise_register_refuses_bad_and_duplicate_codes(store):
    cid = registers.ensure_county(store, "临海市")
    tid = registers.ensure_township(store, cid, "杜桥镇", "镇")
    code = "91331082MA2AB12C3" + check_character("91331082MA2AB12C3")
    registers.add_enterprise(store, tid, "台州光明眼镜有限公司", code, "眼镜")
    with pytest.raises(InvalidInput, match="校验位"):
        registers.add_enterprise(store, tid, "另一家", code[:-1] + ("0" if code[-1] != "0" else "1"))
    with pytest.raises(InvalidInput, match="已登记为“台州光明眼镜有限公司”"):
        registers.add_enterprise(store, tid, "另一家", code.lower())
    assert store.execute("SELECT count(*) FROM enterprises").fetchone()[0] == 1


def test_find_township_needs_the_county_when_ambiguous(store):
    for county in ("临海市", "温岭市"):
        registers.ensure_township(store, registers.ensure_county(store, county), "城东街道", "街道")
    with pytest.raises(InvalidInput, match="不唯一"):
        registers.find_township(store, "城东街道")
    assert registers.find_township(store, "温岭市/城东街道")["county"] == "温岭市"
    with pytest.raises(NotFound):
        registers.find_township(store, "不存在镇")


def test_audit_log_is_append_only_and_chained(store):
    with store.atomic():
        audit.append(store, "test", "thing", "1", {"a": 1})
        audit.append(store, "test", "thing", "2")
    assert audit.verify_chain(store) == []
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.execute("UPDATE audit_log SET user = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.execute("DELETE FROM audit_log")
    store.conn.rollback()
    # a change made behind the triggers' back is caught by the chain
    store.execute("DROP TRIGGER audit_log_no_update")
    store.execute("UPDATE audit_log SET detail = '{\"a\":2}' WHERE entity_id = '1'")
    store.conn.commit()
    assert any("被改动" in p for p in audit.verify_chain(store))


def test_checklist_versions_are_immutable(store):
    from qinspect.domain.checklist import parse_checklist
    from qinspect.store import checklists
    form = checklists.get(store, "township-assessment", "2009")
    assert checklists.install(store, form) == "unchanged"
    changed = parse_checklist(form.source.replace("质量", "品质", 1), "x.toml")
    with pytest.raises(InvalidInput, match="已发布的版本不可修改"):
        checklists.install(store, changed)
    with pytest.raises(sqlite3.DatabaseError, match="immutable"):
        store.execute("UPDATE checklists SET source = 'x'")
    assert checklists.get(store, "township-assessment").version == "2009.1"  # newest by default: the revision with derived items


def test_installing_the_shipped_checklists_again_parses_nothing_and_still_guards_versions(store, tmp_path,
                                                                                         monkeypatch):
    # The window runs this at every start; the templates already installed are known by their hash.
    from qinspect.domain import checklist as domain
    from qinspect.store import checklists
    parsed = []
    monkeypatch.setattr(checklists, "parse_checklist", lambda *a: parsed.append(a) or domain.parse_checklist(*a))
    again = checklists.install_shipped(store)
    assert again and set(again.values()) == {"unchanged"} and parsed == []
    assert set(again) == {f"{r[0]}@{r[1]}" for r in store.execute("SELECT id, version FROM checklists")}
    form = checklists.get(store, "township-assessment", "2009")
    edited = tmp_path / "township-assessment.toml"
    edited.write_text(form.source.replace("质量", "品质", 1), encoding="utf-8")
    monkeypatch.setattr(checklists, "shipped_checklists", lambda: [edited])
    with pytest.raises(InvalidInput, match="已发布的版本不可修改"):
        checklists.install_shipped(store)
