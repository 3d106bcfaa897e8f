"""Signed checkpoints of the audit chain: its length and head hash, signed by the device key at each export.

A laptop keeps the checkpoints it signed; each bundle's signed manifest carries one, and the
receiving database keeps the sender's (so a bureau holds every laptop's last checkpoint).
`verify` compares this database's own chain with its own checkpoints: an entry removed at the
end, or a chain rewritten with recomputed hashes, no longer matches a signature.
"""

from __future__ import annotations

import base64

from qinspect.domain.records import canonical_json
from qinspect.store import audit
from qinspect.store.db import Store, now
from qinspect.sync.device import DeviceKey, signature_valid


def _payload(device_id: str, length: int, head: str) -> bytes:
    return canonical_json({"device_id": device_id, "length": length, "head": head})


def sign(store: Store, key: DeviceKey, bundle_id: str) -> dict:
    """Sign the chain as it is now and keep the checkpoint (inside the export's transaction).

    Returns the manifest's `audit_chain` field: {length, head, signature (base64)}.
    """
    length, head = audit.chain_head(store)
    signature = key.sign(_payload(store.device_id, length, head))
    _keep(store, store.device_id, length, head, key.public_bytes, signature, bundle_id)
    return {"length": length, "head": head, "signature": base64.b64encode(signature).decode("ascii")}


def receive(store: Store, device_id: str, public_key: bytes, chain: dict, bundle_id: str) -> None:
    """Keep the checkpoint a bundle's manifest carried (its signature is checked again here)."""
    signature = base64.b64decode(chain["signature"])
    if signature_valid(public_key, signature, _payload(device_id, chain["length"], chain["head"])):
        _keep(store, device_id, chain["length"], chain["head"], public_key, signature, bundle_id)


def _keep(store: Store, device_id: str, length: int, head: str, public_key: bytes, signature: bytes,
          bundle_id: str) -> None:
    store.execute("INSERT OR IGNORE INTO audit_checkpoints(device_id, length, head, public_key, signature, "
                  "bundle_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                  (device_id, length, head, public_key, signature, bundle_id, now()))


def verify(store: Store) -> list[str]:
    """Where this database's own chain disagrees with the checkpoints it signed; at most one sentence.

    Names the first checkpoint broken: the chain is shorter than it was signed, or its entry at
    the signed length has another hash (rewritten). A checkpoint whose signature fails was
    itself altered.
    """
    length, _ = audit.chain_head(store)
    rows = store.execute("SELECT length, head, public_key, signature, bundle_id FROM audit_checkpoints "
                         "WHERE device_id = ? ORDER BY length", (store.device_id,)).fetchall()
    sound = 0  # the chain agrees with every checkpoint up to this length
    for signed_length, head, public_key, signature, bundle_id in rows:
        number = store.execute("SELECT sequence FROM bundles WHERE id = ?", (bundle_id,)).fetchone()
        when = f"第 {number[0]} 号数据包导出时" if number else "一次导出时"
        if not signature_valid(bytes(public_key), bytes(signature), _payload(store.device_id, signed_length, head)):
            return [f"审计日志的签名检查点（{when}）被改动过，签名不符。"]
        if signed_length > length:
            return [f"审计日志只剩 {length} 条，但{when}签名确认过 {signed_length} 条：第 {length + 1} 条起的 "
                    f"{signed_length - length} 条被删除了。"]
        if audit.hash_at(store, signed_length) != head:
            return [f"审计日志第 {sound + 1} 至 {signed_length} 条之间有记录被改写过（哈希被重新计算），"
                    f"与{when}签名确认的不同。"]
        sound = signed_length
    return []
