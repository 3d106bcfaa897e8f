"""Items derived from field data: the fixed catalogue of derivations and how their values are written.

A quantity item of a township assessment may declare `derive = "NAME"`: its value is then
counted from the year's field inspections (store/derived.py holds the SQL) instead of judged by
a person. An answer keeps where its value came from in its note, which travels with the
revision: "由现场检查数据计算：…" for a computed value, "改写：REASON（计算值 …）" for one an
assessor overrode. The rules are written in docs/scoring.md ("Items derived from field data").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from qinspect.domain.item_kinds import NA

SHARE, PER_HUNDRED, COUNT = "share", "per-hundred", "count"  # how numerator and denominator give the value


@dataclass(frozen=True)
class Derivation:
    name: str  # what a template's `derive` names
    label: str
    explanation: str  # one sentence: how the value is counted
    unit: str  # the unit the item must declare
    form: str  # SHARE (numerator ÷ denominator × 100), PER_HUNDRED (the same, per hundred), COUNT (the numerator)
    numerator: str  # what the numerator counts, for the listings
    denominator: str = ""

    def value(self, numerator: int, denominator: int | None) -> Decimal | None:
        """The item's value, rounded half up to two decimals; None when there is nothing to count
        (a share whose denominator is 0), which the answer gives as 不适用."""
        if self.form == COUNT:
            return Decimal(numerator)
        if not denominator:
            return None
        return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


CATALOGUE: dict[str, Derivation] = {d.name: d for d in (
    Derivation("enterprise_coverage", "辖区企业年度现场检查覆盖率",
               "当年至少有一次已完成的现场检查的本乡镇企业数 ÷ 本乡镇登记的企业数 × 100%。",
               "%", SHARE, "检查过的企业", "登记的企业"),
    Derivation("product_pass_rate", "产品质量现场检查合格率",
               "当年已完成的产品质量（enterprise-product）检查中等级不是最低档（不合格）的次数 ÷ 已完成的检查次数 × 100%。",
               "%", SHARE, "合格的检查", "已完成的检查"),
    Derivation("village_network_pass_rate", "村(社区)质量监督网络检查合格率",
               "当年最近一次已完成的网络（village-network）检查等级不是最低档（不合格）的村(社区)数 ÷ 本乡镇的村(社区)数 × 100%。",
               "%", SHARE, "检查合格的村(社区)", "村(社区)"),
    Derivation("food_inspections_per_100", "每百家食品生产企业现场检查次数",
               "当年已完成的食品安全（enterprise-food）检查次数 ÷ 行业含“食品”的本乡镇企业数 × 100。",
               "次/百家", PER_HUNDRED, "食品安全检查", "食品生产企业"),
    Derivation("rectifications_on_time", "现场检查整改按期完成率",
               "本乡镇村(社区)和企业的检查中整改期限在当年的整改项里，在期限当日或之前销号的项数 ÷ 整改项数 × 100%。",
               "%", SHARE, "按期销号的整改", "当年到期的整改"),
    Derivation("overdue_rectifications", "逾期未整改项数",
               "本乡镇村(社区)和企业当年检查的整改项中，到年末（年内取今天）已过期限仍未销号的项数。",
               "项", COUNT, "逾期未整改"),
)}

DERIVED_MARK = "由现场检查数据计算"
OVERRIDE_MARK = "改写："
DERIVED, OVERRIDDEN = "derived", "overridden"


@dataclass(frozen=True)
class Derived:
    """One derivation counted for a township and year, with the inspections behind it."""
    name: str
    numerator: int
    denominator: int | None  # None for a count
    inspections: tuple[str, ...]  # uuids, in the order the listings show them

    @property
    def derivation(self) -> Derivation:
        return CATALOGUE[self.name]

    @property
    def value(self) -> Decimal | None:
        return self.derivation.value(self.numerator, self.denominator)

    @property
    def answer_value(self) -> Any:
        """The value as an answer holds it: a number, or "na" when there was nothing to count."""
        value = self.value
        if value is None:
            return NA
        return int(value) if self.derivation.form == COUNT else float(value)

    def note(self) -> str:
        d = self.derivation
        if d.form == COUNT:
            return f"{DERIVED_MARK}：{d.numerator} {self.numerator}"
        return f"{DERIVED_MARK}：{d.numerator} {self.numerator} / {d.denominator} {self.denominator}"


def source(note: str) -> str | None:
    """DERIVED or OVERRIDDEN from an answer's note; None when it was entered some other way."""
    if note.startswith(DERIVED_MARK):
        return DERIVED
    if note.startswith(OVERRIDE_MARK):
        return OVERRIDDEN
    return None


def override_note(reason: str, computed: Derived) -> str:
    value = computed.value
    return f"{OVERRIDE_MARK}{reason.strip()}（计算值 {'不适用' if value is None else format(value, 'f')}）"


def override_reason(note: str) -> str | None:
    """The reason an overridden answer's note gives; None for any other note."""
    if not note.startswith(OVERRIDE_MARK):
        return None
    body = note[len(OVERRIDE_MARK):]
    cut = body.rfind("（计算值")
    return body[:cut] if cut >= 0 else body
