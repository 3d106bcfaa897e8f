"""The benchmark data sets, made once and cached by a hash of the code that shapes them.

A demo database per scale (`qinspect demo --scale S`) and, made from it, the whole-database
bundle (`qinspect bundle export --all`). The cache folder holds one subfolder per content key;
when the code changes, the key changes, the data are made anew and the stale folders of that
kind are removed (a decade database is 1.9 GB; two must never pile up).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "qinspect-bench"

# What decides the content of a demo database: the generator, the schema and the store code
# that writes it, the engine that scores it, the shipped checklists and townships.
DEMO_SOURCES = ("qinspect/store", "qinspect/domain", "resources/checklists", "resources/data")
# A bundle is written by the sync layer from that database.
BUNDLE_SOURCES = (*DEMO_SOURCES, "qinspect/sync")


def content_key(sources: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for top in sources:
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def child_env(home: Path) -> dict[str, str]:
    """Every qinspect child gets its own data dir, so no run touches the user's settings."""
    return {**os.environ, "QINSPECT_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}


def qinspect(*args: str) -> list[str]:
    return [sys.executable, "-m", "qinspect", *args]


class Cache:
    def __init__(self, folder: Path, log=print):
        self.folder = folder
        self.log = log
        self.slots: dict[str, Path] = {}

    def _slot(self, kind: str, sources: tuple[str, ...]) -> Path:
        """The folder of one kind of data, keyed once per run: code edited mid-run changes nothing."""
        if kind not in self.slots:
            slot = self.folder / f"{kind}-{content_key(sources)}"
            for stale in self.folder.glob(f"{kind}-*"):
                if stale != slot:
                    shutil.rmtree(stale, ignore_errors=True)
            slot.mkdir(parents=True, exist_ok=True)
            self.slots[kind] = slot
        return self.slots[kind]

    def demo_db(self, scale: str) -> Path:
        """The demo database of a scale; read-only by convention (copy it before writing)."""
        path = self._slot(f"demo-{scale}", DEMO_SOURCES) / "demo.db"
        if not path.exists():
            self.log(f"making the {scale} demo database (once, cached in {path.parent}) ...")
            with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
                db = Path(tmp) / "demo.db"
                subprocess.run(qinspect("--db", str(db), "demo", "--scale", scale), check=True, cwd=ROOT,
                               env=child_env(Path(tmp) / "home"), stdout=subprocess.DEVNULL)
                _checkpoint(db)
                db.rename(path)  # last, so an interrupted build leaves no half-made database
        return path

    def bundle(self, scale: str) -> Path:
        """The whole demo database of a scale as one bundle, exported from a copy of it."""
        path = self._slot(f"bundle-{scale}", BUNDLE_SOURCES) / "all.qib"
        if not path.exists():
            source = self.demo_db(scale)
            self.log(f"exporting the {scale} bundle (once) ...")
            with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
                db = Path(tmp) / "copy.db"
                shutil.copyfile(source, db)
                out = Path(tmp) / "all.qib"
                subprocess.run(qinspect("--db", str(db), "bundle", "export", "--all", "-o", str(out)), check=True,
                               cwd=ROOT, env=child_env(Path(tmp) / "home"), stdout=subprocess.DEVNULL)
                out.rename(path)
        return path


def _checkpoint(db: Path) -> None:
    """Fold the WAL into the file, so the one .db file is the whole database when moved."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the file stays in WAL mode, as qinspect left it
    finally:
        conn.close()
    for extra in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"), db.with_name(db.name + ".lock")):
        extra.unlink(missing_ok=True)
