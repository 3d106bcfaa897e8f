"""Helpers for the bundle tests: small worlds of laptops, inspections, database snapshots and hand-made zips."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from qinspect.domain.records import Answer, Inspection, canonical_json
from qinspect.store import checklists, inspections, registers
from qinspect.store.db import Store
from qinspect.sync import bundle
from qinspect.sync.device import DeviceKey, device_key

# Tables whose rows say what the data is, as opposed to when or in which order it arrived.
CONTENT_TABLES = {
    "counties": "uuid", "townships": "uuid", "villages": "uuid", "enterprises": "uuid",
    "checklists": "id, version", "revisions": "id", "answers": "revision_id, item_id",
    "revision_parents": "revision_id, parent_id", "evidence": "sha256", "inspections": "uuid",
}
# Per-arrival bookkeeping: when this database stored a row, and whether it has sent it on since.
ARRIVAL_COLUMNS = {"checklists": {"installed_at"}, "evidence": {"added_at"}, "inspections": {"exported"}}
LOCAL_IDS = {"id", "county_id", "township_id", "village_id", "enterprise_id"}


def world(store: Store) -> dict[str, int]:
    """One county, one township, two villages and an enterprise, with the shipped checklists."""
    checklists.install_shipped(store)
    with store.atomic():
        county = registers.ensure_county(store, "临海市", "331082")
        town = registers.ensure_township(store, county, "杜桥镇", "镇")
    v1 = registers.add_village(store, town, "东山", "行政村", "王明", "13800000001")
    v2 = registers.add_village(store, town, "西岭", "行政村", "李华", "13800000002")
    ent = registers.add_enterprise(store, town, "台州光明眼镜有限公司", "91331082MA2AB12C3" + _check("91331082MA2AB12C3"),
                                   "眼镜", village_id=v1)
    return {"county": county, "township": town, "village1": v1, "village2": v2, "enterprise": ent}


def _check(first17: str) -> str:
    from qinspect.domain.credit_code import check_character
    return check_character(first17)


def village_inspection(store: Store, village_id: int, *, date: str = "2009-05-12", inspector: str = "王建国",
                       answers: dict | None = None) -> Inspection:
    form = checklists.get(store, "village-network", "2009")
    insp = inspections.new(store, "village", village_id, form, date, inspector)
    for item_id, value in (answers or {"F01": "pass", "F03": 1}).items():
        insp = insp.with_answer(item_id, value if isinstance(value, Answer) else Answer(value))
    inspections.save(store, insp)
    return insp


def edit(store: Store, uuid: str, item_id: str, answer: Answer) -> str | None:
    insp = inspections.load(store, uuid)
    return inspections.save(store, insp.with_answer(item_id, answer)).revision


def content(store: Store) -> dict[str, list[tuple]]:
    """What the database holds, keyed by uuids rather than local row ids and without arrival times."""
    out = {}
    for table, order in CONTENT_TABLES.items():
        cols = [r[1] for r in store.execute(f"PRAGMA table_info({table})")
                if r[1] not in LOCAL_IDS and r[1] not in ARRIVAL_COLUMNS.get(table, set())]
        out[table] = [tuple(r) for r in store.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {order}")]
    # An enterprise inspection's village column is a copy of the register's, filled by some writers only.
    out["subjects"] = [tuple(r) for r in store.execute(
        "SELECT i.uuid, t.uuid, CASE i.subject_kind WHEN 'village' THEN v.uuid WHEN 'enterprise' THEN e.uuid END "
        "FROM inspections i JOIN townships t ON t.id = i.township_id LEFT JOIN villages v ON v.id = i.village_id "
        "LEFT JOIN enterprises e ON e.id = i.enterprise_id ORDER BY i.uuid")]
    out["conflicts"] = [tuple(r) for r in store.execute(
        "SELECT inspection_uuid, revision_id FROM conflicts ORDER BY inspection_uuid, revision_id")]
    return out


# -- hand-made bundles -----------------------------------------------------------------------
def read_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def write_zip(path: Path, entries: list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return path


def resign(members: dict[str, bytes], key: DeviceKey | None = None, **manifest_changes) -> dict[str, bytes]:
    """Recompute the manifest's member list for changed members, apply changes, and sign with `key`."""
    import json
    key = key or device_key()
    manifest = json.loads(members[bundle.MANIFEST])
    manifest["members"] = [{"path": n, "length": len(d), "sha256": hashlib.sha256(d).hexdigest()}
                           for n, d in members.items() if n not in (bundle.MANIFEST, bundle.SIGNATURE)]
    manifest.update(manifest_changes)
    data = canonical_json(manifest)
    return {**members, bundle.MANIFEST: data, bundle.SIGNATURE: key.sign(data)}


def rezip(path: Path, members: dict[str, bytes]) -> Path:
    return write_zip(path, list(members.items()))


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, leaving out SQLite's own -wal/-shm/lock files."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(("-wal", "-shm", ".lock"))}
