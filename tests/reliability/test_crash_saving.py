"""Item 1, crash while saving: a child saves inspections and revisions through inspections.save, killed at random.

The child is forked from the test (qinspect already imported, so a run costs milliseconds)
and reports each revision's id on a pipe right after its transaction has committed. After
each SIGKILL the database must pass integrity_check and foreign_key_check, hold every
reported revision, keep an unbroken audit chain, and no revision may be half-written (its
stored answers hash to its content hash). Runs share a database in blocks of 100, so later
kills land in a database that already holds earlier kills' work, as a laptop's would.
"""

from __future__ import annotations

import os
import random
import select
import shutil
import signal
import time

from qinspect.store import audit
from qinspect.store.db import open_store
from tests.reliability.world import half_written, save_one, small_world

BLOCK = 100


def _saver(db, seed: int, report_fd: int) -> None:
    """The child: open the database and save forever, reporting each committed revision."""
    rng = random.Random(seed)
    store = open_store(db, create=False)
    villages = [r[0] for r in store.execute("SELECT id FROM villages")]
    while True:
        saved = save_one(store, villages, rng)
        if saved.revision:
            os.write(report_fd, saved.revision.encode() + b"\n")


def _run_killed(db, seed: int, kill_after: float) -> list[str]:
    """Fork a saver, SIGKILL it after `kill_after` seconds; the revision ids it reported as done."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        os.close(r)
        try:
            _saver(db, seed, w)
        finally:
            os._exit(3)
    os.close(w)
    reported = bytearray()
    deadline = time.monotonic() + kill_after
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([r], [], [], left)
        if ready:
            chunk = os.read(r, 65536)
            if not chunk:
                break  # the child died on its own: the wait below says how
            reported += chunk
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    while chunk := os.read(r, 65536):
        reported += chunk
    os.close(r)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, "the saver stopped by itself"
    return reported.decode().split()


def test_sigkill_while_saving_loses_nothing_reported_and_leaves_nothing_half(tmp_path, count, figure):
    runs = count(20, 1000)
    template = tmp_path / "template.db"
    with open_store(template) as s:
        small_world(s)
    rng = random.Random(13)
    failures, reported_total, landed, last_rowid = [], 0, 0, 0
    db = tmp_path / "laptop.db"
    started = time.perf_counter()
    for run in range(runs):
        if run % BLOCK == 0:
            for leftover in tmp_path.glob("laptop.db*"):
                leftover.unlink()
            shutil.copy(template, db)
            last_rowid = 0
        reported = _run_killed(db, rng.randrange(2**32), rng.uniform(0.0, 0.12))
        reported_total += len(reported)
        with open_store(db, create=False) as s:
            integrity = [r[0] for r in s.execute("PRAGMA integrity_check")]
            fk = s.execute("PRAGMA foreign_key_check").fetchall()
            stored = {r[0] for r in s.execute("SELECT id FROM revisions WHERE rowid > ?", (last_rowid,))}
            missing = [rev for rev in reported if rev not in stored]
            broken = half_written(s, last_rowid) + audit.verify_chain(s)
            landed += len(stored)
            last_rowid = s.execute("SELECT coalesce(max(rowid), 0) FROM revisions").fetchone()[0]
        if integrity != ["ok"] or fk or missing or broken:
            failures.append((run, integrity, fk, missing[:3], broken[:3]))
    elapsed = time.perf_counter() - started
    figure(f"{runs} SIGKILLs while saving, {len(failures)} failures; {reported_total} saves "
           f"reported done, all present; {landed} revisions found after the kills (some committed but not yet "
           f"reported); {elapsed:.1f} s")
    assert not failures, failures[:5]
    assert reported_total > runs // 2  # the kills did land among saves, not only before the first one
