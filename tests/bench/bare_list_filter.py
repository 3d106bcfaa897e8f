"""Bare baseline of the list filter: the same three filters as plain SQL, first 100 rows each
(the block the list builds first), timed inside this process.

Usage: python bare_list_filter.py DB TOWNSHIP_ID
"""

import json
import sqlite3
import statistics
import sys
import time

SELECT = ("SELECT i.uuid, i.date, t.name, coalesce(e.name, v.name, t.name), i.status, i.total FROM inspections i "
          "JOIN townships t ON t.id = i.township_id LEFT JOIN villages v ON v.id = i.village_id "
          "LEFT JOIN enterprises e ON e.id = i.enterprise_id WHERE i.township_id = ? {} "
          "ORDER BY i.date DESC LIMIT 100")


def main(db, township_id):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    steps = {}
    for name, where, args in (("township", "", ()), ("completed", "AND i.status = 'completed'", ()),
                              ("search", "AND i.status = 'completed' AND coalesce(e.name, v.name, t.name) LIKE ?",
                               ("%机车%",))):
        start = time.perf_counter()
        rows = conn.execute(SELECT.format(where), (int(township_id), *args)).fetchall()
        steps[name] = {"seconds": time.perf_counter() - start, "rows": len(rows)}
    print(json.dumps({"seconds": statistics.median(s["seconds"] for s in steps.values()), "steps": steps}))


if __name__ == "__main__":
    main(*sys.argv[1:3])
