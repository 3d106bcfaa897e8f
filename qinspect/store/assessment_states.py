"""Which inspection counts as a township's assessment for a year, and its workflow state.

Kept in `assessments` (one row per township and year) and changed only here, each change with
its audit entry (entity "assessment", id "YEAR/TOWNSHIP-UUID") and, for a step, its row in
`assessment_steps` (what bundles carry; sync/workflow_sync.py merges arriving ones). The rules: a township
inspection on the year's assessment form becomes the counting one only when none is chosen
yet; choosing another is explicit (`choose`), and only while the assessment is a draft;
steps go forward one state at a time, back one state with a reason. Call inside the
transaction that makes the change.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from dataclasses import dataclass

from qinspect.domain.assessments import (
    CONFIRMED, DRAFT, SCORED, STATE_LABELS, STEP_LABELS, SUBMITTED, next_state, previous_state)
from qinspect.errors import InvalidInput, NotFound
from qinspect.store import audit
from qinspect.store.db import Store

ENTITY = "assessment"


@dataclass(frozen=True)
class Counting:
    year: int
    township_id: int
    township: str
    inspection: str  # uuid
    state: str


def entity_id(store: Store, year: int, township_id: int) -> str:
    # the township's uuid, not its local id, so the entry names the same township on every laptop
    uuid = store.execute("SELECT uuid FROM townships WHERE id = ?", (township_id,)).fetchone()[0]
    return f"{year}/{uuid}"


def counting(store: Store, year: int, township_id: int) -> Counting | None:
    row = store.execute(
        "SELECT a.inspection_uuid, a.state, t.name FROM assessments a JOIN townships t ON t.id = a.township_id "
        "WHERE a.year = ? AND a.township_id = ?", (year, township_id)).fetchone()
    return None if row is None else Counting(year, township_id, row[2], row[0], row[1])


def counting_of(store: Store, inspection_uuid: str) -> Counting | None:
    """The assessment an inspection counts as, if it does."""
    row = store.execute("SELECT year, township_id FROM assessments WHERE inspection_uuid = ?",
                        (inspection_uuid,)).fetchone()
    return None if row is None else counting(store, row[0], row[1])


def _record(store: Store, action: str, year: int, township_id: int, detail: dict) -> None:
    audit.append(store, action, ENTITY, entity_id(store, year, township_id), {"year": year, **detail})


def _set_state(store: Store, c: Counting, state: str, action: str, detail: dict) -> Counting:
    store.execute("UPDATE assessments SET state = ? WHERE year = ? AND township_id = ?",
                  (state, c.year, c.township_id))
    add_step(store, c.year, c.township_id, c.inspection, c.state, state, detail.get("note", detail.get("reason", "")))
    _record(store, action, c.year, c.township_id,
            {"inspection": c.inspection, "from": c.state, "to": state, **detail})
    return Counting(c.year, c.township_id, c.township, c.inspection, state)


def add_step(store: Store, year: int, township_id: int, inspection: str, from_state: str, to_state: str,
             note: str, *, by: str | None = None, step_id: str | None = None) -> None:
    """A step's row, taken on this installation: what bundles carry (sync/workflow_sync.py).

    Its id is made here (a uuid unless given), its time is UTC to the microsecond and its number
    is this device's next, so steps taken within one second still sort in the order they were taken;
    it names the head revision it was taken on (what was scored or confirmed).
    """
    store.execute("INSERT INTO assessment_steps(id, year, township_id, inspection_uuid, from_state, to_state, "
                  "by_user, at, note, device_id, seq, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                  "(SELECT COALESCE(max(seq), 0) + 1 FROM assessment_steps WHERE device_id = ?10), "
                  "COALESCE((SELECT head FROM inspections WHERE uuid = ?4), ''))",
                  (step_id or uuidlib.uuid4().hex, year, township_id, inspection, from_state, to_state,
                   store.user if by is None else by, dt.datetime.now(dt.timezone.utc).isoformat(), note,
                   store.device_id))


def _required(store: Store, year: int, township_id: int) -> Counting:
    c = counting(store, year, township_id)
    if c is None:
        name = store.execute("SELECT name FROM townships WHERE id = ?", (township_id,)).fetchone()
        raise NotFound(f"{name[0] if name else township_id} 在 {year} 年还没有考核检查；请先做当年的考核，"
                       "或用 qinspect assessments choose 指定一份。")
    return c


def step_forward(store: Store, year: int, township_id: int, to_state: str, note: str = "") -> Counting:
    """提交, 评分 or 确认: one state forward; the inspection must be completed to be submitted."""
    c = _required(store, year, township_id)
    if next_state(c.state) != to_state:
        raise InvalidInput(f"{c.township} {year} 年的考核当前为“{STATE_LABELS[c.state]}”，不能{STEP_LABELS[to_state]}；"
                           f"考核依次为 草稿 → 已提交 → 已评分 → 已确认。")
    status = store.execute("SELECT status FROM inspections WHERE uuid = ?", (c.inspection,)).fetchone()[0]
    if status != "completed":
        raise InvalidInput(f"{c.township} {year} 年的考核检查还是草稿，请先填写完所有必填条目并完成检查。")
    return _set_state(store, c, to_state, to_state, {"note": note.strip()})


def step_back(store: Store, year: int, township_id: int, reason: str) -> Counting:
    """One state back (已确认 → 已评分 → 已提交 → 草稿), with the reason in the audit log."""
    if not reason.strip():
        raise InvalidInput("退回考核需要填写原因。")
    c = _required(store, year, township_id)
    back = previous_state(c.state)
    if back is None:
        raise InvalidInput(f"{c.township} {year} 年的考核已是草稿，不能再退回。")
    return _set_state(store, c, back, "back", {"reason": reason.strip()})


def choose(store: Store, inspection_uuid: str, year: int, township_id: int) -> Counting:
    """Make this inspection the counting assessment of its township and year (only over a draft)."""
    c = counting(store, year, township_id)
    if c is not None and c.inspection == inspection_uuid:
        return c
    if c is not None and c.state != DRAFT:
        raise InvalidInput(f"{c.township} {year} 年的考核已{STATE_LABELS[c.state][1:]}，不能改选；"
                           "请先逐级退回到草稿（需填写原因）再改选。")
    earlier = counting_of(store, inspection_uuid)
    if earlier is not None:  # the inspection counted for another year (its date was changed)
        _drop(store, earlier, "改选")
    store.execute("INSERT INTO assessments(year, township_id, inspection_uuid, state) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT(year, township_id) DO UPDATE SET inspection_uuid = excluded.inspection_uuid, "
                  "state = excluded.state", (year, township_id, inspection_uuid, DRAFT))
    _record(store, "choose", year, township_id,
            {"inspection": inspection_uuid, "replaces": c.inspection if c else None})
    return _required(store, year, township_id)


def _drop(store: Store, c: Counting, why: str) -> None:
    store.execute("DELETE FROM assessments WHERE year = ? AND township_id = ?", (c.year, c.township_id))
    _record(store, "drop", c.year, c.township_id, {"inspection": c.inspection, "from": c.state, "reason": why})


def follow_head(store: Store, inspection_uuid: str, township_id: int, year: int | None, changed: bool) -> None:
    """Keep `assessments` true after a township inspection got a new head (saved or imported).

    `year` is the year whose assessment form it is filled on and in which it is dated (None when
    it is not on that year's form). An inspection moved out of its year stops counting; one
    changed after it was scored or confirmed goes back to 已提交 to be scored again; a new one
    counts when its township has no assessment that year yet.
    """
    c = counting_of(store, inspection_uuid)
    if c is not None and c.year != year:
        _drop(store, c, "考核检查的日期或检查表已不属于该年度")
        c = None
    if c is not None and changed and c.state in (SCORED, CONFIRMED):
        why = {"reason": "评分后考核检查被修改，需要重新评分"}
        state = settle(store, c.year, c.township_id)  # its score was of another revision: 已提交 by the rule
        if state in (SCORED, CONFIRMED):  # a score taken before steps named their revision: back as before
            _set_state(store, c, SUBMITTED, "back", why)
        else:
            _record(store, "back", c.year, c.township_id, {"inspection": c.inspection, "from": c.state, "to": state, **why})
    if c is None and year is not None and counting(store, year, township_id) is None:
        store.execute("INSERT INTO assessments(year, township_id, inspection_uuid, state) VALUES (?, ?, ?, ?)",
                      (year, township_id, inspection_uuid, DRAFT))
        _record(store, "choose", year, township_id, {"inspection": inspection_uuid, "replaces": None,
                                                     "reason": "该乡镇当年第一份考核检查"})
        settle(store, year, township_id)  # its steps may have come in a bundle before it did


def settle(store: Store, year: int, township_id: int) -> str | None:
    """Give the counting inspection the state of its latest step, the steps' own merge rule.

    Latest by the step's own time, then device id, then that device's step number, then step id;
    a score or confirmation of another revision than the inspection's head is back at 已提交 (the
    inspection changed after it was scored). The same steps and revisions give the same state
    whatever order they arrived in (docs/bundles.md). Returns the state; None if none counts.
    """
    row = store.execute("SELECT inspection_uuid, state FROM assessments WHERE year = ? AND township_id = ?",
                        (year, township_id)).fetchone()
    if row is None:
        return None
    latest = store.execute("SELECT s.to_state, s.revision, i.head FROM assessment_steps s JOIN inspections i "
                           "ON i.uuid = s.inspection_uuid WHERE s.year = ? AND s.township_id = ? AND s.inspection_uuid = ? "
                           "ORDER BY s.at DESC, s.device_id DESC, s.seq DESC, s.id DESC LIMIT 1",
                           (year, township_id, row[0])).fetchone()
    if latest is None:
        return row[1]
    state, scored_revision, head = latest
    if state in (SCORED, CONFIRMED) and scored_revision not in ("", head):
        state = SUBMITTED
    if state != row[1]:
        store.execute("UPDATE assessments SET state = ? WHERE year = ? AND township_id = ?", (state, year, township_id))
    return state
