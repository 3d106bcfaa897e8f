"""Import bundles in one transaction, each read once: a file that fails any check is rolled back.

Each bundle is imported inside its own savepoint while it is read and checked (member hashes,
record shapes, counts; the structure, manifest and signature before anything is read): a
refused bundle is rolled back alone and named in the report with its reason, the reason
`bundle verify` would give when the file itself is damaged, while the others go in. Anything that stops the import
as a whole (cancel, a full disk, a bug) rolls back every bundle of the call, so the database
is left exactly as it was. Bundles import in any order, any number of times, under any file
name: what is already here is skipped, and missing bundle numbers are reported, never refused.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from qinspect.domain.checklist import Checklist, Item, parse_checklist
from qinspect.domain.item_kinds import PLAIN_TYPES, as_written, check_answer, range_words, rules
from qinspect.domain.records import Inspection, check_answers
from qinspect.errors import BundleRefused, ChecklistError, InvalidInput, NotFound, UntrustedDevice
from qinspect.store import audit, bulk, checklists, evidence, identity
from qinspect.store.db import Store, now
from qinspect.store.maintenance import revision_damaged
from qinspect.sync import bundle, checkpoints, merge, receipts, workflow_sync
from qinspect.sync.added_rows import AddedRows, empty_kinds
from qinspect.sync.bundle import BundleReader, Manifest
from qinspect.sync.bundle.reader import Tally
from qinspect.sync.device import TRUSTED, key_standing, known_device, trust_device
from qinspect.progress import Progress

Trust = bool | Collection[str]  # True: any new device; or the fingerprints a person has checked


@dataclass
class BundleOutcome:
    file: str
    bundle_id: str
    device_id: str
    device_name: str
    sequence: int
    scope: str
    created_at: str
    status: str = "imported"  # or "already imported"
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    registers_added: int = 0
    registers_updated: int = 0
    registers_kept: int = 0  # differing rows not taken: the bureau's register (or this one's) wins
    checklists_installed: int = 0
    evidence_added: int = 0
    receipted: int = 0  # this laptop's revisions the sending bureau says it holds
    linked: list[str] = field(default_factory=list)  # rows recognised as the same real thing
    not_taken: list[dict] = field(default_factory=list)  # {kind, name, fields: {field: [here, bundle]}}
    missing: list[int] = field(default_factory=list)  # the sender's bundle numbers not received yet
    kept_own: list[str] = field(default_factory=list)  # revisions whose copy here differs from the bundle's: kept
    out_of_range: list[str] = field(default_factory=list)  # values a release before ranges let through: taken
    steps_taken: int = 0  # assessment workflow steps new here (sync/workflow_sync.py)
    closures_taken: int = 0  # rectifications closed by hand, new here or earlier than the closure here

    def describe(self) -> str:
        name = Path(self.file).name
        if self.status != "imported":
            return f"{name}：已经导入过，未做任何更改。"
        parts = [f"{name}：来自“{self.device_name}”第 {self.sequence} 号，检查新增 {self.added}、更新 {self.updated}、"
                 f"未变 {self.unchanged}、冲突 {self.conflicts}"]
        if self.registers_added or self.registers_updated:
            parts.append(f"登记新增 {self.registers_added}、更新 {self.registers_updated}")
        if self.linked:
            parts.append(f"{len(self.linked)} 条登记与本机已有的是同一个（已关联，未重复登记）："
                         + "、".join(self.linked[:5]) + ("…" if len(self.linked) > 5 else ""))
        if self.not_taken:
            shown = "、".join(f"{t['name']}的{'、'.join(FIELD_LABELS.get(f, f) for f in t['fields'])}"
                             for t in self.not_taken[:5])
            parts.append(f"{len(self.not_taken)} 条登记的修改未采用（登记册以主管的为准）：{shown}"
                         + ("…" if len(self.not_taken) > 5 else ""))
        if self.checklists_installed:
            parts.append(f"安装检查表 {self.checklists_installed} 个版本")
        if self.evidence_added:
            parts.append(f"证据文件 {self.evidence_added} 个")
        if self.receipted:
            parts.append(f"主管确认已收到本机的 {self.receipted} 个修订")
        if self.steps_taken or self.closures_taken:
            parts.append(f"考核步骤 {self.steps_taken} 个、手工关闭的整改 {self.closures_taken} 项")
        text = "；".join(parts) + "。"
        if self.kept_own:
            text += (f"本机有 {len(self.kept_own)} 个修订与数据包中同编号的修订内容不同，保留了本机的这些修订、导入了其余内容；"
                     "本机数据库可能被改动过，请运行 qinspect db check。")
        if self.out_of_range:
            shown = "；".join(self.out_of_range[:3]) + ("…" if len(self.out_of_range) > 3 else "")
            text += (f"{len(self.out_of_range)} 个数值超出现行允许范围，由不检查范围的旧版 qinspect 录入，已照收，"
                     f"请核实后修改：{shown}。")
        if self.missing:
            text += receipts.gap_sentence(self.device_name, self.missing)
        return text


FIELD_LABELS = {"name": "名称", "kind": "类型", "assistant": "协管员", "phone": "电话", "code": "代码",
                "credit_code": "统一社会信用代码", "industry": "行业", "address": "地址", "contact": "联系人",
                "county_id": "所属县", "township_id": "所属乡镇", "village_id": "所属村"}


# The first release whose editor, paper import and bundles refuse a quantity outside its range.
RANGES_SINCE = (0, 2)


def sender_checks_ranges(app_version: str) -> bool:
    """Whether the sending qinspect refused out-of-range quantities, so a bundle of its holding one
    was made by hand: an older release's values were typed where nothing checked them, and are taken
    (and listed) rather than holding back the rest of its work."""
    try:
        return tuple(int(part) for part in app_version.split(".")[:2]) >= RANGES_SINCE
    except ValueError:
        return True


@dataclass
class Refusal:
    file: str
    reason: str
    device_id: str | None = None  # set when the device is not trusted yet
    device_name: str | None = None
    fingerprint: str | None = None

    @property
    def untrusted(self) -> bool:
        return self.fingerprint is not None

    def describe(self) -> str:
        return f"{Path(self.file).name}：{self.reason}"


@dataclass
class ImportReport:
    bundles: list[BundleOutcome] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    def total(self, key: str) -> int:
        return sum(getattr(b, key) for b in self.bundles)

    @property
    def changed(self) -> bool:
        return any(b.status == "imported" for b in self.bundles)

    def as_dict(self) -> dict[str, Any]:
        return {
            **{k: self.total(k) for k in ("added", "updated", "unchanged", "conflicts")},
            "bundles": [asdict(b) for b in self.bundles],
            "already_imported": [b.file for b in self.bundles if b.status != "imported"],
            "refused": [{**asdict(r), "untrusted": r.untrusted} for r in self.refused],
        }

    def describe(self) -> list[str]:
        head = (f"导入 {sum(b.status == 'imported' for b in self.bundles)} 个数据包：检查新增 {self.total('added')}、"
                f"更新 {self.total('updated')}、未变 {self.total('unchanged')}、冲突 {self.total('conflicts')}"
                + (f"；拒绝 {len(self.refused)} 个" if self.refused else "") + "。")
        return [head, *(b.describe() for b in self.bundles)]


@dataclass(frozen=True)
class BundleInfo:
    """What `bundle verify` says: who made the bundle, when, what is inside, and what this database knows."""

    file: str
    manifest: Manifest
    counts: dict[str, int]
    device_status: str | None  # "trusted", "untrusted", "own", or None without a database
    already_imported: bool = False
    missing: tuple[int, ...] = ()  # the device's bundle numbers this database lacks, counting this one as here

    def describe(self) -> list[str]:
        m, c = self.manifest, self.counts
        lines = [
            f"{Path(self.file).name}：完整，签名有效。",
            f"来自设备“{m.device_name}”（编号 {m.device_id}，指纹 {m.fingerprint}），第 {m.sequence} 号，"
            f"导出于 {m.created_at}，qinspect {m.app_version}。",
            f"内容（{bundle.SCOPES[m.scope]}）：检查 {c['inspections']} 份（修订 {c['revisions']} 个），"
            f"登记 {c['registers']} 条，检查表 {c['checklists']} 个版本，证据文件 {c['evidence']} 个。",
        ]
        if m.checklists:
            lines.append("检查表：" + "、".join(f"{cid}@{ver}" for cid, ver, _ in m.checklists))
        status = {
            "trusted": "本机已信任该设备。", "own": "这是本机导出的数据包。",
            "untrusted": "本机尚未信任该设备：导入前请当面核对指纹，再用 --trust 导入。",
        }.get(self.device_status or "")
        if status:
            lines.append(status)
        if self.already_imported:
            lines.append("本机已导入过这个数据包，再导入不会改变任何内容。")
        if self.missing:
            lines.append(receipts.gap_sentence(m.device_name, list(self.missing)))
        return lines


def verify_bundle(path: Path | str, store: Store | None = None, progress: Progress | None = None) -> BundleInfo:
    """Check structure, hashes and signature; change nothing. Raises BundleRefused."""
    with BundleReader(path) as reader:
        counts = reader.verify(progress)
        m = reader.manifest
    status, already, missing = None, False, []
    if store is not None:
        if m.device_id == store.device_id:
            status = "own"
        else:
            status = key_standing(store, m.device_id, m.device_name, m.public_key)
            missing = receipts.missing_sequences(store, m.device_id, [m.sequence])
        already = _already_imported(store, m.bundle_id)
    return BundleInfo(str(path), m, counts, status, already, tuple(missing))


@dataclass(frozen=True)
class NewDevice:
    """A device whose bundles this database would refuse until a person trusts it."""

    device_id: str
    name: str
    fingerprint: str
    files: tuple[str, ...]


def new_devices(store: Store, paths: Iterable[Path | str]) -> list[NewDevice]:
    """The untrusted devices that signed these bundles, read from their manifests (quick: no member is read).

    A bundle that cannot even be opened is left out here; the import names it with its reason.
    """
    found: dict[tuple[str, str], list[str]] = {}
    names: dict[tuple[str, str], str] = {}
    for path in paths:
        try:
            with BundleReader(path) as reader:
                m = reader.manifest
        except BundleRefused:
            continue
        try:
            if m.device_id == store.device_id or key_standing(store, m.device_id, m.device_name,
                                                               m.public_key) == TRUSTED:
                continue
        except BundleRefused:  # a forgotten, replaced or mismatched key: the import refuses it
            continue
        found.setdefault((m.device_id, m.fingerprint), []).append(str(path))
        names[(m.device_id, m.fingerprint)] = m.device_name
    return [NewDevice(d, names[(d, f)], f, tuple(files)) for (d, f), files in found.items()]


def import_bundles(store: Store, paths: Iterable[Path | str], *, trust: Trust = False,
                   progress: Progress | None = None) -> ImportReport:
    """Import the good bundles in one transaction, each checked while it is read (see the module doc)."""
    paths = [Path(p) for p in paths]
    report = ImportReport()
    readers: list[tuple[Path, BundleReader]] = []
    meter = _Meter(progress)
    try:
        for path in paths:
            try:
                reader = BundleReader(path)
            except BundleRefused as e:
                report.refused.append(Refusal(str(path), str(e)))
                continue
            readers.append((path, reader))
        meter.total = sum(sum(m.length for m in r.manifest.members) + 1 for _, r in readers)
        incoming = sum(r.manifest.counts.get("inspections", 0) for _, r in readers)
        try:
            with _transaction(store, incoming):
                for path, reader in readers:
                    size = sum(m.length for m in reader.manifest.members)
                    try:
                        with store.atomic():
                            report.bundles.append(_import_one(store, path, reader, trust, meter, size))
                    except BundleRefused as e:
                        report.refused.append(_refusal(path, reader, e))
                for outcome in report.bundles:  # after every bundle of the call, so a gap one of them filled is gone
                    outcome.missing = receipts.missing_sequences(store, outcome.device_id)
                if not report.changed:
                    raise _NothingTaken
        except _NothingTaken:
            pass
    finally:
        for _, reader in readers:
            reader.close()
    order = {str(p): i for i, p in enumerate(paths)}
    report.bundles.sort(key=lambda b: order[b.file])
    report.refused.sort(key=lambda r: order[r.file])
    return report


@contextlib.contextmanager
def _transaction(store: Store, incoming: int) -> Iterator[None]:
    """The import's one transaction: a bulk load (store/bulk.py) when a city's worth of inspections goes
    into a new database, its foreign keys checked once and the list's indexes set aside."""
    if not bulk.worth_setting_aside(store, incoming):
        with store.atomic():
            yield
        return
    with bulk.references_checked_once(store, _broken_references), \
            bulk.indexes_set_aside(store, names=bulk.LIST_INDEXES):
        yield


def _broken_references(broken: list[tuple]) -> InvalidInput:
    # Never from a bundle the records' own checks let through (each refers only to rows it checked are
    # there), so the fault of a bundle made to get past them, or of this program: nothing is kept.
    return InvalidInput(f"导入的数据中有 {len(broken)} 处引用了不存在的记录（例如 {broken[0][0]} 表），这次导入已全部撤销，"
                        "数据库没有改变；请逐个导入这些数据包，并把不能导入的那个交给技术支持。")


class _NothingTaken(Exception):
    """Rolls the whole transaction back when no bundle went in: a refused bundle's savepoint, rolled
    back after its rows were written, would leave the file's pages rearranged if it were committed."""


class _Meter:
    """One progress bar over every bundle of a call: verification bytes, then import bytes."""

    def __init__(self, progress: Progress | None):
        self.progress = progress
        self.total = 1
        self.done = 0

    def sub(self, size: int) -> Progress:
        start = self.done
        self.done += size

        def report(done: int, total: int, label: str) -> None:
            if self.progress:
                self.progress(start + min(done * size // max(total, 1), size), max(self.total, 1), label)
        return report


def _refusal(path: Path, reader: BundleReader, e: BundleRefused) -> Refusal:
    """Why a bundle was refused: a damaged file says so first, as if it had been verified before the import."""
    try:
        reader.verify()
    except BundleRefused as damaged:
        return Refusal(str(path), str(damaged))
    if isinstance(e, UntrustedDevice):
        return Refusal(str(path), str(e), e.device_id, e.name, e.fingerprint)
    return Refusal(str(path), str(e))


def _already_imported(store: Store, bundle_id: str) -> bool:
    return store.execute("SELECT 1 FROM bundles WHERE id = ? AND direction = 'import'",
                         (bundle_id,)).fetchone() is not None


def _import_one(store: Store, path: Path, reader: BundleReader, trust: Trust, meter: _Meter,
                size: int) -> BundleOutcome:
    m = reader.manifest
    outcome = BundleOutcome(str(path), m.bundle_id, m.device_id, m.device_name, m.sequence, m.scope, m.created_at)
    if m.device_id == store.device_id:
        raise BundleRefused("这个数据包是本机导出的，不需要导入到本机。")
    if _already_imported(store, m.bundle_id):
        reader.verify(meter.sub(size))  # a damaged copy of an imported bundle is still refused
        outcome.status = "already imported"
        return outcome
    known = known_device(store, m.device_id)
    if key_standing(store, m.device_id, m.device_name, m.public_key) != TRUSTED:
        if not (trust is True or (not isinstance(trust, bool) and m.fingerprint in trust)):
            raise UntrustedDevice(m.device_id, m.device_name, m.fingerprint)
        audit.append(store, "trust", "device", m.device_id, {"name": m.device_name, "fingerprint": m.fingerprint})
    elif known is None or known.public_key != m.public_key:  # a key trusted ahead (or a new key) meets its device
        audit.append(store, "bind-key", "device", m.device_id, {"name": m.device_name, "fingerprint": m.fingerprint})
    trust_device(store, m.device_id, m.device_name, m.public_key)
    step = meter.sub(size)
    done = 0
    label = f"正在导入 {path.name}"
    work = _BundleImport(store, reader, outcome)
    tally = Tally(m)
    try:
        for name in m.record_members:
            add = work.importers[name]
            for count, rec in enumerate(reader.records(name, tally), 1):
                add(rec)
                if count % 200 == 0:
                    step(done, size, label)
            done += reader.members[name].length
            step(done, size, label)
        work.settle_inspection()
        reader.finish(tally)
    except (InvalidInput, NotFound) as e:
        raise BundleRefused(f"数据包不能导入：{e}") from None
    if m.audit_chain is not None:
        checkpoints.receive(store, m.device_id, m.public_key, m.audit_chain, m.bundle_id)
    store.execute("UPDATE devices SET last_sequence = max(last_sequence, ?), name = ? WHERE id = ?",
                  (m.sequence, m.device_name, m.device_id))
    summary = {k: v for k, v in asdict(outcome).items() if isinstance(v, int) and k != "sequence"}
    summary["linked"] = len(outcome.linked)
    store.execute("INSERT INTO bundles(id, device_id, sequence, direction, file_name, at, report) "
                  "VALUES (?, ?, ?, 'import', ?, ?, ?)",
                  (m.bundle_id, m.device_id, m.sequence, path.name, now(),
                   json.dumps(summary, ensure_ascii=False, sort_keys=True)))
    audit.append(store, "import", "bundle", m.bundle_id,
                 {"file": path.name, "device": m.device_id, "sequence": m.sequence, **summary})
    step(size, size, label)
    return outcome


# -- one importer per records member ----------------------------------------------------
# Register tables: the columns a record's fields go to, and which fields name another row by uuid.
_REGISTER_TABLES = {
    "county": ("counties", {}),
    "township": ("townships", {"county": ("county_id", "counties")}),
    "village": ("villages", {"township": ("township_id", "townships")}),
    "enterprise": ("enterprises", {"township": ("township_id", "townships"), "village": ("village_id", "villages")}),
}


# What write_revision and set_head take from a subject's register row: no names, so no joins.
_SUBJECT_COLUMNS = {
    "township": "SELECT id, uuid, id, NULL FROM townships WHERE ",
    "village": "SELECT id, uuid, township_id, NULL FROM villages WHERE ",
    "enterprise": "SELECT id, uuid, township_id, village_id FROM enterprises WHERE ",
}


def _subject_row(store: Store, kind: str, uuid: str) -> dict | None:
    """The register row a revision's subject uuid names (its own or a linked one), as registers.subject_by_uuid."""
    row = store.execute(_SUBJECT_COLUMNS[kind] + "uuid = ?", (uuid,)).fetchone()  # its own uuid: one query
    if row is None:
        row_id = identity.row_id(store, kind, uuid)  # another installation's uuid for it
        row = None if row_id is None else store.execute(_SUBJECT_COLUMNS[kind] + "id = ?", (row_id,)).fetchone()
    return None if row is None else dict(zip(("id", "uuid", "township_id", "village_id"), row))


class _BundleImport:
    """The records of one bundle going into the database, counted in its outcome."""

    def __init__(self, store: Store, reader: BundleReader, outcome: BundleOutcome):
        self.store, self.reader, self.out = store, reader, outcome
        self.manifest = reader.manifest
        self.importers = {bundle.CHECKLISTS: self.checklist, bundle.REGISTERS: self.register,
                          bundle.EVIDENCE: self.evidence, bundle.INSPECTIONS: self.revision,
                          bundle.RECEIPTS: self.receipt,
                          bundle.WORKFLOW: workflow_sync.Receiver(store, outcome, self).add}
        # The bureau owns the registers: its rows correct a field laptop's, nothing else overwrites.
        self.bureau_wins = self.manifest.role == receipts.BUREAU and receipts.role(store) == receipts.FIELD
        # Revisions of one inspection come together; it is settled when the next one starts.
        self.current: str | None = None
        self.shape: tuple = ()
        self.revisions: dict[str, Inspection] = {}
        self.subject: dict | None = None  # the current inspection's register row, and its checklist
        self.form: Checklist | None = None
        # Looked up once: the registers member comes before the inspections, so neither changes after. Only the
        # last subject is kept (its revisions come together), besides the rows this import added.
        self.last_subject: tuple[tuple[str, str], dict | None] = (("", ""), None)
        self.added = AddedRows(complete=empty_kinds(store))
        self.forms: dict[tuple[str, str], tuple[Checklist, str, dict[str, Item], dict]] = {}  # see checklist_of
        self.before: tuple | None = None  # the current inspection's row (head,) before this bundle, None if new
        self.graph: list[tuple] = []  # a new inspection's revisions added (as merge._revisions) and what they merge
        self.merged: set[str] = set()
        self.own_device = store.device_id
        self.parents: dict[tuple[str, str], int] = {}  # see parent_id
        self.ranges = sender_checks_ranges(self.manifest.app_version)
        # Whether any stored revision is a follow-up (复查): until one is, no head set can close a rectification.
        self.follow_ups = store.execute("SELECT 1 FROM revisions WHERE follows != '' LIMIT 1").fetchone() is not None
        # Whether the database held no inspection before this bundle: then an inspection whose uuid sorts
        # after every one started so far (an export writes them in uuid order) has no row yet, unread.
        self.none_before = store.execute("SELECT 1 FROM inspections LIMIT 1").fetchone() is None
        self.highest = ""

    def checklist(self, rec: dict) -> None:
        ref = f"{rec['id']}@{rec['version']}"
        row = self.store.execute("SELECT hash FROM checklists WHERE id = ? AND version = ?",
                                 (rec["id"], rec["version"])).fetchone()
        if row is not None:
            if row[0] != rec["hash"]:
                raise BundleRefused(f"数据包中的检查表 {ref} 与本机已安装的同一版本内容不同（已发布的版本不可修改），"
                                    "已拒绝；请让制作方为修订后的检查表使用新的版本号。")
            return
        try:
            form = parse_checklist(rec["source"], f"数据包中的检查表 {ref}")
        except ChecklistError as e:
            raise BundleRefused(f"数据包中的检查表 {ref} 无效（{e.problems[0]}），已拒绝。") from None
        if (form.id, form.version, form.hash) != (rec["id"], rec["version"], rec["hash"]):
            raise BundleRefused(f"数据包中的检查表 {ref} 与其记录的编号、版本或哈希不符，已拒绝。")
        checklists.install(self.store, form)
        self.out.checklists_installed += 1

    def register(self, rec: dict) -> None:
        kind = rec["type"]
        if kind == bundle.ALIAS:
            self.alias(rec)
            return
        label = f"{bundle.REGISTER_LABELS[kind]}“{rec['name']}”"
        table, refs = _REGISTER_TABLES[kind]
        columns, values = [], []
        for key in bundle.REGISTER_FIELDS[kind][1:]:
            if key not in refs:
                columns.append(key)
                values.append(rec[key])
                continue
            column, target = refs[key]
            local = None
            if rec[key] is not None:
                local = self.parent_id(key, rec[key])
                if local is None:
                    raise BundleRefused(f"数据包中的{label}引用了本机和包中都没有的上级登记，数据包不完整，已拒绝。")
            columns.append(column)
            values.append(local)
        fields = dict(zip(columns, values))
        row_id = self.row_id(kind, rec["uuid"])
        if row_id is None:
            # The same real thing typed on another laptop: link its uuid to our row, never double it.
            row_id = identity.same_thing(self.store, kind, fields)
            if row_id is not None:
                identity.link(self.store, kind, rec["uuid"], row_id)
                self.added.complete.discard(kind)  # a uuid that names a row through its link, not kept here
                self.out.linked.append(label)
        try:
            if row_id is None:
                marks = ", ".join("?" * (len(columns) + 1))
                row_id = self.store.execute(f"INSERT INTO {table}(uuid, {', '.join(columns)}) VALUES ({marks})",
                                            (rec["uuid"], *values)).lastrowid
                self.out.registers_added += 1
                self.added.keep(kind, rec["uuid"], row_id, fields.get("township_id"), fields.get("village_id"))
                return
            existing = dict(zip(columns, self.store.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?",
                                                            (row_id,)).fetchone()))
            differing = {c: [existing[c], v] for c, v in fields.items() if existing[c] != v}
            if not differing:
                return
            if self.bureau_wins:
                self.store.execute(f"UPDATE {table} SET {', '.join(c + ' = ?' for c in differing)} WHERE id = ?",
                                   (*(v for _, v in differing.values()), row_id))
                if self.added.found(kind, rec["uuid"]) is not None:  # a row this bundle added, and corrects
                    self.added.keep(kind, rec["uuid"], row_id, fields.get("township_id"), fields.get("village_id"))
                self.out.registers_updated += 1
            else:
                self.out.registers_kept += 1
                self.out.not_taken.append({"kind": kind, "name": label, "fields": differing})
        except sqlite3.IntegrityError:
            raise BundleRefused(f"数据包中的{label}与本机登记册中的另一条登记冲突（例如统一社会信用代码已被另一家企业使用），"
                                "已拒绝；请主管核对登记册后重新导出。") from None

    def parent_id(self, kind: str, uuid: str) -> int | None:
        """The local row of a county, township or village a register record names, each looked up once.

        A row found stays that row for the whole import (registers are only added to and linked), so
        the thousands of enterprises of a village ask for it once. Bounded: cleared when full.
        """
        found = self.parents.get((kind, uuid))
        if found is None:
            found = self.row_id(kind, uuid, remember=self.parents)
        return found

    def row_id(self, kind: str, uuid: str, remember: dict | None = None) -> int | None:
        """The local row a register uuid names (identity.row_id): one this import added is known without asking.

        A row the database had to be asked for is kept in `remember`, when given.
        """
        kept = self.added.found(kind, uuid)
        if kept is not None:
            return kept[0]
        if kind in self.added.complete:  # every row of its kind is one this import added: the uuid names none
            return None
        found = identity.row_id(self.store, kind, uuid)
        if found is not None and remember is not None:
            if len(remember) >= 100_000:
                remember.clear()
            remember[kind, uuid] = found
        return found

    def alias(self, rec: dict) -> None:
        """Another installation's uuid for a row the bundle carries: link it here too, so its revisions resolve."""
        row_id = identity.row_id(self.store, rec["kind"], rec["of"])
        if row_id is None:
            raise BundleRefused(f"数据包中的登记关联指向本机和包中都没有的{bundle.REGISTER_LABELS[rec['kind']]}，"
                                "数据包不完整，已拒绝。")
        identity.link(self.store, rec["kind"], rec["uuid"], row_id)
        self.added.complete.discard(rec["kind"])

    def receipt(self, rec: dict) -> None:
        if self.manifest.role == receipts.BUREAU:  # only a bureau's word ends a laptop's re-sending
            self.out.receipted += receipts.apply_receipt(self.store, rec, self.manifest.bundle_id)

    def evidence(self, rec: dict) -> None:
        sha = rec["sha256"]
        if self.store.execute("SELECT 1 FROM evidence WHERE sha256 = ?", (sha,)).fetchone():
            return
        data = self.reader.evidence(sha)
        if len(data) != rec["size"]:
            raise BundleRefused(f"数据包中证据 {sha[:12]}… 的大小与记录不符，已拒绝。")
        evidence.add_evidence(self.store, data, rec["media_type"])
        self.out.evidence_added += 1

    def revision(self, rev: bundle.Revision) -> None:
        insp = rev.inspection
        key = (insp.subject_kind, insp.subject_uuid)
        if key != self.last_subject[0]:
            self.last_subject = (key, self.added.subject(*key) or _subject_row(self.store, *key))
        subject = self.last_subject[1]
        if subject is None:
            raise BundleRefused(f"数据包中检查 {insp.uuid} 的检查对象不在本机登记册中，包中也没有附带；"
                                "请先导入主管的设置数据包，再导入这个数据包。")
        # Revisions name their subject by whichever uuid their laptop had: compare the rows they name.
        shape = (insp.subject_kind, subject["id"], insp.checklist_id, insp.checklist_version)
        if insp.uuid != self.current:
            self.settle_inspection()
            self.current, self.shape, self.revisions, self.subject = insp.uuid, shape, {}, subject
            stored = self.stored_row(insp.uuid)
            # Only this inspection's revisions are added until it is settled: its row stays as read here,
            # and when it is new (no row, so no stored revision either) its graph is what is added.
            self.before = None if stored is None else (stored[4],)
            self.graph, self.merged = [], set()
            if stored is not None:
                self.shape = tuple(stored[:4])
        if shape != self.shape:
            raise BundleRefused(f"数据包中检查 {insp.uuid} 的各个修订（或与本机的记录）检查对象或检查表不一致，已拒绝。")
        form, form_hash, items, fitting = self.checklist_of(insp.checklist_id, insp.checklist_version)
        self.form = form
        if insp.checklist_hash != form_hash:
            raise BundleRefused(f"数据包中检查 {insp.uuid} 所依据的检查表 {form.ref} 与本机的内容不同，已拒绝。")
        problems = [] if self.answers_fit(items, fitting, insp) else check_answers(form, insp, ranges=self.ranges)
        if problems:
            raise BundleRefused(f"数据包中检查 {insp.uuid} 的答案不符合检查表 {form.ref}（{problems[0]}），已拒绝。")
        try:
            added = merge.add_revision(self.store, rev, subject, likely_new=self.before is None)
            if added and rev.device == self.own_device:
                # This laptop's own work coming back (after restoring a backup): logged like a save,
                # so db check does not take its missing save entry for a cut log.
                audit.append(self.store, "restore", "inspection", insp.uuid, {
                    "revision": rev.id, "content_hash": rev.content_hash or insp.content_hash(), "bundle": self.manifest.bundle_id})
        except merge.DifferentRevision:
            # an inspection new here has no copy of its own: the id is another inspection's revision
            if self.before is None or not revision_damaged(self.store, insp.uuid, rev.id):
                raise  # this copy is sound: the bundle's is the forged one
            # This copy was altered behind qinspect's back: never stuck refusing a sound bundle over it.
            self.out.kept_own.append(rev.id)
            return
        self.revisions[rev.id] = insp
        if added:
            self.follow_ups = self.follow_ups or bool(insp.follows)
            self.graph.append((rev.id, rev.base, rev.content_hash or insp.content_hash(), rev.created_at))
            self.merged.update(rev.merged)

    def stored_row(self, uuid: str) -> tuple | None:
        """The inspection's row as the import compares it (subject kind and row, checklist, head), None if new."""
        if self.none_before and uuid > self.highest:
            self.highest = uuid
            return None
        self.highest = max(self.highest, uuid)
        return self.store.execute(
            "SELECT subject_kind, CASE subject_kind WHEN 'enterprise' THEN enterprise_id WHEN 'village' "
            "THEN village_id ELSE township_id END, checklist_id, checklist_version, head FROM inspections "
            "WHERE uuid = ?", (uuid,)).fetchone()

    def settle_inspection(self) -> None:
        if self.current is None:
            return
        result = merge.settle(self.store, self.current, self.revisions, self.manifest.bundle_id,
                              subject=self.subject, form=self.form, before=self.before,
                              graph=(self.graph, self.merged) if self.before is None else None,
                              follow_ups=self.follow_ups)
        counter = {merge.ADDED: "added", merge.UPDATED: "updated", merge.UNCHANGED: "unchanged",
                   merge.CONFLICT: "conflicts"}[result]
        setattr(self.out, counter, getattr(self.out, counter) + 1)
        self.current = None

    def answers_fit(self, items: dict[str, Item], fitting: dict[str, set], insp: Inspection) -> bool:
        """Whether every answer fits its item (check_answer), each distinct plain answer of an item checked once.

        `fitting` holds, per item of the form, the plain answers (item_kinds.PLAIN_TYPES) already found
        to fit: a bundle repeats the same few thousands of times; any other value is checked every time.
        False at the first that does not fit: the caller then asks check_answers for the sentences.
        """
        for item_id, answer in insp.answers.items():
            value = answer.value
            plain = type(value) in PLAIN_TYPES
            if plain:
                seen = fitting.get(item_id)
                if seen is not None and value in seen:
                    continue
            item = items.get(item_id)
            if item is None:
                return False
            try:
                check_answer(item, value, ranges=self.ranges)
            except ValueError:
                return False
            if not self.ranges and rules(item).out_of_range(item, value):
                self.out.out_of_range.append(f"检查 {insp.uuid} 的 {item.id} 为 {as_written(value)}（{range_words(item)}）")
                continue
            if plain:
                seen = fitting.setdefault(item_id, set())
                if len(seen) < 256:  # bounded whatever the answers are
                    seen.add(value)
        return True

    def checklist_of(self, checklist_id: str, version: str) -> tuple[Checklist, str, dict[str, Item], dict]:
        """An installed checklist version, its hash, its items by id and their fitting answers, worked out once."""
        if (checklist_id, version) not in self.forms:
            try:
                form = checklists.get(self.store, checklist_id, version)
            except NotFound:
                raise BundleRefused(f"数据包中的检查用到了检查表 {checklist_id}@{version}，本机没有安装，包中也没有附带，"
                                    "已拒绝。") from None
            self.forms[checklist_id, version] = (form, form.hash, {item.id: item for item in form.items}, {})
        return self.forms[checklist_id, version]
