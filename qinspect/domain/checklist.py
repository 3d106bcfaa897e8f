"""Checklist templates: the data model and strict validation of the TOML form.

A template is parsed from its TOML text; every mistake found is collected and
reported together as file, item id, field and why (see docs/checklists.md).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from qinspect.domain.derived import CATALOGUE as DERIVATIONS
from qinspect.domain.derived import COUNT as COUNTED
# The kinds live in their own table; ItemKind and KIND_LABELS are named here too, with the template.
from qinspect.domain.item_kinds import (  # noqa: F401
    BONUS, CATEGORY, KIND_LABELS, KINDS, ItemKind, unit_range,
)
from qinspect.errors import ChecklistError, Problem

# The five assessment categories (五大项) in their fixed order.
CATEGORIES: dict[str, str] = {
    "brand": "名牌战略和质量提升工程",
    "foundation": "质量基础工作",
    "product": "产品质量与监督",
    "food": "食品安全",
    "equipment": "特种设备安全",
}

SUBJECTS: dict[str, str] = {
    "township": "乡镇(街道)",
    "village": "行政村(社区)",
    "enterprise": "企业",
}

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")
_VERSION = re.compile(r"^[0-9]{4}([.-][0-9A-Za-z]+)*$")
FIRST_YEAR, LAST_YEAR = 1900, 9999  # the years an assessment can be of: dates are stored as YYYY-MM-DD text


@dataclass(frozen=True)
class Tier:
    label: str
    points: float


@dataclass(frozen=True)
class Threshold:
    """A value reaching `bound` (>= for higher-better, <= for lower-better) earns `points`."""

    bound: float
    points: float


@dataclass(frozen=True)
class Item:
    id: str
    category: str
    text: str
    standard: str
    kind: ItemKind
    points: float = 0.0
    tiers: tuple[Tier, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    lower_is_better: bool = False
    unit: str = ""
    # quantities: the values allowed (None: no limit), declared or the default of the unit
    min: float | None = None
    max: float | None = None
    decimals: bool = True
    per: float = 0.0
    allow_na: bool = False
    required: bool = True
    added: str = ""
    key: bool = False  # 重点项 (marked * on the sheets); the rest are 一般项
    derive: str = ""  # township quantity items: the derivation (domain/derived.py) counting its value

    @cached_property
    def max_points(self) -> float:
        """The most this item can give: to its category, or to the bonus for bonus items."""
        return KINDS[self.kind].max_points(self)


@dataclass(frozen=True)
class Category:
    id: str
    max: float

    @property
    def title(self) -> str:
        return CATEGORIES[self.id]


@dataclass(frozen=True)
class Grade:
    name: str
    min: float


@dataclass(frozen=True)
class Conclusion:
    """The 检查结果 rule of a daily-inspection form: 符合, 基本符合 or 不符合 from the items with problems.

    An item has a problem when it lost points or its veto failed. None at all is 符合; within
    both limits (and no failed veto) 基本符合; anything more 不符合.
    """

    key_max: int  # 重点项 with problems allowed for 基本符合
    general_max: int  # 一般项 with problems allowed for 基本符合

    OUTCOMES = ("符合", "基本符合", "不符合")

    def judge(self, key_problems: int, general_problems: int, vetoed: bool) -> str:
        if vetoed or key_problems > self.key_max or general_problems > self.general_max:
            return "不符合"
        return "符合" if key_problems + general_problems == 0 else "基本符合"

    def rule(self) -> str:
        return (f"未发现问题的为符合；重点项问题不超过 {self.key_max} 项且一般项问题不超过 {self.general_max} 项的"
                "为基本符合；超过的，或否决项未通过的，为不符合。")


@dataclass(frozen=True)
class Checklist:
    id: str
    version: str
    title: str
    subject: str
    categories: tuple[Category, ...]
    items: tuple[Item, ...]
    grades: tuple[Grade, ...]
    bonus_max: float = 0.0
    title_threshold: float | None = None
    note: str = ""
    visit_kinds: tuple[str, ...] = ()  # 检查类型 to tick on the sheet's head (首次, 复查, 双随机)
    visit_times: bool = False  # the sheet's head asks for 检查起止时间
    conclusion: Conclusion | None = None
    assessment_year: int | None = None  # township forms: the year whose yearly assessment this is
    source: str = field(default="", repr=False, compare=False)

    @property
    def hash(self) -> str:
        """SHA-256 of the TOML text: what an inspection records it was filled against."""
        return content_hash(self.source)

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def max_total(self) -> float:
        return sum(c.max for c in self.categories)

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    def items_of(self, category_id: str) -> list[Item]:
        return [it for it in self.items if it.category == category_id]

    def category_of(self, category_id: str) -> Category:
        for c in self.categories:
            if c.id == category_id:
                return c
        raise KeyError(category_id)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_checklist(text: str, source: str = "<template>") -> Checklist:
    """Parse and validate a template; raise ChecklistError listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ChecklistError([Problem(source, None, None, f"not valid TOML: {e}")]) from None
    v = _Validator(source)
    checklist = v.checklist(data, text)
    if v.problems:
        raise ChecklistError(v.problems)
    assert checklist is not None
    return checklist


class _Validator:
    """Collects problems while building a Checklist, so one run reports them all."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []

    def bad(self, item: str | None, fld: str | None, why: str) -> None:
        self.problems.append(Problem(self.source, item, fld, why))

    # -- typed field readers: report and return None on a wrong type ----------
    def text(self, d: dict, key: str, item: str | None, required: bool = True) -> str | None:
        value = d.get(key)
        if value is None:
            if required:
                self.bad(item, key, "is missing")
            return None
        if not isinstance(value, str):
            self.bad(item, key, "must be text")
            return None
        if required and not value.strip():
            self.bad(item, key, "must not be empty")
            return None
        return value.strip()

    def number(self, d: dict, key: str, item: str | None, required: bool = True) -> float | None:
        value = d.get(key)
        if value is None:
            if required:
                self.bad(item, key, "is missing")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.bad(item, key, "must be a number")
            return None
        return float(value)

    def flag(self, d: dict, key: str, item: str | None, default: bool) -> bool:
        value = d.get(key, default)
        if not isinstance(value, bool):
            self.bad(item, key, "must be true or false")
            return default
        return value

    # -- the template ----------------------------------------------------------
    _TOP_KEYS = {
        "id", "version", "title", "subject", "note", "bonus_max", "title_threshold",
        "categories", "grades", "items", "visit_kinds", "visit_times", "conclusion", "assessment_year",
    }
    _ITEM_KEYS = {
        "id", "category", "text", "standard", "kind", "points", "tiers", "thresholds",
        "unit", "per", "allow_na", "required", "added", "lower_is_better", "key",
        "derive",
        "min", "max", "decimals",
    }

    def checklist(self, data: dict[str, Any], text: str) -> Checklist | None:
        for key in sorted(set(data) - self._TOP_KEYS):
            self.bad(None, key, "is not a template field")
        cid = self.text(data, "id", None)
        if cid is not None and not _ID.match(cid):
            self.bad(None, "id", f"{cid!r} must start with a letter and hold only letters, digits, '-', '_' or '.'")
        version = self.text(data, "version", None)
        if version is not None and not _VERSION.match(version):
            self.bad(None, "version", f"{version!r} must start with a four-digit year, e.g. \"2009\"")
        title = self.text(data, "title", None)
        note = self.text(data, "note", None, required=False) or ""
        subject = self.text(data, "subject", None)
        if subject is not None and subject not in SUBJECTS:
            self.bad(None, "subject", f"{subject!r} is not one of {', '.join(SUBJECTS)}")
        categories = self.categories(data.get("categories"))
        grades = self.grades(data.get("grades"))
        bonus_max = self.number(data, "bonus_max", None, required=False) or 0.0
        if bonus_max < 0:
            self.bad(None, "bonus_max", "must not be negative")
        threshold = self.number(data, "title_threshold", None, required=False)
        if subject == "township" and threshold is None and "title_threshold" not in data:
            self.bad(None, "title_threshold", "is missing (a township assessment needs the title threshold)")
        max_total = sum(c.max for c in categories)
        if threshold is not None and not 0 <= threshold <= max_total + bonus_max:
            self.bad(None, "title_threshold", f"{threshold:g} is outside 0 to {max_total + bonus_max:g}")
        items = self.items(data.get("items"), {c.id: c for c in categories}, bonus_max)
        visit_kinds = self.visit_kinds(data.get("visit_kinds", []))
        visit_times = self.flag(data, "visit_times", None, False)
        conclusion = self.conclusion(data["conclusion"]) if "conclusion" in data else None
        if conclusion is not None and not any(i.key for i in items):
            self.bad(None, "conclusion", "needs at least one item marked key = true (重点项)")
        year = self.assessment_year(data, subject)
        self.derived_items(items, subject)
        if self.problems:
            return None
        return Checklist(
            id=cid, version=version, title=title, subject=subject, categories=tuple(categories),
            items=tuple(items), grades=tuple(grades), bonus_max=bonus_max,
            title_threshold=threshold, note=note, visit_kinds=visit_kinds, visit_times=visit_times,
            conclusion=conclusion, assessment_year=year, source=text,
        )

    def visit_kinds(self, raw: Any) -> tuple[str, ...]:
        if not isinstance(raw, list) or not all(isinstance(k, str) and k.strip() for k in raw):
            self.bad(None, "visit_kinds", "must be a list of names, e.g. [\"首次\", \"复查\", \"双随机\"]")
            return ()
        kinds = tuple(k.strip() for k in raw)
        if len(set(kinds)) != len(kinds):
            self.bad(None, "visit_kinds", "names a kind twice")
        return kinds

    def conclusion(self, raw: Any) -> Conclusion | None:
        if not isinstance(raw, dict):
            self.bad(None, "conclusion", "must be a table: [conclusion] with key_max and general_max")
            return None
        for key in sorted(set(raw) - {"key_max", "general_max"}):
            self.bad(None, f"conclusion.{key}", "is not a conclusion field")
        limits = {}
        for key in ("key_max", "general_max"):
            value = raw.get(key)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                self.bad(None, f"conclusion.{key}", "must be a whole number, 0 or more")
                return None
            limits[key] = value
        return Conclusion(**limits)

    def assessment_year(self, data: dict, subject: str | None) -> int | None:
        year = data.get("assessment_year")
        if year is None:
            return None
        if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
            self.bad(None, "assessment_year", "must be a four-digit year, e.g. assessment_year = 2010")
            return None
        if subject != "township":
            self.bad(None, "assessment_year", "only a township checklist can be a yearly assessment")
            return None
        return year

    def derived_items(self, items: list[Item], subject: str | None) -> None:
        """`derive` only on a township form's quantity items, naming a known derivation in its unit."""
        for item in items:
            if not item.derive:
                continue
            d = DERIVATIONS.get(item.derive)
            if subject != "township":
                self.bad(item.id, "derive", "only a township checklist's items can be derived from field data")
            elif item.kind is not ItemKind.QUANTITY:
                self.bad(item.id, "derive", f"only a quantity item can be derived, not a {item.kind.value} item")
            elif d is None:
                self.bad(item.id, "derive", f"{item.derive!r} is not one of {', '.join(DERIVATIONS)}")
            elif item.unit != d.unit:
                self.bad(item.id, "unit", f"must be {d.unit!r}, the unit of the derivation {d.name}")
            elif d.form != COUNTED and not item.allow_na:
                self.bad(item.id, "allow_na", f"must be true: {d.name} is 不适用 when there is nothing to count")

    def categories(self, raw: Any) -> list[Category]:
        if not isinstance(raw, list) or not raw:
            self.bad(None, "categories", "must list at least one [[categories]] table")
            return []
        out: list[Category] = []
        for n, c in enumerate(raw, 1):
            where = f"categories[{n}]"
            if not isinstance(c, dict):
                self.bad(None, where, "must be a table")
                continue
            for key in sorted(set(c) - {"id", "max"}):
                self.bad(None, f"{where}.{key}", "is not a category field")
            cat = self.text(c, "id", None)
            mx = self.number(c, "max", None)
            if cat is None or mx is None:
                self.bad(None, where, "needs an id and a max")
                continue
            if cat not in CATEGORIES:
                self.bad(None, f"{where}.id", f"{cat!r} is not one of {', '.join(CATEGORIES)}")
                continue
            if any(o.id == cat for o in out):
                self.bad(None, f"{where}.id", f"category {cat!r} appears twice")
                continue
            if mx <= 0:
                self.bad(None, f"{where}.max", "must be above 0")
                continue
            out.append(Category(cat, mx))
        order = list(CATEGORIES)
        if [c.id for c in out] != sorted((c.id for c in out), key=order.index):
            self.bad(None, "categories", f"must follow the order {', '.join(order)}")
        return out

    def grades(self, raw: Any) -> list[Grade]:
        if not isinstance(raw, list) or not raw:
            self.bad(None, "grades", "must list at least one [[grades]] band")
            return []
        out: list[Grade] = []
        for n, g in enumerate(raw, 1):
            if not isinstance(g, dict):
                self.bad(None, f"grades[{n}]", "must be a table")
                continue
            name = self.text(g, "name", None)
            mn = self.number(g, "min", None)
            if name is None or mn is None:
                continue
            out.append(Grade(name, mn))
        mins = [g.min for g in out]
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
            self.bad(None, "grades", "bands must go from the highest min to the lowest, each min once")
        if out and out[-1].min != 0:
            self.bad(None, "grades", "the last band must start at min = 0 so every total has a grade")
        return out

    def items(self, raw: Any, categories: dict[str, Category], bonus_max: float) -> list[Item]:
        if not isinstance(raw, list) or not raw:
            self.bad(None, "items", "must list at least one [[items]] table")
            return []
        out: list[Item] = []
        seen: set[str] = set()
        for n, d in enumerate(raw, 1):
            if not isinstance(d, dict):
                self.bad(f"#{n}", None, "must be a table")
                continue
            iid = d.get("id")
            label = iid if isinstance(iid, str) and iid else f"#{n}"
            if not isinstance(iid, str) or not _ID.match(iid):
                self.bad(label, "id", "must be text starting with a letter (letters, digits, '-', '_', '.')")
            elif iid in seen:
                self.bad(label, "id", "is used by another item; item ids must be unique")
            seen.add(label)
            item = self.item(d, label, categories, bonus_max)
            if item is not None:
                out.append(item)
        for cat in categories.values():
            if not any(i.category == cat.id and KINDS[i.kind].counts_to == CATEGORY for i in out):
                self.bad(None, f"categories.{cat.id}", "has no scored item")
        if bonus_max == 0 and any(KINDS[i.kind].counts_to == BONUS for i in out):
            self.bad(None, "bonus_max", "must be set above 0 when the template has bonus items")
        return out

    def item(self, d: dict, label: str, categories: dict[str, Category], bonus_max: float) -> Item | None:
        before = len(self.problems)
        for key in sorted(set(d) - self._ITEM_KEYS):
            self.bad(label, key, "is not an item field")
        kind_raw = d.get("kind")
        try:
            kind = ItemKind(kind_raw)
        except ValueError:
            self.bad(label, "kind", f"{kind_raw!r} is not one of {', '.join(k.value for k in ItemKind)}")
            return None
        category = self.text(d, "category", label)
        if category is not None and category not in categories:
            self.bad(label, "category", f"{category!r} is not a category of this template")
        text = self.text(d, "text", label)
        standard = self.text(d, "standard", label)
        allow_na = self.flag(d, "allow_na", label, False)
        rules = KINDS[kind]
        required = self.flag(d, "required", label, rules.required_by_default)
        lower = self.flag(d, "lower_is_better", label, False)
        added = self.text(d, "added", label, required=False) or ""
        key = self.flag(d, "key", label, False)
        unit = self.text(d, "unit", label, required=False) or ""
        derive = self.text(d, "derive", label, required=False) or ""
        points = 0.0
        per = 0.0
        tiers: tuple[Tier, ...] = ()
        thresholds: tuple[Threshold, ...] = ()

        def forbid(*keys: str) -> None:
            for key in keys:
                if key in d:
                    self.bad(label, key, f"does not belong to a {kind.value} item")

        if "points" in rules.fields:
            points = self.number(d, "points", label) or 0.0
            if "points" in d and points <= 0:
                self.bad(label, "points", "must be above 0")
        if "per" in rules.fields:
            per = self.number(d, "per", label) or 0.0
            if "per" in d and per <= 0:
                self.bad(label, "per", "must be above 0")
            if per > points > 0:
                self.bad(label, "per", f"{per:g} is more than the item's {points:g} points")
        else:
            forbid("per")
        if "tiers" in rules.fields:
            tiers = self.tiers(d.get("tiers"), label)
        else:
            forbid("tiers")
        if "thresholds" in rules.fields:
            thresholds = self.thresholds(d.get("thresholds"), label, lower)
            if not unit:
                self.bad(label, "unit", "is missing (a quantitative item names its unit)")
        else:
            forbid("thresholds", "lower_is_better")
        low, high, decimals = None, None, True
        if "range" in rules.fields:
            low, high, decimals = self.value_range(d, label, unit, thresholds)
        else:
            forbid("min", "max", "decimals")
        if "points" not in rules.fields:
            forbid("points")
        if allow_na and not rules.may_be_na:
            self.bad(label, "allow_na", f"a {kind.value} item cannot be not applicable")
        if key and kind in (ItemKind.BONUS, ItemKind.TEXT, ItemKind.PHOTO):
            self.bad(label, "key", f"a {kind.value} item cannot be a key item (重点项)")
        if len(self.problems) > before:
            return None
        item = Item(
            id=d["id"], category=category, text=text, standard=standard, kind=kind, points=points,
            tiers=tiers, thresholds=thresholds, lower_is_better=lower, unit=unit, min=low, max=high,
            decimals=decimals, per=per,
            allow_na=allow_na, required=required, added=added, key=key,
            derive=derive,
        )
        if rules.counts_to == BONUS:
            if item.max_points > bonus_max > 0:
                self.bad(label, "points", f"{item.max_points:g} is above the template's bonus_max of {bonus_max:g}")
        elif rules.counts_to == CATEGORY:
            cap = categories[category].max
            if item.max_points > cap:
                self.bad(label, "points", f"{item.max_points:g} is above the cap of {cap:g} for category {category}")
        return item

    def tiers(self, raw: Any, label: str) -> tuple[Tier, ...]:
        if not isinstance(raw, list) or len(raw) < 2:
            self.bad(label, "tiers", "must list at least two tiers, e.g. tiers = [{label = \"好\", points = 4}, ...]")
            return ()
        out = []
        for n, t in enumerate(raw, 1):
            if not isinstance(t, dict):
                self.bad(label, f"tiers[{n}]", "must be {label = ..., points = ...}")
                continue
            lab = self.text(t, "label", label)
            pts = self.number(t, "points", label)
            if lab is None or pts is None:
                continue
            if pts < 0:
                self.bad(label, f"tiers[{n}].points", "must not be negative")
            out.append(Tier(lab, pts))
        pts = [t.points for t in out]
        if pts != sorted(pts, reverse=True) or len(set(pts)) != len(pts):
            self.bad(label, "tiers", "are out of order: list them from the most points to the fewest, each value once")
        if len({t.label for t in out}) != len(out):
            self.bad(label, "tiers", "two tiers have the same label")
        return tuple(out)

    def value_range(self, d: dict, label: str, unit: str,
                    thresholds: tuple[Threshold, ...]) -> tuple[float | None, float | None, bool]:
        """A quantity's min, max and decimals: as declared, else the default of its unit."""
        low, high, decimals = unit_range(unit)
        if "min" in d:
            low = self.number(d, "min", label)
        if "max" in d:
            high = self.number(d, "max", label)
        decimals = self.flag(d, "decimals", label, decimals)
        if low is not None and high is not None and low > high:
            self.bad(label, "min", f"{low:g} is above max {high:g}")
        for key, limit in (("min", low), ("max", high)):
            if key in d and limit is not None and not decimals and not limit.is_integer():
                self.bad(label, key, f"{limit:g} is not a whole number, and the item takes no decimals")
        for n, t in enumerate(thresholds, 1):
            if (low is not None and t.bound < low) or (high is not None and t.bound > high):
                self.bad(label, f"thresholds[{n}]", f"{t.bound:g} is outside the item's range "
                         f"{'' if low is None else f'{low:g}'}..{'' if high is None else f'{high:g}'}, so it is never reached")
        return low, high, decimals

    def thresholds(self, raw: Any, label: str, lower: bool) -> tuple[Threshold, ...]:
        key = "at_most" if lower else "at_least"
        if not isinstance(raw, list) or not raw:
            self.bad(label, "thresholds", f"must list thresholds, e.g. [{{{key} = 95, points = 5}}, ...]")
            return ()
        out = []
        for n, t in enumerate(raw, 1):
            if not isinstance(t, dict) or key not in t:
                self.bad(label, f"thresholds[{n}]", f"must be {{{key} = ..., points = ...}}")
                continue
            bound = self.number(t, key, label)
            pts = self.number(t, "points", label)
            if bound is None or pts is None:
                continue
            if pts < 0:
                self.bad(label, f"thresholds[{n}].points", "must not be negative")
            out.append(Threshold(bound, pts))
        bounds = [t.bound for t in out]
        pts = [t.points for t in out]
        want = sorted(bounds) if lower else sorted(bounds, reverse=True)
        if bounds != want or len(set(bounds)) != len(bounds) or pts != sorted(pts, reverse=True):
            order = "lowest" if lower else "highest"
            self.bad(label, "thresholds", f"are out of order: start at the {order} {key} with the most points")
        return tuple(out)
