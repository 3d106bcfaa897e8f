"""Rectifications (整改) as queries: their state on a date, lists and counts, and the closures.

A rectification is the rectification requirement of one item in the head revision of a
completed inspection of a village or an enterprise, named by (inspection uuid, item id). On a
date it is closed (a closure dated that day or before), overdue (deadline passed), due (deadline
within DUE_SOON_DAYS) or open (later deadline, or none). See docs/rectifications.md.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from qinspect.domain.records import COMPLETED, Inspection
from qinspect.domain.scoring import ItemScore, score
from qinspect.errors import InvalidInput, NotFound
from qinspect.store import audit, checklists
from qinspect.store.db import Store, now

OPEN, DUE, OVERDUE, CLOSED = "open", "due", "overdue", "closed"
STATES = (OPEN, DUE, OVERDUE, CLOSED)
PENDING = "pending"  # a list's filter: every state but closed (what is still to be followed up)
DUE_SOON_DAYS = 7  # "due soon": the deadline is today or within the next 7 days

_FROM = """
FROM inspections i
JOIN answers a ON a.revision_id = i.head AND a.rectification != ''
JOIN townships t ON t.id = i.township_id
JOIN counties c ON c.id = t.county_id
LEFT JOIN villages v ON v.id = i.village_id
LEFT JOIN enterprises e ON e.id = i.enterprise_id
LEFT JOIN rectification_closures x ON x.inspection_uuid = i.uuid AND x.item_id = a.item_id AND x.closed_on <= :today
WHERE i.status = 'completed' AND i.subject_kind IN ('village', 'enterprise')
"""
_STATE = """CASE WHEN x.inspection_uuid IS NOT NULL THEN 'closed'
    WHEN a.deadline = '' THEN 'open' WHEN a.deadline < :today THEN 'overdue'
    WHEN a.deadline <= :soon THEN 'due' ELSE 'open' END"""
_COLUMNS = f"""i.uuid AS inspection, a.item_id AS item, i.subject_kind, COALESCE(e.name, v.name) AS subject,
    t.id AS township_id, t.name AS township, c.name AS county, i.checklist_id, i.checklist_version,
    i.date AS found_on, i.inspector, a.rectification AS requirement, a.deadline, {_STATE} AS state,
    x.closed_on, x.closed_by, x.follow_up, x.reason, x.evidence"""


@dataclass(frozen=True)
class Filter:
    """Which rectifications a list shows, and the date their state is taken on."""

    today: str
    township_id: int | None = None
    category: str | None = None  # a category id of the checklists (e.g. "food")
    state: str | None = None  # one of STATES, or PENDING; None: all
    inspection_uuid: str | None = None  # the rectifications of one inspection
    subject: tuple[str, int] | None = None  # of one village or enterprise: (kind, register id)

    def __post_init__(self):
        check_date(self.today)
        if self.state is not None and self.state not in (*STATES, PENDING):
            raise InvalidInput(f"整改状态“{self.state}”不存在；可选：{'、'.join((*STATES, PENDING))}")


def check_date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except (TypeError, ValueError):
        raise InvalidInput(f"日期“{text}”应写成 YYYY-MM-DD，例如 2009-06-30") from None


def _where(store: Store, f: Filter) -> tuple[str, dict]:
    soon = (dt.date.fromisoformat(f.today) + dt.timedelta(days=DUE_SOON_DAYS)).isoformat()
    sql, args = _FROM, {"today": f.today, "soon": soon}
    if f.township_id is not None:
        sql += " AND i.township_id = :township"
        args["township"] = f.township_id
    if f.category is not None:
        sql += " AND i.checklist_id || '@' || i.checklist_version || '/' || a.item_id IN (SELECT value FROM json_each(:items))"
        args["items"] = json.dumps(_items_of_category(store, f.category))
    if f.inspection_uuid is not None:
        sql += " AND i.uuid = :uuid"
        args["uuid"] = f.inspection_uuid
    if f.subject is not None:
        kind, subject_id = f.subject
        if kind not in ("village", "enterprise"):
            raise InvalidInput(f"只有村(社区)和企业的检查有整改跟踪，不是“{kind}”")
        sql += f" AND i.subject_kind = :kind AND i.{kind}_id = :subject"
        args.update(kind=kind, subject=subject_id)
    if f.state == PENDING:
        sql += " AND x.inspection_uuid IS NULL"
    elif f.state is not None:
        sql += f" AND {_STATE} = :state"
        args["state"] = f.state
    return sql, args


def _items_of_category(store: Store, category: str) -> list[str]:
    keys = [f"{row['id']}@{row['version']}/{item.id}" for row in checklists.listing(store)
            for item in checklists.get(store, row["id"], row["version"]).items_of(category)]
    if not keys:
        raise NotFound(f"已安装的检查表中没有类别 {category}")
    return keys


def listing(store: Store, f: Filter, *, limit: int | None = None, offset: int = 0) -> list[dict]:
    """One page of rectifications, earliest deadline first (none last), in a stable order for paging."""
    where, args = _where(store, f)
    sql = f"SELECT {_COLUMNS} {where} ORDER BY a.deadline = '', a.deadline, i.uuid, a.item_id"
    if limit is not None:
        sql += " LIMIT :limit OFFSET :offset"
        args.update(limit=int(limit), offset=int(offset))
    return _with_items(store, list(store.query(sql, args)))


def _with_items(store: Store, rows: list[dict]) -> list[dict]:
    """Each row with its item's category and text, from the checklist version it was found with."""
    items: dict[tuple[str, str], dict] = {}
    for row in rows:
        form = (row["checklist_id"], row["checklist_version"])
        if form not in items:
            items[form] = _items(store, *form)
        item = items[form].get(row["item"])
        row["category"], row["text"] = (item.category, item.text) if item else ("", "")
    return rows


def count(store: Store, f: Filter) -> int:
    where, args = _where(store, f)
    return store.execute(f"SELECT count(*) {where}", args).fetchone()[0]


def counts_by_township(store: Store, today: str, year: int | None = None) -> list[dict]:
    """Per township with any rectification: how many are open, due, overdue and closed on `today`;
    with `year`, of that year's inspections as at its end (or `today`, if earlier)."""
    if year is None:
        where, args = _where(store, Filter(today))
    else:
        where, args = _where(store, Filter(min(check_date(today), f"{year:04d}-12-31")))
        where += " AND i.date BETWEEN :start AND :end"
        args.update(start=f"{year:04d}-01-01", end=f"{year:04d}-12-31")
    sums = ", ".join(f"sum(state = '{s}') AS {s}" for s in STATES)
    return list(store.query(
        f"SELECT township_id, township, county, {sums} FROM (SELECT t.id AS township_id, t.name AS township, "
        f"c.name AS county, {_STATE} AS state {where}) GROUP BY township_id ORDER BY county, township", args))


def overdue_count(store: Store, township_id: int, today: str, year: int | None = None) -> int:
    """Rectifications of the township overdue on `today`; with `year`, of that year's inspections as at its end."""
    if year is None:
        return count(store, Filter(today, township_id=township_id, state=OVERDUE))
    as_of = min(check_date(today), f"{year:04d}-12-31")
    where, args = _where(store, Filter(as_of, township_id=township_id, state=OVERDUE))
    args.update(start=f"{year:04d}-01-01", end=f"{year:04d}-12-31")
    return store.execute(f"SELECT count(*) {where} AND i.date BETWEEN :start AND :end", args).fetchone()[0]


def get(store: Store, inspection_uuid: str, item_id: str, today: str) -> dict:
    where, args = _where(store, Filter(today, inspection_uuid=inspection_uuid))
    rows = list(store.query(f"SELECT {_COLUMNS} {where} AND a.item_id = :item", {**args, "item": item_id}))
    if not rows:
        raise NotFound(f"检查 {inspection_uuid[:10]} 的条目 {item_id} 没有整改要求（或检查尚未完成）")
    return _with_items(store, rows)[0]


def closure(store: Store, inspection_uuid: str, item_id: str) -> dict | None:
    rows = list(store.query("SELECT * FROM rectification_closures WHERE inspection_uuid = ? AND item_id = ?",
                               [inspection_uuid, item_id]))
    return rows[0] if rows else None


def add_hand_closure(store: Store, inspection_uuid: str, item_id: str, *, closed_on: str, reason: str,
                     evidence: str | None) -> None:
    """Record a closure by hand; call inside the transaction that writes its audit entry."""
    store.execute("INSERT INTO rectification_closures(inspection_uuid, item_id, closed_on, closed_at, closed_by, "
                  "follow_up, reason, evidence, device_id) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)",
                  (inspection_uuid, item_id, closed_on, now(), store.user, reason, evidence, store.device_id))


def head_follows(store: Store, inspection_uuid: str) -> str | None:
    """The inspection its head follows up ('' for a first visit); None when it is not here."""
    row = store.execute("SELECT r.follows FROM inspections i JOIN revisions r ON r.id = i.head WHERE i.uuid = ?",
                        (inspection_uuid,)).fetchone()
    return None if row is None else row[0]


# -- closing by follow-up inspections ---------------------------------------------------------
def follow_up_changed(store: Store, inspection: Inspection) -> None:
    """Keep the closures made by an inspection in step with its head, and those of its follow-ups.

    Called wherever a head is set (a save, a bundle import, a conflict resolution), so a follow-up
    closes its original's rectifications however it arrives, and an original arriving after its
    follow-up is closed then. A follow-up closes a rectification of the inspection it follows (and
    of the ones that one follows, up the chain) when it is completed and passes the item at full
    marks; changed so that it no longer does, the closure is withdrawn.
    """
    from qinspect.store import inspections  # not at the top: store.inspections calls this module

    if inspection.follows:
        _sync_closures(store, inspection)
    todo, seen = [inspection.uuid], {inspection.uuid}
    while todo:  # its follow-ups, theirs, and so on: each may now reach further up the chain
        # `follows != ''` lets SQLite use the partial index: one lookup, not a scan, on every head set
        for (uuid,) in store.execute("SELECT i.uuid FROM revisions r JOIN inspections i ON i.head = r.id "
                                     "WHERE r.follows = ? AND r.follows != ''", (todo.pop(),)).fetchall():
            if uuid not in seen:
                seen.add(uuid)
                todo.append(uuid)
                _sync_closures(store, inspections.load(store, uuid))


def _sync_closures(store: Store, follow_up: Inspection) -> None:
    wanted = set()
    if follow_up.status == COMPLETED:
        passed = _passed_items(store, follow_up)
        for original in _chain(store, follow_up):
            for item_id, closed, closer in store.execute(
                    "SELECT a.item_id, x.inspection_uuid IS NOT NULL, x.follow_up FROM inspections i "
                    "JOIN answers a ON a.revision_id = i.head LEFT JOIN rectification_closures x "
                    "ON x.inspection_uuid = i.uuid AND x.item_id = a.item_id "
                    "WHERE i.uuid = ? AND i.status = 'completed' AND a.rectification != ''", (original,)):
                # one closed by hand or by another follow-up stays as it was closed
                if item_id in passed and (not closed or closer == follow_up.uuid):
                    wanted.add((original, item_id))
    held = {(o, i) for o, i in store.execute("SELECT inspection_uuid, item_id FROM rectification_closures "
                                              "WHERE follow_up = ?", (follow_up.uuid,))}
    for original, item_id in sorted(held - wanted):
        store.execute("DELETE FROM rectification_closures WHERE inspection_uuid = ? AND item_id = ?",
                      (original, item_id))
        audit.append(store, "reopen", "rectification", f"{original}/{item_id}", {"follow_up": follow_up.uuid})
    for original, item_id in sorted(wanted - held):
        store.execute("INSERT INTO rectification_closures(inspection_uuid, item_id, closed_on, closed_at, "
                      "closed_by, follow_up, reason, evidence) VALUES (?, ?, ?, ?, ?, ?, '', NULL)",
                      (original, item_id, follow_up.date, now(), follow_up.inspector, follow_up.uuid))
        audit.append(store, "close", "rectification", f"{original}/{item_id}",
                     {"follow_up": follow_up.uuid, "closed_on": follow_up.date})


def _chain(store: Store, follow_up: Inspection) -> list[str]:
    """The inspections this one follows up, nearest first, as far as they are here (a cycle stops it)."""
    chain, seen, uuid = [], {follow_up.uuid}, follow_up.follows
    while uuid and uuid not in seen:
        seen.add(uuid)
        follows = head_follows(store, uuid)
        if follows is None:
            break
        chain.append(uuid)
        uuid = follows
    return chain


def _passed_items(store: Store, inspection: Inspection) -> set[str]:
    form = checklists.get(store, inspection.checklist_id, inspection.checklist_version)
    return {item_id for item_id, s in score(form, inspection.values).items.items() if at_full_marks(s)}


def at_full_marks(s: ItemScore) -> bool:
    """An item answered with nothing wanting: the veto passed, or every point of it given."""
    return s.status == "veto-pass" or (s.status == "scored" and s.points >= s.max)


def _items(store: Store, checklist_id: str, version: str) -> dict:
    try:
        return {item.id: item for item in checklists.get(store, checklist_id, version).items}
    except NotFound:  # a checklist not installed here: its items are shown by their ids alone
        return {}
