"""The yearly township assessment: each assessed township's score and the ranking.

Which inspection is a township's assessment for a year is kept in `assessments` by
inspections.set_head: the inspection of the township itself changed last in that year.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    rank: int = 0

    def as_dict(self) -> dict:
        return {
            "township": self.township, "county": self.county, "inspection": self.inspection,
            "checklist": self.checklist, "status": self.status, "total": self.result.total,
            "grade": self.result.grade, "eligible": bool(self.result.eligible), "rank": self.rank,
            "categories": {c.id: c.score for c in self.result.categories}, "bonus": self.result.bonus,
            "vetoed": self.result.vetoed,
        }


FIRST_YEAR, LAST_YEAR = 1900, 9999  # dates are stored as YYYY-MM-DD text


def check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(f"年份 {year} 不对；请输入四位数的年份，例如 2009。")
    return year


def score_year(store: Store, year: int, township: str | None = None, *,
               required: bool = False) -> list[TownshipScore]:
    """Every assessed township of `year`, scored by the engine from its answers, ranked by total.

    Ties share a rank (1, 2, 2, 4); with `township` only that township's entry is returned,
    still carrying its rank among all. `required`: a year without assessments is refused
    rather than an empty ranking (what `qinspect score` tells a person).
    """
    check_year(year)
    rows = store.execute(
        "SELECT a.township_id, t.name, c.name, a.inspection_uuid, i.checklist_id, i.checklist_version, i.status "
        "FROM assessments a JOIN townships t ON t.id = a.township_id JOIN counties c ON c.id = t.county_id "
        "JOIN inspections i ON i.uuid = a.inspection_uuid WHERE a.year = ?", (year,)).fetchall()
    if required and not rows:
        raise NotFound(f"{year} 年没有考核记录；请确认年份，或先为乡镇(街道)做当年的考核检查。")
    scored = []
    for tid, tname, county, uuid, cid, cver, status in rows:
        checklist = checklists.get(store, cid, cver)
        insp = inspections.load(store, uuid)
        scored.append(TownshipScore(tname, county, tid, uuid, f"{cid}@{cver}", status,
                                    score(checklist, insp.values)))
    scored.sort(key=lambda s: (-s.result.total, s.county, s.township))
    ranked: list[TownshipScore] = []
    for n, s in enumerate(scored, 1):
        rank = ranked[-1].rank if ranked and ranked[-1].result.total == s.result.total else n
        ranked.append(TownshipScore(**{**s.__dict__, "rank": rank}))
    if township is not None:
        wanted = registers.find_township(store, township)["id"]
        ranked = [s for s in ranked if s.township_id == wanted]
        if not ranked:
            raise NotFound(f"{township} 在 {year} 年没有考核记录")
    return ranked


def years(store: Store) -> list[int]:
    """The years that have township assessments, newest first."""
    return [r[0] for r in store.execute("SELECT DISTINCT year FROM assessments ORDER BY year DESC")]


def assessed_townships(store: Store, year: int) -> list[tuple[int, str, str]]:
    """The townships assessed in a year as (id, county, township), county by county."""
    return store.execute(
        "SELECT t.id, c.name, t.name FROM assessments a JOIN townships t ON t.id = a.township_id "
        "JOIN counties c ON c.id = t.county_id WHERE a.year = ? ORDER BY c.code, t.id", (year,)).fetchall()
