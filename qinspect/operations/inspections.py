"""Finding, showing and saving inspections: the list's search, `inspections show`, a subject's history.

The window's list and `qinspect inspections list` search with the same `Filter`; the window
reads a page of rows at a time by keyset (`page`, `count`, `list_rows` to read evicted rows
again), the command line reads dicts (`listing`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from qinspect.domain.checklist import Checklist
from qinspect.domain.records import COMPLETED, Inspection
from qinspect.domain.scoring import ScoreResult, score
from qinspect.errors import QInspectError
from qinspect.operations.changes import INSPECTIONS, changes
from qinspect.store import checklists, inspections, registers
from qinspect.store.db import Store
from qinspect.store.inspections import CONFLICT, DRAFT, SORT_KEYS, UNEXPORTED, Filter, Saved, year_dates

__all__ = ["COMPLETED", "CONFLICT", "COUNT_CAP", "DRAFT", "PAGE", "ROW_WIDTH", "SORT_KEYS", "UNEXPORTED", "Filter",
           "Saved", "Shown", "Rectification", "count", "history", "list_rows", "listing", "page", "page_key",
           "rectifications", "rowid_of", "save", "show", "showcase_subject", "unexported_count", "year_dates"]


page = inspections.page  # the list's rows after a keyset position, in the order of a column
page_key = inspections.page_key
count = inspections.count
PAGE, ROW_WIDTH, COUNT_CAP = inspections.PAGE, inspections.ROW_WIDTH, inspections.COUNT_CAP
list_rows = inspections.list_rows
rowid_of = inspections.rowid_of
unexported_count = inspections.unexported_count


def listing(store: Store, f: Filter = Filter(), *, township: str | None = None, year: int | None = None,
            limit: int | None = None) -> list[dict]:
    """`inspections list`: the matching inspections (of the township named, of a year), newest first."""
    tid = registers.find_township(store, township)["id"] if township else None
    return inspections.listing(store, f, township_id=tid, year=year, limit=limit)


@dataclass(frozen=True)
class Shown:
    """One inspection with its answers, scores and revisions: what `inspections show` prints."""
    uuid: str
    head: dict
    inspection: Inspection
    checklist: Checklist
    result: ScoreResult
    revisions: list[dict]

    def items(self) -> list[dict]:
        insp, result = self.inspection, self.result
        return [{"id": it.id, "category": it.category, "kind": it.kind.value, "text": it.text,
                 "answer": insp.answers[it.id].as_dict() if it.id in insp.answers else None,
                 "points": result.items[it.id].points, "max": result.items[it.id].max,
                 "status": result.items[it.id].status} for it in self.checklist.items]

    def as_dict(self) -> dict:
        return {**self.head, **self.result.as_dict(), "items": self.items(), "revisions": self.revisions}


def show(store: Store, id_prefix: str) -> Shown:
    """The inspection whose record number starts with `id_prefix` (6 characters or more), scored."""
    uuid = inspections.find_uuid(store, id_prefix)
    insp = inspections.load(store, uuid)
    form = checklists.get(store, insp.checklist_id, insp.checklist_version)
    return Shown(uuid, inspections.summary(store, uuid), insp, form, score(form, insp.values),
                 inspections.revisions(store, uuid))


@changes(INSPECTIONS)
def save(store: Store, inspection: Inspection, *, reason: str = "", base: str | None = None) -> Saved:
    """Save an edited inspection as a new revision (a completed one only with a reason)."""
    return inspections.save(store, inspection, reason=reason, base=base)


def history(store: Store, kind: str, subject_id: int) -> list[tuple]:
    """A township's, village's or enterprise's inspections, newest first."""
    return inspections.history(store, kind, subject_id)


@dataclass(frozen=True)
class Rectification:
    inspection: str  # uuid
    found: str  # the inspection's date
    item: str  # "F01 the item's text", or the bare id when the checklist is not here
    requirement: str
    deadline: str  # "" when none was set
    overdue: bool


def rectifications(store: Store, kind: str, subject_id: int, today: dt.date | None = None) -> list[Rectification]:
    """The open rectifications of a subject's inspections, soonest deadline first."""
    today_iso = (today or dt.date.today()).isoformat()
    out = []
    for uuid, date, cid, version, item_id, requirement, deadline in inspections.rectifications(store, kind, subject_id):
        try:
            item = f"{item_id} {checklists.get(store, cid, version).item(item_id).text}"
        except (QInspectError, KeyError):  # checklist or item missing here: show the bare id
            item = item_id
        out.append(Rectification(uuid, date, item, requirement, deadline or "", bool(deadline) and deadline < today_iso))
    return out


def showcase_subject(store: Store) -> tuple[str, int] | None:
    """The village (else the enterprise) with the most open rectifications: the screenshot shows it."""
    for kind in ("village", "enterprise"):
        found = inspections.most_rectifications(store, kind)
        if found is not None:
            return kind, found
    return None
