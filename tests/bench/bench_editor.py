"""Benchmark: how long the editor takes to open the 37-item 2009 township assessment, offscreen.

Run on purpose, not by the test command:
    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_editor.py
It makes a small demo database in a temporary folder, opens the editor five times and prints
the times; the editor should open in well under a second on a field laptop.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["QINSPECT_HOME"] = folder
        from PySide6.QtWidgets import QApplication

        from qinspect.store import checklists, demo, inspections
        from qinspect.store.db import open_store
        from qinspect.ui.editor import InspectionEditor

        app = QApplication([])
        with open_store(Path(folder) / "demo.db") as store:
            demo.generate(store, "small", 7)
            form = checklists.get(store, "township-assessment", "2009")
            township = store.execute("SELECT id FROM townships ORDER BY id LIMIT 1").fetchone()[0]
            times = []
            for _ in range(5):
                new = inspections.new(store, "township", township, form, "2009-11-20", "王建国")
                started = time.perf_counter()
                editor = InspectionEditor(store, new=new)
                editor.show()
                app.processEvents()
                times.append(time.perf_counter() - started)
                editor.close()
                editor.deleteLater()
        print(f"editor on {len(form.items)} items: " + ", ".join(f"{t * 1000:.0f} ms" for t in times))


if __name__ == "__main__":
    main()
