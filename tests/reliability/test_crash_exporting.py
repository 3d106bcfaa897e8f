"""Item 3, crash while exporting: a child exports a bundle and is SIGKILLed at a random moment.

After each kill, a file under the bundle's final name either does not exist or verifies
whole (the writer fills a temporary `.part` file and renames it only when it is complete), and
the laptop's database is sound. The next export, as a person would run it, succeeds and
leaves nothing behind: no `.part` file of the killed one on the stick.
"""

from __future__ import annotations

import random
import time

from qinspect.errors import BundleRefused
from qinspect.store.db import open_store
from qinspect.sync.exporting import export_bundle
from qinspect.sync.importing import verify_bundle
from tests.reliability.world import killed_after, save_one, small_world


def _export_killed(db, target, kill_after: float) -> bool:
    """Fork an exporter and SIGKILL it after `kill_after` seconds; True when it finished first."""
    def work():
        with open_store(db, create=False) as s:
            export_bundle(s, target, everything=True)
    return killed_after(work, kill_after, "exporter")


def test_sigkill_while_exporting_never_leaves_a_bad_bundle_under_its_name(tmp_path, count, figure):
    runs = count(15, 300)
    db = tmp_path / "laptop.db"
    stick = tmp_path / "stick"
    stick.mkdir()
    with open_store(db) as s:
        villages = small_world(s, villages=10)
        rng = random.Random(3)
        while s.execute("SELECT count(*) FROM inspections").fetchone()[0] < 200:
            save_one(s, villages, rng)
        started = time.perf_counter()
        export_bundle(s, tmp_path / "timing.qib", everything=True)
        one_export = time.perf_counter() - started
    rng = random.Random(41)
    outcomes = {"none": 0, "whole": 0, "finished": 0}
    failures = []
    started = time.perf_counter()
    for run in range(runs):
        target = stick / f"killed-{run}.qib"
        finished = _export_killed(db, target, rng.uniform(0.0, one_export * 1.2))
        if target.exists():
            try:
                verify_bundle(target)
            except BundleRefused as e:
                failures.append((run, "a bad file under the final name", str(e)))
            outcomes["finished" if finished else "whole"] += 1
        else:
            outcomes["none"] += 1
        with open_store(db, create=False) as s:
            if [r[0] for r in s.execute("PRAGMA integrity_check")] != ["ok"]:
                failures.append((run, "integrity"))
            # The next export, after the kill: it succeeds and sweeps what the killed one left.
            nxt = export_bundle(s, stick / f"next-{run}.qib", everything=True).path
        verify_bundle(nxt)
        left = [p.name for p in stick.iterdir() if not p.name.endswith(".qib")]
        if left:
            failures.append((run, "left behind", left))
    elapsed = time.perf_counter() - started
    figure(f"{runs} SIGKILLs while exporting 200 inspections (one export {one_export:.2f} s): "
           f"{outcomes['none']} left no file, {outcomes['whole']} killed after the rename with a whole bundle, "
           f"{outcomes['finished']} finished first; every next export verified with nothing left behind; "
           f"{len(failures)} failures; {elapsed:.1f} s")
    assert not failures, failures[:5]
    assert outcomes["none"] > 0  # the kills did land inside exports
