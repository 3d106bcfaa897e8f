"""Bare baseline of `score --year Y`: plain SQL reads every answer of the year's township
assessments, sums the numbers per township in Python and prints the ranking.

Usage: python bare_score.py DB YEAR
"""

import json
import sqlite3
import sys


def main(db, year):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    totals = {}
    for township, value in conn.execute(
            "SELECT t.name, a.value FROM assessments s JOIN townships t ON t.id = s.township_id "
            "JOIN inspections i ON i.uuid = s.inspection_uuid JOIN answers a ON a.revision_id = i.head "
            "WHERE s.year = ?", (int(year),)):
        answer = json.loads(value) if value is not None else None
        points = answer if isinstance(answer, (int, float)) else (1 if answer == "pass" else 0)
        totals[township] = totals.get(township, 0) + points
    for rank, (name, total) in enumerate(sorted(totals.items(), key=lambda kv: -kv[1]), 1):
        print(rank, name, total)


if __name__ == "__main__":
    main(*sys.argv[1:3])
