"""Register identity: which row of this database a uuid from any installation names.

Two laptops that type the same real village (same township, same name) or enterprise (same
unified social credit code) give it two uuids. When a bundle brings the other uuid, it is
linked to this database's row in `register_aliases` instead of being refused or doubled, so
every later bundle naming either uuid finds the same row.
"""

from __future__ import annotations

from qinspect.store.db import Store, now

TABLES = {"county": "counties", "township": "townships", "village": "villages", "enterprise": "enterprises"}
# What makes two rows the same real thing, in this database's columns.
IDENTITY = {"county": ("name",), "township": ("county_id", "name"), "village": ("township_id", "name"),
            "enterprise": ("credit_code",)}


def row_id(store: Store, kind: str, uuid: str) -> int | None:
    """The local row a uuid names: the row's own uuid, or one linked to it from another installation."""
    row = store.execute(f"SELECT id FROM {TABLES[kind]} WHERE uuid = ? UNION ALL "  # one statement, the row's own first
                        "SELECT row_id FROM register_aliases WHERE kind = ? AND uuid = ? LIMIT 1",
                        (uuid, kind, uuid)).fetchone()
    return row[0] if row else None


def same_thing(store: Store, kind: str, values: dict) -> int | None:
    """The local row that is the same real thing as `values` (local column values), if any."""
    keys = IDENTITY[kind]
    row = store.execute(f"SELECT id FROM {TABLES[kind]} WHERE " + " AND ".join(f"{k} = ?" for k in keys),
                        tuple(values[k] for k in keys)).fetchone()
    return row[0] if row else None


def link(store: Store, kind: str, uuid: str, local_id: int) -> bool:
    """Record that `uuid` names the local row `local_id`; False when it already named a row."""
    if row_id(store, kind, uuid) is not None:
        return False
    store.execute("INSERT INTO register_aliases(kind, uuid, row_id, linked_at) VALUES (?, ?, ?, ?)",
                  (kind, uuid, local_id, now()))
    return True


def aliases(store: Store, kind: str) -> list[tuple[str, int]]:
    """(other uuid, local row id) of every link of one kind."""
    return [tuple(r) for r in store.execute("SELECT uuid, row_id FROM register_aliases WHERE kind = ? "
                                            "ORDER BY uuid", (kind,))]
