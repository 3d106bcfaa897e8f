"""Item 2, crash while importing: a child imports a 500-inspection bundle and is SIGKILLed at a random moment.

(The quick run imports a 100-inspection bundle 15 times; `--full` the 500-inspection one 500 times.)

After each kill the receiving database must pass integrity_check and foreign_key_check and
hold the bundle wholly or not at all (every inspection, revision and the ledger row, or none);
then the import is run again and must leave it wholly in, with the ledger of bundles
agreeing (one import row for the bundle, the inspections all there). Kill moments are spread
over 1.2 times the life of one uninterrupted importing child (fork to exit, timed here), so
most land inside the import and a few after it.

The laptop, its bundle and the receiver's fresh database are made once per module; each run
copies that database file, so a run costs one (killed) import, the checks and the rerun.
"""

from __future__ import annotations

import random
import re
import shutil
import time
from pathlib import Path

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


def _rss(field: str) -> int:
    status = Path("/proc/self/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+) kB", status).group(1)) * 1024


def _import_killed(db, path, kill_after: float, memory: Path | None = None) -> bool:
    """Fork an importer and SIGKILL it after `kill_after` seconds; True when it finished first.

    With `memory`, the child writes there its resident memory at the start (pages it shares
    with the forked pytest) and its peak (VmHWM) once the import is done.
    """
    def work():
        start = _rss("VmRSS")
        with open_store(db, create=False) as s:
            import_bundles(s, [path], trust=True)
        if memory is not None:
            memory.write_text(f"{start} {_rss('VmHWM')}")
    return killed_after(work, kill_after, "importer")


def test_sigkill_while_importing_leaves_the_bundle_wholly_in_or_out(big, tmp_path, count, figure):
    folder, path, bundle_id, inspections, revisions = big
    runs = count(15, 500)
    db = tmp_path / "receiver.db"
    shutil.copy(folder / "receiver.db", db)
    memory = tmp_path / "memory"
    started = time.perf_counter()
    assert _import_killed(db, path, 600.0, memory)  # one whole import in a child, timed from the fork
    one_import = time.perf_counter() - started
    start_rss, peak_rss = map(int, memory.read_text().split())
    assert _state(db, bundle_id) == (["ok"], [], inspections, revisions, 1)
    with open_store(db, create=False) as s:
        assert half_written(s) == []

    rng = random.Random(29)
    outcomes = {"out": 0, "in": 0, "finished": 0}
    failures = []
    started = time.perf_counter()
    for run in range(runs):
        for leftover in tmp_path.glob("receiver.db*"):
            leftover.unlink()
        shutil.copy(folder / "receiver.db", db)
        finished = _import_killed(db, path, rng.uniform(0.0, one_import * 1.2))
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
           f"{path.stat().st_size / 1e6:.1f} MB; one importing child {one_import:.2f} s, its peak "
           f"{peak_rss / 2**20:.0f} MiB of which {start_rss / 2**20:.0f} MiB shared with pytest at the fork): "
           f"{outcomes['out']} wholly out, "
           f"{outcomes['in']} wholly in, {outcomes['finished']} finished before the kill; every rerun wholly in; "
           f"{len(failures)} failures; {elapsed:.1f} s")
    assert not failures, failures[:5]
    assert outcomes["out"] > 0  # the kills did land inside imports
