"""A small world for the fault tests: a township with villages, and inspections saved the way the editor saves them."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import random
import select
import signal
import sqlite3
from pathlib import Path
from typing import Callable

from qinspect.domain.checklist import Checklist
from qinspect.domain.records import COMPLETED, Answer
from qinspect.errors import InvalidInput
from qinspect.store import checklists, inspections, registers
from qinspect.store.db import Store

FORM = ("village-network", "2009")


def small_world(store: Store, villages: int = 5) -> list[int]:
    """One county and township with `villages` villages and the shipped checklists; returns the village ids."""
    checklists.install_shipped(store)
    with store.atomic():
        county = registers.ensure_county(store, "椒江区", "331002")
        town = registers.ensure_township(store, county, "章安街道", "街道")
    return [registers.add_village(store, town, f"第{n}村", "行政村", f"协管员{n}", "13800000000")
            for n in range(1, villages + 1)]


def random_answers(form: Checklist, rng: random.Random) -> dict[str, Answer]:
    """Answers a person might give to most items of a checklist, with notes of any length."""
    answers = {}
    for item in form.items:
        kind = item.kind.value
        if kind == "passfail":
            value = rng.choice(["pass", "fail"])
        elif kind in ("quantity", "deduction"):
            value = rng.randint(0, 5 if kind == "deduction" else 20)
        elif kind == "tiered":
            value = rng.randrange(len(item.tiers))
        elif kind == "text":
            value = "情况良好" * rng.randint(1, 30)
        else:
            continue  # photos and any kind this world does not know stay unanswered
        if rng.random() < 0.9:
            answers[item.id] = Answer(value, rng.choice(["", "巡查记录" * rng.randint(1, 200)]))
    return answers


def save_one(store: Store, village_ids: list[int], rng: random.Random) -> inspections.Saved:
    """Create a new inspection or revise an existing one (completing some), through inspections.save."""
    existing = [r[0] for r in store.execute("SELECT uuid FROM inspections ORDER BY rowid DESC LIMIT 20")]
    if existing and rng.random() < 0.6:
        insp = inspections.load(store, rng.choice(existing))
        for item_id, answer in random_answers(checklists.get(store, *FORM), rng).items():
            insp = insp.with_answer(item_id, answer)
        reason = "复查后更正" if insp.status == COMPLETED else ""
        if insp.status != COMPLETED and rng.random() < 0.3:
            try:
                return inspections.save(store, dataclasses.replace(insp, status=COMPLETED))
            except InvalidInput:  # required items still open: it stays a draft
                pass
        return inspections.save(store, insp, reason=reason)
    form = checklists.get(store, *FORM)
    insp = inspections.new(store, "village", rng.choice(village_ids), form, f"2009-{rng.randint(1, 12):02d}-15",
                           "王建国")
    for item_id, answer in random_answers(form, rng).items():
        insp = insp.with_answer(item_id, answer)
    return inspections.save(store, insp)


def half_written(store: Store, after_rowid: int = 0) -> list[str]:
    """Revisions (written after `after_rowid`) whose answers do not hash to their content hash; missing heads."""
    bad = [f"{uuid}: head {head} missing" for uuid, head in store.execute(
        "SELECT uuid, head FROM inspections WHERE head NOT IN (SELECT id FROM revisions)")]
    for uuid, rev, digest in store.execute(
            "SELECT inspection_uuid, id, content_hash FROM revisions WHERE rowid > ?", (after_rowid,)).fetchall():
        if inspections.load(store, uuid, rev).content_hash() != digest:
            bad.append(f"{uuid}/{rev}: answers do not match the content hash")
    return bad


def database_digest(path: Path) -> str:
    """SHA-256 of a database's SQL dump: equal dumps mean equal content, whatever the page layout."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        for line in conn.iterdump():
            digest.update(line.encode("utf-8") + b"\n")
        return digest.hexdigest()
    finally:
        conn.close()


def killed_after(work: Callable[[], object], kill_after: float, what: str) -> bool:
    """Run `work` in a forked child and SIGKILL it after `kill_after` seconds; True when it finished first."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        os.close(r)
        try:
            work()
            os._exit(0)
        finally:
            os._exit(3)
    os.close(w)
    select.select([r], [], [], kill_after)  # the pipe closes early if the child ends by itself
    os.close(r)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if os.WIFEXITED(status):
        assert os.WEXITSTATUS(status) == 0, f"the {what} failed by itself"
        return True
    return False
