"""Item 4, a full disk at every point where a save or an import grows the database.

SQLite's `max_page_count` caps the file at each page count between its size before the
operation and the size the operation needs, so the disk fills at every page the operation
adds (the quick run samples 8 of them per operation, `--full` tries them all). Each time:
one sentence (a QInspectError saying the disk is full), integrity ok, the SQL dump as
before, no temporary file left. tests/sync/test_disk_full.py covers injected OSErrors on the
stick and a real small filesystem; this adds the database side, page by page. An export
writes a few hundred bytes to the database (its ledger row, audit entry and checkpoints),
which fit in pages it already has, so its full-disk cases are the stick's, covered there.
"""

from __future__ import annotations

import random
import shutil

import pytest

from qinspect.domain.records import Answer
from qinspect.errors import QInspectError
from qinspect.store import checklists, inspections
from qinspect.store.db import open_store
from qinspect.sync.importing import import_bundles
from tests.reliability.bundles import laptop_bundle, receiver
from tests.reliability.world import FORM, database_digest, small_world


def _save(store, folder):
    form = checklists.get(store, *FORM)
    village = store.execute("SELECT id FROM villages ORDER BY id LIMIT 1").fetchone()[0]
    insp = inspections.new(store, "village", village, form, "2009-06-01", "王建国")
    for item in form.items[:8]:
        insp = insp.with_answer(item.id, Answer(None, "巡查记录" * 800))
    inspections.save(store, insp)


def _import(store, folder):
    report = import_bundles(store, [folder / "laptop.qib"], trust=True)
    assert not report.refused


OPERATIONS = {"save": _save, "import": _import}


@pytest.fixture(scope="module")
def start(tmp_path_factory):
    """A database with a few villages and saved inspections, and a laptop's bundle of 40 inspections."""
    folder = tmp_path_factory.mktemp("disk-full")
    laptop_bundle(folder, inspections=40)
    with receiver(folder) as store:
        small_world(store)
    return folder


def _pages(path) -> int:
    with open_store(path, create=False) as s:
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return s.execute("PRAGMA page_count").fetchone()[0]


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_a_disk_full_at_every_page_leaves_the_database_as_it_was(start, tmp_path, full, figure, operation):
    run = OPERATIONS[operation]
    db = tmp_path / "work.db"
    shutil.copy(start / "receiver.db", db)
    before_pages, dump = _pages(db), database_digest(db)
    with open_store(db, create=False) as s:  # how many pages the operation adds when the disk has room
        run(s, start)
    needed = _pages(db)
    limits = list(range(before_pages, needed))
    if not full:
        limits = sorted(random.Random(operation).sample(limits, min(8, len(limits))))
    sentences = set()
    for limit in limits:
        for leftover in tmp_path.glob("work.db*"):
            leftover.unlink()
        shutil.copy(start / "receiver.db", db)
        with open_store(db, create=False) as s:
            s.execute(f"PRAGMA max_page_count = {limit}")
            with pytest.raises(QInspectError) as refused:
                run(s, start)
            assert [r[0] for r in s.execute("PRAGMA integrity_check")] == ["ok"]
        sentence = str(refused.value)
        assert "\n" not in sentence and "磁盘已满" in sentence, sentence
        sentences.add(sentence)
        assert database_digest(db) == dump, f"{operation} with the disk full at page {limit} changed the database"
        assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("work.db")] == []  # no temporary file
    assert limits
    figure(f"{operation}: {len(limits)} disk-full points of {needed - before_pages} pages tried, all refused in "
           f"one sentence, database unchanged, nothing left: {' / '.join(sorted(sentences))}")
