"""Rectification follow-up: the list across villages and enterprises, counts per township, and closing
one by hand or by a follow-up inspection (复查) linked to the inspection that found it.

The rules (states, what a follow-up carries over, what closes a rectification) are in
docs/rectifications.md; the queries in store/rectifications.py. A list is paged: `total` and
`page` with the same `Filter`, so a table model can ask for the rows it shows.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from dataclasses import dataclass, replace
from pathlib import Path

from qinspect.domain.records import Answer
from qinspect.domain.scoring import score
from qinspect.errors import InvalidInput
from qinspect.operations.changes import INSPECTIONS, changes
from qinspect.store import audit, checklists, inspections, registers
from qinspect.store import rectifications as store_rect
from qinspect.store.db import Store
from qinspect.store.evidence import add_evidence
from qinspect.store.rectifications import DUE_SOON_DAYS, PENDING, STATES, Filter, check_date

__all__ = ["DUE_SOON_DAYS", "PENDING", "STATES", "Filter", "list_filter", "total", "page", "pending", "counts",
           "overdue_count", "close", "start_follow_up"]


def _today(today: str | None) -> str:
    return dt.date.today().isoformat() if today is None else check_date(today)


def list_filter(store: Store, *, today: str | None = None, township: str | None = None,
                category: str | None = None, state: str | None = None,
                subject: tuple[str, int] | None = None) -> Filter:
    """The filter for a list, from what a person chose: a township name (县/乡镇 when ambiguous), a category
    id, a state (PENDING: all but the closed ones; None: all), a village or enterprise as (kind, register id)."""
    tid = registers.find_township(store, township)["id"] if township else None
    return Filter(_today(today), township_id=tid, category=category, state=state, subject=subject)


def total(store: Store, f: Filter) -> int:
    return store_rect.count(store, f)


def page(store: Store, f: Filter, limit: int | None = None, offset: int = 0) -> list[dict]:
    """Rectifications as `as_row` shapes them, earliest deadline first (none last)."""
    return [as_row(r) for r in store_rect.listing(store, f, limit=limit, offset=offset)]


def pending(store: Store, kind: str, subject_id: int, *, today: str | None = None) -> list[dict]:
    """A village's or enterprise's rectifications not closed on `today` (open, due soon or overdue), as
    `as_row` shapes them, earliest deadline first: its details pane and `registers show`. A township's
    own inspections carry none (rectifications are followed up for villages and enterprises)."""
    if kind not in ("village", "enterprise"):
        return []
    return page(store, Filter(_today(today), subject=(kind, subject_id), state=PENDING))


def as_row(r: dict) -> dict:
    closed = None if r["closed_on"] is None else {
        "on": r["closed_on"], "by": r["closed_by"], "follow_up": r["follow_up"], "reason": r["reason"],
        "evidence": r["evidence"]}
    return {"inspection": r["inspection"], "item": r["item"], "category": r["category"], "text": r["text"],
            "subject_kind": r["subject_kind"], "subject": r["subject"], "township": r["township"],
            "county": r["county"], "checklist": f"{r['checklist_id']}@{r['checklist_version']}",
            "found_on": r["found_on"], "inspector": r["inspector"], "requirement": r["requirement"],
            "deadline": r["deadline"], "state": r["state"], "closed": closed}


def counts(store: Store, today: str | None = None) -> list[dict]:
    """Per township with any rectification, the number in each state on `today` (each counted in one state)."""
    return [{k: r[k] for k in ("township", "county", *STATES)}
            for r in store_rect.counts_by_township(store, _today(today))]


def overdue_count(store: Store, township_id: int, *, today: str | None = None, year: int | None = None) -> int:
    """Overdue rectifications of a township on `today`; with `year`, those found that year and overdue at its end."""
    return store_rect.overdue_count(store, township_id, _today(today), year)


@dataclass(frozen=True)
class Closed:
    inspection: str
    item: str
    closed_on: str
    evidence: str | None

    def describe(self) -> str:
        proof = f"，证据 {self.evidence[:12]}" if self.evidence else ""
        return f"检查 {self.inspection[:10]} 条目 {self.item} 的整改已于 {self.closed_on} 关闭{proof}。"


@changes(INSPECTIONS)  # the follow-up list and the details pane show it
def close(store: Store, inspection: str, item: str, reason: str, *, evidence: Path | str | None = None,
          today: str | None = None) -> Closed:
    """Close a rectification by hand with a reason (and a photo or document as evidence), in the audit log."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("手工关闭整改需要写明原因（例如 整改报告已收到）。")
    on = _today(today)
    uuid = inspections.find_uuid(store, inspection)
    data = _read_evidence(Path(evidence)) if evidence is not None else None
    with store.atomic():
        rect = store_rect.get(store, uuid, item, on)
        if on < rect["found_on"]:
            raise InvalidInput(f"关闭日期 {on} 早于发现这项整改的检查日期 {rect['found_on']}。")
        done = store_rect.closure(store, uuid, item)
        if done is not None:
            how = f"复查 {done['follow_up'][:10]}" if done["follow_up"] else f"手工（{done['reason']}）"
            raise InvalidInput(f"检查 {uuid[:10]} 条目 {item} 的整改已于 {done['closed_on']} 由{how}关闭。")
        digest = None
        if data is not None:
            digest = add_evidence(store, data, mimetypes.guess_type(str(evidence))[0] or "application/octet-stream")
        store_rect.add_hand_closure(store, uuid, rect["item"], closed_on=on, reason=reason, evidence=digest)
        audit.append(store, "close", "rectification", f"{uuid}/{rect['item']}",
                     {"reason": reason, "evidence": digest, "closed_on": on})
    return Closed(uuid, rect["item"], on, digest)


def _read_evidence(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise InvalidInput(f"无法读取证据文件 {path}（{e.strerror}）。") from None


@changes(INSPECTIONS)
def start_follow_up(store: Store, inspection: str, *, date: str | None = None, inspector: str | None = None) -> str:
    """Create the follow-up (复查) of an inspection with open rectifications; returns its uuid.

    Same subject and checklist version, linked to the original. The items to re-check (every one
    that lost points or carries a rectification) are left unanswered; the others carry over the
    original's value, so the inspector answers only what was found wanting. Saved as a draft.
    """
    uuid = inspections.find_uuid(store, inspection)
    when = _today(date)
    pending = [r for r in store_rect.listing(store, Filter(when, inspection_uuid=uuid)) if r["state"] != "closed"]
    if not pending:
        raise InvalidInput(f"检查 {uuid[:10]} 没有未关闭的整改（或尚未完成），不需要复查。")
    original = inspections.load(store, uuid)
    if when < original.date:
        raise InvalidInput(f"复查日期 {when} 早于原检查日期 {original.date}。")
    form = checklists.get(store, original.checklist_id, original.checklist_version)
    result = score(form, original.values)
    carried = {item_id: Answer(a.value) for item_id, a in original.answers.items() if not a.rectification
               and (result.items[item_id].status == "na" or store_rect.at_full_marks(result.items[item_id]))}
    subject_id = registers.subject_by_uuid(store, original.subject_kind, original.subject_uuid)["id"]
    follow_up = inspections.new(store, original.subject_kind, subject_id, form, when,
                                inspector or store.user or original.inspector)
    follow_up = replace(follow_up, answers=carried, follows=uuid)
    with store.atomic():
        inspections.save(store, follow_up)
        audit.append(store, "follow-up", "inspection", follow_up.uuid,
                     {"follows": uuid, "items": sorted(r["item"] for r in pending)})
    return follow_up.uuid
