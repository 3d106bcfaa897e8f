"""The scoring engine: pure functions from a checklist and answers to scores.

The rules are written down, with a worked example, in docs/scoring.md; how each item kind
scores, and which answer values it takes, is in domain/item_kinds.py. An item with no answer
(None) is open: it scores nothing, and a required open item keeps the inspection from being
completed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Mapping

from qinspect.domain.checklist import Checklist, Item
# NA, PASS, FAIL and AnswerError are the answer values and their error: callers name them here too.
from qinspect.domain.item_kinds import (  # noqa: F401
    BONUS, CATEGORY, FAIL, NA, PASS, PLAIN_TYPES, ZERO, AnswerError, check_answer, decimal, rules,
)


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
CENT = Decimal("0.01")


def round_points(value: Decimal | float) -> float:
    """Round half up to two decimals, as a person does on paper."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return float(d.quantize(CENT, rounding=ROUND_HALF_UP))


def item_points(item: Item, value: Any) -> tuple[str, Decimal]:
    """Status and points of one item; bonus points go to the bonus, not the category."""
    check_answer(item, value, ranges=False)
    return rules(item).result(item, value)


# What one item gives for one answer never changes, and a checklist's items take few distinct answers:
# a bundle import or a year's ranking scores the same (item, value) pairs thousands of times.
# Keyed by the item's id() with the item kept in the entry, so a key is never reused for another item.
_ITEM_MEMO: dict[tuple[int, type, Any], tuple[Item, str, Decimal, ItemScore, str, Decimal]] = {}
_ITEM_MEMO_MAX = 100_000


def _item_score(item: Item, value: Any) -> tuple[Item, str, Decimal, ItemScore, str, Decimal]:
    """(item, status, points, its ItemScore, where the points count, the item's maximum) of one answer."""
    try:
        key: tuple | None = (id(item), type(value), value)
        hit = _ITEM_MEMO.get(key)
    except TypeError:  # an unhashable value (a list): worked out every time
        key = hit = None
    if hit is not None and hit[0] is item:
        return hit
    status, pts = item_points(item, value)
    entry = (item, status, pts, ItemScore(item.id, status, round_points(pts), item.max_points),
             rules(item).counts_to, decimal(item.max_points))
    if key is not None:
        if len(_ITEM_MEMO) >= _ITEM_MEMO_MAX:
            _ITEM_MEMO.clear()
        _ITEM_MEMO[key] = entry
    return entry


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
        _, status, pts, item_score, counts_to, most = _item_score(item, answers.get(item.id))
        items[item.id] = item_score
        if status == "open" and item.required:
            open_required.append(item.id)
        if status == "veto-fail":
            vetoed.append(item.id)
        if counts_to == BONUS:
            bonus_raw += pts
        elif counts_to == CATEGORY:
            full[item.category] += most
            if status != "na":
                applicable[item.category] += most
                raw[item.category] += pts
    categories = []
    total = ZERO
    for cat in checklist.categories:
        cap = decimal(cat.max)
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
    bonus = round_points(min(decimal(checklist.bonus_max), bonus_raw))
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


# What a checklist's scoring needs, worked out once: its item ids, each item with where it counts, and
# each category's full marks (the maxima of its scored items, whatever the answers), and per item what
# each plain answer it was given makes of it (a failed veto, where the points go, the points). Keyed by
# the checklist's id() with the checklist kept in the entry, as _ITEM_MEMO is.
_PLANS: dict[int, tuple[Checklist, frozenset[str], tuple, tuple]] = {}


def _plan(checklist: Checklist) -> tuple[Checklist, frozenset[str], tuple, tuple]:
    plan = _PLANS.get(id(checklist))
    if plan is not None and plan[0] is checklist:
        return plan
    index = {c.id: n for n, c in enumerate(checklist.categories)}
    full = [ZERO] * len(checklist.categories)
    items = []
    for item in checklist.items:
        counts_to, most = rules(item).counts_to, decimal(item.max_points)
        if counts_to == CATEGORY:
            full[index[item.category]] += most
        items.append((item, item.id, index.get(item.category), counts_to == BONUS, counts_to == CATEGORY, most, {}))
    cats = tuple((decimal(c.max), f) for c, f in zip(checklist.categories, full))
    plan = (checklist, frozenset(i.id for i in checklist.items), tuple(items), cats)
    if len(_PLANS) >= 1_000:
        _PLANS.clear()
    _PLANS[id(checklist)] = plan
    return plan


_CATEGORY, _BONUS, _NOT_APPLICABLE = 1, 2, 3  # where an item's points go in total_and_grade (0: nowhere)


def total_and_grade(checklist: Checklist, answers: Mapping[str, Any]) -> tuple[float, str]:
    """The total and grade `score` gives, without the per-item and per-category results.

    For who keeps only these two (a bundle import scores every inspection it settles). The same
    arithmetic as `score`, step for step, so the figures are the same to the cent
    (tests/unit/test_scoring_lean.py compares the two over every shipped checklist).
    """
    _, ids, items, cats = _plan(checklist)
    if not ids.issuperset(answers):
        unknown = sorted(set(answers) - ids)
        raise AnswerError(f"answers name items not in {checklist.ref}: {', '.join(unknown)}")
    raw = [ZERO] * len(cats)
    missing = [ZERO] * len(cats)  # the maxima of the category's items that do not apply
    bonus_raw = ZERO
    vetoed = False
    get = answers.get
    for item, item_id, cat, to_bonus, to_category, most, seen in items:
        value = get(item_id)
        plain = type(value) in PLAIN_TYPES  # what a plain answer gives an item is kept in the plan
        known = seen.get(value) if plain else None
        if known is None:
            status, pts = _item_score(item, value)[1:3]
            goes = _BONUS if to_bonus else (_NOT_APPLICABLE if status == "na" else _CATEGORY) if to_category else 0
            known = (status == "veto-fail", goes, pts)
            if plain and len(seen) < 256:
                seen[value] = known
        veto, goes, pts = known
        if veto:
            vetoed = True
        if goes == _CATEGORY:
            raw[cat] += pts
        elif goes == _BONUS:
            bonus_raw += pts
        elif goes == _NOT_APPLICABLE:
            missing[cat] += most
    total = ZERO
    for (cap, full), got, left_out in zip(cats, raw, missing):
        # as `score`, without its trips through float: a category's score has two decimals and far
        # fewer than 15 digits, so the float it rounds to reads back as the same decimal
        fits = full - left_out  # the maxima of the items that apply, exactly as `score` adds them
        scaled = got if fits == full else full if fits == 0 else got * full / fits
        total += min(cap, scaled).quantize(CENT, rounding=ROUND_HALF_UP)
    bonus = round_points(min(decimal(checklist.bonus_max), bonus_raw))
    total_value = round_points(total + Decimal(str(bonus)))
    return total_value, checklist.grades[-1].name if vetoed else grade_for(checklist, total_value)


def grade_for(checklist: Checklist, total: float) -> str:
    for g in checklist.grades:
        if total >= g.min:
            return g.name
    return checklist.grades[-1].name
