"""Export: this laptop's work no bureau has receipted, everything, or a bureau's set-up data, as one signed bundle.

An inspection goes out with its whole revision history, so the receiver can tell a
fast-forward from a conflict even if it never saw an earlier bundle. The bundle is written
under a temporary name, renamed into place, and only then is the export's transaction (its
sequence number and the bundle's row) committed. A kill between the two leaves a complete
bundle this laptop does not know about: harmless, since the next export carries the same
unreceipted work again and the receiver skips what it already holds.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import uuid as uuidlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from qinspect import __version__
from qinspect.domain.records import Answer, Inspection
from qinspect.errors import InvalidInput
from qinspect.files import already_exists, remove_stale_parts, write_atomically
from qinspect.store import audit, identity
from qinspect.store.db import Store, now
from qinspect.sync import bundle, checkpoints, receipts, workflow_sync
from qinspect.sync.bundle import BundleWriter, Revision
from qinspect.sync.device import DeviceKey, device_key, device_name, register_own_device
from qinspect.progress import Progress

_HEX64 = re.compile(r"[0-9a-f]{64}")
# Room left for the records, the manifest and the zip's directory when photos are budgeted.
RECORDS_MARGIN = 8 * 1024**2
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True)
class Exported:
    path: Path
    bundle_id: str
    sequence: int
    scope: str
    counts: dict[str, int]
    deferred: int = 0  # inspections whose photos did not fit: they follow in the next bundle

    def as_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "bundle_id": self.bundle_id, "sequence": self.sequence,
                "scope": self.scope, "deferred": self.deferred, **self.counts}

    def describe(self) -> str:
        c = self.counts
        text = (f"已导出数据包 {self.path.name}（第 {self.sequence} 号）：检查 {c['inspections']} 份"
                f"（修订 {c['revisions']} 个），登记 {c['registers']} 条，检查表 {c['checklists']} 个版本，"
                f"证据文件 {c['evidence']} 个，考核步骤 {c['steps']} 个，手工关闭的整改 {c['closures']} 项。")
        if self.deferred:
            text += f"另有 {self.deferred} 份检查的照片放不下这个数据包，将随下一个数据包发送。"
        return text


def default_bundle_name(store: Store, today: dt.date | None = None) -> str:
    """A readable file name for the next bundle: township-user-date-number, e.g. 大溪镇-王建国-20091203-07.qib."""
    township = (store.setting("township") or "").rpartition("/")[2] or device_name(store)
    number = int(store.setting("bundle_sequence", "0")) + 1
    parts = [township, store.user or "qinspect", f"{today or dt.date.today():%Y%m%d}", f"{number:02d}"]
    return "-".join(_UNSAFE_NAME.sub("_", p).strip("._") or "qinspect" for p in parts) + bundle.SUFFIX


def export_bundle(store: Store, target: Path | str, *, everything: bool = False, overwrite: bool = False,
                  max_bytes: int | None = None, progress: Progress | None = None,
                  key: DeviceKey | None = None) -> Exported:
    """Field → bureau: every inspection with work of this laptop no bureau has receipted (or all of them).

    Photos are budgeted against `max_bytes` (default: the bundle cap) and the target's free
    space; inspections whose photos do not fit wait for the next bundle.
    """
    target = Path(target)
    if everything:
        uuids = [r[0] for r in store.execute("SELECT uuid FROM inspections ORDER BY uuid")]
        deferred = 0
    else:
        uuids = receipts.unreceipted_inspections(store)
        if not uuids and receipts.role(store) == receipts.FIELD and not workflow_sync.unsent(store):
            raise InvalidInput("没有主管尚未确认收到的检查，不需要导出；要导出全部数据请加 --all。")
        budget = min(max_bytes or bundle.MAX_BUNDLE_BYTES, _free_space(target) or bundle.MAX_BUNDLE_BYTES)
        uuids, deferred = _fitting(store, uuids, budget - RECORDS_MARGIN)
        if deferred and not uuids:
            raise InvalidInput(f"{target.parent} 剩余空间放不下下一份检查的照片；请换一个空间更大的 U 盘后再导出。")
    return _export(store, target, "all" if everything else "changes", uuids, None, progress, key, overwrite,
                   deferred)


def export_setup_bundle(store: Store, target: Path | str, *, township_ids: list[int] | None = None,
                        overwrite: bool = False, progress: Progress | None = None,
                        key: DeviceKey | None = None) -> Exported:
    """Bureau → field: the registers of some townships (all when None), every checklist version, receipts."""
    towns = None if township_ids is None else set(township_ids)
    return _export(store, Path(target), "setup", [], towns, progress, key, overwrite, 0)


def _export(store: Store, target: Path, scope: str, uuids: list[str], townships: set[int] | None,
            progress: Progress | None, key: DeviceKey | None, overwrite: bool, deferred: int) -> Exported:
    key = key or device_key()
    report = progress or (lambda done, total, label: None)
    steps = len(uuids) + 2
    report(0, steps, "正在准备导出")
    if not overwrite and target.exists():  # said before any work, and checked again at the rename
        raise already_exists(target)
    forms = None
    if scope == "changes":
        forms = {tuple(r) for chunk in _chunks(uuids) for r in store.execute(
            "SELECT DISTINCT checklist_id, checklist_version FROM inspections WHERE uuid IN "
            f"({', '.join('?' * len(chunk))})", chunk)}
    checklist_rows = _checklists(store, forms)
    evidence = _evidence(store, scope, uuids, workflow_sync.evidence_refs(store, scope, townships))
    counts = dict.fromkeys(bundle.COUNT_KEYS, 0)
    bundle_id = uuidlib.uuid4().hex
    sequence = 0
    renamed = False

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            writer = BundleWriter(fh)
            try:
                _write_members(writer)
            except BaseException:
                writer.abandon()
                raise

    def _write_members(writer: BundleWriter) -> None:
        counts["checklists"] = writer.write_records(bundle.CHECKLISTS, (
            bundle.checklist_record(r[0], r[1], r[2], r[3]) for r in checklist_rows))
        counts["registers"] = writer.write_records(bundle.REGISTERS, _registers(store, scope, uuids, townships))
        counts["evidence"] = writer.write_records(bundle.EVIDENCE, (
            bundle.evidence_record(sha, media, size) for sha, media, size in evidence))
        report(1, steps, "正在导出检查")
        counts["revisions"] = writer.write_records(bundle.INSPECTIONS, _revisions(store, uuids, report, steps))
        counts["inspections"] = len(uuids)
        held = list(receipts.receipt_records(store)) if receipts.role(store) == receipts.BUREAU else []
        writer.write_records(bundle.RECEIPTS, held)
        counts["receipts"] = sum(len(r["revisions"]) for r in held)
        workflow = list(workflow_sync.records(store, scope, townships))
        writer.write_records(bundle.WORKFLOW, workflow)
        counts["steps"] = sum(r["type"] == "step" for r in workflow)
        counts["closures"] = len(workflow) - counts["steps"]
        for sha, _, _ in evidence:
            writer.write_evidence(sha, bytes(store.execute("SELECT data FROM evidence WHERE sha256 = ?",
                                                           (sha,)).fetchone()[0]))
        report(steps - 1, steps, "正在写入数据包")
        writer.finish({
            "app_version": __version__, "bundle_id": bundle_id, "scope": scope, "device_id": store.device_id,
            "device_name": device_name(store), "role": receipts.role(store), "sequence": sequence,
            "created_at": created, bundle.AUDIT_CHAIN: chain, "checklists": [{"id": r[0], "version": r[1], "hash": r[2]}
                                                  for r in checklist_rows], "counts": counts}, key)

    try:
        with store.atomic():
            sequence = int(store.setting("bundle_sequence", "0")) + 1
            created = now()
            register_own_device(store, key)
            store.set_setting("bundle_sequence", str(sequence))
            store.conn.executemany("UPDATE inspections SET exported = 1 WHERE uuid = ?", [(u,) for u in uuids])
            store.execute("INSERT INTO bundles(id, device_id, sequence, direction, file_name, at, report) "
                          "VALUES (?, ?, ?, 'export', ?, ?, '{}')", (bundle_id, store.device_id, sequence,
                                                                      target.name, created))
            chain = checkpoints.sign(store, key, bundle_id)  # the manifest carries it to the receiver
            remove_stale_parts(target.parent, bundle.SUFFIX)
            write_atomically(target, write, overwrite=overwrite)
            renamed = True
            summary = {"scope": scope, "deferred": deferred, **counts}
            store.execute("UPDATE bundles SET report = ? WHERE id = ?",
                          (json.dumps(summary, ensure_ascii=False, sort_keys=True), bundle_id))
            audit.append(store, "export", "bundle", bundle_id, {"file": target.name, "sequence": sequence, **summary})
            checkpoints.sign(store, key, bundle_id)  # and this one, kept here, covers the export's own entry
    except BaseException:
        if renamed:  # the rename happened but the transaction did not commit: take the file back
            target.unlink(missing_ok=True)
        raise
    return Exported(target, bundle_id, sequence, scope, counts, deferred)


def _free_space(target: Path) -> int | None:
    try:
        return shutil.disk_usage(target.parent).free
    except OSError:
        return None  # the folder is missing or gone: the write says so in one sentence


def _fitting(store: Store, uuids: list[str], budget: int) -> tuple[list[str], int]:
    """The inspections whose photos fit in `budget` bytes, in order, and how many had to wait."""
    sizes = dict(store.execute("SELECT sha256, size FROM evidence").fetchall())
    if sum(sizes.values()) <= budget:
        return uuids, 0  # every photo here fits: no need to look at each inspection
    taken, seen, used, deferred = [], set(), 0, 0
    for uuid in uuids:
        photos = _photo_refs(store, [uuid]) - seen
        extra = sum(sizes.get(sha, 0) for sha in photos)
        if extra and used + extra > budget:
            deferred += 1
            continue
        taken.append(uuid)
        seen |= photos
        used += extra
    return taken, deferred


def _checklists(store: Store, forms: set | None) -> list[tuple]:
    rows = store.execute("SELECT id, version, hash, source FROM checklists ORDER BY id, version").fetchall()
    return [r for r in rows if forms is None or (r[0], r[1]) in forms]


def _registers(store: Store, scope: str, uuids: list[str], townships: set[int] | None) -> Iterator[dict]:
    """Counties, townships, villages, enterprises, each after the rows it refers to, then their aliases."""
    keep_t = keep_v = keep_e = None  # None: every row
    if scope == "changes":
        keep_t, keep_v, keep_e = set(), set(), set()
        for chunk in _chunks(uuids):
            for t, v, e in store.execute(
                    "SELECT i.township_id, COALESCE(i.village_id, en.village_id), i.enterprise_id FROM inspections i "
                    "LEFT JOIN enterprises en ON en.id = i.enterprise_id WHERE i.uuid IN "
                    f"({', '.join('?' * len(chunk))})", chunk):
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
    sent: dict[str, dict[int, str]] = {kind: {} for kind in identity.TABLES}  # kind → row id → uuid
    for cid, cuuid, name, code in store.execute("SELECT id, uuid, name, code FROM counties ORDER BY id"):
        if keep_t is None or cid in county_ids:
            sent["county"][cid] = cuuid
            yield bundle.register_record("county", {"uuid": cuuid, "name": name, "code": code})
    for tid, tuuid, _, cuuid, name, kind in towns:
        sent["township"][tid] = tuuid
        yield bundle.register_record("township", {"uuid": tuuid, "county": cuuid, "name": name, "kind": kind})
    town_ids = {r[0] for r in towns}
    for vid, tid, *row in store.execute(
            "SELECT v.id, v.township_id, v.uuid, t.uuid, v.name, v.kind, v.assistant, v.phone FROM villages v "
            "JOIN townships t ON t.id = v.township_id ORDER BY v.id"):
        if (keep_v is None and tid in town_ids) or (keep_v is not None and vid in keep_v):
            sent["village"][vid] = row[0]
            yield bundle.register_record("village", dict(zip(bundle.REGISTER_FIELDS["village"], row)))
    for eid, tid, *row in store.execute(
            "SELECT e.id, e.township_id, e.uuid, t.uuid, v.uuid, e.name, e.credit_code, e.industry, e.address, "
            "e.contact, e.phone FROM enterprises e JOIN townships t ON t.id = e.township_id "
            "LEFT JOIN villages v ON v.id = e.village_id ORDER BY e.id"):
        if (keep_e is None and tid in town_ids) or (keep_e is not None and eid in keep_e):
            sent["enterprise"][eid] = row[0]
            yield bundle.register_record("enterprise", dict(zip(bundle.REGISTER_FIELDS["enterprise"], row)))
    # Other installations' uuids for the rows sent: revisions naming them must resolve at the receiver too.
    for kind, rows in sent.items():
        for other, row_id in identity.aliases(store, kind):
            if row_id in rows:
                yield bundle.alias_record(kind, other, rows[row_id])


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _evidence(store: Store, scope: str, uuids: list[str], closures: set[str]) -> list[tuple[str, str, int]]:
    """The evidence to carry: everything with --all, else what the exported answers and hand closures point at."""
    rows = store.execute("SELECT sha256, media_type, size FROM evidence ORDER BY sha256").fetchall()
    if scope == "all":
        return [tuple(r) for r in rows]
    refs = _photo_refs(store, uuids) | closures
    return [tuple(r) for r in rows if r[0] in refs]


def _photo_refs(store: Store, uuids: list[str]) -> set[str]:
    """The evidence hashes the answers of these inspections' revisions point at."""
    refs: set[str] = set()
    for chunk in _chunks(uuids):
        for (value,) in store.execute(
                "SELECT a.value FROM answers a JOIN revisions r ON r.id = a.revision_id WHERE a.value LIKE '[%' "
                f"AND r.inspection_uuid IN ({', '.join('?' * len(chunk))})", chunk):
            data = json.loads(value)
            refs.update(h for h in data if isinstance(h, str) and _HEX64.fullmatch(h))
    return refs


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
        for rev_id, base, device, author, created, form_hash, date, inspector, status, reason, named, follows in (
                store.execute("SELECT id, base, device_id, author, created_at, checklist_hash, date, inspector, "
                              "status, reason, subject_uuid, follows FROM revisions WHERE inspection_uuid = ? "
                              "ORDER BY rowid", (uuid,)).fetchall()):
            answers = {item: Answer(None if value is None else json.loads(value), note, rect, deadline)
                       for item, value, note, rect, deadline in store.execute(
                           "SELECT item_id, value, note, rectification, deadline FROM answers "
                           "WHERE revision_id = ?", (rev_id,))}
            # A revision names its subject as it was signed, whichever uuid this database's row has.
            inspection = Inspection(uuid=uuid, subject_kind=kind, subject_uuid=named or subject_uuid, checklist_id=cid,
                                    checklist_version=cver, checklist_hash=form_hash, date=date,
                                    inspector=inspector, status=status, answers=answers, follows=follows)
            yield bundle.revision_record(Revision(rev_id, base, tuple(merged.get(rev_id, ())), device, author,
                                                  created, reason, inspection))
        report(1 + n, steps, f"正在导出检查 {n}/{len(uuids)}")
