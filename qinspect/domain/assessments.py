"""The yearly township assessment's rules: its workflow states, which form counts for a year, rank order.

草稿 → 已提交 (the township submits) → 已评分 (the county scores) → 已确认 (the city confirms);
a step back goes one state down and needs a reason. The ranking holds the confirmed and the
scored assessments (each flagged with its state); drafts and submitted ones are listed apart.
The written rules are in docs/scoring.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from qinspect.domain.checklist import Checklist

DRAFT, SUBMITTED, SCORED, CONFIRMED = "draft", "submitted", "scored", "confirmed"
STATES = (DRAFT, SUBMITTED, SCORED, CONFIRMED)  # in workflow order
STATE_LABELS = {DRAFT: "草稿", SUBMITTED: "已提交", SCORED: "已评分", CONFIRMED: "已确认"}
STEP_LABELS = {SUBMITTED: "提交", SCORED: "评分", CONFIRMED: "确认"}
RANKED_STATES = (CONFIRMED, SCORED)

# The township assessment forms shipped before templates could say `assessment_year`: each
# version is the assessment of the year it is named after. Their text cannot gain the field,
# since a published version is immutable and installed databases hold the old text's hash.
SHIPPED_ASSESSMENT_IDS = frozenset({"township-assessment"})


def next_state(state: str) -> str | None:
    """The state one step forward, None after 已确认."""
    n = STATES.index(state)
    return STATES[n + 1] if n + 1 < len(STATES) else None


def previous_state(state: str) -> str | None:
    """The state one step back, None for 草稿."""
    n = STATES.index(state)
    return STATES[n - 1] if n else None


def assessment_year(checklist: Checklist) -> int | None:
    """The year whose township assessment this form is, or None when it is not one.

    A template declares it with `assessment_year`; a shipped `township-assessment` version
    "2009" (or "2009.1") is the assessment of 2009.
    """
    if checklist.subject != "township":
        return None
    if checklist.assessment_year is not None:
        return checklist.assessment_year
    if checklist.id in SHIPPED_ASSESSMENT_IDS:
        return int(checklist.version[:4])
    return None


@dataclass(frozen=True)
class Placing:
    """What the rank order looks at for one township."""
    vetoed: bool
    total: float
    county_code: str
    township: str


def rank_key(p: Placing) -> tuple:
    """Passed the veto before vetoed, then the higher total; ties by county code, then township name
    (Unicode code point order, the same on every laptop)."""
    return (p.vetoed, -p.total, p.county_code, p.township)


def shared_ranks(ordered: list[Placing]) -> list[int]:
    """Ranks of placings already sorted by rank_key: equal (vetoed, total) share a rank (1, 2, 2, 4)."""
    ranks: list[int] = []
    for n, p in enumerate(ordered, 1):
        before = ordered[n - 2] if n > 1 else None
        same = before is not None and (before.vetoed, before.total) == (p.vetoed, p.total)
        ranks.append(ranks[-1] if same else n)
    return ranks
