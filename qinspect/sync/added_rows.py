"""The register rows one bundle import added, by uuid, so that its later records find them without a query.

A bundle into an empty database adds every register row it names, then looks each one up again:
the registers member to check a record is new and to find its parent, each inspection for its
subject. Those look-ups land on index pages long pushed out of SQLite's cache, and were a tenth of
the import. Kept here instead, each row is one int (kind, id, township id, village id), about 150
bytes with its uuid. Past a cap, or with ids too large to pack, a row is simply not kept, and is
looked up as before. A bureau's first database already holds the shipped townships: the villages
and enterprises, of which it holds none, are still known without asking.
"""

from __future__ import annotations

from qinspect.store.db import Store
from qinspect.store.identity import TABLES

KINDS = {"county": 0, "township": 1, "village": 2, "enterprise": 3}  # each kind's code in a row's int
CAP = 60_000  # rows kept at most: about 9 MiB
_BITS = 30
_MASK = (1 << _BITS) - 1
_KIND = 3 * _BITS  # where the kind sits in a row's int


def empty_kinds(store: Store) -> set[str]:
    """The register kinds of which the database holds no row and no alias."""
    return {kind for kind, table in TABLES.items() if store.execute(
        f"SELECT NOT EXISTS (SELECT 1 FROM {table}) AND NOT EXISTS (SELECT 1 FROM register_aliases WHERE kind = ?)",
        (kind,)).fetchone()[0]}


class AddedRows:
    """Register rows added by one import: (row id, township id, village id) by kind and uuid."""

    def __init__(self, complete: set[str]):
        self.rows: dict[str, int] = {}
        # The kinds of which every row and alias in the database is one of these (it had none before the
        # import, and each added since was kept): a uuid not here names no row of them, with no need to ask.
        self.complete = set(complete)

    def keep(self, kind: str, uuid: str, row_id: int, township_id: int | None, village_id: int | None) -> None:
        """Keep (or correct) a row this import wrote with these values."""
        code = KINDS[kind]
        old = self.rows.get(uuid)
        if old is not None and old >> _KIND != code:  # one uuid for rows of two kinds: only the first is kept
            self.complete.discard(kind)
            return
        if old is None and len(self.rows) >= CAP or max(row_id, township_id or 0, village_id or 0) > _MASK:
            self.rows.pop(uuid, None)  # a copy kept before would now be wrong
            self.complete.discard(kind)
            return
        self.rows[uuid] = code << _KIND | row_id << 2 * _BITS | (township_id or 0) << _BITS | (village_id or 0)

    def found(self, kind: str, uuid: str) -> tuple[int, int | None, int | None] | None:
        """(row id, township id, village id) of a row of this kind kept here, None when not kept."""
        packed = self.rows.get(uuid)
        if packed is None or packed >> _KIND != KINDS[kind]:
            return None
        return packed >> 2 * _BITS & _MASK, packed >> _BITS & _MASK or None, packed & _MASK or None

    def subject(self, kind: str, uuid: str) -> dict | None:
        """The register row of an inspection's subject, as importing._subject_row gives it; None when not kept."""
        row = self.found(kind, uuid)
        if row is None:
            return None
        row_id, township_id, village_id = row
        return {"id": row_id, "uuid": uuid, "township_id": row_id if kind == "township" else township_id,
                "village_id": village_id}
