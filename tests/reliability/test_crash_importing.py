"""Item 2, crash while importing: a child imports a 500-inspection bundle and is SIGKILLed at a random moment.

(The quick run imports a 100-inspection bundle 15 times; `--full` the 500-inspection one 500 times.)

After each kill the receiving database must pass integrity_check and foreign_key_check and
hold the bundle wholly or not at all (every inspection, revision and the ledger row, or none);
then the import is run again and must leave it wholly in, with the ledger of bundles
agreeing (one import row for the bundle, the inspections all there). Kill moments are spread
over the time one uninterrupted import takes, so most land inside its transaction.
"""

from __future__ import annotations

import random
import shutil
import time

import pytest

from qinspect.store.db import open_store
from qinspect.sync.bundle import BundleReader
from qinspect.sync.exporting import export_bundle
from qinspect.sync.importing import import_bundles
from tests.reliability.bundles import receiver
from tests.reliability.world import half_written, killed_after, save_one, small_world

@pytest.fixture(scope="module")
def big(tmp_path_factory, full):
    """A laptop's --all bundle of 500 inspections (100 in the quick run), and a receiver's database it has not met."""
    size = 500 if full else 100
    folder = tmp_path_factory.mktemp("crash-import")
    with open_store(folder / "laptop.db") as laptop:
        villages = small_world(laptop, villages=20)
        rng = random.Random(7)
        while laptop.execute("SELECT count(*) FROM inspections").fetchone()[0] < size:
            save_one(laptop, villages, rng)
        path = export_bundle(laptop, folder / f"laptop-{size}.qib", everything=True).path
    with BundleReader(path) as reader:
        bundle_id, revisions = reader.manifest.bundle_id, reader.manifest.counts["revisions"]
    receiver(folder).close()
    return folder, path, bundle_id, size, revisions


def _state(db, bundle_id: str) -> tuple[list[str], list, int, int, int]:
    with open_store(db, create=False) as s:
        integrity = [r[0] for r in s.execute("PRAGMA integrity_check")]
        fk = s.execute("PRAGMA foreign_key_check").fetchall()
        inspections = s.execute("SELECT count(*) FROM inspections").fetchone()[0]
        revisions = s.execute("SELECT count(*) FROM revisions").fetchone()[0]
        ledger = s.execute("SELECT count(*) FROM bundles WHERE id = ? AND direction = 'import'",
                           (bundle_id,)).fetchone()[0]
    return integrity, fk, inspections, revisions, ledger


def _import_killed(db, path, kill_after: float) -> bool:
    """Fork an importer and SIGKILL it after `kill_after` seconds; True when it finished first."""
    def work():
        with open_store(db, create=False) as s:
            import_bundles(s, [path], trust=True)
    return killed_after(work, kill_after, "importer")


def test_sigkill_while_importing_leaves_the_bundle_wholly_in_or_out(big, tmp_path, count, figure):
    folder, path, bundle_id, inspections, revisions = big
    runs = count(15, 500)
    db = tmp_path / "receiver.db"
    shutil.copy(folder / "receiver.db", db)
    started = time.perf_counter()
    with open_store(db, create=False) as s:
        import_bundles(s, [path], trust=True)
        assert half_written(s) == []
    one_import = time.perf_counter() - started
    assert _state(db, bundle_id) == (["ok"], [], inspections, revisions, 1)

    rng = random.Random(29)
    outcomes = {"out": 0, "in": 0, "finished": 0}
    failures = []
    started = time.perf_counter()
    for run in range(runs):
        for leftover in tmp_path.glob("receiver.db*"):
            leftover.unlink()
        shutil.copy(folder / "receiver.db", db)
        finished = _import_killed(db, path, rng.uniform(0.0, one_import * 2.0))
        integrity, fk, insp, revs, ledger = _state(db, bundle_id)
        whole = (insp, revs, ledger) in ((0, 0, 0), (inspections, revisions, 1))
        if integrity != ["ok"] or fk or not whole:
            failures.append((run, "after the kill", integrity, fk, insp, revs, ledger))
            continue
        outcomes["finished" if finished else ("in" if ledger else "out")] += 1
        with open_store(db, create=False) as s:
            report = import_bundles(s, [path], trust=True)
        assert not report.refused
        after = _state(db, bundle_id)
        if after != (["ok"], [], inspections, revisions, 1):
            failures.append((run, "after the rerun", *after))
    elapsed = time.perf_counter() - started
    figure(f"{runs} SIGKILLs while importing {inspections} inspections ({revisions} revisions, "
           f"{path.stat().st_size / 1e6:.1f} MB; one import {one_import:.2f} s): {outcomes['out']} wholly out, "
           f"{outcomes['in']} wholly in, {outcomes['finished']} finished before the kill; every rerun wholly in; "
           f"{len(failures)} failures; {elapsed:.1f} s")
    assert not failures, failures[:5]
    assert outcomes["out"] > 0  # the kills did land inside imports
