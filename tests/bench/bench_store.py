"""Benchmark of the store: demo generation, listing and yearly scoring against bare sqlite3.

Run on purpose, not by the test command:  .venv/bin/python tests/bench/bench_store.py [--scale city]
Each figure is a ratio to a bare baseline measured in the same run, so it means the same on
a slower or faster machine; the seconds are printed for reference only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from qinspect.store import assessments, demo, inspections  # noqa: E402
from qinspect.store.db import open_store  # noqa: E402


def timed(fn):
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def bare_bulk_load(path: Path, inspections_n: int, answers_n: int) -> None:
    """The same number of rows as the demo writes, by executemany into plain tables, one commit."""
    rng = random.Random(1)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE r (id TEXT PRIMARY KEY, inspection TEXT, status TEXT, total REAL)")
    conn.execute("CREATE TABLE a (rid TEXT, item TEXT, value TEXT, PRIMARY KEY (rid, item)) WITHOUT ROWID")
    rids = [f"{rng.getrandbits(128):032x}" for _ in range(inspections_n)]
    per = max(1, answers_n // inspections_n)
    with conn:
        conn.executemany("INSERT INTO r VALUES (?, ?, 'completed', 90)", [(r, r) for r in rids])
        conn.executemany("INSERT INTO a VALUES (?, ?, '\"pass\"')",
                         sorted((r, f"I{n:02d}") for r in rids for n in range(per)))
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="city", choices=["small", "city", "decade"])
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        with open_store(db) as store:
            gen_s, counts = timed(lambda: demo.generate(store, args.scale, 2009))
        bare_s, _ = timed(lambda: bare_bulk_load(Path(tmp) / "bare.db", counts["inspections"], counts["answers"]))
        results["demo"] = {"seconds": round(gen_s, 2), "bare_insert_seconds": round(bare_s, 2),
                           "ratio": round(gen_s / bare_s, 1), **counts,
                           "file_mib": round(os.path.getsize(db) / 2**20, 1)}

        with open_store(db, write=False) as store:
            township = store.execute("SELECT id FROM townships ORDER BY id LIMIT 1").fetchone()[0]
            page_s, rows = timed(lambda: inspections.listing(store, township_id=township, year=2009, limit=200))
            raw = sqlite3.connect(db)
            bare_page_s, _ = timed(lambda: raw.execute(
                "SELECT uuid, date, total FROM inspections WHERE township_id = ? AND date >= '2009-01-01' "
                "ORDER BY date DESC LIMIT 200", (township,)).fetchall())
            results["list_one_township"] = {"seconds": round(page_s, 4), "bare_seconds": round(bare_page_s, 4),
                                            "ratio": round(page_s / max(bare_page_s, 1e-6), 1), "rows": len(rows)}
            score_s, ranked = timed(lambda: assessments.score_year(store, 2009))
            bare_score_s, _ = timed(lambda: raw.execute(
                "SELECT a.item_id, a.value FROM assessments s JOIN inspections i ON i.uuid = s.inspection_uuid "
                "JOIN answers a ON a.revision_id = i.head WHERE s.year = 2009").fetchall())
            results["score_2009"] = {"seconds": round(score_s, 3), "bare_read_seconds": round(bare_score_s, 4),
                                     "ratio": round(score_s / max(bare_score_s, 1e-6), 1),
                                     "townships": len(ranked)}
            raw.close()
    print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
