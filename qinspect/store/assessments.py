"""The yearly township assessment: each assessed township's score, its workflow state and the ranking.

Which inspection is a township's assessment for a year, and where it is in the workflow, is
kept in `assessments` by store/assessment_states.py; the rank order is domain/assessments.py's.
"""

from __future__ import annotations

from dataclasses import dataclass

from qinspect.domain.assessments import RANKED_STATES, STATES, Placing, rank_key, shared_ranks
from qinspect.domain.checklist import FIRST_YEAR, LAST_YEAR
from qinspect.domain.scoring import ScoreResult, score
from qinspect.errors import InvalidInput, NotFound
from qinspect.store import checklists, inspections, registers
from qinspect.store.db import Store


@dataclass(frozen=True)
class TownshipScore:
    township: str
    county: str
    township_id: int
    inspection: str
    checklist: str
    status: str
    result: ScoreResult
    state: str  # the workflow state: draft | submitted | scored | confirmed
    county_code: str
    rank: int | None = None  # None: not ranked (a draft or a submitted assessment)

    @property
    def ranked(self) -> bool:
        return self.state in RANKED_STATES

    def as_dict(self) -> dict:
        return {
            "township": self.township, "county": self.county, "inspection": self.inspection,
            "checklist": self.checklist, "status": self.status, "total": self.result.total,
            "grade": self.result.grade, "eligible": bool(self.result.eligible),
            "rank": self.rank, "categories": {c.id: c.score for c in self.result.categories},
            "bonus": self.result.bonus, "vetoed": self.result.vetoed, "state": self.state,
        }


def check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(f"年份 {year} 不对；请输入四位数的年份，例如 2009。")
    return year


def score_year(store: Store, year: int, township: str | None = None, *,
               unranked: bool = False, required: bool = False) -> list[TownshipScore]:
    """The ranking of `year`: the confirmed and scored assessments, scored by the engine from their answers.

    Rank order (domain/assessments.py rank_key): every township that passed the veto before
    every vetoed one, then by total; equal totals share a rank (1, 2, 2, 4) and are listed by
    county code and township name. With `unranked`, the drafts and submitted assessments follow,
    rank None, by state, county code and name. With `township` only that township's entry is
    returned, still carrying its rank among all. `required`: a year with nothing to list is
    refused rather than answered with an empty ranking (what `qinspect score` and printing say).
    """
    check_year(year)
    rows = store.execute(
        "SELECT a.township_id, t.name, c.name, c.code, a.inspection_uuid, a.state, i.checklist_id, "
        "i.checklist_version, i.status FROM assessments a JOIN townships t ON t.id = a.township_id "
        "JOIN counties c ON c.id = t.county_id JOIN inspections i ON i.uuid = a.inspection_uuid "
        "WHERE a.year = ?", (year,)).fetchall()
    if required and not rows:
        raise no_assessments(year)
    scored = []
    for tid, tname, county, code, uuid, state, cid, cver, status in rows:
        if state not in RANKED_STATES and not unranked:
            continue
        checklist = checklists.get(store, cid, cver)
        insp = inspections.load(store, uuid)
        scored.append(TownshipScore(tname, county, tid, uuid, f"{cid}@{cver}", status,
                                    score(checklist, insp.values), state, code))

    def placing(s: TownshipScore) -> Placing:
        return Placing(bool(s.result.vetoed), s.result.total, s.county_code, s.township)

    ranked = sorted((s for s in scored if s.ranked), key=lambda s: rank_key(placing(s)))
    out = [TownshipScore(**{**s.__dict__, "rank": r})
           for s, r in zip(ranked, shared_ranks([placing(s) for s in ranked]))]
    out += sorted((s for s in scored if not s.ranked),
                  key=lambda s: (-STATES.index(s.state), s.county_code, s.township))
    if required and not out:
        raise NotFound(f"{year} 年还没有已评分或已确认的考核，排名是空的；请先为乡镇(街道)的考核评分。")
    if township is not None:
        wanted = registers.find_township(store, township)["id"]
        out = [s for s in out if s.township_id == wanted]
        if not out:
            raise NotFound(f"{township} 在 {year} 年没有{'' if unranked else '已评分或已确认的'}考核记录")
    return out


def no_assessments(year: int) -> NotFound:
    """The refusal for a year without any township assessment (the ranking, the listing, printing)."""
    return NotFound(f"{year} 年没有考核记录；请确认年份，或先为乡镇(街道)做当年的考核检查。")


def years(store: Store) -> list[int]:
    """The years that have township assessments, newest first."""
    return [r[0] for r in store.execute("SELECT DISTINCT year FROM assessments ORDER BY year DESC")]


def assessed_townships(store: Store, year: int) -> list[tuple[int, str, str]]:
    """The townships assessed in a year as (id, county, township), county by county."""
    return store.execute(
        "SELECT t.id, c.name, t.name FROM assessments a JOIN townships t ON t.id = a.township_id "
        "JOIN counties c ON c.id = t.county_id WHERE a.year = ? ORDER BY c.code, t.id", (year,)).fetchall()
