"""The scoring engine: pure functions from a checklist and answers to scores.

The rules are written down, with a worked example, in docs/scoring.md. Answer
values, by item kind:

    passfail      "pass" | "fail" | "na"
    tiered        index of the chosen tier (0 = the best) | "na"
    quantity      the measured number | "na"
    deduction     number of findings (0, 1, 2, ...) | "na"
    bonus         number of units (brand products, awards, ...)
    veto          "pass" | "fail"
    text          free text
    photo         list of evidence SHA-256 hashes

An item with no answer (None) is open: it scores nothing, and a required open
item keeps the inspection from being completed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any, Mapping

from qinspect.domain.checklist import EVIDENCE_KINDS, SCORED_KINDS, Checklist, Item, ItemKind

NA = "na"
PASS = "pass"
FAIL = "fail"


class AnswerError(ValueError):
    """An answer value does not fit its item's kind."""


@dataclass(frozen=True)
class ItemScore:
    item_id: str
    status: str  # "scored", "na", "open", "info" (evidence), "veto-pass", "veto-fail"
    points: float  # awarded (to the category, or to the bonus for bonus items)
    max: float


@dataclass(frozen=True)
class CategoryScore:
    id: str
    title: str
    cap: float
    full: float  # sum of the maxima of all scored items in the category
    applicable: float  # sum of the maxima of the items that apply
    raw: float  # sum of the points awarded
    score: float  # raw scaled for not-applicable items, then capped


@dataclass(frozen=True)
class ScoreResult:
    items: dict[str, ItemScore]
    categories: list[CategoryScore]
    bonus: float
    bonus_raw: float
    total: float
    grade: str
    eligible: bool | None  # None when the checklist has no title threshold
    vetoed: list[str] = field(default_factory=list)  # item ids of failed veto items
    open_required: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.open_required

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "grade": self.grade,
            "eligible": self.eligible,
            "bonus": self.bonus,
            "categories": {c.id: c.score for c in self.categories},
            "vetoed": list(self.vetoed),
            "open_required": list(self.open_required),
        }


# Points are added as decimals, exactly as written in the template; only the scaling for
# not-applicable items divides, and it is rounded to two decimals right after.
ZERO = Decimal(0)
CENT = Decimal("0.01")


def round_points(value: Decimal | float) -> float:
    """Round half up to two decimals, as a person does on paper."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return float(d.quantize(CENT, rounding=ROUND_HALF_UP))


@lru_cache(maxsize=4096)
def _f(x: float) -> Decimal:
    return Decimal(str(x))


def check_answer(item: Item, value: Any) -> None:
    """Raise AnswerError when `value` cannot be an answer to `item` (None, open, always can)."""
    if value is None:
        return
    kind = item.kind
    if value == NA:
        if kind in SCORED_KINDS and item.allow_na:
            return
        raise AnswerError(f"item {item.id} cannot be marked not applicable")
    if kind in (ItemKind.PASSFAIL, ItemKind.VETO):
        if value not in (PASS, FAIL):
            raise AnswerError(f"item {item.id} takes pass or fail, not {value!r}")
    elif kind is ItemKind.TIERED:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < len(item.tiers):
            raise AnswerError(f"item {item.id} takes a tier from 1 to {len(item.tiers)}, not {value!r}")
    elif kind is ItemKind.QUANTITY:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            raise AnswerError(f"item {item.id} takes a number, not {value!r}")
    elif kind in (ItemKind.DEDUCTION, ItemKind.BONUS):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise AnswerError(f"item {item.id} takes a count of 0 or more, not {value!r}")
    elif kind is ItemKind.TEXT:
        if not isinstance(value, str):
            raise AnswerError(f"item {item.id} takes text, not {value!r}")
    elif kind is ItemKind.PHOTO:
        if not isinstance(value, list) or not all(isinstance(h, str) and len(h) == 64 for h in value):
            raise AnswerError(f"item {item.id} takes a list of evidence hashes")


def item_points(item: Item, value: Any) -> tuple[str, Decimal]:
    """Status and points of one item; bonus points go to the bonus, not the category."""
    check_answer(item, value)
    kind = item.kind
    if kind in EVIDENCE_KINDS:
        return "info", ZERO
    if value is None:
        return "open", ZERO
    if value == NA:
        return "na", ZERO
    if kind is ItemKind.VETO:
        return ("veto-pass" if value == PASS else "veto-fail"), ZERO
    if kind is ItemKind.PASSFAIL:
        return "scored", _f(item.points) if value == PASS else ZERO
    if kind is ItemKind.TIERED:
        return "scored", _f(item.tiers[value].points)
    if kind is ItemKind.QUANTITY:
        for t in item.thresholds:
            reached = value <= t.bound if item.lower_is_better else value >= t.bound
            if reached:
                return "scored", _f(t.points)
        return "scored", ZERO
    if kind is ItemKind.DEDUCTION:
        return "scored", max(ZERO, _f(item.points) - _f(item.per) * value)
    # bonus
    return "scored", min(_f(item.points), _f(item.per) * value)


def score(checklist: Checklist, answers: Mapping[str, Any]) -> ScoreResult:
    """Score a whole inspection. `answers` maps item id to answer value (missing = open)."""
    unknown = sorted(set(answers) - {i.id for i in checklist.items})
    if unknown:
        raise AnswerError(f"answers name items not in {checklist.ref}: {', '.join(unknown)}")
    items: dict[str, ItemScore] = {}
    raw: dict[str, Decimal] = {c.id: ZERO for c in checklist.categories}
    full: dict[str, Decimal] = {c.id: ZERO for c in checklist.categories}
    applicable: dict[str, Decimal] = {c.id: ZERO for c in checklist.categories}
    bonus_raw = ZERO
    vetoed: list[str] = []
    open_required: list[str] = []
    for item in checklist.items:
        value = answers.get(item.id)
        status, pts = item_points(item, value)
        items[item.id] = ItemScore(item.id, status, round_points(pts), item.max_points)
        if status == "open" and item.required:
            open_required.append(item.id)
        if status == "veto-fail":
            vetoed.append(item.id)
        if item.kind is ItemKind.BONUS:
            bonus_raw += pts
        elif item.kind in SCORED_KINDS:
            full[item.category] += _f(item.max_points)
            if status != "na":
                applicable[item.category] += _f(item.max_points)
                raw[item.category] += pts
    categories = []
    total = ZERO
    for cat in checklist.categories:
        cap = _f(cat.max)
        if applicable[cat.id] == 0:
            scaled = full[cat.id]  # nothing applies: nothing is held against the subject
        else:
            scaled = raw[cat.id] * full[cat.id] / applicable[cat.id]
        capped = min(cap, scaled)
        value = round_points(capped)
        total += Decimal(str(value))
        categories.append(CategoryScore(
            cat.id, cat.title, cat.max, round_points(full[cat.id]), round_points(applicable[cat.id]),
            round_points(raw[cat.id]), value,
        ))
    bonus = round_points(min(_f(checklist.bonus_max), bonus_raw))
    total_value = round_points(total + Decimal(str(bonus)))
    return ScoreResult(
        items=items, categories=categories, bonus=bonus, bonus_raw=round_points(bonus_raw),
        total=total_value,
        # 一票否决: a failed veto item puts the subject in the lowest band whatever its points
        grade=checklist.grades[-1].name if vetoed else grade_for(checklist, total_value),
        eligible=None if checklist.title_threshold is None
        else (not vetoed and total_value >= checklist.title_threshold),
        vetoed=vetoed, open_required=open_required,
    )


def grade_for(checklist: Checklist, total: float) -> str:
    for g in checklist.grades:
        if total >= g.min:
            return g.name
    return checklist.grades[-1].name
