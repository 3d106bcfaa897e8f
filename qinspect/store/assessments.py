"""The yearly township assessment: which inspection is a township's assessment, and the ranking."""

from __future__ import annotations

from dataclasses import dataclass

from qinspect.domain.scoring import ScoreResult, score
from qinspect.errors import InvalidInput, NotFound
from qinspect.store import audit, checklists, inspections, registers
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


def assign(store: Store, year: int, township_id: int, inspection_uuid: str) -> None:
    """Record that `inspection_uuid` is the township's assessment for `year`."""
    row = store.execute("SELECT subject_kind, township_id, date FROM inspections WHERE uuid = ?",
                        (inspection_uuid,)).fetchone()
    if row is None:
        raise NotFound(f"没有编号为 {inspection_uuid} 的检查")
    if row[0] != "township" or row[1] != township_id:
        raise InvalidInput("年度考核只能是对该乡镇(街道)本身的检查")
    if not row[2].startswith(f"{year:04d}"):
        raise InvalidInput(f"检查日期 {row[2]} 不在 {year} 年内")
    with store.atomic():
        store.execute("INSERT INTO assessments(year, township_id, inspection_uuid) VALUES (?, ?, ?) "
                      "ON CONFLICT(year, township_id) DO UPDATE SET inspection_uuid = excluded.inspection_uuid",
                      (year, township_id, inspection_uuid))
        audit.append(store, "assign", "assessment", f"{year}/{township_id}", {"inspection": inspection_uuid})


def score_year(store: Store, year: int, township: str | None = None) -> list[TownshipScore]:
    """Every assessed township of `year`, scored by the engine from its answers, ranked by total.

    Ties share a rank (1, 2, 2, 4); with `township` only that township's entry is returned,
    still carrying its rank among all.
    """
    rows = store.execute(
        "SELECT a.township_id, t.name, c.name, a.inspection_uuid, i.checklist_id, i.checklist_version, i.status "
        "FROM assessments a JOIN townships t ON t.id = a.township_id JOIN counties c ON c.id = t.county_id "
        "JOIN inspections i ON i.uuid = a.inspection_uuid WHERE a.year = ?", (year,)).fetchall()
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
