"""Checks of the database file itself: SQLite's integrity check, the foreign keys, and every revision's answers."""

from __future__ import annotations

import json

from qinspect.store import inspections
from qinspect.store.db import Store


def integrity_problems(store: Store) -> list[str]:
    """What SQLite finds wrong with the file and its foreign keys; empty when it is sound."""
    integrity = [r[0] for r in store.execute("PRAGMA integrity_check")]
    foreign_keys = store.execute("PRAGMA foreign_key_check").fetchall()
    return ([] if integrity == ["ok"] else integrity) + [f"外键错误：{r}" for r in foreign_keys]


def revision_damaged(store: Store, inspection_uuid: str, revision: str) -> bool:
    """Whether this copy of one revision was altered: its answers or its hash changed after the save."""
    digest = store.execute("SELECT content_hash FROM revisions WHERE id = ?", (revision,)).fetchone()[0]
    if inspections.load(store, inspection_uuid, revision).content_hash() != digest:
        return True
    for (detail,) in store.execute("SELECT detail FROM audit_log WHERE entity = 'inspection' AND entity_id = ? "
                                   "AND detail LIKE ?", (inspection_uuid, f"%{revision}%")):
        data = json.loads(detail)
        if isinstance(data, dict) and data.get("revision") == revision and data.get("content_hash", digest) != digest:
            return True
    return False


def revision_problems(store: Store) -> list[str]:
    """Revisions whose stored answers no longer hash to their content hash, or whose content hash is
    not the one the audit log recorded when they were saved; the first one named, with the count."""
    recorded = {}
    for (detail,) in store.execute("SELECT detail FROM audit_log WHERE entity = 'inspection' "
                                   "AND detail LIKE '%\"revision\"%'"):
        data = json.loads(detail)
        if isinstance(data, dict) and "revision" in data:
            recorded[data["revision"]] = data.get("content_hash")
    # Entries after the last signed checkpoint are covered by no signature, but every revision
    # saved here since then has its entry: one without means entries were cut from the end.
    since = store.execute("SELECT max(at) FROM audit_checkpoints WHERE device_id = ?",
                          (store.device_id,)).fetchone()[0]
    broken = []
    for uuid, rev, digest, device, created in store.execute(
            "SELECT inspection_uuid, id, content_hash, device_id, created_at FROM revisions ORDER BY rowid").fetchall():
        if inspections.load(store, uuid, rev).content_hash() != digest:
            broken.append(f"检查 {uuid} 的修订 {rev} 的答案与其内容哈希不符（答案在保存后被改动过）")
        elif (recorded.get(rev) or digest) != digest:
            broken.append(f"检查 {uuid} 的修订 {rev} 的内容哈希与审计日志保存时记录的不同（答案和哈希在保存后被改动过）")
        elif since and device == store.device_id and created >= since and rev not in recorded:
            broken.append(f"检查 {uuid} 的修订 {rev} 在审计日志中没有记录（最后一次导出之后的审计日志被删除过）")
    if not broken:
        return []
    return [broken[0] + (f"；另有 {len(broken) - 1} 个修订也是如此" if len(broken) > 1 else "") + "。"]
