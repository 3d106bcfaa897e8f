"""Loading many rows at once: indexes set aside while the rows go in, then made again in one sort each,
and foreign keys checked once over all the rows rather than as each is written.

Inserting a row updates every index of its table at a random place, and looks up every row it
refers to; making an index afresh over the loaded rows is one sort, and checking the references
afterwards one pass a table. Worth it when the rows going in outnumber the rows already there: the
demo's whole decade, or a city's bundle imported into a new bureau database. Within one
transaction, so a load that fails (or is cancelled, or is killed) leaves the database as it was.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

from qinspect.store.db import Store

# The inspections list's sort and filter orders (store/inspections.py ORDERS) and a subject's history:
# only the window reads by them, never an import, whose look-ups go by uuid, head (a follow-up's
# closures; and a revision's deferred foreign key, when a caller's transaction has its references
# checked row by row) and township (the assessment's and the derived items' counts).
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


@contextmanager
def references_checked_once(store: Store, fault: Callable[[list[tuple]], Exception]) -> Iterator[None]:
    """One transaction whose foreign keys are checked once, over all its rows, before it commits.

    `fault` makes the exception raised (and the transaction rolled back) when a row refers to one that
    is not there (PRAGMA foreign_key_check's rows). SQLite ignores the foreign_keys pragma inside a
    transaction: a caller already in one gets a savepoint whose rows are checked as they are written.
    """
    if store.conn.in_transaction:
        with store.atomic():
            yield
        return
    store.execute("PRAGMA foreign_keys = OFF")
    try:
        with store.atomic():
            yield
            broken = store.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise fault(broken)
    finally:
        store.execute("PRAGMA foreign_keys = ON")


# Fewer inspections than this go in faster with the indexes kept: remaking them is not free.
MIN_LOAD = 2_000


def worth_setting_aside(store: Store, incoming: int) -> bool:
    """Whether `incoming` inspections are enough more than the database holds for a load to set indexes aside."""
    held = store.execute("SELECT max(rowid) FROM inspections").fetchone()[0] or 0  # at most the rows: no count
    return incoming >= max(MIN_LOAD, held)
