"""Looking after the database file: opening it (migrations with their backup), backups, the check.

Opening a database that needs migrating first copies it (store/db.py); on a 2 GB file both
take minutes, so the window calls `open_database` and `start_backup` behind its progress
dialog, off the UI thread.
"""

from __future__ import annotations

from pathlib import Path

from qinspect.store import audit, checklists
from qinspect.store.db import Store, backup, backup_path, open_store
from qinspect.store.maintenance import integrity_problems

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


def check(store: Store) -> list[str]:
    """Everything wrong with the database: SQLite's integrity and foreign keys, then the audit
    chain; empty when it is sound."""
    return integrity_problems(store) + audit.verify_chain(store)
