"""The dashboard's counts that no other query gives: inspections per month, townships assessed per county.

A county is its id, or None for the whole of 台州市.
"""

from __future__ import annotations

from qinspect.store.db import Store


def counties(store: Store) -> list[tuple[int, str]]:
    """Every county as (id, name), in county-code order."""
    return store.execute("SELECT id, name FROM counties ORDER BY code").fetchall()


def inspections_per_month(store: Store, year: int, county_id: int | None = None) -> list[int]:
    """How many inspections (drafts and completed, every kind of subject) were dated in each month of `year`."""
    rows = store.execute(
        "SELECT CAST(substr(i.date, 6, 2) AS INTEGER), count(*) FROM inspections i "
        "JOIN townships t ON t.id = i.township_id WHERE i.date >= ? AND i.date < ? "
        "AND (? IS NULL OR t.county_id = ?) GROUP BY 1",
        (f"{year:04d}-01-01", f"{year + 1:04d}-01-01", county_id, county_id)).fetchall()
    months = [0] * 12
    for month, n in rows:
        months[month - 1] = n
    return months


def townships_assessed(store: Store, year: int, county_id: int | None = None) -> dict[str, int]:
    """Per county (name), how many townships have an assessment for `year` in any workflow state."""
    return dict(store.execute(
        "SELECT c.name, count(a.township_id) FROM counties c JOIN townships t ON t.county_id = c.id "
        "LEFT JOIN assessments a ON a.township_id = t.id AND a.year = ? WHERE (? IS NULL OR c.id = ?) "
        "GROUP BY c.id ORDER BY c.code", (year, county_id, county_id)).fetchall())
