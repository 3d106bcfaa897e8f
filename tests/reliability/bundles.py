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


def members(data: bytes, path: Path) -> dict[str, bytes] | None:
    """Every member's content, or None when the zip cannot be read whole."""
    path.write_bytes(data)
    try:
        with zipfile.ZipFile(path) as zf:
            return {i.filename: zf.read(i) for i in zf.infolist()}
    except Exception:  # any failure to read means the content is not the original's
        return None
