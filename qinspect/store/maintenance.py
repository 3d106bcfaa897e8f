"""Checks of the database file itself: SQLite's integrity check and the foreign keys."""

from __future__ import annotations

from qinspect.store.db import Store


def integrity_problems(store: Store) -> list[str]:
    """What SQLite finds wrong with the file and its foreign keys; empty when it is sound."""
    integrity = [r[0] for r in store.execute("PRAGMA integrity_check")]
    foreign_keys = store.execute("PRAGMA foreign_key_check").fetchall()
    return ([] if integrity == ["ok"] else integrity) + [f"外键错误：{r}" for r in foreign_keys]
