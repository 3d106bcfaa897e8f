"""Export: this laptop's new and changed inspections, everything, or a supervisor's set-up data, as one signed bundle.

An inspection goes out with its whole revision history, so the receiver can tell a
fast-forward from a conflict even if it never saw an earlier bundle. The sequence number,
the `exported` flags and the bundle's row are written in the same transaction as the
rename that puts the finished file in place: a failed or cancelled export leaves neither
a bundle nor a trace.
"""

from __future__ import annotations

import json
import re
import uuid as uuidlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from qinspect import __version__
from qinspect.domain.records import Answer, Inspection
from qinspect.errors import InvalidInput
from qinspect.store import audit
from qinspect.store.db import Store, now
from qinspect.sync import bundle
from qinspect.sync.bundle import BundleWriter, Revision
from qinspect.sync.device import DeviceKey, device_key, device_name, register_own_device

Progress = Callable[[int, int, str], None]
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Exported:
    path: Path
    bundle_id: str
    sequence: int
    scope: str
    counts: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "bundle_id": self.bundle_id, "sequence": self.sequence,
                "scope": self.scope, **self.counts}

    def describe(self) -> str:
        c = self.counts
        return (f"已导出数据包 {self.path.name}（第 {self.sequence} 号）：检查 {c['inspections']} 份"
                f"（修订 {c['revisions']} 个），登记 {c['registers']} 条，检查表 {c['checklists']} 个版本，"
                f"证据文件 {c['evidence']} 个。")


def export_bundle(store: Store, target: Path | str, *, everything: bool = False,
                  progress: Progress | None = None, key: DeviceKey | None = None) -> Exported:
    """Field → supervisor: inspections new or changed since the last export (or all of them)."""
    if everything:
        uuids = [r[0] for r in store.execute("SELECT uuid FROM inspections ORDER BY uuid")]
        forms = None
        townships = None
    else:
        uuids = [r[0] for r in store.execute("SELECT uuid FROM inspections WHERE exported = 0 ORDER BY uuid")]
        if not uuids:
            raise InvalidInput("自上次导出以来没有新的或修改过的检查；要导出全部数据请加 --all。")
        forms = {tuple(r) for r in store.execute(
            "SELECT DISTINCT checklist_id, checklist_version FROM inspections WHERE exported = 0")}
        townships = set()
    return _export(store, Path(target), "all" if everything else "changes", uuids, forms, townships,
                   progress, key)


def export_setup_bundle(store: Store, target: Path | str, *, township_ids: Iterable[int] | None = None,
                        progress: Progress | None = None, key: DeviceKey | None = None) -> Exported:
    """Supervisor → field: the registers of some townships (all when None) and every checklist version."""
    towns = None if township_ids is None else set(township_ids)
    return _export(store, Path(target), "setup", [], None, towns, progress, key)


def _export(store: Store, target: Path, scope: str, uuids: list[str], forms: set | None,
            townships: set[int] | None, progress: Progress | None, key: DeviceKey | None) -> Exported:
    key = key or device_key()
    report = progress or (lambda done, total, label: None)
    steps = len(uuids) + 2
    report(0, steps, "正在准备导出")
    writer = BundleWriter(target)
    renamed = False
    try:
        counts = dict.fromkeys(bundle.COUNT_KEYS, 0)
        checklist_rows = _checklists(store, forms)
        counts["checklists"] = writer.write_records(bundle.CHECKLISTS, (
            bundle.checklist_record(r[0], r[1], r[2], r[3]) for r in checklist_rows))
        counts["registers"] = writer.write_records(bundle.REGISTERS, _registers(store, scope, townships))
        evidence = _evidence(store, scope)
        counts["evidence"] = writer.write_records(bundle.EVIDENCE, (
            bundle.evidence_record(sha, media, size) for sha, media, size in evidence))
        report(1, steps, "正在导出检查")
        counts["revisions"] = writer.write_records(bundle.INSPECTIONS, _revisions(store, uuids, report, steps))
        counts["inspections"] = len(uuids)
        for sha, _, _ in evidence:
            writer.write_evidence(sha, bytes(store.execute("SELECT data FROM evidence WHERE sha256 = ?",
                                                           (sha,)).fetchone()[0]))
        report(steps - 1, steps, "正在写入数据包")
        bundle_id = uuidlib.uuid4().hex
        with store.atomic():
            sequence = int(store.setting("bundle_sequence", "0")) + 1
            register_own_device(store, key)
            created = now()
            writer.finish({
                "app_version": __version__, "bundle_id": bundle_id, "scope": scope, "device_id": store.device_id,
                "device_name": device_name(store), "sequence": sequence, "created_at": created,
                "checklists": [{"id": r[0], "version": r[1], "hash": r[2]} for r in checklist_rows],
                "counts": counts}, key)
            store.set_setting("bundle_sequence", str(sequence))
            store.conn.executemany("UPDATE inspections SET exported = 1 WHERE uuid = ?", [(u,) for u in uuids])
            summary = {"scope": scope, **counts}
            store.execute("INSERT INTO bundles(id, device_id, sequence, direction, file_name, at, report) "
                          "VALUES (?, ?, ?, 'export', ?, ?, ?)",
                          (bundle_id, store.device_id, sequence, target.name, created,
                           json.dumps(summary, ensure_ascii=False, sort_keys=True)))
            audit.append(store, "export", "bundle", bundle_id, {"file": target.name, "sequence": sequence, **summary})
            writer.commit()
            renamed = True
    except BaseException:
        writer.abort()
        if renamed:  # the rename happened but the transaction did not commit: take the file back
            target.unlink(missing_ok=True)
        raise
    return Exported(target, bundle_id, sequence, scope, counts)


def _checklists(store: Store, forms: set | None) -> list[tuple]:
    rows = store.execute("SELECT id, version, hash, source FROM checklists ORDER BY id, version").fetchall()
    return [r for r in rows if forms is None or (r[0], r[1]) in forms]


def _registers(store: Store, scope: str, townships: set[int] | None) -> Iterator[dict]:
    """Counties, townships, villages, enterprises, each after the rows it refers to."""
    keep_t = keep_v = keep_e = None  # None: every row
    if scope == "changes":
        keep_t, keep_v, keep_e = set(), set(), set()
        for t, v, e in store.execute(
                "SELECT i.township_id, COALESCE(i.village_id, en.village_id), i.enterprise_id FROM inspections i "
                "LEFT JOIN enterprises en ON en.id = i.enterprise_id WHERE i.exported = 0"):
            keep_t.add(t)
            if v is not None:
                keep_v.add(v)
            if e is not None:
                keep_e.add(e)
        keep_t.update(t for v, t in store.execute("SELECT id, township_id FROM villages") if v in keep_v)
    elif scope == "setup" and townships is not None:
        keep_t = townships
    town_rows = store.execute(
        "SELECT t.id, t.uuid, c.id, c.uuid, t.name, t.kind FROM townships t JOIN counties c ON c.id = t.county_id "
        "ORDER BY t.id").fetchall()
    towns = [r for r in town_rows if keep_t is None or r[0] in keep_t]
    county_ids = {r[2] for r in towns}
    for cid, cuuid, name, code in store.execute("SELECT id, uuid, name, code FROM counties ORDER BY id"):
        if keep_t is None or cid in county_ids:
            yield bundle.register_record("county", {"uuid": cuuid, "name": name, "code": code})
    for _, tuuid, _, cuuid, name, kind in towns:
        yield bundle.register_record("township", {"uuid": tuuid, "county": cuuid, "name": name, "kind": kind})
    town_ids = {r[0] for r in towns}
    for vid, tid, *row in store.execute(
            "SELECT v.id, v.township_id, v.uuid, t.uuid, v.name, v.kind, v.assistant, v.phone FROM villages v "
            "JOIN townships t ON t.id = v.township_id ORDER BY v.id"):
        if (keep_v is None and tid in town_ids) or (keep_v is not None and vid in keep_v):
            yield bundle.register_record("village", dict(zip(bundle.REGISTER_FIELDS["village"], row)))
    for eid, tid, *row in store.execute(
            "SELECT e.id, e.township_id, e.uuid, t.uuid, v.uuid, e.name, e.credit_code, e.industry, e.address, "
            "e.contact, e.phone FROM enterprises e JOIN townships t ON t.id = e.township_id "
            "LEFT JOIN villages v ON v.id = e.village_id ORDER BY e.id"):
        if (keep_e is None and tid in town_ids) or (keep_e is not None and eid in keep_e):
            yield bundle.register_record("enterprise", dict(zip(bundle.REGISTER_FIELDS["enterprise"], row)))


def _evidence(store: Store, scope: str) -> list[tuple[str, str, int]]:
    """The evidence to carry: everything with --all, else what the exported answers point at."""
    rows = store.execute("SELECT sha256, media_type, size FROM evidence ORDER BY sha256").fetchall()
    if scope == "all":
        return [tuple(r) for r in rows]
    if scope == "setup":
        return []
    refs: set[str] = set()
    for (value,) in store.execute(
            "SELECT a.value FROM answers a JOIN revisions r ON r.id = a.revision_id JOIN inspections i "
            "ON i.uuid = r.inspection_uuid WHERE i.exported = 0 AND a.value LIKE '[%'"):
        data = json.loads(value)
        refs.update(h for h in data if isinstance(h, str) and _HEX64.fullmatch(h))
    return [tuple(r) for r in rows if r[0] in refs]


def _revisions(store: Store, uuids: list[str], report: Progress, steps: int) -> Iterator[dict]:
    """Every revision of each inspection, bases before the revisions built on them."""
    for n, uuid in enumerate(uuids, 1):
        kind, cid, cver, subject_uuid = store.execute(
            "SELECT i.subject_kind, i.checklist_id, i.checklist_version, COALESCE(e.uuid, v.uuid, t.uuid) "
            "FROM inspections i JOIN townships t ON t.id = i.township_id "
            "LEFT JOIN villages v ON v.id = i.village_id LEFT JOIN enterprises e ON e.id = i.enterprise_id "
            "WHERE i.uuid = ?", (uuid,)).fetchone()
        merged: dict[str, list[str]] = {}
        for rev, parent in store.execute(
                "SELECT p.revision_id, p.parent_id FROM revision_parents p JOIN revisions r ON r.id = p.revision_id "
                "WHERE r.inspection_uuid = ?", (uuid,)):
            merged.setdefault(rev, []).append(parent)
        for rev_id, base, device, author, created, form_hash, date, inspector, status, reason in store.execute(
                "SELECT id, base, device_id, author, created_at, checklist_hash, date, inspector, status, reason "
                "FROM revisions WHERE inspection_uuid = ? ORDER BY rowid", (uuid,)).fetchall():
            answers = {item: Answer(None if value is None else json.loads(value), note, rect, deadline)
                       for item, value, note, rect, deadline in store.execute(
                           "SELECT item_id, value, note, rectification, deadline FROM answers "
                           "WHERE revision_id = ?", (rev_id,))}
            inspection = Inspection(uuid=uuid, subject_kind=kind, subject_uuid=subject_uuid, checklist_id=cid,
                                    checklist_version=cver, checklist_hash=form_hash, date=date,
                                    inspector=inspector, status=status, answers=answers)
            yield bundle.revision_record(Revision(rev_id, base, tuple(merged.get(rev_id, ())), device, author,
                                                  created, reason, inspection))
        report(1 + n, steps, f"正在导出检查 {n}/{len(uuids)}")
