"""Inspections as revisions: every save is a new revision with its answers, in one transaction.

The `inspections` row points at the head revision and carries copies of its date,
inspector, status and scores so lists need no joins over answers.
"""

from __future__ import annotations

import json
import uuid as uuidlib
from dataclasses import dataclass, replace

from qinspect.domain.assessments import assessment_year
from qinspect.domain.checklist import SUBJECTS, Checklist
from qinspect.domain.records import COMPLETED, Answer, Inspection, check_answers
from qinspect.domain.scoring import score
from qinspect.errors import InvalidInput, NotFound
from qinspect.store import assessment_states, audit, checklists, registers
from qinspect.store.db import Store, now
from qinspect.store.rectifications import follow_up_changed

SUBJECT_COLUMNS = {"village": "village_id", "enterprise": "enterprise_id"}


@dataclass(frozen=True)
class Saved:
    revision: str | None  # None when nothing changed
    total: float
    grade: str


def new(store: Store, subject_kind: str, subject_id: int, checklist: Checklist, date: str,
        inspector: str) -> Inspection:
    """A fresh, unsaved inspection of a register subject with a checklist."""
    if checklist.subject != subject_kind:
        raise InvalidInput(f"检查表 {checklist.title} 用于{subject_kind_label(checklist.subject)}，"
                           f"不能用于{subject_kind_label(subject_kind)}")
    subj = registers.subject(store, subject_kind, subject_id)
    return Inspection(
        uuid=uuidlib.uuid4().hex, subject_kind=subject_kind, subject_uuid=subj["uuid"],
        checklist_id=checklist.id, checklist_version=checklist.version, checklist_hash=checklist.hash,
        date=date, inspector=inspector)


def subject_kind_label(kind: str) -> str:
    return SUBJECTS.get(kind, kind)


def validate(checklist: Checklist, inspection: Inspection) -> None:
    if inspection.checklist_hash != checklist.hash:
        raise InvalidInput(f"检查 {inspection.uuid} 填写所依据的检查表 {checklist.ref} 内容与本机不同")
    problems = check_answers(checklist, inspection)
    if problems:
        raise InvalidInput("；".join(problems))
    if inspection.status == COMPLETED:
        result = score(checklist, inspection.values)
        if result.open_required:
            raise InvalidInput("以下必填条目尚未填写，不能完成检查：" + "、".join(result.open_required))


def save(store: Store, inspection: Inspection, *, reason: str = "", base: str | None = None,
         author: str | None = None) -> Saved:
    """Save the inspection as a new revision on top of `base` (default: the current head).

    A completed inspection is locked: changing it needs a reason, kept in the audit log.
    """
    checklist = checklists.get(store, inspection.checklist_id, inspection.checklist_version)
    validate(checklist, inspection)
    result = score(checklist, inspection.values)
    with store.atomic():
        head = store.execute("SELECT head, status FROM inspections WHERE uuid = ?", (inspection.uuid,)).fetchone()
        if head:
            head_id, head_status = head
            if base is not None and base != head_id:
                raise InvalidInput("这份检查已被其他修订更新（例如刚导入的数据包）；请重新打开后再修改。")
            head_hash = store.execute("SELECT content_hash FROM revisions WHERE id = ?", (head_id,)).fetchone()[0]
            if head_hash == inspection.content_hash():
                return Saved(None, result.total, result.grade)
            if head_status == COMPLETED and not reason.strip():
                raise InvalidInput("这份检查已完成并锁定；修改需要填写修改原因。")
        revision = uuidlib.uuid4().hex
        write_revision(store, inspection, revision=revision, base=head[0] if head else None,
                       device_id=store.device_id, author=author if author is not None else store.user,
                       created_at=now(), reason=reason.strip(), total=result.total, grade=result.grade)
        action = "create" if not head else ("revise" if head[1] == COMPLETED else "save")
        audit.append(store, action, "inspection", inspection.uuid,
                     {"revision": revision, "status": inspection.status, "reason": reason.strip(),
                      "content_hash": inspection.content_hash()})
    return Saved(revision, result.total, result.grade)


def write_revision(store: Store, inspection: Inspection, *, revision: str, base: str | None, device_id: str,
                   author: str, created_at: str, reason: str, total: float, grade: str,
                   make_head: bool = True, content_hash: str | None = None, subject: dict | None = None) -> None:
    """Insert one revision with its answers; make it the head unless it is kept as a conflict.

    A bundle import passes what it already knows: the content hash it checked and the
    subject's register row (`registers.subject_by_uuid`), so neither is worked out again.
    """
    if subject is None:
        linked_uuid = _linked_subject_uuid(store, inspection)
    else:
        linked_uuid = None if subject["uuid"] == inspection.subject_uuid else inspection.subject_uuid
    store.execute(
        "INSERT INTO revisions(id, inspection_uuid, base, device_id, author, created_at, checklist_hash, date, "
        "inspector, status, content_hash, reason, subject_uuid, follows) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (revision, inspection.uuid, base, device_id, author, created_at, inspection.checklist_hash,
         inspection.date, inspection.inspector, inspection.status, content_hash or inspection.content_hash(), reason,
         linked_uuid, inspection.follows))
    store.conn.executemany(
        "INSERT INTO answers(revision_id, item_id, value, note, rectification, deadline) VALUES (?, ?, ?, ?, ?, ?)",
        [(revision, item_id, _value_json(a.value), a.note, a.rectification, a.deadline)
         for item_id, a in sorted(inspection.answers.items())])
    if make_head:
        set_head(store, inspection, revision=revision, created_at=created_at, updated_at=created_at,
                 total=total, grade=grade, subject=subject)


_SCALAR_JSON: dict[tuple[type, object], str] = {}  # the few answer values (pass, fail, na, 3, 0.5…) as JSON


def _value_json(value: object) -> str | None:
    """An answer's value as stored: JSON, None when open; the scalars most answers are come from a memo."""
    if value is None:
        return None
    kind = type(value)
    if kind is int:  # most answers (a tier, a count): json.dumps writes an int as its repr
        return int.__repr__(value)
    if not (kind in (bool, float) or kind is str and len(value) <= 16):
        return json.dumps(value, ensure_ascii=False)
    text = _SCALAR_JSON.get((kind, value))  # the type is in the key: True == 1 == 1.0
    if text is None:
        text = json.dumps(value, ensure_ascii=False)
        if len(_SCALAR_JSON) < 10_000:  # bounded whatever the answers are
            _SCALAR_JSON[(kind, value)] = text
    return text


def _linked_subject_uuid(store: Store, inspection: Inspection) -> str | None:
    """The subject uuid to keep with a revision: None when it is the register row's own (the usual case)."""
    table = registers.SUBJECT_TABLES[inspection.subject_kind]
    own = store.execute(f"SELECT 1 FROM {table} WHERE uuid = ?", (inspection.subject_uuid,)).fetchone()
    return None if own else inspection.subject_uuid


# A new inspection's row, or the head (and its copies) of an existing one. Two statements rather than one
# upsert: with foreign keys on, SQLite makes an upsert into `inspections` check the tables that refer to it
# on every row, about three times the cost of the plain insert (a bundle import's largest single cost).
_INSERT_ROW = (
    "INSERT INTO inspections(uuid, subject_kind, township_id, village_id, enterprise_id, checklist_id, "
    "checklist_version, head, date, inspector, status, total, grade, created_at, updated_at, exported) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")
_UPDATE_HEAD = (
    "UPDATE inspections SET head = ?, date = ?, inspector = ?, status = ?, total = ?, grade = ?, "
    "updated_at = ?, exported = 0 WHERE uuid = ?")
UNREAD = object()  # `before` of set_head and merge.settle when the caller has not read the row


def set_head(store: Store, inspection: Inspection, *, revision: str, created_at: str, updated_at: str,
             total: float, grade: str, subject: dict | None = None, before: tuple | None | object = UNREAD,
             follow_ups: bool = True) -> None:
    """Point the inspection's row at an already written revision, creating the row if needed.

    A bundle import chooses the head from the revision graph, so the head may be a revision
    written earlier; `created_at` is the first revision's time, whichever laptop sent it first.
    `subject` is the subject's register row when the caller has already looked it up, and
    `before` the row's `(head,)` (None: no row yet) when it has just read it. `follow_ups` False: the
    caller knows no stored revision is a follow-up (复查), so no rectification closure can change.
    """
    subj_row = subject or registers.subject_by_uuid(store, inspection.subject_kind, inspection.subject_uuid)
    if subj_row is None:
        raise NotFound(f"检查对象 {inspection.subject_uuid} 不在本机登记册中")
    column = SUBJECT_COLUMNS.get(inspection.subject_kind)
    if before is UNREAD:
        before = store.execute("SELECT head FROM inspections WHERE uuid = ?", (inspection.uuid,)).fetchone()
    if before is None:
        store.execute(_INSERT_ROW, (
            inspection.uuid, inspection.subject_kind, subj_row["township_id"],
            subj_row["id"] if column == "village_id" else subj_row.get("village_id"),
            subj_row["id"] if column == "enterprise_id" else None, inspection.checklist_id,
            inspection.checklist_version, revision, inspection.date, inspection.inspector, inspection.status,
            total, grade, created_at, updated_at))
    else:
        store.execute(_UPDATE_HEAD, (revision, inspection.date, inspection.inspector, inspection.status, total,
                                     grade, updated_at, inspection.uuid))
    if inspection.subject_kind == "township":
        # A township's own inspection on the year's assessment form (评分表) may be its yearly
        # assessment: the first one of a year counts until another is chosen explicitly.
        form = checklists.get(store, inspection.checklist_id, inspection.checklist_version)
        year = int(inspection.date[:4])
        assessment_states.follow_head(store, inspection.uuid, subj_row["township_id"],
                                      year if assessment_year(form) == year else None,
                                      changed=before is not None and before[0] != revision)
    # a follow-up's head decides which of its original's rectifications are closed, however either arrives
    if follow_ups:
        follow_up_changed(store, inspection)


def load(store: Store, inspection_uuid: str, revision: str | None = None) -> Inspection:
    """The inspection's content at its head (or at the given revision)."""
    row = store.execute(
        "SELECT i.uuid, i.subject_kind, i.township_id, i.village_id, i.enterprise_id, i.checklist_id, "
        "i.checklist_version, i.head FROM inspections i WHERE i.uuid = ?", (inspection_uuid,)).fetchone()
    if row is None:
        raise NotFound(f"没有编号为 {inspection_uuid} 的检查")
    uuid, kind, township_id, village_id, enterprise_id, cid, cver, head = row
    rev = store.execute("SELECT checklist_hash, date, inspector, status, subject_uuid, follows FROM revisions "
                        "WHERE id = ? AND inspection_uuid = ?", (revision or head, uuid)).fetchone()
    if rev is None:
        raise NotFound(f"检查 {uuid} 没有修订 {revision}")
    # The uuid the revision's content names: another laptop's uuid for a linked row keeps its hash.
    subject_uuid = rev[4]
    if subject_uuid is None:
        subject_id = {"township": township_id, "village": village_id, "enterprise": enterprise_id}[kind]
        subject_uuid = registers.subject(store, kind, subject_id)["uuid"]
    answers = {
        item_id: Answer(None if value is None else json.loads(value), note, rect, deadline)
        for item_id, value, note, rect, deadline in store.execute(
            "SELECT item_id, value, note, rectification, deadline FROM answers WHERE revision_id = ?",
            (revision or head,))
    }
    return Inspection(uuid=uuid, subject_kind=kind, subject_uuid=subject_uuid, checklist_id=cid,
                      checklist_version=cver, checklist_hash=rev[0], date=rev[1], inspector=rev[2],
                      status=rev[3], answers=answers, follows=rev[5])


def find_uuid(store: Store, prefix: str) -> str:
    """The full uuid of an inspection from the first characters a person typed (at least 6)."""
    prefix = prefix.strip().lower()
    if len(prefix) < 6:
        raise InvalidInput("检查编号至少需要前 6 位")
    rows = store.execute("SELECT uuid FROM inspections WHERE uuid >= ? AND uuid < ? LIMIT 2",
                         (prefix, prefix + "~")).fetchall()
    if not rows:
        raise NotFound(f"没有编号以 {prefix} 开头的检查")
    if len(rows) > 1:
        raise InvalidInput(f"编号 {prefix} 对应多份检查，请多输入几位")
    return rows[0][0]


DRAFT, UNEXPORTED, CONFLICT = "draft", "unexported", "conflict"  # and COMPLETED: the status filters
SUBJECT_NAME = "COALESCE(e.name, v.name, t.name)"
JOINS = ("JOIN townships t ON t.id = i.township_id "
         "LEFT JOIN villages v ON v.id = i.village_id LEFT JOIN enterprises e ON e.id = i.enterprise_id")
# The orders the window's list sorts by, one per column: the key's SQL, then the date and the
# row id, all in one direction, so the list pages by keyset ("the rows after the last one
# shown") and an index on (key, date) walks the order without sorting (migration 0008). The
# township and subject orders are names from other tables and total and grade have no index:
# each of their pages sorts the matching rows (a scan of the table on a decade, about a second),
# which a person clicking a column header waits for once, while opening the list never does.
SORT_KEYS = {
    "date": ("i.date",),
    "township": ("t.name", "i.date"),
    "subject": (SUBJECT_NAME, "i.date"),
    "kind": ("i.subject_kind", "i.date"),
    "checklist": ("i.checklist_id", "i.checklist_version", "i.date"),
    "inspector": ("i.inspector", "i.date"),
    "status": ("i.status", "i.date"),
    "total": ("IFNULL(i.total, -1e308)", "i.date"),  # a draft's total is NULL: lowest, and comparable
    "grade": ("IFNULL(i.grade, '')", "i.date"),
}
PAGE = 100  # the list's rows read at a time
COUNT_CAP = 10_000  # the list counts its rows up to here; beyond, it says "10000+"

@dataclass(frozen=True)
class Filter:
    """Which inspections a search finds: the window's filter bar and `inspections list` both use it."""
    text: str = ""  # part of a subject name, an inspector, a credit code, or the start of a record number
    county_id: int | None = None
    township_id: int | None = None
    subject_kind: str | None = None  # township | village | enterprise
    checklist: tuple[str, str] | None = None  # (id, version)
    status: str | None = None  # draft | completed | unexported | conflict
    date_from: str | None = None  # ISO dates, both ends included
    date_to: str | None = None


def year_dates(year: int) -> dict[str, str]:
    """The date bounds of a year, for Filter(**year_dates(2009))."""
    return {"date_from": f"{year:04d}-01-01", "date_to": f"{year:04d}-12-31"}


def _where(f: Filter) -> tuple[str, list]:
    where, args = [], []
    text = f.text.strip()
    if text:
        like = f"%{text}%"
        where.append(
            "(i.uuid LIKE ? OR i.inspector LIKE ? "
            "OR i.village_id IN (SELECT id FROM villages WHERE name LIKE ?) "
            "OR i.enterprise_id IN (SELECT id FROM enterprises WHERE name LIKE ? OR credit_code LIKE ?) "
            "OR (i.subject_kind = 'township' AND i.township_id IN (SELECT id FROM townships WHERE name LIKE ?)))")
        args += [text.lower() + "%", like, like, like, text.upper() + "%", like]
    if f.township_id is not None:
        where.append("i.township_id = ?")
        args.append(f.township_id)
    elif f.county_id is not None:
        where.append("i.township_id IN (SELECT id FROM townships WHERE county_id = ?)")
        args.append(f.county_id)
    if f.subject_kind:
        where.append("i.subject_kind = ?")
        args.append(f.subject_kind)
    if f.checklist:
        where.append("i.checklist_id = ? AND i.checklist_version = ?")
        args += list(f.checklist)
    if f.status in (DRAFT, COMPLETED):
        where.append("i.status = ?")
        args.append(f.status)
    elif f.status == UNEXPORTED:
        where.append("i.exported = 0")
    elif f.status == CONFLICT:
        where.append("i.uuid IN (SELECT inspection_uuid FROM conflicts)")
    if f.date_from:
        where.append("i.date >= ?")
        args.append(f.date_from)
    if f.date_to:
        where.append("i.date <= ?")
        args.append(f.date_to)
    return (" WHERE " + " AND ".join(where) if where else ""), args


ROW_COLUMNS = f"""i.rowid, i.uuid, i.date, t.name, {SUBJECT_NAME}, i.subject_kind, COALESCE(ch.title, i.checklist_id),
       i.checklist_version, i.inspector, i.status, i.total, i.grade, i.exported,
       EXISTS (SELECT 1 FROM conflicts k WHERE k.inspection_uuid = i.uuid)"""
ROW_FROM = f"""FROM inspections i {JOINS}
LEFT JOIN checklists ch ON ch.id = i.checklist_id AND ch.version = i.checklist_version"""


def page_query(f: Filter, sort: str = "date", descending: bool = True, after: tuple | None = None,
               limit: int | None = PAGE) -> tuple[str, list]:
    """The SQL of the list's rows matching `f` in the order of `sort` (a SORT_KEYS key), those after
    the key `after` (the last row's `page_key`) when given, at most `limit` of them."""
    where, args = _where(f)
    keys = SORT_KEYS[sort] + ("i.rowid",)
    direction = "DESC" if descending else "ASC"
    if after is not None:
        where += (" AND " if where else " WHERE ") + f"({', '.join(keys)}) {'<' if descending else '>'} " \
                 f"({', '.join('?' * len(keys))})"
        args = args + list(after)
    sql = (f"SELECT {ROW_COLUMNS}, {', '.join(keys)} {ROW_FROM}{where} "
           f"ORDER BY {', '.join(f'{key} {direction}' for key in keys)}")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return sql, args


def page(store: Store, f: Filter, sort: str = "date", descending: bool = True, after: tuple | None = None,
         limit: int | None = PAGE) -> list[tuple]:
    """The list's rows (see `list_rows`), each followed by its page key: the values of its sort key."""
    sql, args = page_query(f, sort, descending, after, limit)
    return store.execute(sql, args).fetchall()


def page_key(row: tuple) -> tuple:
    """The keyset position of a row of `page`: what `after` takes to read the rows after it."""
    return row[ROW_WIDTH:]


def count(store: Store, f: Filter, cap: int = COUNT_CAP) -> int:
    """How many inspections match `f`, counted up to `cap` + 1 (more than the cap: say "cap+")."""
    where, args = _where(f)
    return store.execute(f"SELECT count(*) FROM (SELECT 1 FROM inspections i{where} LIMIT {int(cap) + 1})",
                         args).fetchone()[0]


ROW_SQL = f"SELECT {ROW_COLUMNS} {ROW_FROM} WHERE i.rowid IN ({{marks}})"
ROW_WIDTH = 14


def list_rows(store: Store, rowids: list[int]) -> list[tuple]:
    """The list's rows of these row ids: (rowid, uuid, date, township, subject, kind, checklist title,
    version, inspector, status, total, grade, exported, in conflict), in no particular order."""
    if not rowids:
        return []
    return store.execute(ROW_SQL.format(marks=", ".join("?" * len(rowids))), rowids).fetchall()


def rowid_of(store: Store, inspection_uuid: str) -> int | None:
    found = store.execute("SELECT rowid FROM inspections WHERE uuid = ?", (inspection_uuid,)).fetchone()
    return None if found is None else found[0]


def unexported_count(store: Store) -> int:
    return store.execute("SELECT count(*) FROM inspections WHERE exported = 0").fetchone()[0]


LIST_SQL = f"""
SELECT i.uuid AS id, i.subject_kind, {SUBJECT_NAME} AS subject, t.name AS township,
       c.name AS county, i.checklist_id || '@' || i.checklist_version AS checklist, i.date, i.inspector,
       i.status, i.total, i.grade, i.head AS revision,
       EXISTS(SELECT 1 FROM conflicts k WHERE k.inspection_uuid = i.uuid) AS conflict
FROM inspections i
JOIN townships t ON t.id = i.township_id
JOIN counties c ON c.id = t.county_id
LEFT JOIN villages v ON v.id = i.village_id
LEFT JOIN enterprises e ON e.id = i.enterprise_id
"""


def listing(store: Store, f: Filter = Filter(), *, township_id: int | None = None, year: int | None = None,
            limit: int | None = None) -> list[dict]:
    """The inspections matching `f` (and of the township or year given) as dicts, newest first:
    what `inspections list --json` prints."""
    if township_id is not None:
        f = replace(f, township_id=township_id)
    if year is not None:
        f = replace(f, **year_dates(year))
    where, args = _where(f)
    sql = LIST_SQL + where + " ORDER BY i.date DESC, i.uuid"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [_with_conflict(r) for r in store.query(sql, args)]


def _with_conflict(row: dict) -> dict:
    return {**row, "conflict": bool(row["conflict"])}  # SQLite answers EXISTS with 0 or 1


# `+` picks the index: a village's own few rows by inspections_village, where SQLite would walk
# every village inspection of the decade by inspections_kind_date (0.3 s); a township's own
# assessments (one a year) by that kind index rather than all of the township's inspections.
SUBJECT_WHERE = {
    "township": "i.subject_kind = 'township' AND +i.township_id = ?",
    "village": "+i.subject_kind = 'village' AND i.village_id = ?",
    "enterprise": "i.enterprise_id = ?",
}


def history(store: Store, kind: str, subject_id: int) -> list[tuple]:
    """A subject's inspections, newest first: (uuid, date, checklist title, version, inspector, status,
    total, grade)."""
    return store.execute(
        "SELECT i.uuid, i.date, COALESCE(ch.title, i.checklist_id), i.checklist_version, i.inspector, i.status, "
        "i.total, i.grade FROM inspections i LEFT JOIN checklists ch ON ch.id = i.checklist_id "
        f"AND ch.version = i.checklist_version WHERE {SUBJECT_WHERE[kind]} ORDER BY i.date DESC, i.rowid",
        (subject_id,)).fetchall()


def most_rectifications(store: Store, kind: str, recent: int = 300) -> int | None:
    """The village (or enterprise) whose recent inspections (the newest `recent` of its kind) ask for
    the most rectifications; only the recent ones, so a decade answers as fast as a year."""
    column = SUBJECT_COLUMNS[kind]
    row = store.execute(
        f"SELECT i.{column} FROM inspections i JOIN answers a ON a.revision_id = i.head "
        f"WHERE i.rowid IN (SELECT rowid FROM inspections WHERE subject_kind = ? ORDER BY date DESC LIMIT ?) "
        f"AND a.rectification != '' GROUP BY i.{column} ORDER BY count(*) DESC, i.{column} LIMIT 1",
        (kind, recent)).fetchone()
    return None if row is None else row[0]


def summary(store: Store, inspection_uuid: str) -> dict:
    rows = list(store.query(LIST_SQL + " WHERE i.uuid = ?", [inspection_uuid]))
    if not rows:
        raise NotFound(f"没有编号为 {inspection_uuid} 的检查")
    return _with_conflict(rows[0])


def subject_key(store: Store, inspection_uuid: str) -> tuple[str, int]:
    """(kind, id) of the inspection's subject."""
    row = store.execute("SELECT subject_kind, CASE subject_kind WHEN 'village' THEN village_id "
                        "WHEN 'enterprise' THEN enterprise_id ELSE township_id END FROM inspections WHERE uuid = ?",
                        (inspection_uuid,)).fetchone()
    if row is None:
        raise NotFound(f"没有编号为 {inspection_uuid} 的检查")
    return row[0], row[1]


def revisions(store: Store, inspection_uuid: str) -> list[dict]:
    return list(store.query(
        "SELECT id, base, device_id, author, created_at, status, content_hash, reason FROM revisions "
        "WHERE inspection_uuid = ? ORDER BY created_at, rowid", [inspection_uuid]))
