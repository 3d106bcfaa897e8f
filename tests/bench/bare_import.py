"""Bare baseline of `bundle import`: the essential work of taking a bundle into an empty database.

Streams every member of the zip in chunks, hashes each with SHA-256, parses each JSON line of
the records and writes the rows with `executemany` into plain tables (no constraints, no
indexes), in one transaction, WAL and synchronous=FULL as qinspect opens its database.

Usage: python bare_import.py BUNDLE.qib EMPTY.db
"""

import hashlib
import json
import sqlite3
import sys
import zipfile

CHUNK = 64 * 1024
TABLES = {
    "checklists": "id, version, hash, source",
    "registers": "type, uuid, record",
    "evidence_records": "sha256, media_type, size",
    "evidence": "sha256, data",
    "inspections": "uuid, subject_kind, subject_uuid, checklist_id, checklist_version, head",
    "revisions": "id, inspection_uuid, base, device, author, created_at, date, inspector, status, content_hash",
    "answers": "revision_id, item_id, value, note, rectification, deadline",
}


def lines(member):
    """The JSON lines of one member, hashing every chunk as it streams past."""
    digest = hashlib.sha256()
    rest = b""
    while chunk := member.read(CHUNK):
        digest.update(chunk)
        *whole, rest = (rest + chunk).split(b"\n")
        for line in whole:
            if line:
                yield json.loads(line)
    if rest:
        yield json.loads(rest)


def insert(conn, table, rows):
    marks = ", ".join("?" * len(TABLES[table].split(",")))
    conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def import_inspections(conn, records):
    answers = []
    for rec in records:
        c = rec["content"]
        conn.execute("INSERT OR REPLACE INTO inspections VALUES (?, ?, ?, ?, ?, ?)",
                     (c["uuid"], c["subject"]["kind"], c["subject"]["uuid"], c["checklist"]["id"],
                      c["checklist"]["version"], rec["revision"]))
        conn.execute("INSERT INTO revisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (rec["revision"], c["uuid"], rec["base"], rec["device"], rec["author"], rec["created_at"],
                      c["date"], c["inspector"], c["status"], rec["content_hash"]))
        answers.extend((rec["revision"], item, json.dumps(a["value"], ensure_ascii=False), a["note"],
                        a["rectification"], a["deadline"]) for item, a in c["answers"].items())
        if len(answers) > 10_000:  # bounded memory, however large the bundle
            insert(conn, "answers", answers)
            answers.clear()
    insert(conn, "answers", answers)


def main(bundle, db):
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("BEGIN")
    for table, columns in TABLES.items():
        conn.execute(f"CREATE TABLE {table} ({columns})")
    with zipfile.ZipFile(bundle) as zf:
        for info in zf.infolist():
            with zf.open(info) as member:
                if info.filename == "records/checklists.jsonl":
                    insert(conn, "checklists", ((r["id"], r["version"], r["hash"], r["source"]) for r in lines(member)))
                elif info.filename == "records/registers.jsonl":
                    insert(conn, "registers", ((r["type"], r["uuid"], json.dumps(r, ensure_ascii=False))
                                               for r in lines(member)))
                elif info.filename == "records/evidence.jsonl":
                    insert(conn, "evidence_records", ((r["sha256"], r["media_type"], r["size"]) for r in lines(member)))
                elif info.filename == "records/inspections.jsonl":
                    import_inspections(conn, lines(member))
                elif info.filename.startswith("evidence/"):
                    data = member.read()
                    insert(conn, "evidence", [(hashlib.sha256(data).hexdigest(), data)])
                else:  # the manifest and its signature: hashed and read like the rest
                    hashlib.sha256(member.read()).hexdigest()
    conn.execute("COMMIT")
    conn.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
