"""The field bundle format: member names, caps, manifest fields and the shape of every record.

A bundle (`.qib`) is a zip file holding `manifest.json` (canonical JSON), `manifest.sig` (the
Ed25519 signature of the manifest's exact bytes), `records/*.jsonl` (one record per line)
and `evidence/<sha256>`. docs/bundles.md describes every field. Reading a record checks its
shape strictly; every refusal is a BundleRefused with one sentence.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any, Iterable

import orjson

from qinspect.domain.records import STATUSES, Answer, Inspection, canonical_json, made_of
from qinspect.errors import BundleRefused
from qinspect.store.evidence import MAX_EVIDENCE_BYTES
from qinspect.sync.device import fingerprint, public_key_from_text, signature_valid


FORMAT = "qinspect-bundle"
# 2 added the sender's role, receipts and register aliases; 3 the assessment workflow's steps and
# rectifications closed by hand. Version 1 and 2 bundles are still read.
FORMAT_VERSION = 3
ROLES = ("field", "bureau")
SUFFIX = ".qib"
SCOPES = {"changes": "对方尚未确认收到的检查", "all": "全部数据", "setup": "设置数据（登记册和检查表）"}

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
CHECKLISTS = "records/checklists.jsonl"
REGISTERS = "records/registers.jsonl"
EVIDENCE = "records/evidence.jsonl"
INSPECTIONS = "records/inspections.jsonl"
RECEIPTS = "records/receipts.jsonl"
WORKFLOW = "records/workflow.jsonl"
RECORD_MEMBERS = (CHECKLISTS, REGISTERS, EVIDENCE, INSPECTIONS, RECEIPTS, WORKFLOW)  # in the order they are imported
RECORD_MEMBERS_V1 = RECORD_MEMBERS[:4]
RECORD_MEMBERS_V2 = RECORD_MEMBERS[:5]
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
RECEIPT_CHUNK = 20_000  # revision ids per receipt record: 20,000 × 35 bytes stays under one line's cap
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


# Only a \uD800-\uDFFF escape can make a string that is not UTF-8; strict decoding refuses the rest.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def strict_json(data: bytes, what: str) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise refused(f"数据包中的{what}不是有效的 UTF-8 文本；数据包已损坏或是伪造的，已拒绝。") from None
    try:
        value = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constants)
        if _SURROGATE_ESCAPE.search(text):  # rare (emoji, or a forged line): only then walk the values
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
    if type(rec) is dict and rec.keys() == keys:  # a frozenset of them: the usual record in one comparison
        return rec
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
_REGISTER_KEYS = {kind: frozenset(("type", *fields)) for kind, fields in REGISTER_FIELDS.items()}
REGISTER_LABELS = {"county": "县(市、区)", "township": "乡镇(街道)", "village": "村(社区)", "enterprise": "企业"}
_REFERENCES = {"county", "township", "village"}  # fields that hold another register row's uuid
ALIAS = "alias"  # another installation's uuid for a row: {type, kind, uuid, of} (format 2)


def register_record(kind: str, row: dict) -> dict:
    return {"type": kind, **{k: row[k] for k in REGISTER_FIELDS[kind]}}


def alias_record(kind: str, uuid: str, of: str) -> dict:
    return {"type": ALIAS, "kind": kind, "uuid": uuid, "of": of}


def read_register_record(rec: Any) -> dict:
    what = "登记册"
    if isinstance(rec, dict) and rec.get("type") == ALIAS:
        _keys(rec, what, ("type", "kind", "uuid", "of"))
        if not isinstance(rec["kind"], str) or rec["kind"] not in REGISTER_FIELDS:
            raise _malformed(what, "kind")
        _text(rec, "uuid", what, pattern=_ID)
        _text(rec, "of", what, pattern=_ID)
        return rec
    if not isinstance(rec, dict) or not isinstance(rec.get("type"), str) or rec["type"] not in REGISTER_FIELDS:
        raise _malformed(what, "type")
    _keys(rec, what, _REGISTER_KEYS[rec["type"]])
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
    content_hash: str | None = None  # the inspection's, once a bundle's record has been checked against it


REVISION_FIELDS = ("revision", "base", "merged", "device", "author", "created_at", "reason", "content_hash",
                   "content")
_REVISION_KEYS = frozenset(REVISION_FIELDS)
CONTENT_FIELDS = ("uuid", "subject", "checklist", "date", "inspector", "status", "answers")
_CONTENT_KEYS = frozenset(CONTENT_FIELDS)
_FOLLOW_UP_KEYS = frozenset((*CONTENT_FIELDS, "follows"))
_SUBJECT_KEYS = frozenset(("kind", "uuid"))
_FORM_KEYS = frozenset(("id", "version", "hash"))
_ANSWER_FIELDS = frozenset(("value", "note", "rectification", "deadline"))


def revision_record(rev: Revision) -> dict:
    return {"revision": rev.id, "base": rev.base, "merged": sorted(rev.merged), "device": rev.device,
            "author": rev.author, "created_at": rev.created_at, "reason": rev.reason,
            "content_hash": rev.inspection.content_hash(), "content": rev.inspection.content()}


def canonical_value(line: bytes, *, floats: bool = True) -> Any:
    """The value of a line that is exactly its own canonical JSON (canonical_json), else NOT_CANONICAL.

    A bundle's lines are canonical JSON, which orjson reads and encodes again several times faster
    than strict_json checks it. A line that re-encodes to itself has no duplicate keys (the value
    would have lost one), no NaN or Infinity and no lone surrogate (orjson refuses both), so it is a
    line strict_json accepts, with the same value. orjson and canonical_json write everything alike
    but floats below 1e-4 or from 1e16 on (tests/sync/test_canonical_lines.py): a line holding one
    is left to canonical_json, unless `floats` is False because the caller looks at its floats itself.
    """
    try:
        value = orjson.loads(line)
        if orjson.dumps(value, option=orjson.OPT_SORT_KEYS) == line and not (floats and odd_floats(value)):
            return value
        return value if canonical_json(value) == line else NOT_CANONICAL
    except (ValueError, TypeError, RecursionError):  # orjson's errors are both
        return NOT_CANONICAL


def odd_floats(value: Any) -> bool:
    """Whether a JSON value holds a float that orjson writes other than canonical_json does."""
    todo = [value]
    while todo:
        v = todo.pop()
        kind = type(v)
        if kind is dict:
            todo.extend(v.values())
        elif kind is list:
            todo.extend(v)
        elif kind is float and not (1e-4 <= abs(v) < 1e16 or v == 0.0):
            return True
    return False


NOT_CANONICAL = object()


def read_line(line: bytes, what: str) -> Any:
    """One record line's value: canonical lines the fast way, any other strictly (strict_json)."""
    value = canonical_value(line)
    return strict_json(line, what) if value is NOT_CANONICAL else value


def read_revision_line(line: bytes, what: str) -> Revision:
    """One line of the inspections member as a checked Revision.

    The content hash covers the content's canonical JSON, which in a canonical line is a slice of
    it: from the first `,"content":` to the last `,"content_hash":"`. Inside a string every quote
    is escaped, so `,"` there is always between members, and no key before the content or after
    its hash holds an object. Only the answers' values may hold floats (every other field is a
    text): read_revision_record looks at them, and hashes canonical_json's writing where it differs.
    """
    rec = canonical_value(line, floats=False)
    if rec is NOT_CANONICAL or type(rec) is not dict or rec.keys() != _REVISION_KEYS \
            or type(rec["content"]) is not dict:
        return read_revision_record(strict_json(line, what))
    return read_revision_record(rec, line[line.find(b',"content":{') + len(b',"content":'):
                                          line.rfind(b',"content_hash":"')])


def read_revision_record(rec: Any, canonical_content: bytes | None = None) -> Revision:
    """A checked Revision from a parsed record; `canonical_content` is its content's JSON as the line
    wrote it, if the line is canonical but for the floats of its answers (read_revision_line)."""
    what = "检查修订"
    _keys(rec, what, _REVISION_KEYS)
    rev_id = _text(rec, "revision", what, pattern=_ID)
    base = _text(rec, "base", what, pattern=_ID, optional=True)
    merged = rec["merged"]
    if not isinstance(merged, list) or not all(isinstance(m, str) and _ID.fullmatch(m) for m in merged):
        raise _malformed(what, "merged")
    if not (type(rec["device"]) is str and type(rec["author"]) is str and type(rec["created_at"]) is str
            and type(rec["reason"]) is str):
        for key in ("device", "author", "created_at", "reason"):
            _text(rec, key, what)  # names the one that is not a text
    digest = _text(rec, "content_hash", what, pattern=_HEX64)
    follow_up = isinstance(rec["content"], dict) and "follows" in rec["content"]  # a 复查 names its original
    content = _keys(rec["content"], what, _FOLLOW_UP_KEYS if follow_up else _CONTENT_KEYS)
    subject = _keys(content["subject"], what, _SUBJECT_KEYS)
    form = _keys(content["checklist"], what, _FORM_KEYS)
    if subject["kind"] not in ("township", "village", "enterprise"):
        raise _malformed(what, "subject.kind")
    if not isinstance(content.get("status"), str) or content["status"] not in STATUSES:
        raise _malformed(what, "status")
    _text(content, "uuid", what, pattern=_ID)
    _text(subject, "uuid", what, pattern=_ID)
    _text(form, "hash", what, pattern=_HEX64)
    if not (type(form["id"]) is str and type(form["version"]) is str and type(content["date"]) is str
            and type(content["inspector"]) is str):
        for part, key in ((form, "id"), (form, "version"), (content, "date"), (content, "inspector")):
            _text(part, key, what)  # names the one that is not a text
    if not isinstance(content["answers"], dict):
        raise _malformed(what, "answers")
    answers = {}
    empty = False  # an answer with nothing in it (Answer.is_empty), which content() leaves out
    for item_id, a in content["answers"].items():
        # The usual well-formed answer is checked in one go; anything else is named by the field checks.
        if type(a) is not dict or a.keys() != _ANSWER_FIELDS:
            _keys(a, what, _ANSWER_FIELDS)
        value, note, rectification, deadline = a["value"], a["note"], a["rectification"], a["deadline"]
        if not (type(note) is str and type(rectification) is str and type(deadline) is str):
            for key in ("note", "rectification", "deadline"):
                _text(a, key, what)
        if value is None:
            if not (note or rectification or deadline):
                empty = True
        elif type(value) is not str and type(value) is not int and odd_floats(value):
            canonical_content = None  # orjson's line writes it otherwise: hash canonical_json's writing
        answers[item_id] = made_of(Answer, a)
    inspection = made_of(Inspection, {
        "uuid": content["uuid"], "subject_kind": subject["kind"], "subject_uuid": subject["uuid"],
        "checklist_id": form["id"], "checklist_version": form["version"], "checklist_hash": form["hash"],
        "date": content["date"], "inspector": content["inspector"], "status": content["status"], "answers": answers,
        "follows": _text(content, "follows", what, pattern=_ID) if follow_up else ""})
    # The record's content is the inspection's content() unless it carries empty answers (content() drops
    # them); a "follows" present is never empty (its pattern), as content() writes it.
    if empty:
        actual = inspection.content_hash()
    else:
        actual = hashlib.sha256(canonical_json(content) if canonical_content is None else canonical_content).hexdigest()
    if actual != digest:
        raise refused(f"数据包中检查 {inspection.uuid} 的修订 {rev_id} 与其内容哈希不符；数据包已损坏或是伪造的，已拒绝。")
    return made_of(Revision, {"id": rev_id, "base": base, "merged": tuple(merged), "device": rec["device"],
                              "author": rec["author"], "created_at": rec["created_at"], "reason": rec["reason"],
                              "inspection": inspection, "content_hash": digest})


def receipt_records(device_id: str, last_sequence: int, revisions: list[str]) -> list[dict]:
    """What the sender holds of one device's work, split so that no line passes its cap."""
    ids = sorted(revisions)
    chunks = [ids[i:i + RECEIPT_CHUNK] for i in range(0, len(ids), RECEIPT_CHUNK)] or [[]]
    return [{"device": device_id, "last_sequence": last_sequence, "revisions": chunk} for chunk in chunks]


def read_receipt_record(rec: Any) -> dict:
    what = "回执"
    _keys(rec, what, ("device", "last_sequence", "revisions"))
    _text(rec, "device", what, pattern=_ID)
    if type(rec["last_sequence"]) is not int or rec["last_sequence"] < 0:
        raise _malformed(what, "last_sequence")
    ids = rec["revisions"]
    if not isinstance(ids, list) or not all(isinstance(r, str) and _ID.fullmatch(r) for r in ids):
        raise _malformed(what, "revisions")
    return rec


STEP_FIELDS = ("type", "id", "year", "township", "inspection", "from", "to", "by", "at", "note", "device", "seq",
               "revision")
CLOSURE_FIELDS = ("type", "inspection", "item", "closed_on", "closed_at", "by", "reason", "evidence", "device")
_STATES = ("draft", "submitted", "scored", "confirmed")


def step_record(row: dict) -> dict:
    """One step of a township's yearly assessment (format 3): {type: "step", ...STEP_FIELDS}."""
    return {"type": "step", **{k: row[k] for k in STEP_FIELDS[1:]}}


def closure_record(row: dict) -> dict:
    """A rectification closed by hand (format 3): {type: "closure", ...CLOSURE_FIELDS}."""
    return {"type": "closure", **{k: row[k] for k in CLOSURE_FIELDS[1:]}}


def read_workflow_record(rec: Any) -> dict:
    what = "考核步骤或整改关闭"
    if not isinstance(rec, dict) or rec.get("type") not in ("step", "closure"):
        raise _malformed(what, "type")
    if rec["type"] == "step":
        _keys(rec, what, STEP_FIELDS)
        for key in ("id", "township", "inspection", "device"):
            _text(rec, key, what, pattern=_ID)
        for key in ("by", "at", "note"):
            _text(rec, key, what)
        for key in ("from", "to"):
            if rec[key] not in _STATES:
                raise _malformed(what, key)
        if type(rec["year"]) is not int or not 1900 <= rec["year"] <= 9999:
            raise _malformed(what, "year")
        if type(rec["seq"]) is not int or rec["seq"] < 1:
            raise _malformed(what, "seq")
        if rec["revision"] != "":  # '' for a step taken before steps named their revision
            _text(rec, "revision", what, pattern=_ID)
        return rec
    _keys(rec, what, CLOSURE_FIELDS)
    for key in ("inspection", "device"):
        _text(rec, key, what, pattern=_ID)
    for key in ("item", "closed_on", "closed_at", "by"):
        _text(rec, key, what)
    if not _text(rec, "reason", what).strip():
        raise _malformed(what, "reason")
    _text(rec, "evidence", what, pattern=_HEX64, optional=True)
    return rec


READERS = {CHECKLISTS: read_checklist_record, REGISTERS: read_register_record, EVIDENCE: read_evidence_record,
           INSPECTIONS: read_revision_record, RECEIPTS: read_receipt_record, WORKFLOW: read_workflow_record}


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
    version: int = FORMAT_VERSION
    role: str = "field"  # of the sending installation; a version 1 set-up bundle came from a bureau
    audit_chain: dict | None = None  # the sender's signed checkpoint {length, head, signature}; absent before it

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    @property
    def record_members(self) -> tuple[str, ...]:
        return RECORD_MEMBERS if self.version >= 3 else RECORD_MEMBERS_V2 if self.version >= 2 else RECORD_MEMBERS_V1

    @property
    def count_keys(self) -> tuple[str, ...]:
        return COUNT_KEYS if self.version >= 3 else COUNT_KEYS_V2 if self.version >= 2 else COUNT_KEYS_V1


MANIFEST_FIELDS_V1 = ("format", "format_version", "app_version", "bundle_id", "scope", "device_id", "device_name",
                      "public_key", "sequence", "created_at", "checklists", "counts", "members")
MANIFEST_FIELDS = (*MANIFEST_FIELDS_V1, "role")
AUDIT_CHAIN = "audit_chain"  # optional in format 2: bundles exported before it still read
COUNT_KEYS_V1 = ("checklists", "registers", "evidence", "inspections", "revisions")
COUNT_KEYS_V2 = (*COUNT_KEYS_V1, "receipts")
COUNT_KEYS = (*COUNT_KEYS_V2, "steps", "closures")


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
    chain = _audit_chain(data[AUDIT_CHAIN], what) if version >= 2 and AUDIT_CHAIN in data else None
    _keys({k: v for k, v in data.items() if k != AUDIT_CHAIN or chain is None},
          what, MANIFEST_FIELDS if version >= 2 else MANIFEST_FIELDS_V1)
    if version >= 2:
        if data["role"] not in ROLES:
            raise _malformed(what, "role")
        role = data["role"]
    else:
        role = "bureau" if data["scope"] == "setup" else "field"
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
    counts = _keys(data["counts"], what, COUNT_KEYS if version >= 3 else COUNT_KEYS_V2 if version >= 2 else COUNT_KEYS_V1)
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
                    public_key, data["sequence"], data["created_at"], tuple(forms), dict(counts), tuple(members),
                    version, role, chain)


def _audit_chain(chain: Any, what: str) -> dict:
    _keys(chain, what, ("length", "head", "signature"))
    if type(chain["length"]) is not int or chain["length"] < 0:
        raise _malformed(what, "audit_chain.length")
    _text(chain, "head", what, pattern=_HEX64)
    try:
        signature = base64.b64decode(_text(chain, "signature", what).encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise _malformed(what, "audit_chain.signature") from None
    if len(signature) != SIGNATURE_BYTES:
        raise _malformed(what, "audit_chain.signature")
    return dict(chain)


