"""Bare baseline of `bundle export --all`: the essential work of writing a whole database out.

Plain SQL reads the checklists, the register rows and every revision with its answers; each
record becomes one canonical JSON line (sorted keys, as qinspect hashes them), each inspection's
content is hashed with SHA-256 and so is each member, and the lines are deflated into a zip.

Usage: python bare_export.py DB OUT.zip
"""

import hashlib
import itertools
import json
import sqlite3
import sys
import zipfile


def canonical(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def register_lines(conn):
    yield from (canonical({"type": "county", "uuid": u, "name": n, "code": c})
                for u, n, c in conn.execute("SELECT uuid, name, code FROM counties"))
    yield from (canonical({"type": "township", "uuid": u, "county": c, "name": n, "kind": k})
                for u, c, n, k in conn.execute(
                    "SELECT t.uuid, c.uuid, t.name, t.kind FROM townships t JOIN counties c ON c.id = t.county_id"))
    yield from (canonical({"type": "village", "uuid": u, "township": t, "name": n, "kind": k, "assistant": a,
                           "phone": p})
                for u, t, n, k, a, p in conn.execute(
                    "SELECT v.uuid, t.uuid, v.name, v.kind, v.assistant, v.phone FROM villages v "
                    "JOIN townships t ON t.id = v.township_id"))
    keys = ("uuid", "township", "village", "name", "credit_code", "industry", "address", "contact", "phone")
    yield from (canonical({"type": "enterprise", **dict(zip(keys, row))}) for row in conn.execute(
        "SELECT e.uuid, t.uuid, v.uuid, e.name, e.credit_code, e.industry, e.address, e.contact, e.phone "
        "FROM enterprises e JOIN townships t ON t.id = e.township_id LEFT JOIN villages v ON v.id = e.village_id"))


def inspection_lines(conn):
    revisions = conn.execute(
        "SELECT r.id, r.base, r.device_id, r.author, r.created_at, r.reason, r.checklist_hash, r.date, r.inspector, "
        "r.status, i.uuid, i.subject_kind, coalesce(e.uuid, v.uuid, t.uuid), i.checklist_id, i.checklist_version "
        "FROM revisions r JOIN inspections i ON i.uuid = r.inspection_uuid "
        "JOIN townships t ON t.id = i.township_id LEFT JOIN villages v ON v.id = i.village_id "
        "LEFT JOIN enterprises e ON e.id = i.enterprise_id ORDER BY r.id")
    answers = itertools.groupby(conn.execute(
        "SELECT revision_id, item_id, value, note, rectification, deadline FROM answers ORDER BY revision_id"),
        key=lambda row: row[0])
    pending = next(answers, None)
    for rid, base, device, author, created, reason, form_hash, date, inspector, status, uuid, kind, subject, \
            form, version in revisions:
        items = {}
        while pending is not None and pending[0] < rid:
            pending = next(answers, None)
        if pending is not None and pending[0] == rid:
            items = {item: {"value": json.loads(value), "note": note, "rectification": fix, "deadline": due}
                     for _, item, value, note, fix, due in pending[1]}
            pending = next(answers, None)
        content = {"uuid": uuid, "subject": {"kind": kind, "uuid": subject},
                   "checklist": {"id": form, "version": version, "hash": form_hash}, "date": date,
                   "inspector": inspector, "status": status, "answers": items}
        yield canonical({"revision": rid, "base": base, "merged": [], "device": device, "author": author,
                         "created_at": created, "reason": reason,
                         "content_hash": hashlib.sha256(canonical(content)).hexdigest(), "content": content})


def write_member(zf, name, lines) -> str:
    digest = hashlib.sha256()
    with zf.open(name, "w") as out:
        for line in lines:
            digest.update(line + b"\n")
            out.write(line + b"\n")
    return digest.hexdigest()


def main(db, out):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        members = {
            "records/checklists.jsonl": write_member(zf, "records/checklists.jsonl", (
                canonical({"id": i, "version": v, "hash": h, "source": s})
                for i, v, h, s in conn.execute("SELECT id, version, hash, source FROM checklists"))),
            "records/registers.jsonl": write_member(zf, "records/registers.jsonl", register_lines(conn)),
            "records/inspections.jsonl": write_member(zf, "records/inspections.jsonl", inspection_lines(conn)),
        }
        zf.writestr("manifest.json", canonical({"members": members}))
    conn.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
