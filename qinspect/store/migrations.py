"""Numbered schema migrations (sqlite-utils Migrations); docs/schema.md describes every table.

Each migration runs in its own transaction and is recorded in `_sqlite_migrations`.
A migration is never edited once released: change the schema with a new one.
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Callable

from qinspect.domain.records import Answer, Inspection

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations


class MigrationSet:
    """The numbered migrations, handed to sqlite-utils' `Migrations` only when a database is
    migrated or read through sqlite-utils: opening an up-to-date database compares the names
    in plain SQL, and sqlite-utils (80 ms of imports and plugin look-ups) is not imported at
    every start of the window (docs/benchmarks.md)."""

    def __init__(self, name: str):
        self.name = name
        self._steps: list[tuple[str, Callable, bool]] = []
        self._made: "Migrations | None" = None

    def __call__(self, *, name: str, transactional: bool = True) -> Callable:
        def register(fn: Callable) -> Callable:
            self._steps.append((name, fn, transactional))
            return fn
        return register

    @property
    def names(self) -> list[str]:
        return [name for name, _, _ in self._steps]

    def applied_names(self, conn: sqlite3.Connection) -> list[str]:
        """The names recorded in the file, as `applied` gives them, without sqlite-utils."""
        # `_sqlite_migrations` is sqlite-utils' record (Migrations.migrations_table).
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
                            ).fetchone():
            return []
        return [name for name, in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", (self.name,))]

    def pending_names(self, conn: sqlite3.Connection) -> list[str]:
        applied = set(self.applied_names(conn))
        return [name for name in self.names if name not in applied]

    def migrations(self) -> "Migrations":
        if self._made is None:
            from sqlite_utils.migrations import Migrations
            self._made = Migrations(self.name)
            for name, fn, transactional in self._steps:
                self._made(name=name, transactional=transactional)(fn)
        return self._made

    def pending(self, db: "Database") -> list:
        return self.migrations().pending(db)

    def applied(self, db: "Database") -> list:
        return self.migrations().applied(db)

    def apply(self, db: "Database") -> None:
        self.migrations().apply(db)


MIGRATIONS = MigrationSet("qinspect")

SCHEMA_1 = [
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE counties (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL UNIQUE,
        code TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE townships (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        county_id INTEGER NOT NULL REFERENCES counties(id),
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('街道', '镇', '乡')),
        UNIQUE (county_id, name)
    )""",
    """CREATE TABLE villages (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        township_id INTEGER NOT NULL REFERENCES townships(id),
        name TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT '行政村' CHECK (kind IN ('行政村', '社区')),
        assistant TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        UNIQUE (township_id, name)
    )""",
    "CREATE INDEX villages_name ON villages(name)",
    """CREATE TABLE enterprises (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        township_id INTEGER NOT NULL REFERENCES townships(id),
        village_id INTEGER REFERENCES villages(id),
        name TEXT NOT NULL,
        credit_code TEXT NOT NULL UNIQUE,
        industry TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '',
        contact TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX enterprises_township ON enterprises(township_id)",
    "CREATE INDEX enterprises_name ON enterprises(name)",
    """CREATE TABLE checklists (
        id TEXT NOT NULL,
        version TEXT NOT NULL,
        title TEXT NOT NULL,
        subject TEXT NOT NULL CHECK (subject IN ('township', 'village', 'enterprise')),
        hash TEXT NOT NULL,
        source TEXT NOT NULL,
        installed_at TEXT NOT NULL,
        PRIMARY KEY (id, version)
    )""",
    """CREATE TRIGGER checklists_immutable BEFORE UPDATE OF id, version, hash, source ON checklists
       BEGIN SELECT RAISE(ABORT, 'a published checklist version is immutable'); END""",
    """CREATE TABLE inspections (
        uuid TEXT PRIMARY KEY,
        subject_kind TEXT NOT NULL CHECK (subject_kind IN ('township', 'village', 'enterprise')),
        township_id INTEGER NOT NULL REFERENCES townships(id),
        village_id INTEGER REFERENCES villages(id),
        enterprise_id INTEGER REFERENCES enterprises(id),
        checklist_id TEXT NOT NULL,
        checklist_version TEXT NOT NULL,
        head TEXT NOT NULL REFERENCES revisions(id) DEFERRABLE INITIALLY DEFERRED,
        date TEXT NOT NULL,
        inspector TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'completed')),
        total REAL,
        grade TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        exported INTEGER NOT NULL DEFAULT 0,
        FOREIGN KEY (checklist_id, checklist_version) REFERENCES checklists(id, version),
        CHECK ((subject_kind = 'township' AND village_id IS NULL AND enterprise_id IS NULL)
            OR (subject_kind = 'village' AND village_id IS NOT NULL AND enterprise_id IS NULL)
            OR (subject_kind = 'enterprise' AND enterprise_id IS NOT NULL))
    )""",
    "CREATE INDEX inspections_township_date ON inspections(township_id, date)",
    "CREATE INDEX inspections_date ON inspections(date)",
    "CREATE INDEX inspections_village ON inspections(village_id)",
    "CREATE INDEX inspections_enterprise ON inspections(enterprise_id)",
    "CREATE INDEX inspections_checklist ON inspections(checklist_id, checklist_version)",
    "CREATE INDEX inspections_unexported ON inspections(exported) WHERE exported = 0",
    """CREATE TABLE revisions (
        id TEXT PRIMARY KEY,
        inspection_uuid TEXT NOT NULL REFERENCES inspections(uuid) DEFERRABLE INITIALLY DEFERRED,
        base TEXT REFERENCES revisions(id),
        device_id TEXT NOT NULL,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        checklist_hash TEXT NOT NULL,
        date TEXT NOT NULL,
        inspector TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'completed')),
        content_hash TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX revisions_inspection ON revisions(inspection_uuid)",
    """CREATE TABLE answers (
        revision_id TEXT NOT NULL REFERENCES revisions(id),
        item_id TEXT NOT NULL,
        value TEXT,
        note TEXT NOT NULL DEFAULT '',
        rectification TEXT NOT NULL DEFAULT '',
        deadline TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (revision_id, item_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE conflicts (
        inspection_uuid TEXT NOT NULL REFERENCES inspections(uuid),
        revision_id TEXT NOT NULL REFERENCES revisions(id),
        found_at TEXT NOT NULL,
        bundle_id TEXT,
        PRIMARY KEY (inspection_uuid, revision_id)
    )""",
    """CREATE TABLE evidence (
        sha256 TEXT PRIMARY KEY,
        media_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        data BLOB NOT NULL,
        added_at TEXT NOT NULL
    )""",
    """CREATE TABLE assessments (
        year INTEGER NOT NULL,
        township_id INTEGER NOT NULL REFERENCES townships(id),
        inspection_uuid TEXT NOT NULL UNIQUE REFERENCES inspections(uuid),
        PRIMARY KEY (year, township_id)
    )""",
    """CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        public_key BLOB,
        fingerprint TEXT NOT NULL DEFAULT '',
        trusted INTEGER NOT NULL DEFAULT 0,
        last_sequence INTEGER NOT NULL DEFAULT 0,
        first_seen TEXT NOT NULL
    )""",
    """CREATE TABLE bundles (
        id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('import', 'export')),
        file_name TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL,
        report TEXT NOT NULL DEFAULT '{}'
    )""",
    "CREATE INDEX bundles_device ON bundles(device_id, sequence)",
    """CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        device_id TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}',
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )""",
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
]


@MIGRATIONS(name="0001_initial")
def m0001_initial(db: Database) -> None:
    for statement in SCHEMA_1:
        db.execute(statement)


@MIGRATIONS(name="0002_revision_parents")
def m0002_revision_parents(db: Database) -> None:
    # A revision that resolves a conflict descends from every side it merged: `base` is the
    # head it was made on, these rows name the other sides, so a re-imported side is known
    # to be merged already and does not reopen the conflict.
    db.execute("""CREATE TABLE revision_parents (
        revision_id TEXT NOT NULL REFERENCES revisions(id),
        parent_id TEXT NOT NULL REFERENCES revisions(id),
        PRIMARY KEY (revision_id, parent_id)
    ) WITHOUT ROWID""")
    db.execute("CREATE INDEX revision_parents_parent ON revision_parents(parent_id)")


@MIGRATIONS(name="0003_revision_reference_indexes")
def m0003_revision_reference_indexes(db: Database) -> None:
    # Inserting a revision makes SQLite look for rows that point at it while a deferred foreign
    # key is pending (a bundle import or a bulk load writes revisions and their inspection in
    # one transaction); without these indexes each insert scanned every inspection.
    db.execute("CREATE INDEX inspections_head ON inspections(head)")
    db.execute("CREATE INDEX conflicts_revision ON conflicts(revision_id)")


@MIGRATIONS(name="0004_register_identity_and_receipts")
def m0004_register_identity_and_receipts(db: Database) -> None:
    # The same real village or enterprise typed on two laptops gets two uuids. On import the
    # other laptop's uuid is linked to this database's row, so later bundles naming either
    # uuid find it; a revision keeps the uuid its content names, so its hash still verifies
    # and a re-export carries exactly the content that was signed.
    db.execute("""CREATE TABLE register_aliases (
        kind TEXT NOT NULL CHECK (kind IN ('county', 'township', 'village', 'enterprise')),
        uuid TEXT NOT NULL,
        row_id INTEGER NOT NULL,
        linked_at TEXT NOT NULL,
        PRIMARY KEY (kind, uuid)
    ) WITHOUT ROWID""")
    db.execute("ALTER TABLE revisions ADD COLUMN subject_uuid TEXT")
    # This installation's revisions that a bureau's bundle said it holds: the default export
    # carries every own revision not listed here, so a lost bundle costs nothing.
    db.execute("""CREATE TABLE receipted_revisions (
        revision_id TEXT PRIMARY KEY REFERENCES revisions(id),
        bundle_id TEXT NOT NULL
    ) WITHOUT ROWID""")
    # A bureau's receipts list each device's revisions; a laptop's export picks its own.
    db.execute("CREATE INDEX revisions_device ON revisions(device_id)")
    # A photo is stored downscaled in `evidence`; its original, when the user asked to keep
    # it, stays here on this computer and never travels in a bundle.
    db.execute("""CREATE TABLE evidence_originals (
        sha256 TEXT PRIMARY KEY REFERENCES evidence(sha256),
        media_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        data BLOB NOT NULL
    )""")


@MIGRATIONS(name="0005_division_identity_and_device_keys")
def m0005_division_identity_and_device_keys(db: Database) -> None:
    # The shipped divisions get their name-based uuids (store/divisions.py), so laptops set up
    # apart agree on them; integer ids stay, so no other row moves. A township inspection's
    # content names its subject's uuid, so the content hashes of those revisions follow.
    from qinspect.store import divisions  # not at the top: it imports store.db, which imports this module

    for county in divisions.COUNTY_CODES:
        db.execute("UPDATE counties SET uuid = ? WHERE name = ?", (divisions.county_uuid(county), county))
    for town in divisions.townships():
        db.execute("UPDATE townships SET uuid = ? WHERE name = ? AND county_id = "
                   "(SELECT id FROM counties WHERE name = ?)", (town.uuid, town.name, town.county))
    _rehash_township_revisions(db)
    # Every key a database has met, per device it signed for (one installation's key signs for
    # each database on that computer), and what became of it: trusted, forgotten, or replaced by
    # the device's new key. device_id '' is a key trusted ahead of any bundle signed with it.
    db.execute("""CREATE TABLE device_keys (
        fingerprint TEXT NOT NULL,
        device_id TEXT NOT NULL DEFAULT '',
        public_key BLOB,
        state TEXT NOT NULL CHECK (state IN ('trusted', 'forgotten', 'replaced')),
        replaced_by TEXT,
        changed_at TEXT NOT NULL,
        PRIMARY KEY (fingerprint, device_id)
    )""")
    db.execute("CREATE INDEX device_keys_device ON device_keys(device_id)")
    db.execute("INSERT INTO device_keys(fingerprint, device_id, public_key, state, changed_at) "
               "SELECT fingerprint, id, public_key, 'trusted', first_seen FROM devices WHERE trusted = 1 "
               "AND fingerprint != '' AND id != COALESCE((SELECT value FROM settings WHERE key = 'device_id'), '')")


def _rehash_township_revisions(db: Database) -> None:
    rows = db.execute(
        "SELECT r.id, i.uuid, t.uuid, i.checklist_id, i.checklist_version, r.checklist_hash, r.date, r.inspector, "
        "r.status FROM revisions r JOIN inspections i ON i.uuid = r.inspection_uuid "
        "JOIN townships t ON t.id = i.township_id WHERE i.subject_kind = 'township'").fetchall()
    for rev, uuid, town, cid, cver, chash, date, inspector, status in rows:
        answers = {item: Answer(None if value is None else json.loads(value), note, rect, deadline)
                   for item, value, note, rect, deadline in db.execute(
                       "SELECT item_id, value, note, rectification, deadline FROM answers WHERE revision_id = ?",
                       (rev,))}
        content = Inspection(uuid=uuid, subject_kind="township", subject_uuid=town, checklist_id=cid,
                             checklist_version=cver, checklist_hash=chash, date=date, inspector=inspector,
                             status=status, answers=answers)
        db.execute("UPDATE revisions SET content_hash = ? WHERE id = ?", (content.content_hash(), rev))


@MIGRATIONS(name="0006_assessment_workflow")
def m0006_assessment_workflow(db: Database) -> None:
    # A township's yearly assessment moves 草稿 → 已提交 → 已评分 → 已确认; each step (who, when,
    # note or reason) is in the audit log. Assessments chosen before this migration start as
    # drafts: nobody has submitted, scored or confirmed them yet.
    db.execute("ALTER TABLE assessments ADD COLUMN state TEXT NOT NULL DEFAULT 'draft' "
               "CHECK (state IN ('draft', 'submitted', 'scored', 'confirmed'))")


@MIGRATIONS(name="0007_rectification_follow_up")
def m0007_rectification_follow_up(db: Database) -> None:
    # A follow-up inspection (复查) names the inspection whose rectifications it checks; the link
    # is part of what the inspector entered (the content hash covers it), so it travels in bundles
    # and a follow-up made on a laptop closes the rectifications at the bureau too. '' is a first visit.
    db.execute("ALTER TABLE revisions ADD COLUMN follows TEXT NOT NULL DEFAULT ''")
    db.execute("CREATE INDEX revisions_follows ON revisions(follows) WHERE follows != ''")
    # A rectification is the rectification requirement of one item in an inspection's head
    # revision; it is closed by a follow-up whose head passes that item (follow_up set, kept in
    # step with the follow-up's head) or by hand with a reason (and optionally evidence).
    db.execute("""CREATE TABLE rectification_closures (
        inspection_uuid TEXT NOT NULL REFERENCES inspections(uuid),
        item_id TEXT NOT NULL,
        closed_on TEXT NOT NULL,
        closed_at TEXT NOT NULL,
        closed_by TEXT NOT NULL,
        follow_up TEXT REFERENCES inspections(uuid) DEFERRABLE INITIALLY DEFERRED,
        reason TEXT NOT NULL DEFAULT '',
        evidence TEXT REFERENCES evidence(sha256),
        CHECK ((follow_up IS NULL) != (reason = '')),
        PRIMARY KEY (inspection_uuid, item_id)
    ) WITHOUT ROWID""")
    db.execute("CREATE INDEX rectification_closures_follow_up ON rectification_closures(follow_up) "
               "WHERE follow_up IS NOT NULL")


@MIGRATIONS(name="0008_list_order_indexes")
def m0008_list_order_indexes(db: Database) -> None:
    # The window's list pages by keyset in the order of a column, then the date (store/inspections.py
    # SORT_KEYS): with an index on (column, date) each page walks the index instead of sorting a
    # decade's million rows. The checklist index gains the date and so replaces the old one.
    db.execute("DROP INDEX IF EXISTS inspections_checklist")
    db.execute("CREATE INDEX inspections_checklist_date ON inspections(checklist_id, checklist_version, date)")
    db.execute("CREATE INDEX inspections_kind_date ON inspections(subject_kind, date)")
    db.execute("CREATE INDEX inspections_inspector_date ON inspections(inspector, date)")
    db.execute("CREATE INDEX inspections_status_date ON inspections(status, date)")


@MIGRATIONS(name="0009_audit_checkpoints")
def m0009_audit_checkpoints(db: Database) -> None:
    # The audit chain alone has no key: whoever can edit the file can rewrite it and recompute
    # every hash. At each export the device key signs the chain's length and head hash; a
    # laptop keeps its own checkpoints and a bureau keeps each laptop's from its bundles, so a
    # shortened or rewritten chain no longer matches a signature.
    db.execute("""CREATE TABLE audit_checkpoints (
        device_id TEXT NOT NULL,
        length INTEGER NOT NULL,
        head TEXT NOT NULL,
        public_key BLOB NOT NULL,
        signature BLOB NOT NULL,
        bundle_id TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (device_id, length)
    )""")
    db.execute("""CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
       BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END""")
    db.execute("""CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
       BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END""")


@MIGRATIONS(name="0010_workflow_travels")
def m0010_workflow_travels(db: Database) -> None:
    # The workflow's steps and the closures made by hand travel in bundles (sync/workflow_sync.py):
    # each step gets a row with a stable id (made where it was taken), the device that took it and
    # that device's own step number (which orders its steps taken within one tick of the clock) and
    # the inspection's head revision it was taken on (a score is of that content; '' when unknown),
    # so importing it twice changes nothing and the current state can be worked out from the steps
    # alone. Steps taken before this migration are read back from the audit log (their id from the
    # entry's hash, their number its place in the log); hand closures made before it were made on this installation.
    db.execute("""CREATE TABLE assessment_steps (
        id TEXT PRIMARY KEY,
        year INTEGER NOT NULL,
        township_id INTEGER NOT NULL REFERENCES townships(id),
        inspection_uuid TEXT NOT NULL,
        from_state TEXT NOT NULL,
        to_state TEXT NOT NULL CHECK (to_state IN ('draft', 'submitted', 'scored', 'confirmed')),
        by_user TEXT NOT NULL,
        at TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        device_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        revision TEXT NOT NULL DEFAULT ''
    )""")
    db.execute("CREATE INDEX assessment_steps_township ON assessment_steps(year, township_id, inspection_uuid)")
    db.execute("""INSERT INTO assessment_steps(id, year, township_id, inspection_uuid, from_state, to_state,
            by_user, at, note, device_id, seq)
        SELECT substr(l.hash, 1, 32), json_extract(l.detail, '$.year'), t.id, json_extract(l.detail, '$.inspection'),
            json_extract(l.detail, '$.from'), json_extract(l.detail, '$.to'), l.user, l.at,
            COALESCE(json_extract(l.detail, '$.note'), json_extract(l.detail, '$.reason'), ''), l.device_id, l.id
        FROM audit_log l JOIN townships t ON t.uuid = substr(l.entity_id, instr(l.entity_id, '/') + 1)
        WHERE l.entity = 'assessment' AND l.action IN ('submitted', 'scored', 'confirmed', 'back')
        ORDER BY l.id""")
    db.execute("ALTER TABLE rectification_closures ADD COLUMN device_id TEXT NOT NULL DEFAULT ''")
    db.execute("UPDATE rectification_closures SET device_id = COALESCE((SELECT value FROM settings "
               "WHERE key = 'device_id'), '') WHERE follow_up IS NULL")
