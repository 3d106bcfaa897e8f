"""Finding, showing and saving inspections: the list's search, `inspections show`, a subject's history.

The window's list and `qinspect inspections list` search with the same `Filter`; the window
reads a page of rows at a time by keyset (`page`, `count`, `list_rows` to read evicted rows
again), the command line reads dicts (`listing`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from qinspect.domain.checklist import Checklist
from qinspect.domain.records import COMPLETED, Answer, Inspection
from qinspect.domain.scoring import ScoreResult, score
from qinspect.errors import InvalidInput, QInspectError
from qinspect.operations.changes import INSPECTIONS, changes
from qinspect.store import audit, checklists, inspections, registers
from qinspect.store.db import Store
from qinspect.store.inspections import CONFLICT, DRAFT, SORT_KEYS, UNEXPORTED, Filter, Saved, year_dates
from qinspect.sync import device

__all__ = ["COMPLETED", "CONFLICT", "COUNT_CAP", "DRAFT", "PAGE", "ROW_WIDTH", "SORT_KEYS", "UNEXPORTED", "Filter",
           "Saved", "Shown", "Revision", "RevisionChange", "compare_revisions", "count", "history", "list_rows", "listing", "page", "page_key",
           "revision_history", "rowid_of", "save", "show", "showcase_subject", "subject_of", "unexported_count", "year_dates"]


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
        return {**self.head, "follows": self.inspection.follows or None, **self.result.as_dict(),
                "items": self.items(), "revisions": self.revisions}


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


def showcase_subject(store: Store) -> tuple[str, int] | None:
    """The village (else the enterprise) with the most open rectifications: the screenshot shows it."""
    for kind in ("village", "enterprise"):
        found = inspections.most_rectifications(store, kind)
        if found is not None:
            return kind, found
    return None


def subject_of(store: Store, uuid: str) -> tuple[str, int]:
    """The (kind, id) of the township, village or enterprise an inspection is of: the details pane shows it."""
    return inspections.subject_key(store, uuid)


# -- an inspection's history: its revisions and what changed between two -------------------------

@dataclass(frozen=True)
class Revision:
    """One saved state of an inspection: who made it, when, on which laptop, why."""
    id: str
    base: str | None  # the revision it was made from (None for the first)
    author: str
    at: str  # ISO time it was made
    device_id: str
    device: str  # the laptop's name where this database knows it, else its id
    status: str
    reason: str  # why a completed inspection was changed ("" otherwise)
    action: str | None  # the audit log's: create, save, revise, resolve-conflict; None when made elsewhere (a bundle)
    head: bool  # the one the inspection shows now

    def as_dict(self) -> dict:
        return {"revision": self.id, "base": self.base, "author": self.author, "at": self.at,
                "device_id": self.device_id, "device": self.device, "status": self.status,
                "reason": self.reason, "action": self.action, "head": self.head}


def revision_history(store: Store, id_prefix: str) -> tuple[str, list[Revision]]:
    """The inspection's uuid and its revisions, oldest first, from the revision graph and the audit log."""
    uuid = inspections.find_uuid(store, id_prefix)
    head = inspections.summary(store, uuid)["revision"]
    actions: dict[str, str] = {}
    for entry in audit.entries(store, "inspection", uuid):
        revision = json.loads(entry["detail"] or "{}").get("revision")
        if isinstance(revision, str):  # saves and conflict resolutions name the revision they made
            actions[revision] = entry["action"]
    names: dict[str, str] = {}
    out = []
    for r in inspections.revisions(store, uuid):
        if r["device_id"] not in names:
            known = device.known_device(store, r["device_id"])
            names[r["device_id"]] = (known.name if known and known.name else
                                     device.device_name(store) if r["device_id"] == store.device_id else r["device_id"])
        out.append(Revision(r["id"], r["base"], r["author"], r["created_at"], r["device_id"], names[r["device_id"]],
                            r["status"], r["reason"], actions.get(r["id"]), r["id"] == head))
    return uuid, out


# The fields of an answer as the comparison names them.
ANSWER_FIELDS = {"value": "answer", "note": "note", "rectification": "rectification", "deadline": "deadline"}


@dataclass(frozen=True)
class RevisionChange:
    """What differs in one item (or, with item "", in the inspection's date, inspector or status)."""
    item: str
    text: str
    fields: dict[str, tuple]  # field -> (before, after)

    def as_dict(self) -> dict:
        return {"item": self.item or None, "text": self.text,
                "fields": {k: {"old": old, "new": new} for k, (old, new) in self.fields.items()}}


def _revision_id(revisions: list[Revision], prefix: str) -> str:
    found = [r.id for r in revisions if r.id.startswith(prefix.strip().lower())] if prefix.strip() else []
    if len(found) == 1:
        return found[0]
    if not found:
        raise InvalidInput(f"这份检查没有以 {prefix} 开头的修订；请用 history 列出的修订号。")
    raise InvalidInput(f"以 {prefix} 开头的修订不止一个，请多写几位修订号。")


def compare_revisions(store: Store, id_prefix: str, old: str, new: str) -> tuple[str, str, str, list[RevisionChange]]:
    """(inspection uuid, old revision, new revision, changes): item by item, in the checklist's order."""
    uuid, revisions = revision_history(store, id_prefix)
    old_id, new_id = _revision_id(revisions, old), _revision_id(revisions, new)
    before, after = inspections.load(store, uuid, old_id), inspections.load(store, uuid, new_id)
    out = []
    head = {f: (getattr(before, f), getattr(after, f)) for f in ("date", "inspector", "status")
            if getattr(before, f) != getattr(after, f)}
    if head:
        out.append(RevisionChange("", "", head))
    try:
        form = checklists.get(store, after.checklist_id, after.checklist_version)
        order = [(it.id, it.text) for it in form.items]
    except QInspectError:  # the checklist is not installed here: items by id
        order = []
    known = {item for item, _ in order}
    order += [(i, "") for i in sorted(set(before.answers) | set(after.answers)) if i not in known]
    for item_id, text in order:
        a = before.answers.get(item_id, Answer()).as_dict()
        b = after.answers.get(item_id, Answer()).as_dict()
        fields = {name: (a[key], b[key]) for key, name in ANSWER_FIELDS.items() if a[key] != b[key]}
        if fields:
            out.append(RevisionChange(item_id, text, fields))
    return uuid, old_id, new_id, out
