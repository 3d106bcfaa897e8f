"""Inspection records as plain data, and the content hash that identifies a revision's content.

The hash covers what a person entered (subject, checklist, date, inspector, status,
answers), not where or when it was stored, so the same content made on two laptops
hashes the same and a bundle import can leave it alone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from qinspect.domain.checklist import Checklist
from qinspect.domain.item_kinds import check_answer

DRAFT = "draft"
COMPLETED = "completed"
STATUSES = {DRAFT: "草稿", COMPLETED: "已完成"}
T = TypeVar("T")


@dataclass(frozen=True)
class Answer:
    value: Any = None
    note: str = ""
    rectification: str = ""  # 整改要求, for a failed or deducted item
    deadline: str = ""  # ISO date of the rectification deadline

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "note": self.note, "rectification": self.rectification,
                "deadline": self.deadline}

    @property
    def is_empty(self) -> bool:
        return self.value is None and not (self.note or self.rectification or self.deadline)


_new, _set = object.__new__, object.__setattr__


def made_of(cls: type[T], fields: dict[str, Any]) -> T:
    """The frozen dataclass whose fields are a dict of exactly its fields, checked by the caller, which gives
    the dict up: it becomes the instance's own. No frozen __init__ (a setattr a field) and no copy, for a
    bundle's reader makes an Answer for each of hundreds of thousands of answers, and an Inspection and
    a Revision for each of tens of thousands of lines."""
    made = _new(cls)
    _set(made, "__dict__", fields)
    return made


@dataclass(frozen=True)
class Inspection:
    """One inspection's content at one revision."""

    uuid: str
    subject_kind: str  # township | village | enterprise
    subject_uuid: str
    checklist_id: str
    checklist_version: str
    checklist_hash: str
    date: str  # ISO date
    inspector: str
    status: str = DRAFT
    answers: dict[str, Answer] = field(default_factory=dict)
    follows: str = ""  # uuid of the inspection whose rectifications this follow-up (复查) checks

    @property
    def is_follow_up(self) -> bool:
        """A follow-up (复查) rather than a first visit: what the sheet's □首次 □复查 head ticks."""
        return bool(self.follows)

    @property
    def values(self) -> dict[str, Any]:
        return {k: a.value for k, a in self.answers.items() if a.value is not None}

    def with_answer(self, item_id: str, answer: Answer) -> "Inspection":
        answers = dict(self.answers)
        if answer.is_empty:
            answers.pop(item_id, None)
        else:
            answers[item_id] = answer
        return replace(self, answers=answers)

    def content(self) -> dict[str, Any]:
        content = {
            "uuid": self.uuid,
            "subject": {"kind": self.subject_kind, "uuid": self.subject_uuid},
            "checklist": {"id": self.checklist_id, "version": self.checklist_version,
                          "hash": self.checklist_hash},
            "date": self.date,
            "inspector": self.inspector,
            "status": self.status,
            "answers": {k: a.as_dict() for k, a in sorted(self.answers.items()) if not a.is_empty},
        }
        if self.follows:  # only when set, so the content (and hash) of every first visit stays as it was
            content["follows"] = self.follows
        return content

    def content_hash(self) -> str:
        return hashlib.sha256(canonical_json(self.content())).hexdigest()


def canonical_json(data: Any) -> bytes:
    """The one JSON form that is hashed and signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def check_answers(checklist: Checklist, inspection: Inspection, *, ranges: bool = True) -> list[str]:
    """Every reason the answers do not fit the checklist, one sentence each (`ranges`: see check_answer)."""
    problems = []
    ids = {i.id for i in checklist.items}
    for item_id, answer in inspection.answers.items():
        if item_id not in ids:
            problems.append(f"检查表 {checklist.ref} 没有条目 {item_id}")
            continue
        try:
            check_answer(checklist.item(item_id), answer.value, ranges=ranges)
        except ValueError as e:
            problems.append(str(e))
    return problems
