"""The append-only audit log: who changed what and why, each entry chained to the one before.

Triggers refuse UPDATE and DELETE; the hash chain lets `db check` show that no entry was
altered or removed from the middle behind the program's back. A chain without a key can be
rewritten whole, or cut at its end, so its length and head are signed at each export
(sync/checkpoints.py) and checked against those signatures.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from qinspect.domain.records import canonical_json
from qinspect.store.db import Store, now

GENESIS = "0" * 64


def _entry_hash(prev_hash: str, entry: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + canonical_json(entry)).hexdigest()


def append(store: Store, action: str, entity: str, entity_id: str,
           detail: dict[str, Any] | None = None, *, user: str | None = None) -> None:
    """Add one entry; call inside the transaction that makes the change it records."""
    row = store.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev = row[0] if row else GENESIS
    entry = {
        "at": now(), "user": user if user is not None else store.user, "device_id": store.device_id,
        "action": action, "entity": entity, "entity_id": entity_id,
        "detail": json.dumps(detail or {}, ensure_ascii=False, sort_keys=True),
    }
    store.execute(
        "INSERT INTO audit_log(at, user, device_id, action, entity, entity_id, detail, prev_hash, hash) "
        "VALUES (:at, :user, :device_id, :action, :entity, :entity_id, :detail, :prev_hash, :hash)",
        {**entry, "prev_hash": prev, "hash": _entry_hash(prev, entry)},
    )


# The triggers that make the log and its checkpoints append-only (migrations 0001 and 0009).
TRIGGERS = ("audit_log_no_update", "audit_log_no_delete", "audit_checkpoints_no_update", "audit_checkpoints_no_delete")


def chain_head(store: Store) -> tuple[int, str]:
    """(number of entries, hash of the last one): what a checkpoint signs."""
    row = store.execute("SELECT count(*), (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) FROM audit_log").fetchone()
    return row[0], row[1] or GENESIS


def hash_at(store: Store, length: int) -> str | None:
    """The hash of the chain's `length`-th entry (in order), None when the chain is shorter."""
    if length == 0:
        return GENESIS
    row = store.execute("SELECT hash FROM audit_log ORDER BY id LIMIT 1 OFFSET ?", (length - 1,)).fetchone()
    return row[0] if row else None


def missing_triggers(store: Store) -> list[str]:
    """One sentence per append-only trigger someone dropped."""
    present = {r[0] for r in store.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    return [f"审计日志的保护触发器 {name} 被删除了（有人绕过 qinspect 改动了数据库文件）"
            for name in TRIGGERS if name not in present]


def verify_chain(store: Store) -> list[str]:
    """Every break in the chain, one sentence each; empty when the log is whole."""
    problems = []
    prev = GENESIS
    for row in store.query("SELECT * FROM audit_log ORDER BY id"):
        entry = {k: row[k] for k in ("at", "user", "device_id", "action", "entity", "entity_id", "detail")}
        if row["prev_hash"] != prev:
            problems.append(f"审计日志第 {row['id']} 条之前的记录缺失或被改动")
        if row["hash"] != _entry_hash(row["prev_hash"], entry):
            problems.append(f"审计日志第 {row['id']} 条的内容被改动")
        prev = row["hash"]
    return problems


def entries(store: Store, entity: str | None = None, entity_id: str | None = None) -> list[dict]:
    where, args = [], []
    if entity:
        where.append("entity = ?")
        args.append(entity)
    if entity_id:
        where.append("entity_id = ?")
        args.append(entity_id)
    sql = "SELECT * FROM audit_log" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
    return list(store.query(sql, args))
