"""Benchmark of the main window on the city demo against a bare Qt window, offscreen.

Run on purpose, not by the test command:
    .venv/bin/python tests/bench/bench_window.py [--db CITY.db]
Without --db a city demo is made first (about 20 s). Each window runs in its own child
process, so its start-up time and peak memory (ru_maxrss) are its own; the figures are ratios
to the bare baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def child_bare() -> dict:
    """A bare QMainWindow with an empty table view: what any Qt program pays to show a window."""
    t0 = time.perf_counter()
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
    app = QApplication([])
    window = QMainWindow()
    window.setCentralWidget(QTableView())
    window.resize(1440, 860)
    window.show()
    app.processEvents()
    window.grab()
    return {"open_s": time.perf_counter() - t0}


def child_qinspect(db: str) -> dict:
    """The real main window on the city database, then the filters a supervisor uses."""
    t0 = time.perf_counter()
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from qinspect.store.db import open_store
    from qinspect.ui.main_window import MainWindow
    store = open_store(db, write=False)
    window = MainWindow(store, remember_layout=False)
    window.resize(1440, 860)
    window.show()
    app.processEvents()
    window.grab()  # paints the visible rows: the lazy model builds only those
    opened = time.perf_counter() - t0
    rows_all = window.model.rowCount()

    def timed_filter(combo, predicate) -> tuple[float, int]:
        index = next(i for i in range(combo.count()) if predicate(combo.itemData(i)))
        t = time.perf_counter()
        combo.setCurrentIndex(index)  # apply_filter runs synchronously on the change
        app.processEvents()
        window.grab()
        return time.perf_counter() - t, window.model.rowCount()

    township_s, township_rows = timed_filter(window.township_filter, lambda d: d and d[0] == "township")
    status_s, status_rows = timed_filter(window.status_filter, lambda d: d == "completed")
    t = time.perf_counter()
    window.search_edit.setText("机车")
    window.apply_filter()
    app.processEvents()
    window.grab()
    search_s = time.perf_counter() - t
    return {"open_s": opened, "rows": rows_all, "filter_township_s": township_s, "township_rows": township_rows,
            "filter_status_s": status_s, "status_rows": status_rows, "search_s": search_s,
            "search_rows": window.model.rowCount()}


def run_child(*args: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, env=env,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a city demo database (made in a temporary folder when left out)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        os.environ["QINSPECT_HOME"] = tempfile.mkdtemp()
        result = child_bare() if args.child[0] == "bare" else child_qinspect(args.child[1])
        result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if not db:
            from qinspect.store import demo
            from qinspect.store.db import open_store
            db = str(Path(tmp) / "city.db")
            with open_store(db) as store:
                demo.generate(store, "city", 2009)
        bare = min((run_child("bare") for _ in range(3)), key=lambda r: r["open_s"])
        ours = min((run_child("qinspect", db) for _ in range(3)), key=lambda r: r["open_s"])
    report = {"bare": bare, "qinspect": ours,
              "open_ratio": round(ours["open_s"] / bare["open_s"], 2),
              "memory_ratio": round(ours["peak_rss_mib"] / bare["peak_rss_mib"], 2)}
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
