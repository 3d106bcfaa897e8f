"""qinspect's side of the list-filter benchmark: the main window on a database, then the
filters a supervisor sets one after another, each timed until the list is painted again.

Prints JSON: "seconds" is the median of the steps (township, then completed ones, then a
search), each step measured inside this process from the change to the painted list.

Usage: python window_filter.py DB TOWNSHIP_ID
"""

import json
import statistics
import sys
import time

from PySide6.QtWidgets import QApplication

from qinspect.store.db import open_store
from qinspect.ui.main_window import MainWindow


def main(db, township_id):
    app = QApplication(sys.argv[:1])
    store = open_store(db, write=False)
    window = MainWindow(store, remember_layout=False)
    window.show()
    app.processEvents()
    window.grab()

    def painted(change) -> float:
        start = time.perf_counter()
        change()
        app.processEvents()
        window.grab()  # the lazy model builds the rows the view paints
        return time.perf_counter() - start

    def pick(combo, data):
        index = next(i for i in range(combo.count()) if combo.itemData(i) is not None
                     and (tuple(combo.itemData(i)) if isinstance(data, tuple) else combo.itemData(i)) == data)
        return lambda: combo.setCurrentIndex(index)  # the filter applies on the change

    def search():
        window.filters.search_edit.setText("机车")
        window.filters.apply()

    steps = {}
    for name, change in (("township", pick(window.filters.township_filter, ("township", int(township_id)))),
                         ("completed", pick(window.filters.status_filter, "completed")), ("search", search)):
        steps[name] = {"seconds": painted(change), "rows": window.model.rowCount()}
    window.close()
    store.close()
    print(json.dumps({"seconds": statistics.median(s["seconds"] for s in steps.values()), "steps": steps}))


if __name__ == "__main__":
    main(*sys.argv[1:3])
