"""Bundles for the fault tests: a laptop's signed bundle, and a receiving database to offer broken copies to."""

from __future__ import annotations

import hashlib
import random
import zipfile
from pathlib import Path

from qinspect.store import checklists
from qinspect.store.db import Store, open_store
from qinspect.sync.exporting import export_bundle
from tests.reliability.world import save_one, small_world


def laptop_bundle(folder: Path, inspections: int = 12, seed: int = 5) -> Path:
    """An `--all` bundle of a laptop with a few villages and `inspections` saves."""
    with open_store(folder / "laptop.db") as laptop:
        with laptop.atomic():
            laptop.set_setting("device_name", "章安一号")
        villages = small_world(laptop)
        rng = random.Random(seed)
        for _ in range(inspections):
            save_one(laptop, villages, rng)
        return export_bundle(laptop, folder / "laptop.qib", everything=True).path


def receiver(folder: Path) -> Store:
    """A supervisor's database with only the shipped checklists, as after `init`."""
    store = open_store(folder / "receiver.db")
    checklists.install_shipped(store)
    return store


def file_digest(store: Store) -> str:
    """The database file's SHA-256 once the WAL is checkpointed into it: equal means byte-identical."""
    store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return hashlib.sha256(store.path.read_bytes()).hexdigest()


def claim_size(path: Path, name: str, size: int) -> None:
    """Make both zip headers of member `name` (local and central directory) claim `size` uncompressed bytes."""
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    for sig, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        pos = data.find(sig)
        while data[pos + name_at:pos + name_at + len(encoded)] != encoded:
            pos = data.find(sig, pos + 1)
        data[pos + size_at:pos + size_at + 4] = size.to_bytes(4, "little")
    path.write_bytes(bytes(data))


def members(data: bytes, path: Path) -> dict[str, bytes] | None:
    """Every member's content, or None when the zip cannot be read whole."""
    path.write_bytes(data)
    try:
        with zipfile.ZipFile(path) as zf:
            return {i.filename: zf.read(i) for i in zf.infolist()}
    except Exception:  # any failure to read means the content is not the original's
        return None
