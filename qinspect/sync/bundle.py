"""The field bundle format, in one place: member names, manifest, signature, caps and record shapes.

A bundle (`.qib`) is a zip file holding `manifest.json` (canonical JSON), `manifest.sig` (the
Ed25519 signature of the manifest's exact bytes), `records/*.jsonl` (one record per line)
and `evidence/<sha256>`. docs/bundles.md describes every field.

Reading treats the file as hostile. Nothing is extracted: members are read one at a time,
by name from an allow-list, in chunks, with every cap checked before and while streaming,
so a zip bomb is refused after reading its directory and a lying header after one chunk
past its claim. JSON is strict UTF-8. Every refusal is a BundleRefused with one sentence.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from qinspect.domain.records import STATUSES, Answer, Inspection, canonical_json
from qinspect.errors import BundleRefused, InvalidInput
from qinspect.store.evidence import MAX_EVIDENCE_BYTES
from qinspect.sync.device import DeviceKey, fingerprint, public_key_from_text, signature_valid

Progress = Callable[[int, int, str], None]

FORMAT = "qinspect-bundle"
FORMAT_VERSION = 1
SUFFIX = ".qib"
SCOPES = {"changes": "自上次导出以来的新增和修改", "all": "全部数据", "setup": "设置数据（登记册和检查表）"}

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
CHECKLISTS = "records/checklists.jsonl"
REGISTERS = "records/registers.jsonl"
EVIDENCE = "records/evidence.jsonl"
INSPECTIONS = "records/inspections.jsonl"
RECORD_MEMBERS = (CHECKLISTS, REGISTERS, EVIDENCE, INSPECTIONS)  # in the order they are imported
EVIDENCE_PREFIX = "evidence/"
_EVIDENCE_NAME = re.compile(r"evidence/[0-9a-f]{64}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")

# Caps. A bundle stays below every zip64 limit, so the reader refuses zip64 outright.
MAX_BUNDLE_BYTES = 2 * 1024**3
MAX_TOTAL_BYTES = 2 * 1024**3  # all members, uncompressed
MAX_ENTRIES = 20_000
MAX_CENTRAL_DIRECTORY = 4 * 1024**2
MAX_MANIFEST_BYTES = 4 * 1024**2
SIGNATURE_BYTES = 64
MAX_RECORDS_BYTES = 1024**3  # one records/*.jsonl member
MAX_RECORD_BYTES = 1024**2  # one JSON line
MAX_MEMBER_EVIDENCE = MAX_EVIDENCE_BYTES
MAX_RATIO = 100  # uncompressed : compressed, for members larger than RATIO_FLOOR
RATIO_FLOOR = 64 * 1024
CHUNK = 64 * 1024

NOT_A_BUNDLE = "这不是完整的 qinspect 数据包（不是 zip 文件，或拷贝时被截断，例如 U 盘提前拔出）；请重新导出后再试。"
DAMAGED = "数据包内容已损坏或在导出后被改动（{what}）；请让对方重新导出后再导入。"


def refused(sentence: str) -> BundleRefused:
    return BundleRefused(sentence)


# -- strict JSON --------------------------------------------------------------------
def _unique_keys(pairs: list[tuple[str, Any]]) -> dict:
    data = dict(pairs)
    if len(data) != len(pairs):
        raise ValueError("duplicate key")
    return data


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _check_text(value: Any) -> None:
    """Strings must encode back to UTF-8: a JSON escape can smuggle in a lone surrogate."""
    if isinstance(value, str):
        value.encode("utf-8")
    elif isinstance(value, dict):
        for k, v in value.items():
            k.encode("utf-8")
            _check_text(v)
    elif isinstance(value, list):
        for v in value:
            _check_text(v)


def strict_json(data: bytes, what: str) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise refused(f"数据包中的{what}不是有效的 UTF-8 文本；数据包已损坏或是伪造的，已拒绝。") from None
    try:
        value = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constants)
        _check_text(value)
    except (ValueError, RecursionError):
        raise refused(f"数据包中的{what}不是有效的 JSON；数据包已损坏或是伪造的，已拒绝。") from None
    return value


# -- record shapes ------------------------------------------------------------------
def _malformed(what: str, field: str) -> BundleRefused:
    return refused(f"数据包中的{what}记录格式不对（字段 {field}）；数据包已损坏或来自不兼容的程序，已拒绝。")


def _text(rec: dict, key: str, what: str, *, pattern: re.Pattern | None = None, optional: bool = False) -> Any:
    value = rec.get(key)
    if value is None and optional and key in rec:
        return None
    if not isinstance(value, str) or (pattern is not None and not pattern.fullmatch(value)):
        raise _malformed(what, key)
    return value


def _keys(rec: Any, what: str, keys: Iterable[str]) -> dict:
    if not isinstance(rec, dict):
        raise _malformed(what, "(整行)")
    extra = set(rec) - set(keys)
    missing = set(keys) - set(rec)
    if extra or missing:
        raise _malformed(what, "、".join(sorted(extra | missing)))
    return rec


def checklist_record(checklist_id: str, version: str, digest: str, source: str) -> dict:
    return {"id": checklist_id, "version": version, "hash": digest, "source": source}


def read_checklist_record(rec: Any) -> dict:
    what = "检查表"
    _keys(rec, what, ("id", "version", "hash", "source"))
    for key in ("id", "version", "source"):
        _text(rec, key, what)
    _text(rec, "hash", what, pattern=_HEX64)
    return rec


REGISTER_FIELDS: dict[str, tuple[str, ...]] = {
    "county": ("uuid", "name", "code"),
    "township": ("uuid", "county", "name", "kind"),
    "village": ("uuid", "township", "name", "kind", "assistant", "phone"),
    "enterprise": ("uuid", "township", "village", "name", "credit_code", "industry", "address", "contact",
                   "phone"),
}
REGISTER_LABELS = {"county": "县(市、区)", "township": "乡镇(街道)", "village": "村(社区)", "enterprise": "企业"}
_REFERENCES = {"county", "township", "village"}  # fields that hold another register row's uuid


def register_record(kind: str, row: dict) -> dict:
    return {"type": kind, **{k: row[k] for k in REGISTER_FIELDS[kind]}}


def read_register_record(rec: Any) -> dict:
    what = "登记册"
    if not isinstance(rec, dict) or not isinstance(rec.get("type"), str) or rec["type"] not in REGISTER_FIELDS:
        raise _malformed(what, "type")
    _keys(rec, what, ("type", *REGISTER_FIELDS[rec["type"]]))
    for key in REGISTER_FIELDS[rec["type"]]:
        _text(rec, key, what, pattern=_ID if key == "uuid" or key in _REFERENCES else None,
              optional=(rec["type"], key) == ("enterprise", "village"))
    return rec


def evidence_record(sha256: str, media_type: str, size: int) -> dict:
    return {"sha256": sha256, "media_type": media_type, "size": size}


def read_evidence_record(rec: Any) -> dict:
    what = "证据"
    _keys(rec, what, ("sha256", "media_type", "size"))
    _text(rec, "sha256", what, pattern=_HEX64)
    _text(rec, "media_type", what)
    if type(rec["size"]) is not int or not 0 < rec["size"] <= MAX_MEMBER_EVIDENCE:
        raise _malformed(what, "size")
    return rec


@dataclass(frozen=True)
class Revision:
    """One revision as carried in a bundle: where it sits in the history, and its content."""

    id: str
    base: str | None
    merged: tuple[str, ...]  # the other sides a conflict resolution merged
    device: str
    author: str
    created_at: str
    reason: str
    inspection: Inspection


REVISION_FIELDS = ("revision", "base", "merged", "device", "author", "created_at", "reason", "content_hash",
                   "content")
CONTENT_FIELDS = ("uuid", "subject", "checklist", "date", "inspector", "status", "answers")


def revision_record(rev: Revision) -> dict:
    return {"revision": rev.id, "base": rev.base, "merged": sorted(rev.merged), "device": rev.device,
            "author": rev.author, "created_at": rev.created_at, "reason": rev.reason,
            "content_hash": rev.inspection.content_hash(), "content": rev.inspection.content()}


def read_revision_record(rec: Any) -> Revision:
    what = "检查修订"
    _keys(rec, what, REVISION_FIELDS)
    rev_id = _text(rec, "revision", what, pattern=_ID)
    base = _text(rec, "base", what, pattern=_ID, optional=True)
    merged = rec["merged"]
    if not isinstance(merged, list) or not all(isinstance(m, str) and _ID.fullmatch(m) for m in merged):
        raise _malformed(what, "merged")
    for key in ("device", "author", "created_at", "reason"):
        _text(rec, key, what)
    digest = _text(rec, "content_hash", what, pattern=_HEX64)
    content = _keys(rec["content"], what, CONTENT_FIELDS)
    subject = _keys(content["subject"], what, ("kind", "uuid"))
    form = _keys(content["checklist"], what, ("id", "version", "hash"))
    if subject["kind"] not in ("township", "village", "enterprise"):
        raise _malformed(what, "subject.kind")
    if not isinstance(content.get("status"), str) or content["status"] not in STATUSES:
        raise _malformed(what, "status")
    _text(content, "uuid", what, pattern=_ID)
    _text(subject, "uuid", what, pattern=_ID)
    _text(form, "id", what)
    _text(form, "version", what)
    _text(form, "hash", what, pattern=_HEX64)
    _text(content, "date", what)
    _text(content, "inspector", what)
    if not isinstance(content["answers"], dict):
        raise _malformed(what, "answers")
    answers = {}
    for item_id, a in content["answers"].items():
        _keys(a, what, ("value", "note", "rectification", "deadline"))
        for key in ("note", "rectification", "deadline"):
            _text(a, key, what)
        answers[item_id] = Answer(a["value"], a["note"], a["rectification"], a["deadline"])
    inspection = Inspection(
        uuid=content["uuid"], subject_kind=subject["kind"], subject_uuid=subject["uuid"], checklist_id=form["id"],
        checklist_version=form["version"], checklist_hash=form["hash"], date=content["date"],
        inspector=content["inspector"], status=content["status"], answers=answers)
    if inspection.content_hash() != digest:
        raise refused(f"数据包中检查 {inspection.uuid} 的修订 {rev_id} 与其内容哈希不符；数据包已损坏或是伪造的，已拒绝。")
    return Revision(rev_id, base, tuple(merged), rec["device"], rec["author"], rec["created_at"], rec["reason"],
                    inspection)


READERS = {CHECKLISTS: read_checklist_record, REGISTERS: read_register_record, EVIDENCE: read_evidence_record,
           INSPECTIONS: read_revision_record}


# -- the manifest ---------------------------------------------------------------------
@dataclass(frozen=True)
class Member:
    path: str
    length: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    bundle_id: str
    scope: str
    app_version: str
    device_id: str
    device_name: str
    public_key: bytes
    sequence: int
    created_at: str
    checklists: tuple[tuple[str, str, str], ...]  # (id, version, hash)
    counts: dict[str, int]
    members: tuple[Member, ...]

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


MANIFEST_FIELDS = ("format", "format_version", "app_version", "bundle_id", "scope", "device_id", "device_name",
                   "public_key", "sequence", "created_at", "checklists", "counts", "members")
COUNT_KEYS = ("checklists", "registers", "evidence", "inspections", "revisions")


def _manifest_from(data: Any, signature: bytes, manifest_bytes: bytes) -> Manifest:
    what = "清单"
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise refused("这不是 qinspect 数据包（清单中的格式名不对）。")
    version = data.get("format_version")
    if type(version) is not int or version < 1:
        raise _malformed(what, "format_version")
    if version > FORMAT_VERSION:
        raise refused(f"这个数据包由更新版本的 qinspect 制作（格式版本 {version}，本机只认识到 {FORMAT_VERSION}）；"
                      "请先升级本机的 qinspect 再导入。")
    try:
        public_key = public_key_from_text(str(data.get("public_key", "")))
    except ValueError:
        raise _malformed(what, "public_key") from None
    if len(public_key) != 32:
        raise _malformed(what, "public_key")
    # The signature is checked before any other field is believed.
    if not signature_valid(public_key, signature, manifest_bytes):
        raise refused("数据包的签名无效：清单在导出后被改动过，或不是由所称的设备签名；已拒绝。")
    _keys(data, what, MANIFEST_FIELDS)
    for key in ("app_version", "device_name", "created_at"):
        _text(data, key, what)
    for key in ("bundle_id", "device_id"):
        _text(data, key, what, pattern=_ID)
    if not isinstance(data["scope"], str) or data["scope"] not in SCOPES:
        raise _malformed(what, "scope")
    if type(data["sequence"]) is not int or data["sequence"] < 1:
        raise _malformed(what, "sequence")
    forms = []
    if not isinstance(data["checklists"], list):
        raise _malformed(what, "checklists")
    for c in data["checklists"]:
        _keys(c, what, ("id", "version", "hash"))
        forms.append((_text(c, "id", what), _text(c, "version", what), _text(c, "hash", what, pattern=_HEX64)))
    counts = _keys(data["counts"], what, COUNT_KEYS)
    if not all(type(v) is int and v >= 0 for v in counts.values()):
        raise _malformed(what, "counts")
    members = []
    if not isinstance(data["members"], list):
        raise _malformed(what, "members")
    for m in data["members"]:
        _keys(m, what, ("path", "length", "sha256"))
        if type(m["length"]) is not int or m["length"] < 0:
            raise _malformed(what, "members.length")
        members.append(Member(_text(m, "path", what), m["length"], _text(m, "sha256", what, pattern=_HEX64)))
    return Manifest(data["bundle_id"], data["scope"], data["app_version"], data["device_id"], data["device_name"],
                    public_key, data["sequence"], data["created_at"], tuple(forms), dict(counts), tuple(members))


# -- reading ----------------------------------------------------------------------------
def _member_cap(name: str) -> int | None:
    """The size cap of an allowed member name, or None when the name is not allowed."""
    if name == MANIFEST:
        return MAX_MANIFEST_BYTES
    if name == SIGNATURE:
        return SIGNATURE_BYTES
    if name in RECORD_MEMBERS:
        return MAX_RECORDS_BYTES
    if _EVIDENCE_NAME.fullmatch(name):
        return MAX_MEMBER_EVIDENCE
    return None


def _name_refusal(name: str) -> BundleRefused:
    shown = name.encode("unicode_escape").decode("ascii")[:80]
    if (name.startswith(("/", "\\")) or "\\" in name or ".." in name.split("/")
            or re.match(r"[A-Za-z]:", name) or "\x00" in name):
        return refused(f"数据包中有不安全的文件名“{shown}”（绝对路径、..、反斜杠或盘符），可能是恶意构造的，已拒绝。")
    return refused(f"数据包中有不该出现的成员“{shown}”，已拒绝。")


def _check_end_record(fh, size: int) -> None:
    """Read the zip's end record ourselves, so a huge or zip64 directory is refused before parsing it."""
    tail_len = min(size, 22 + 65535)
    fh.seek(size - tail_len)
    tail = fh.read(tail_len)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or len(tail) - pos < 22:
        raise refused(NOT_A_BUNDLE)
    _, disk, cd_disk, n_here, n_total, cd_size, cd_offset, _ = struct.unpack("<4s4H2LH", tail[pos:pos + 22])
    if pos >= 20 and tail[pos - 20:pos - 16] == b"PK\x06\x07" or 0xFFFF in (n_here, n_total) \
            or 0xFFFFFFFF in (cd_size, cd_offset):
        raise refused("数据包使用了 qinspect 不会产生的 zip64 格式，或超过了大小上限，已拒绝。")
    if disk or cd_disk or n_here != n_total:
        raise refused(NOT_A_BUNDLE)
    if n_total > MAX_ENTRIES + 2:
        raise refused(f"数据包有 {n_total} 个成员，超过 {MAX_ENTRIES + 2} 个的上限，已拒绝。")
    if cd_size > MAX_CENTRAL_DIRECTORY:
        raise refused("数据包的目录大得不正常，可能是恶意构造的，已拒绝。")


_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError,
               ValueError, RuntimeError, struct.error, UnicodeDecodeError)


class BundleReader:
    """An opened bundle whose structure, manifest and signature have been checked.

    `verify()` then reads every member once (hashes, record shapes, counts); `records()` and
    `evidence()` read them again for import, checking the hashes again at the end of each.
    """

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._fh = None
        self.zip: zipfile.ZipFile | None = None
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    def _open(self) -> None:
        try:
            self._fh = open(self.path, "rb")
            size = os.fstat(self._fh.fileno()).st_size
        except OSError as e:
            raise refused(f"无法读取数据包 {self.path.name}（{e.strerror}）。") from None
        if size > MAX_BUNDLE_BYTES:
            raise refused(f"数据包有 {size // 1024**2} MB，超过 {MAX_BUNDLE_BYTES // 1024**2} MB 的上限，已拒绝。")
        if size < 22:
            raise refused(NOT_A_BUNDLE)
        _check_end_record(self._fh, size)
        try:
            self._fh.seek(0)
            self.zip = zipfile.ZipFile(self._fh)
            infos = self.zip.infolist()
        except _ZIP_ERRORS:
            raise refused(NOT_A_BUNDLE) from None
        self.infos: dict[str, zipfile.ZipInfo] = {}
        total = compressed = 0
        for info in infos:
            name = info.filename
            cap = _member_cap(name)
            if cap is None or info.orig_filename != name:
                raise _name_refusal(info.orig_filename)
            if name in self.infos:
                raise refused(f"数据包中成员“{name}”出现了两次，可能是恶意构造的，已拒绝。")
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode) or stat.S_ISDIR(mode) or info.is_dir():
                raise refused(f"数据包中的“{name}”是链接或目录，qinspect 不会产生这样的数据包，已拒绝。")
            if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise refused(f"数据包中的“{name}”使用了加密或不支持的压缩方式，已拒绝。")
            if info.file_size > cap:
                raise refused(f"数据包中的“{name}”有 {info.file_size} 字节，超过 {cap} 字节的上限，已拒绝。")
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise refused(f"数据包中的“{name}”压缩比异常（疑似压缩炸弹），已拒绝。")
            total += info.file_size
            compressed += info.compress_size
            self.infos[name] = info
        if total > MAX_TOTAL_BYTES:
            raise refused(f"数据包解压后超过 {MAX_TOTAL_BYTES // 1024**2} MB 的上限，已拒绝。")
        if compressed > size:
            raise refused("数据包的成员互相重叠（疑似压缩炸弹），已拒绝。")
        for name in (MANIFEST, SIGNATURE, *RECORD_MEMBERS):
            if name not in self.infos:
                raise refused(f"数据包缺少成员“{name}”；数据包不完整或已被改动，已拒绝。")
        manifest_bytes = self._read_whole(MANIFEST)
        signature = self._read_whole(SIGNATURE)
        if len(signature) != SIGNATURE_BYTES:
            raise refused("数据包的签名文件长度不对；数据包已损坏或是伪造的，已拒绝。")
        self.manifest_bytes = manifest_bytes
        self.manifest = _manifest_from(strict_json(manifest_bytes, "清单"), signature, manifest_bytes)
        self.members = {m.path: m for m in self.manifest.members}
        if len(self.members) != len(self.manifest.members):
            raise refused("数据包清单中有重复的成员；数据包是伪造的，已拒绝。")
        listed = set(self.members)
        present = set(self.infos) - {MANIFEST, SIGNATURE}
        if listed != present:
            extra, missing = sorted(present - listed), sorted(listed - present)
            which = "多出了 " + "、".join(extra[:3]) if extra else "缺少 " + "、".join(missing[:3])
            raise refused(f"数据包的成员与清单不符（{which}）；数据包在导出后被改动过，已拒绝。")
        for name, member in self.members.items():
            if self.infos[name].file_size != member.length:
                raise refused(DAMAGED.format(what=f"“{name}”的长度与清单不符"))
            if name.startswith(EVIDENCE_PREFIX) and member.sha256 != name[len(EVIDENCE_PREFIX):]:
                raise refused(DAMAGED.format(what=f"“{name}”的名称与其 SHA-256 不符"))

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()
            self.zip = None
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> "BundleReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- streaming ----------------------------------------------------------------------
    def _chunks(self, name: str, cap: int, member: Member | None) -> Iterator[bytes]:
        """A member's bytes in chunks; past the cap or the manifest's length it stops and refuses."""
        info = self.infos[name]
        digest = hashlib.sha256()
        n = 0
        limit = min(cap, member.length) if member else cap
        try:
            with self.zip.open(info) as fh:
                while True:
                    chunk = fh.read(CHUNK)
                    if not chunk:
                        break
                    n += len(chunk)
                    if n > limit:
                        raise refused(DAMAGED.format(what=f"“{name}”比清单所记的更长"))
                    digest.update(chunk)
                    yield chunk
        except _ZIP_ERRORS:
            raise refused(DAMAGED.format(what=f"“{name}”无法解压或校验和不符")) from None
        if member is not None and (n != member.length or digest.hexdigest() != member.sha256):
            raise refused(DAMAGED.format(what=f"“{name}”的 SHA-256 与清单不符"))

    def _read_whole(self, name: str) -> bytes:
        return b"".join(self._chunks(name, _member_cap(name), None))

    def _lines(self, name: str) -> Iterator[bytes]:
        pending = bytearray()
        for chunk in self._chunks(name, MAX_RECORDS_BYTES, self.members[name]):
            start = 0
            while True:
                end = chunk.find(b"\n", start)
                if end < 0:
                    break
                if pending:
                    line = bytes(pending) + chunk[start:end]
                    pending.clear()
                else:
                    line = chunk[start:end]
                if len(line) > MAX_RECORD_BYTES:
                    raise refused(f"数据包中“{name}”有一条记录超过 {MAX_RECORD_BYTES // 1024} KB 的上限，已拒绝。")
                yield line
                start = end + 1
            pending += chunk[start:]
            if len(pending) > MAX_RECORD_BYTES:
                raise refused(f"数据包中“{name}”有一条记录超过 {MAX_RECORD_BYTES // 1024} KB 的上限，已拒绝。")
        if pending:
            yield bytes(pending)

    def records(self, name: str) -> Iterator[Any]:
        """The checked records of one records member, one at a time."""
        read = READERS[name]
        for line in self._lines(name):
            yield read(strict_json(line, f"“{name}”中的记录"))

    def evidence(self, sha256: str) -> bytes:
        name = EVIDENCE_PREFIX + sha256
        if name not in self.members:
            raise refused(f"数据包列出的证据 {sha256[:12]}… 不在包中；数据包不完整，已拒绝。")
        return b"".join(self._chunks(name, MAX_MEMBER_EVIDENCE, self.members[name]))

    def verify(self, progress: Progress | None = None) -> dict[str, int]:
        """Read every member once: hashes, record shapes and the manifest's counts. Returns the counts."""
        total = sum(m.length for m in self.manifest.members) or 1
        done = 0
        label = f"正在校验 {self.path.name}"
        if progress:
            progress(0, total, label)
        counts = dict.fromkeys(COUNT_KEYS, 0)
        inspections: set[str] = set()
        listed_evidence: set[str] = set()
        for name in RECORD_MEMBERS:
            for n, rec in enumerate(self.records(name), 1):
                if progress and n % 500 == 0:
                    progress(done, total, label)  # also where a cancel is noticed
                if name == INSPECTIONS:
                    counts["revisions"] += 1
                    inspections.add(rec.inspection.uuid)
                else:
                    if name == EVIDENCE:
                        listed_evidence.add(EVIDENCE_PREFIX + rec["sha256"])
                    counts[{CHECKLISTS: "checklists", REGISTERS: "registers", EVIDENCE: "evidence"}[name]] += 1
            done += self.members[name].length
            if progress:
                progress(done, total, label)
        counts["inspections"] = len(inspections)
        evidence_members = [n for n in self.members if n.startswith(EVIDENCE_PREFIX)]
        for name in evidence_members:
            for chunk in self._chunks(name, MAX_MEMBER_EVIDENCE, self.members[name]):
                done += len(chunk)
            if progress:
                progress(done, total, label)
        if counts != self.manifest.counts or set(evidence_members) != listed_evidence:
            raise refused("数据包的内容与清单所记的数量不符；数据包已损坏或来自有错误的程序，已拒绝。")
        return counts


# -- writing --------------------------------------------------------------------------
class BundleWriter:
    """Writes a bundle under a temporary name beside the target; `commit()` renames it into place.

    The file is flushed to the disk before the rename, so a USB stick pulled at any moment
    leaves either no bundle or a whole one, never a file that merely looks whole.
    """

    def __init__(self, target: Path | str):
        self.target = Path(target)
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".part", dir=self.target.parent)
        except OSError as e:
            raise InvalidInput(f"无法在 {self.target.parent} 写入数据包（{e.strerror}）。") from None
        self.tmp = Path(tmp)
        self._fh = os.fdopen(fd, "w+b")
        self.zip = zipfile.ZipFile(self._fh, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self.members: list[Member] = []
        self.total = 0
        self.closed = False

    def _account(self, name: str, length: int) -> None:
        self.total += length
        if len(self.members) >= MAX_ENTRIES or self.total > MAX_TOTAL_BYTES:
            raise InvalidInput("要导出的数据超过单个数据包的上限（"
                               f"{MAX_ENTRIES} 个文件或 {MAX_TOTAL_BYTES // 1024**2} MB）；请分批导出。")

    def write_records(self, name: str, records: Iterable[dict]) -> int:
        digest, length, count = hashlib.sha256(), 0, 0
        with self.zip.open(name, "w") as out:
            for rec in records:
                line = canonical_json(rec) + b"\n"
                if len(line) > MAX_RECORD_BYTES or length + len(line) > MAX_RECORDS_BYTES:
                    raise InvalidInput(f"要导出的“{name}”中有记录或总量超过数据包的上限；请分批导出。")
                out.write(line)
                digest.update(line)
                length += len(line)
                count += 1
        packed = self.zip.getinfo(name).compress_size
        if length > RATIO_FLOOR and length > MAX_RATIO * max(packed, 1):
            raise InvalidInput(f"要导出的“{name}”内容重复得异常（压缩比超过 {MAX_RATIO}:1），数据包会被对方拒绝；请检查数据后再导出。")
        self._account(name, length)
        self.members.append(Member(name, length, digest.hexdigest()))
        return count

    def write_evidence(self, sha256: str, data: bytes) -> None:
        if hashlib.sha256(data).hexdigest() != sha256 or len(data) > MAX_MEMBER_EVIDENCE:
            raise InvalidInput(f"本机证据文件 {sha256[:12]}… 已损坏或过大，无法导出；请运行 qinspect db check。")
        name = EVIDENCE_PREFIX + sha256
        self._account(name, len(data))
        # Photos are already compressed; storing them keeps the ratio check meaningful.
        self.zip.writestr(zipfile.ZipInfo(name, (2009, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_STORED)
        self.members.append(Member(name, len(data), sha256))

    def finish(self, fields: dict[str, Any], key: DeviceKey) -> dict[str, Any]:
        """Write the signed manifest and flush everything to the disk; returns the manifest."""
        manifest = {**fields, "format": FORMAT, "format_version": FORMAT_VERSION, "public_key": key.public_text,
                    "members": [{"path": m.path, "length": m.length, "sha256": m.sha256} for m in self.members]}
        data = canonical_json(manifest)
        if len(data) > MAX_MANIFEST_BYTES:
            raise InvalidInput("要导出的文件太多，清单超过了上限；请分批导出。")
        self.zip.writestr(MANIFEST, data)
        self.zip.writestr(SIGNATURE, key.sign(data), compress_type=zipfile.ZIP_STORED)
        self.zip.close()
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        self.closed = True
        return manifest

    def commit(self) -> Path:
        os.replace(self.tmp, self.target)
        if os.name == "posix":
            dir_fd = os.open(self.target.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        return self.target

    def abort(self) -> None:
        if not self.closed:
            try:
                self.zip.close()
            except _ZIP_ERRORS:
                pass
            self._fh.close()
            self.closed = True
        self.tmp.unlink(missing_ok=True)
