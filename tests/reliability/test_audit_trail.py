"""Item 11: the audit chain signed at each export; every tampering of a copy is found by `db check`.

A laptop saves, exports (signing a checkpoint its bureau keeps), saves again; then a copy of its
database is altered behind qinspect's back in each way the issue lists. `db check` must name the
first broken entry or record and end with how to recover; the laptop, even altered, still
takes the bureau's bundle and says what it kept of its own.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from qinspect.cli import main
from qinspect.domain.records import Answer
from qinspect.operations import database
from qinspect.store import audit, inspections
from qinspect.store.db import open_store
from qinspect.sync import bundle
from qinspect.sync.exporting import export_bundle
from qinspect.sync.importing import import_bundles
from tests.sync.conftest import office  # noqa: F401 - the sync suite's bureau and laptops
from tests.sync.helpers import edit, read_members, village_inspection


@pytest.fixture
def exported(office, tmp_path):
    """A laptop with two inspections sent to its bureau, and one edit made after the export."""
    laptop = office.laptop("甲")
    first = village_inspection(laptop, office.ids["village1"])
    village_inspection(laptop, office.ids["village2"], answers={"F01": "fail"})
    sent = export_bundle(laptop, tmp_path / "甲-1.qib")
    report = import_bundles(office.supervisor, [sent.path], trust=True)
    assert not report.refused
    edit(laptop, first.uuid, "F03", Answer(0))
    return laptop, first.uuid, sent.path


def test_each_export_signs_the_chain_and_the_bureau_keeps_the_laptops_checkpoint(office, exported):
    laptop, _, path = exported
    chain = json.loads(read_members(path)[bundle.MANIFEST])[bundle.AUDIT_CHAIN]
    kept = office.supervisor.execute("SELECT length, head FROM audit_checkpoints WHERE device_id = ?",
                                     (laptop.device_id,)).fetchall()
    assert [tuple(r) for r in kept] == [(chain["length"], chain["head"])]
    assert audit.hash_at(laptop, chain["length"]) == chain["head"]
    # The laptop keeps that one and a second covering the export's own entry.
    assert laptop.execute("SELECT count(*) FROM audit_checkpoints WHERE device_id = ?",
                          (laptop.device_id,)).fetchone()[0] == 2
    assert database.check(laptop) == [] and database.check(office.supervisor) == []


def _without_triggers(db: sqlite3.Connection, sql: str, params=()) -> None:
    """Drop the append-only triggers, change the log, put them back: what someone with a SQLite tool can do."""
    triggers = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").fetchall()
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("DROP TRIGGER audit_log_no_delete")
    db.execute(sql, params)
    for (create,) in triggers:
        db.execute(create)


def _rechain(db: sqlite3.Connection, from_id: int) -> None:
    """Recompute every hash from entry `from_id` on, as a careful forger would."""
    prev = db.execute("SELECT hash FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1", (from_id,)).fetchone()
    prev = prev[0] if prev else audit.GENESIS
    keys = ("at", "user", "device_id", "action", "entity", "entity_id", "detail")
    for row in db.execute(f"SELECT id, {', '.join(keys)} FROM audit_log WHERE id >= ? ORDER BY id",
                          (from_id,)).fetchall():
        digest = audit._entry_hash(prev, dict(zip(keys, row[1:])))
        db.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, row[0]))
        prev = digest


def _delete_last(db, n):
    _without_triggers(db, "DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log ORDER BY id DESC LIMIT ?)",
                      (n,))


def _rewrite_entry(db):
    # The first save's entry says another inspector did it; every later hash recomputed.
    first = db.execute("SELECT min(id) FROM audit_log WHERE entity = 'inspection'").fetchone()[0]
    triggers = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").fetchall()
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("UPDATE audit_log SET user = '别人' WHERE id = ?", (first,))
    _rechain(db, first)
    for (create,) in triggers:
        if "no_update" in create:
            db.execute(create)


def _drop_triggers(db):
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("DROP TRIGGER audit_log_no_delete")


def _edit_answer(db, fix_hash: bool):
    # A failed item of the second inspection made to pass.
    rev, uuid = db.execute("SELECT r.id, r.inspection_uuid FROM revisions r JOIN answers a ON a.revision_id = r.id "
                           "WHERE a.item_id = 'F01' AND a.value = '\"fail\"'").fetchone()
    db.execute("UPDATE answers SET value = '\"pass\"' WHERE revision_id = ? AND item_id = 'F01'", (rev,))
    if fix_hash:
        return rev, uuid
    return None


TAMPERINGS = {
    "the last entry deleted": (lambda db: _delete_last(db, 1), "被删除"),
    "the last ten deleted": (lambda db: _delete_last(db, 10), "被删除"),
    "an entry rewritten, later hashes recomputed": (_rewrite_entry, "被改写过"),
    "the triggers dropped": (_drop_triggers, "保护触发器"),
    "an answer edited": (lambda db: _edit_answer(db, False), "答案与其内容哈希不符"),
    "an answer edited, its hash fixed up": (lambda db: _edit_answer(db, True), "审计日志保存时记录的不同"),
}


def _fix_hash(path, rev, uuid):
    store = open_store(path)
    try:
        digest = inspections.load(store, uuid, rev).content_hash()
    finally:
        store.close()
    db = sqlite3.connect(path)
    db.execute("UPDATE revisions SET content_hash = ? WHERE id = ?", (digest, rev))
    db.commit()
    db.close()


def tamper(laptop, target, name: str) -> None:
    """Alter a backup copy of the laptop's database at `target` in the named way."""
    database.make_backup(laptop, target)
    db = sqlite3.connect(target)
    fixed = TAMPERINGS[name][0](db)
    db.commit()
    db.close()
    if fixed:
        _fix_hash(target, *fixed)


@pytest.mark.parametrize("name", list(TAMPERINGS))
def test_db_check_finds_each_tampering_of_a_copy(exported, tmp_path, capsys, figure, name):
    laptop, _, _ = exported
    copy = tmp_path / "copy.db"
    tamper(laptop, copy, name)
    store = open_store(copy, write=False)
    try:
        problems = database.check(store)
    finally:
        store.close()
    assert problems and TAMPERINGS[name][1] in problems[0] and problems[-1] == database.RECOVER, problems
    assert main(["--db", str(copy), "db", "check"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and problems[0] in err
    figure(f"{name}: {problems[0]}")


@pytest.mark.parametrize("fix_hash", [False, True], ids=["answer edited", "answer and hash edited"])
def test_an_altered_laptop_still_takes_its_bureaus_bundle(office, exported, tmp_path, fix_hash):
    laptop, _, _ = exported
    back = export_bundle(office.supervisor, tmp_path / "bureau.qib", everything=True).path
    copy = tmp_path / "altered.db"
    tamper(laptop, copy, "an answer edited, its hash fixed up" if fix_hash else "an answer edited")
    altered = open_store(copy)
    try:
        report = import_bundles(altered, [back])
        assert not report.refused, report.refused
        (outcome,) = report.bundles
        assert len(outcome.kept_own) == (1 if fix_hash else 0)
        if fix_hash:
            assert "保留了本机的这些修订、导入了其余内容" in outcome.describe()
        # The bureau's receipts arrived: the laptop knows what it need not send again.
        assert outcome.receipted > 0
        assert database.check(altered)[-1] == database.RECOVER
    finally:
        altered.close()


def test_a_laptop_restored_from_a_backup_gets_its_later_work_back_and_checks_clean(office, exported, tmp_path):
    laptop, first, _ = exported
    backup = database.make_backup(laptop, tmp_path / "before.db")  # the recovery: a copy taken now
    edit(laptop, first, "F01", Answer("fail"))
    export_bundle(laptop, tmp_path / "甲-2.qib")
    assert not import_bundles(office.supervisor, [tmp_path / "甲-2.qib"]).refused
    back = export_bundle(office.supervisor, tmp_path / "bureau.qib", everything=True).path
    restored = open_store(backup)
    try:
        report = import_bundles(restored, [back])
        assert not report.refused and report.bundles[0].kept_own == []
        assert restored.execute("SELECT count(*) FROM audit_log WHERE action = 'restore'").fetchone()[0] == 1
        assert database.check(restored) == []
    finally:
        restored.close()
