"""Photo and other evidence, content-addressed by SHA-256 in the `evidence` table.

The same file added twice is stored once; an answer refers to its evidence by hash, so a
bundle carries each photo once however many inspections show it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from qinspect.errors import InvalidInput, NotFound
from qinspect.store.db import Store, now

# A phone photo is a few MB; anything far larger is a video or a scan that bloats every bundle.
MAX_EVIDENCE_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class Evidence:
    sha256: str
    media_type: str
    data: bytes


def add_evidence(store: Store, data: bytes, media_type: str) -> str:
    """Store `data` once and return its SHA-256 (hex)."""
    if not data:
        raise InvalidInput("证据文件是空的")
    if len(data) > MAX_EVIDENCE_BYTES:
        raise InvalidInput(f"证据文件有 {len(data) // (1024 * 1024)} MB，超过 {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB 的上限")
    digest = hashlib.sha256(data).hexdigest()
    with store.atomic():
        store.execute("INSERT OR IGNORE INTO evidence(sha256, media_type, size, data, added_at) "
                      "VALUES (?, ?, ?, ?, ?)", (digest, media_type, len(data), data, now()))
    return digest


def get_evidence(store: Store, sha256: str) -> Evidence:
    row = store.execute("SELECT media_type, data FROM evidence WHERE sha256 = ?", (sha256,)).fetchone()
    if row is None:
        raise NotFound(f"没有哈希为 {sha256[:12]}… 的证据文件")
    return Evidence(sha256, row[0], bytes(row[1]))
