"""Loading many rows at once: indexes set aside while the rows go in, then made again in one sort each.

Inserting a row updates every index of its table at a random place; making an index afresh over
the loaded rows is one sort. Worth it when the rows going in outnumber the rows already there: the
demo's whole decade, or a city's bundle imported into a new bureau database. Inside the caller's
transaction, so a load that fails (or is cancelled, or is killed) leaves the indexes as they were.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from qinspect.store.db import Store

# The inspections list's sort and filter orders (store/inspections.py ORDERS) and a subject's history:
# only the window reads by them, never an import, whose look-ups go by uuid, head (a revision's deferred
# foreign key) and township (the assessment's and the derived items' counts).
LIST_INDEXES = ("inspections_date", "inspections_checklist_date", "inspections_kind_date",
                "inspections_inspector_date", "inspections_status_date", "inspections_unexported",
                "inspections_village", "inspections_enterprise")


@contextmanager
def indexes_set_aside(store: Store, *, tables: tuple[str, ...] = (), names: tuple[str, ...] = ()) -> Iterator[None]:
    """Drop the named indexes (or every index of the tables) for the block, then make them again from their SQL."""
    where, params = ("tbl_name", tables) if tables else ("name", names)
    indexes = store.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND {where} IN ({', '.join('?' * len(params))}) ORDER BY rowid", params).fetchall()
    for name, _ in indexes:
        store.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in indexes:
        store.execute(sql)


# Fewer inspections than this go in faster with the indexes kept: remaking them is not free.
MIN_LOAD = 2_000


def worth_setting_aside(store: Store, incoming: int) -> bool:
    """Whether `incoming` inspections are enough more than the database holds for a load to set indexes aside."""
    held = store.execute("SELECT max(rowid) FROM inspections").fetchone()[0] or 0  # at most the rows: no count
    return incoming >= max(MIN_LOAD, held)
