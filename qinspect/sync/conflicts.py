"""Open conflicts and their resolution: a person keeps one side, or picks item by item.

The choice is saved as a new revision on top of the head that also names every other open
version as merged, so those stop being open here and on every laptop that later receives
the resolution. The audit log records who chose what; no side is ever deleted.
"""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass, replace
from typing import Mapping

from qinspect.domain.records import Inspection
from qinspect.domain.scoring import total_and_grade
from qinspect.errors import InvalidInput, NotFound
from qinspect.store import audit, checklists, inspections
from qinspect.store.db import Store, now
from qinspect.sync import merge


@dataclass(frozen=True)
class Side:
    """One open version of a conflicted inspection, with who made it, where and when."""

    revision: str
    device_id: str
    device_name: str
    author: str
    created_at: str
    reason: str
    is_head: bool
    inspection: Inspection


@dataclass(frozen=True)
class OpenConflict:
    inspection_uuid: str
    subject: str
    township: str
    checklist: str
    date: str
    sides: int
    found_at: str


def count(store: Store) -> int:
    """How many inspections have an open conflict (for a badge in the window)."""
    return store.execute("SELECT count(DISTINCT inspection_uuid) FROM conflicts").fetchone()[0]


def open_conflicts(store: Store) -> list[OpenConflict]:
    rows = store.execute(
        "SELECT i.uuid, COALESCE(e.name, v.name, t.name), t.name, c.title || ' ' || c.version, i.date, "
        "count(*) + 1, min(k.found_at) FROM conflicts k JOIN inspections i ON i.uuid = k.inspection_uuid "
        "JOIN townships t ON t.id = i.township_id LEFT JOIN villages v ON v.id = i.village_id "
        "LEFT JOIN enterprises e ON e.id = i.enterprise_id "
        "JOIN checklists c ON c.id = i.checklist_id AND c.version = i.checklist_version "
        "GROUP BY i.uuid ORDER BY min(k.found_at), i.uuid").fetchall()
    return [OpenConflict(*r) for r in rows]


def sides(store: Store, inspection_uuid: str) -> list[Side]:
    """The head first, then the other open versions by revision id."""
    row = store.execute("SELECT head FROM inspections WHERE uuid = ?", (inspection_uuid,)).fetchone()
    if row is None:
        raise NotFound(f"没有编号为 {inspection_uuid} 的检查")
    others = [r[0] for r in store.execute("SELECT revision_id FROM conflicts WHERE inspection_uuid = ? "
                                          "ORDER BY revision_id", (inspection_uuid,))]
    result = []
    for rev in [row[0], *others]:
        device_id, author, created, reason, name = store.execute(
            "SELECT r.device_id, r.author, r.created_at, r.reason, d.name FROM revisions r "
            "LEFT JOIN devices d ON d.id = r.device_id WHERE r.id = ?", (rev,)).fetchone()
        result.append(Side(rev, device_id, name or device_id[:8], author, created, reason, rev == row[0],
                           inspections.load(store, inspection_uuid, rev)))
    return result


def resolve(store: Store, inspection_uuid: str, keep: str, pick: Mapping[str, str] | None = None, *,
            reason: str = "", author: str | None = None) -> str:
    """Save the person's choice as a new revision and close the conflict; returns the new revision.

    Everything (answers, date, inspector, status) comes from the side `keep`, except the items
    `pick` maps to another side's revision.
    """
    pick = dict(pick or {})
    with store.atomic():
        versions = sides(store, inspection_uuid)
        if len(versions) < 2:
            raise InvalidInput("这份检查没有待解决的冲突（可能已被他人解决）；请刷新后再看。")
        by_rev = {s.revision: s.inspection for s in versions}
        if keep not in by_rev or not set(pick.values()) <= set(by_rev):
            raise InvalidInput("所选的版本已不是这份检查的待定版本；请刷新后再选。")
        base = by_rev[keep]
        form = checklists.get(store, base.checklist_id, base.checklist_version)
        unknown = set(pick) - {item.id for item in form.items}
        if unknown:
            raise InvalidInput(f"检查表 {form.ref} 没有条目 {'、'.join(sorted(unknown))}")
        answers = dict(base.answers)
        for item_id, rev in pick.items():
            chosen = by_rev[rev].answers.get(item_id)
            if chosen is None:
                answers.pop(item_id, None)
            else:
                answers[item_id] = chosen
        merged = replace(base, answers=answers)
        inspections.validate(form, merged)
        total, grade = total_and_grade(form, merged.values)
        head = versions[0].revision
        revision = uuidlib.uuid4().hex
        why = reason.strip() or "解决冲突"
        inspections.write_revision(store, merged, revision=revision, base=head, device_id=store.device_id,
                                   author=author if author is not None else store.user, created_at=now(),
                                   reason=why, total=total, grade=grade)
        # Every other leaf, including those hidden because their content equals a side's.
        others = sorted(r for r, _ in merge.leaves(store, inspection_uuid) if r not in (head, revision))
        store.conn.executemany("INSERT INTO revision_parents(revision_id, parent_id) VALUES (?, ?)",
                               [(revision, r) for r in others])
        store.execute("DELETE FROM conflicts WHERE inspection_uuid = ?", (inspection_uuid,))
        audit.append(store, "resolve-conflict", "inspection", inspection_uuid, {
            "revision": revision, "sides": [s.revision for s in versions], "kept": keep,
            "picked": dict(sorted(pick.items())), "reason": why}, user=author)
    return revision
