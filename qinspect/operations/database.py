"""Looking after the database file: opening it (migrations with their backup), backups, the check.

Opening a database that needs migrating first copies it (store/db.py); on a 2 GB file both
take minutes, so the window calls `open_database` and `start_backup` behind its progress
dialog, off the UI thread.
"""

from __future__ import annotations

from pathlib import Path

from qinspect.store import checklists
from qinspect.store.db import Store, backup, backup_path, open_store

START_LABEL = "start"  # the label of the copies made at start, which are rotated


def open_database(path: Path | str, *, write: bool = True) -> Store:
    """Open (create, migrate after a backup copy) a database for this process."""
    return open_store(path, write=write)


def prepare(store: Store) -> None:
    """What a database needs before a person works in it: the shipped checklists installed."""
    checklists.install_shipped(store)


def make_backup(store: Store, target: Path | str | None = None) -> Path:
    """A consistent copy of the database: at `target`, else beside it with the time in its name."""
    return backup(store, Path(target) if target else backup_path(store.path, "manual"))


def start_backup(store: Store, kept: int) -> Path:
    """The copy made at start (when the user asked for it); only the newest `kept` are kept."""
    target = backup(store, backup_path(store.path, START_LABEL))
    made = sorted(store.path.parent.glob(f"{store.path.stem}.*.{START_LABEL}.bak.db"))
    for old in made[:-kept]:
        old.unlink(missing_ok=True)
    return target


RECOVER = ("要恢复，请换回最近一份完好的备份（qinspect db backup 做的备份，或启动时自动保留的 *.start.bak.db，"
           "先用 qinspect --db 备份文件 db check 确认它完好），或从完好的数据库重新导出给主管。")


def check(store: Store) -> list[str]:
    """Everything wrong with the database, each named by its first broken entry or record, then how
    to recover; empty when it is sound.

    SQLite's integrity and foreign keys; the audit log's protecting triggers, its hash chain and
    the checkpoints this device signed at its exports; every revision's answers against its
    content hash and against the hash the audit log recorded at the save.
    """
    # Imported here: every start of the window imports this module, only `db check` needs these.
    from qinspect.store import audit
    from qinspect.store.maintenance import integrity_problems, revision_problems
    from qinspect.sync import checkpoints
    problems = integrity_problems(store)
    if not problems:  # a damaged file can fail any query: the rest is read from a sound one
        problems = (audit.missing_triggers(store) + audit.verify_chain(store) + checkpoints.verify(store)
                    + revision_problems(store))
    return problems + [RECOVER] if problems else []
