"""Receipts and gaps: what a bureau says it holds of each device's work, and which bundles never came.

A field laptop's default export carries every revision it made that no bureau has receipted.
A bureau's bundles (set-up bundles and its own exports) carry receipts: for each device, the
ids of that device's revisions the bureau holds and the highest bundle number it has seen from
it. A laptop stops re-sending exactly what is receipted, so a lost, overwritten or orphaned
bundle costs nothing. Sequence numbers only report gaps; they never refuse anything.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from qinspect.store.db import Store
from qinspect.sync import bundle

FIELD, BUREAU = "field", "bureau"


def role(store: Store) -> str:
    """This installation's role, written by `setup`: a field laptop unless it is set up as a bureau."""
    return BUREAU if store.setting("role") == BUREAU else FIELD


def unreceipted_inspections(store: Store) -> list[str]:
    """Inspections with a revision this installation made that no bureau has receipted yet."""
    return [r[0] for r in store.execute(
        "SELECT DISTINCT r.inspection_uuid FROM revisions r WHERE r.device_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM receipted_revisions k WHERE k.revision_id = r.id) ORDER BY 1", (store.device_id,))]


def receipt_records(store: Store) -> Iterator[dict]:
    """A bureau's receipts: per other device, the revisions of it held here and the last bundle number seen."""
    last = dict(store.execute("SELECT device_id, max(sequence) FROM bundles WHERE direction = 'import' "
                              "GROUP BY device_id").fetchall())
    current, ids = None, []
    for device, rev_id in store.execute("SELECT device_id, id FROM revisions WHERE device_id != ? "
                                        "ORDER BY device_id, id", (store.device_id,)):
        if device != current:
            if current is not None:
                yield from bundle.receipt_records(current, last.get(current, 0), ids)
            current, ids = device, []
        ids.append(rev_id)
    if current is not None:
        yield from bundle.receipt_records(current, last.get(current, 0), ids)


def apply_receipt(store: Store, rec: dict, bundle_id: str) -> int:
    """Note what a bureau holds of this installation's work; returns how many revisions were newly receipted.

    A receipt's bundle number also moves this laptop's counter past it, so a laptop restored
    from a backup does not reuse numbers the bureau has already seen.
    """
    if rec["device"] != store.device_id:
        return 0
    if rec["last_sequence"] > int(store.setting("bundle_sequence", "0")):
        store.set_setting("bundle_sequence", str(rec["last_sequence"]))
    before = store.execute("SELECT count(*) FROM receipted_revisions").fetchone()[0]
    store.conn.executemany(
        "INSERT OR IGNORE INTO receipted_revisions(revision_id, bundle_id) "
        "SELECT id, ? FROM revisions WHERE id = ? AND device_id = ?",
        [(bundle_id, rev_id, store.device_id) for rev_id in rec["revisions"]])
    return store.execute("SELECT count(*) FROM receipted_revisions").fetchone()[0] - before


def missing_sequences(store: Store, device_id: str, arriving: Iterable[int] = ()) -> list[int]:
    """The bundle numbers of a device below its highest one seen (or arriving) that never arrived here."""
    seen = {r[0] for r in store.execute("SELECT DISTINCT sequence FROM bundles WHERE direction = 'import' "
                                        "AND device_id = ?", (device_id,))}
    seen.update(arriving)
    return [n for n in range(1, max(seen, default=0)) if n not in seen]


def gap_sentence(device_name: str, missing: list[int]) -> str:
    """尚未收到 <laptop> 的第 3 号数据包: what a person reads about a device's missing bundles."""
    numbers = "、".join(str(n) for n in missing[:10]) + ("…" if len(missing) > 10 else "")
    return (f"尚未收到 {device_name} 的第 {numbers} 号数据包"
            "（其中未被确认收到的检查会随该设备之后的数据包再次送来）。")
