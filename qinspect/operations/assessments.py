"""The yearly township assessment: its workflow (submit, score, confirm, step back), the counting
inspection, which years and townships there are, the scores and the year's ranking.

Each step is one transaction with its audit entry (store/assessment_states.py); the rules are
in domain/assessments.py and docs/scoring.md.
"""

from __future__ import annotations

import json
from pathlib import Path

from qinspect.domain.assessments import CONFIRMED, SCORED, STATE_LABELS, SUBMITTED, assessment_year
from qinspect.errors import InvalidInput
from qinspect.operations.changes import INSPECTIONS, changes
from qinspect.reports import tables
from qinspect.store import assessment_states, audit, checklists, inspections, registers
from qinspect.store.assessment_states import Counting
from qinspect.store.assessments import (
    TownshipScore, assessed_townships, check_year, no_assessments, score_year, years,
)
from qinspect.store.db import Store

__all__ = ["TownshipScore", "assessed_townships", "back", "choose", "confirm", "export_scores", "listing", "score",
           "score_year", "submit", "years"]


def _township_id(store: Store, township: str, year: int) -> int:
    check_year(year)  # a year SQLite cannot even hold is refused in words
    return registers.find_township(store, township)["id"]


@changes(INSPECTIONS)  # the year view and the lists show the workflow state
def submit(store: Store, township: str, year: int, note: str = "") -> Counting:
    """The township submits its assessment (草稿 → 已提交)."""
    with store.atomic():
        return assessment_states.step_forward(store, year, _township_id(store, township, year), SUBMITTED, note)


@changes(INSPECTIONS)
def score(store: Store, township: str, year: int, note: str = "") -> Counting:
    """The county has scored it (已提交 → 已评分): it enters the ranking, flagged as not yet confirmed."""
    with store.atomic():
        return assessment_states.step_forward(store, year, _township_id(store, township, year), SCORED, note)


@changes(INSPECTIONS)
def confirm(store: Store, township: str, year: int, note: str = "") -> Counting:
    """The city confirms it (已评分 → 已确认)."""
    with store.atomic():
        return assessment_states.step_forward(store, year, _township_id(store, township, year), CONFIRMED, note)


@changes(INSPECTIONS)
def back(store: Store, township: str, year: int, reason: str) -> Counting:
    """One step back, with the reason kept in the audit log."""
    with store.atomic():
        return assessment_states.step_back(store, year, _township_id(store, township, year), reason)


@changes(INSPECTIONS)
def choose(store: Store, inspection_id: str) -> Counting:
    """Make an inspection (its id or first 6+ characters) the counting assessment of its township's year."""
    uuid = inspections.find_uuid(store, inspection_id)
    row = store.execute("SELECT subject_kind, township_id, date, checklist_id, checklist_version "
                        "FROM inspections WHERE uuid = ?", (uuid,)).fetchone()
    kind, township_id, date, cid, version = row
    if kind != "township":
        raise InvalidInput(f"检查 {uuid[:10]} 不是对乡镇(街道)本身的考核检查，不能作为年度考核。")
    year = int(date[:4])
    form = checklists.get(store, cid, version)
    if assessment_year(form) != year:
        raise InvalidInput(f"检查 {uuid[:10]} 用的检查表 {form.ref} 不是 {year} 年度的考核评分表，不能作为 {year} 年的考核。")
    with store.atomic():
        return assessment_states.choose(store, uuid, year, township_id)


def listing(store: Store, year: int) -> list[dict]:
    """Every township assessment of a year with its state and last workflow step, county by county."""
    check_year(year)
    rows = list(store.query(
        "SELECT a.township_id, t.uuid AS township_uuid, t.name AS township, c.name AS county, "
        "a.inspection_uuid AS inspection, i.checklist_id || '@' || i.checklist_version AS checklist, "
        "i.status, i.total, i.grade, a.state FROM assessments a JOIN townships t ON t.id = a.township_id "
        "JOIN counties c ON c.id = t.county_id JOIN inspections i ON i.uuid = a.inspection_uuid "
        "WHERE a.year = ? ORDER BY c.code, t.name", [year]))
    if not rows:
        raise no_assessments(year)
    last = {e["entity_id"]: e for e in audit.entries(store, assessment_states.ENTITY)}
    out = []
    for r in rows:
        step = last.get(f"{year}/{r.pop('township_uuid')}")
        detail = json.loads(step["detail"]) if step else {}
        r.pop("township_id")
        out.append({**r, "state_label": STATE_LABELS[r["state"]],
                    "changed_at": step["at"] if step else None, "changed_by": step["user"] if step else None,
                    "note": detail.get("note") or detail.get("reason") or ""})
    return out



def export_scores(store: Store, year: int, path: Path, fmt: str) -> Path:
    """The year's ranking as a CSV or xlsx table (what `qinspect export scores` writes)."""
    return tables.write_table(tables.score_rows(store, year), path, fmt)
