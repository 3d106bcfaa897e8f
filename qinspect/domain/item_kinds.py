"""The item kinds in one table: how each scores, which answers it takes, how a paper cell is read,
how it is described on a sheet and how the editor offers it.

Adding a kind is adding its member to ItemKind and its rules to KINDS at the end of this file;
scoring, the paper results import and its template, the printed sheets and the editor rows
all ask this table. Answer values, by kind:

    passfail      "pass" | "fail" | "na"
    tiered        index of the chosen tier (0 = the best) | "na"
    quantity      the measured number | "na"
    deduction     number of findings (0, 1, 2, ...) | "na"
    bonus         number of units (brand products, awards, ...)
    veto          "pass" | "fail"
    text          free text
    photo         list of evidence SHA-256 hashes

Texts are in Chinese, the source language. What the window shows comes as Words (a phrase
with {0} places and what fills them), so the window translates the phrase before filling it.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qinspect.domain.checklist import Item, Threshold

NA = "na"
PASS = "pass"
FAIL = "fail"
ZERO = Decimal(0)
# The answers most are (a word such as pass, fail or na; a whole number: a tier, a count; open), which
# can key a memo of what an item makes of them: of these types no two values are equal, as True, 1
# and 1.0 are. `type(value) in PLAIN_TYPES`.
PLAIN_TYPES = frozenset((type(None), int, str))


class ItemKind(str, Enum):
    PASSFAIL = "passfail"  # 符合 / 不符合 / 不适用
    TIERED = "tiered"  # 分档评分
    QUANTITY = "quantity"  # 定量, scored by thresholds
    DEDUCTION = "deduction"  # 扣分: points off per finding, floor 0
    BONUS = "bonus"  # 加分: points per unit, capped per item and per template
    VETO = "veto"  # 一票否决
    TEXT = "text"  # evidence, no points
    PHOTO = "photo"  # evidence, no points


class AnswerError(ValueError):
    """An answer value does not fit its item's kind."""


class CellError(ValueError):
    """The text of one cell cannot be what its column asks for; the message says why."""


# Where an item's points go.
CATEGORY, BONUS, NOWHERE = "category", "bonus", None
# The editor's controls: one row widget each.
CHOICE, NUMBER, COUNT, TEXT, PHOTO = "choice", "number", "count", "text", "photo"

BLANK = "________"  # a value to write in by hand on a blank sheet
PASS_WORDS = {"符合", "pass", "√", "✓", "是"}
FAIL_WORDS = {"不符合", "fail", "×", "✗", "否"}
NA_WORDS = {"不适用", "na", "n/a", "/"}
# A veto cell also takes the words the sheets print for it (通过 / 否决) and scoring.md's 不通过.
VETO_PASS_WORDS = PASS_WORDS | {"通过"}
VETO_FAIL_WORDS = FAIL_WORDS | {"不通过", "未通过", "否决", "一票否决"}
# A quantity's range when its template declares none, by its unit (docs/checklists.md "Ranges"):
# shares and indices run from 0 to 100 and take decimals; what is counted is a whole number of 0 or more.
SHARE_UNITS = frozenset({"%", "％", "指数"})
COUNT_UNITS = frozenset({"起", "次", "家", "人", "名", "个", "项", "处", "件", "户", "台", "批", "场", "所", "天"})
_INT = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


@dataclass(frozen=True)
class Words:
    """A phrase with {0}-style places and what fills them; the window translates `text` first."""

    text: str
    args: tuple = ()

    def say(self, number=None) -> str:
        """The phrase filled in, numbers written by `number` (points_text unless given)."""
        number = number or points_text
        return self.text.format(*(number(a) if _is_number(a) else a for a in self.args))


@dataclass(frozen=True)
class Choice:
    """One answer the editor offers as a button; digit key n picks the n-th."""

    value: Any
    words: Words


# A line of a sheet's 评定 cell: text, or tick boxes (label, ticked) side by side.
SheetLine = str | tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class PaperForm:
    """How a blank paper-round form asks for an item: boxes to tick, the tiers, or a ruled blank.

    The 不适用 box is added by the sheet for items that allow it.
    """

    boxes: tuple[str, ...] = ()  # labels of tick boxes, one to tick
    tiers: bool = False  # a box per tier, with its points
    prompt: str = ""  # what to write in the blank
    blank_lines: int = 0  # ruled lines to write on
    note: str = ""  # the rule, in small type under the blank


def points_text(value: float) -> str:
    """Points as a person writes them: 20, 7.5, 87.25 (never 20.0)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def fold(text: str) -> str:
    """Text as compared with the words and labels it may be: full-width folded, case and spaces ignored."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def as_written(value: float) -> str:
    """A number as it was typed: 101.6, -1, 0.005 (no exponent, no trailing zeros)."""
    return str(value) if isinstance(value, int) else f"{value:f}".rstrip("0").rstrip(".")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def unit_range(unit: str) -> tuple[float | None, float | None, bool]:
    """The (min, max, decimals) a quantity in `unit` takes unless its template says otherwise; None: no limit."""
    if unit in SHARE_UNITS:
        return 0.0, 100.0, True
    if unit in COUNT_UNITS:
        return 0.0, None, False
    return None, None, True


def range_words(item: Item) -> str:
    """A quantity's allowed values in words: 0 至 100, 0 以上的整数, 任意数值."""
    low, high = item.min, item.max
    if low is not None and high is not None:
        span = f"{points_text(low)} 至 {points_text(high)}"
    elif low is not None:
        span = f"{points_text(low)} 以上"
    elif high is not None:
        span = f"{points_text(high)} 以下"
    else:
        span = ""
    if not item.decimals:
        return f"{span}的整数" if span else "整数"
    return span or "任意数值"


@lru_cache(maxsize=4096)
def decimal(x: float) -> Decimal:
    """A template's number as the decimal written there, so points add up exactly."""
    return Decimal(str(x))


class Kind:
    """The rules of one kind; the defaults are those of a scored kind that counts to its category."""

    label: str
    counts_to: str | None = CATEGORY
    control: str
    # the template: which of points, per, tiers, thresholds an item of the kind has, and whether
    # it is required unless the template says otherwise
    fields: frozenset[str] = frozenset()
    required_by_default = True

    @property
    def may_be_na(self) -> bool:
        """Only what counts to a category can be not applicable: the category is scaled for it."""
        return self.counts_to == CATEGORY

    # -- scoring ---------------------------------------------------------------------------
    def max_points(self, item: Item) -> float:
        """The most the item can give: to its category, or to the bonus for bonus items."""
        return item.points

    def refusal(self, item: Item, value: Any) -> str | None:
        """Why `value` (not None, not "na") cannot answer the item, or None when it can."""
        raise NotImplementedError

    def out_of_range(self, item: Item, value: Any) -> bool:
        """Whether a value of the right kind lies outside what the item allows (quantities only)."""
        return False

    def result(self, item: Item, value: Any) -> tuple[str, Decimal]:
        """Status and points of a checked value: "open", "na", "scored", "info", "veto-pass", "veto-fail"."""
        if value is None:
            return "open", ZERO
        if value == NA:
            return "na", ZERO
        return "scored", self.points(item, value)

    def points(self, item: Item, value: Any) -> Decimal:
        raise NotImplementedError

    # -- paper cells and the spreadsheet template -----------------------------------------
    def read_cell(self, item: Item, text: str) -> Any:
        """The answer value a typed cell stands for; raises CellError saying why it cannot be."""
        key = fold(text)
        if key in NA_WORDS:
            if not item.allow_na:
                raise CellError(f"条目 {item.id} 不能填“不适用”；可填：{accepted_values(item)}")
            return NA
        return self.read(item, key, text)

    def read(self, item: Item, key: str, text: str) -> Any:
        raise NotImplementedError

    def accepted(self, item: Item) -> str:
        """What a person may write, not counting 不适用."""
        raise NotImplementedError

    def paper_list(self, item: Item) -> tuple[list[str], bool] | None:
        """The template's drop-down words (without 不适用) and whether others are refused, or None."""
        return None

    on_paper = True  # a spreadsheet column can answer it
    paper_counts = False  # the template lets only whole numbers of 0 or more into the cell

    # -- sheets ------------------------------------------------------------------------------
    def words(self, item: Item, value: Any) -> Words:
        """A checked answer (not None, not "na") in words."""
        raise NotImplementedError

    def sheet_lines(self, item: Item, value: Any, blank: bool) -> list[SheetLine]:
        """The 评定 cell without its 不适用 box: list of SheetLine, filled in unless `blank`."""
        raise NotImplementedError

    def paper_form(self, item: Item) -> PaperForm:
        """The 评定 cell of a blank paper-round form."""
        raise NotImplementedError

    def max_text(self, item: Item) -> str:
        return points_text(self.max_points(item))

    # -- the editor --------------------------------------------------------------------------
    def choices(self, item: Item) -> list[Choice]:
        """The answers offered as buttons, without 不适用 (CHOICE controls only)."""
        return []

    def score_words(self, item: Item, value: Any, status: str, points: float, most: float) -> Words:
        """The editor's points label for an item's score."""
        if status == "open":
            return Words("未填 · 满分 {0}", (most,))
        if status == "na":
            return Words("不适用")
        return Words("{0} / {1} 分", (points, most))

    def hint(self, item: Item, value: Any) -> list[Words]:
        """What the editor shows beside the control: the rule, or what the value reaches."""
        return []

    count_unit = Words("")  # the suffix of a count (COUNT controls only)

    # -- demo data ---------------------------------------------------------------------------
    def sample(self, item: Item, quality: float, rng: random.Random) -> tuple[Any, bool]:
        """A plausible answer for a subject of quality 0 (poor) .. 1 (excellent), and whether it
        calls for a rectification."""
        raise NotImplementedError


class PassFail(Kind):
    label = "符合性"
    control = CHOICE
    fields = frozenset({"points"})
    pass_words, fail_words = "符合", "不符合"
    read_pass, read_fail = PASS_WORDS, FAIL_WORDS  # what a paper cell may say for each

    def refusal(self, item, value):
        return None if value in (PASS, FAIL) else f"item {item.id} takes pass or fail, not {value!r}"

    def points(self, item, value):
        return decimal(item.points) if value == PASS else ZERO

    def read(self, item, key, text):
        if key in self.read_pass:
            return PASS
        if key in self.read_fail:
            return FAIL
        raise CellError(f"“{text}”不是可填的值；可填：{accepted_values(item)}")

    def accepted(self, item):
        return "符合 / 不符合"

    def paper_list(self, item):
        return ["符合", "不符合"], True

    def words(self, item, value):
        return Words(self.pass_words if value == PASS else self.fail_words)

    def sheet_lines(self, item, value, blank):
        return [((self.pass_words, value == PASS), (self.fail_words, value == FAIL))]

    def paper_form(self, item):
        return PaperForm(boxes=(self.pass_words, self.fail_words))

    def choices(self, item):
        return [Choice(PASS, Words("符合（{0} 分）", (item.points,))), Choice(FAIL, Words("不符合（0 分）"))]

    def sample(self, item, quality, rng):
        value = PASS if rng.random() < 0.55 + 0.45 * quality else FAIL
        return value, value == FAIL


class Veto(PassFail):
    """一票否决: no points; a failure puts the subject in the lowest grade and off the title."""

    label = "一票否决"
    counts_to = NOWHERE
    fields = frozenset()
    pass_words, fail_words = "通过", "否决"
    read_pass, read_fail = VETO_PASS_WORDS, VETO_FAIL_WORDS

    def max_points(self, item):
        return 0.0

    def result(self, item, value):
        if value is None:
            return "open", ZERO
        return ("veto-pass" if value == PASS else "veto-fail"), ZERO

    def accepted(self, item):
        return "通过 / 不通过（否决）；也可写 符合 / 不符合"

    def paper_list(self, item):
        # not strict: 否决, 符合 and 不符合 are read too
        return ["通过", "不通过"], False

    def max_text(self, item):
        return "否决"

    def choices(self, item):
        return [Choice(PASS, Words("通过")), Choice(FAIL, Words("不通过（一票否决）"))]

    def score_words(self, item, value, status, points, most):
        return Words({"veto-pass": "通过", "veto-fail": "一票否决"}.get(status, "未填"))

    def sample(self, item, quality, rng):
        return (FAIL if rng.random() < 0.004 else PASS), False


class Tiered(Kind):
    label = "分档"
    control = CHOICE
    fields = frozenset({"tiers"})

    def max_points(self, item):
        return max(t.points for t in item.tiers)

    def refusal(self, item, value):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < len(item.tiers):
            return f"item {item.id} takes a tier from 1 to {len(item.tiers)}, not {value!r}"
        return None

    def points(self, item, value):
        return decimal(item.tiers[value].points)

    def read(self, item, key, text):
        if _INT.match(key):
            n = int(key)
            if 1 <= n <= len(item.tiers):
                return n - 1
            raise CellError(f"档次应为 1 至 {len(item.tiers)}，而不是 {n}；{accepted_values(item)}")
        for n, tier in enumerate(item.tiers):
            if fold(tier.label) == key:
                return n
        raise CellError(f"“{text}”不是这一条目的档次；可填：{accepted_values(item)}")

    def accepted(self, item):
        return "；".join(f"{n}={t.label}（{t.points:g} 分）" for n, t in enumerate(item.tiers, 1))

    def paper_list(self, item):
        # not strict: the tier's number (1, 2, ...) is accepted too
        return [t.label for t in item.tiers], False

    def words(self, item, value):
        return Words("{0}", (item.tiers[value].label,))

    def sheet_lines(self, item, value, blank):
        return [((t.label, value == n),) for n, t in enumerate(item.tiers)]

    def paper_form(self, item):
        return PaperForm(tiers=True)

    def choices(self, item):
        return [Choice(n, Words("{0}（{1} 分）", (t.label, t.points))) for n, t in enumerate(item.tiers)]

    def sample(self, item, quality, rng):
        pos = (1 - quality) * (len(item.tiers) - 1) + rng.uniform(-0.7, 0.7)
        value = min(len(item.tiers) - 1, max(0, round(pos)))
        return value, value == len(item.tiers) - 1


def _filled(value: Any, blank: bool) -> str:
    """A value written into a sheet's blank, or the blank itself."""
    if blank or value is None or value == NA:
        return BLANK
    return points_text(value) if isinstance(value, float) else str(value)


def _number_in(item: Item, key: str) -> str:
    """A cell's number without the item's unit after it (`95%`, `12次`)."""
    return key.removesuffix(fold(item.unit)) if item.unit else key


class Quantity(Kind):
    """A measured value; the first threshold it reaches gives the points."""

    label = "定量"
    control = NUMBER
    fields = frozenset({"thresholds", "range"})  # with lower_is_better and a unit; range: min, max, decimals

    def max_points(self, item):
        return max(t.points for t in item.thresholds)

    def refusal(self, item, value):
        return None if _is_number(value) and value == value else f"item {item.id} takes a number, not {value!r}"

    def out_of_range(self, item, value):
        return ((item.min is not None and value < item.min) or (item.max is not None and value > item.max)
                or (not item.decimals and not float(value).is_integer()))

    def points(self, item, value):
        reached = threshold_reached(item, value)
        return decimal(reached.points) if reached else ZERO

    def read(self, item, key, text):
        number = _number_in(item, key)
        if not _NUMBER.match(number):
            raise CellError(f"“{text}”不是数值；可填：{accepted_values(item)}")
        return int(number) if _INT.match(number) else float(number)

    def accepted(self, item):
        return f"数值（{item.unit}，{range_words(item)}）"

    def words(self, item, value):
        return Words("实测 {0} {1}", (value, item.unit))

    def sheet_lines(self, item, value, blank):
        return [f"实测值 {_filled(value, blank)} {item.unit}"]

    def paper_form(self, item):
        return PaperForm(prompt=f"实测值（{item.unit}）：", blank_lines=1)

    def hint(self, item, value):
        sign = "≤" if item.lower_is_better else "≥"
        if value is None or value == NA:
            return [Words("{0} {1} {2} → {3} 分", (sign, t.bound, item.unit, t.points)) for t in item.thresholds]
        reached = threshold_reached(item, value)
        if reached:
            return [Words("达到 {0} {1} {2} 档，得 {3} 分", (sign, reached.bound, item.unit, reached.points))]
        return [Words("未达到最低档（{0} {1} {2}），不得分", (sign, item.thresholds[-1].bound, item.unit))]

    def sample(self, item, quality, rng):
        bounds = [t.bound for t in item.thresholds]
        lo, hi = min(bounds), max(bounds)
        span = max(hi - lo, abs(hi) * 0.1, 1.0)
        good = quality + rng.uniform(-0.25, 0.25)
        value = (hi - (1 - good) * 1.4 * span) if not item.lower_is_better else (lo + (1 - good) * 1.4 * span)
        # inside the item's range (no 101.6 %, no half an accident), as a person would write it
        low = 0.0 if item.min is None else item.min
        value = max(low, value if item.max is None else min(item.max, value))
        return (round(value) if not item.decimals else round(value, 1)), False


class Count(Kind):
    """A count of findings or units; `per` points each."""

    control = COUNT
    fields = frozenset({"points", "per"})
    paper_counts = True

    def refusal(self, item, value):
        return None if _is_count(value) else f"item {item.id} takes a count of 0 or more, not {value!r}"

    def read(self, item, key, text):
        number = _number_in(item, key)
        if not _INT.match(number) or int(number) < 0:
            raise CellError(f"“{text}”不是 0 或正整数；可填：{accepted_values(item)}")
        return int(number)


class Deduction(Count):
    label = "扣分"
    count_unit = Words(" 处")

    def points(self, item, value):
        return max(ZERO, decimal(item.points) - decimal(item.per) * value)

    def accepted(self, item):
        return f"发现问题数：0、1、2…（每个扣 {item.per:g} 分）"

    def words(self, item, value):
        return Words("发现问题 {0} 处", (value,))

    def sheet_lines(self, item, value, blank):
        return [f"发现问题 {_filled(value, blank)} 处", f"每处扣 {points_text(item.per)} 分"]

    def paper_form(self, item):
        return PaperForm(prompt="发现问题处数：", blank_lines=1, note=f"每处扣 {points_text(item.per)} 分")

    def score_words(self, item, value, status, points, most):
        if status == "scored":
            return Words("扣 {0} 分，得 {1} / {2} 分", (most - points, points, most))
        return super().score_words(item, value, status, points, most)

    def hint(self, item, value):
        return [Words("每处扣 {0} 分，本项 {1} 分扣完为止", (item.per, item.points))]

    def sample(self, item, quality, rng):
        value = 0 if rng.random() < quality else rng.randint(1, 3)
        return value, bool(value)


class Bonus(Count):
    label = "加分"
    counts_to = BONUS
    required_by_default = False
    count_unit = Words(" 个")

    def points(self, item, value):
        return min(decimal(item.points), decimal(item.per) * value)

    def accepted(self, item):
        return f"数量：0、1、2…（每个加 {item.per:g} 分，最多 {item.points:g} 分）"

    def words(self, item, value):
        return Words("{0} 项", (value,))

    def sheet_lines(self, item, value, blank):
        return [f"{_filled(value, blank)} 项", f"每项加 {points_text(item.per)} 分，最多 {points_text(item.points)} 分"]

    def paper_form(self, item):
        return PaperForm(prompt="项数：", blank_lines=1,
                         note=f"每项加 {points_text(item.per)} 分，最多 {points_text(item.points)} 分")

    def max_text(self, item):
        return f"+{points_text(item.max_points)}"

    def score_words(self, item, value, status, points, most):
        if status == "scored":
            return Words("加 {0} 分", (points,))
        return Words("未填 · 最多加 {0}", (most,))

    def hint(self, item, value):
        return [Words("每个加 {0} 分，本项最多加 {1} 分", (item.per, item.points))]

    def sample(self, item, quality, rng):
        return (rng.randint(0, 2) if rng.random() < quality * 0.8 else 0), False


class Evidence(Kind):
    """Text or photos kept with the inspection; no points."""

    counts_to = NOWHERE
    required_by_default = False

    def max_points(self, item):
        return 0.0

    def result(self, item, value):
        return "info", ZERO

    def max_text(self, item):
        return "—"


class Text(Evidence):
    label = "文字记录"
    control = TEXT

    def refusal(self, item, value):
        return None if isinstance(value, str) else f"item {item.id} takes text, not {value!r}"

    def read_cell(self, item, text):
        return text

    def accepted(self, item):
        return "文字"

    def words(self, item, value):
        return Words("{0}", (value,))

    def sheet_lines(self, item, value, blank):
        return ["记录："] if blank or not value else [str(value)]

    def paper_form(self, item):
        return PaperForm(prompt="记录：", blank_lines=3)

    def score_words(self, item, value, status, points, most):
        return Words("不计分")

    def sample(self, item, quality, rng):
        return ("现场检查未发现重大问题。" if quality > 0.6 else "部分台账记录不全，已当场指出。"), False


class Photo(Evidence):
    label = "照片"
    control = PHOTO
    on_paper = False

    def refusal(self, item, value):
        if isinstance(value, list) and all(isinstance(h, str) and len(h) == 64 for h in value):
            return None
        return f"item {item.id} takes a list of evidence hashes"

    def read_cell(self, item, text):
        raise CellError(f"条目 {item.id} 是照片，不能从表格导入；请在检查编辑窗口中添加")

    def accepted(self, item):
        return "照片（不能从表格导入）"

    def words(self, item, value):
        return Words("照片 {0} 张", (len(value),))

    def sheet_lines(self, item, value, blank):
        return [f"照片 {BLANK} 张"] if blank or not value else [f"照片 {len(value)} 张，见证据清单"]

    def paper_form(self, item):
        return PaperForm(prompt="照片张数：", blank_lines=1)

    def score_words(self, item, value, status, points, most):
        return Words("{0} 张照片", (len(value),)) if value else Words("不计分")

    def sample(self, item, quality, rng):
        return None, False  # photos are files a person takes: the demo has none


KINDS: dict[ItemKind, Kind] = {
    ItemKind.PASSFAIL: PassFail(),
    ItemKind.TIERED: Tiered(),
    ItemKind.QUANTITY: Quantity(),
    ItemKind.DEDUCTION: Deduction(),
    ItemKind.BONUS: Bonus(),
    ItemKind.VETO: Veto(),
    ItemKind.TEXT: Text(),
    ItemKind.PHOTO: Photo(),
}

KIND_LABELS = {kind: rules.label for kind, rules in KINDS.items()}


# -- what the rest of the program calls ---------------------------------------------------------
def rules(item: Item) -> Kind:
    return KINDS[item.kind]


def check_answer(item: Item, value: Any, *, ranges: bool = True) -> None:
    """Raise AnswerError when `value` cannot be an answer to `item` (None, open, always can).

    The one check of what may be saved, from the editor, a paper results file or a bundle; it
    refuses a quantity outside its item's range. Scoring passes `ranges=False`: an answer saved
    before its item had a range is scored as it is, so an older database still opens.
    """
    if value is None:
        return
    if value == NA:
        if rules(item).may_be_na and item.allow_na:
            return
        raise AnswerError(f"item {item.id} cannot be marked not applicable")
    why = rules(item).refusal(item, value)
    if why:
        raise AnswerError(why)
    if ranges and rules(item).out_of_range(item, value):
        raise AnswerError(f"{item.id} {item.text} 的数值 {as_written(value)} 超出允许范围（{range_words(item)}）")


def threshold_reached(item: Item, value: float) -> Threshold | None:
    """The first threshold a quantity reaches (>= its bound, or <= when lower is better), or None."""
    for t in item.thresholds:
        if (value <= t.bound) if item.lower_is_better else (value >= t.bound):
            return t
    return None


def parse_cell(item: Item, text: str) -> Any:
    """The answer value a paper cell's text stands for; raises CellError saying why it cannot be."""
    return rules(item).read_cell(item, text)


def accepted_values(item: Item) -> str:
    """What a person may write for an item, as the template's hint row and errors say it."""
    return rules(item).accepted(item) + (" / 不适用" if item.allow_na else "")


def describe(item: Item, value: Any) -> str:
    """An answer in words, as written in a sheet's remarks or reason column."""
    return describe_words(item, value).say()


def describe_words(item: Item, value: Any) -> Words:
    """An answer in words, for the window to translate: 未填, 不适用, 符合, a tier's label, 实测 95 %…

    A value that does not fit the item (a conflicting revision's, say) is shown as it is.
    """
    if value is None:
        return Words("未填")
    if value == NA:
        return Words("不适用")
    if rules(item).refusal(item, value):
        return Words("{0}", (value,))
    return rules(item).words(item, value)


def sheet_lines(item: Item, value: Any, blank: bool) -> list[SheetLine]:
    """A sheet's 评定 cell, a SheetLine each: tick boxes or a value's blank, filled in unless `blank`."""
    na = [(("不适用", value == NA),)] if item.allow_na else []
    return rules(item).sheet_lines(item, value, blank) + na


def paper_form(item: Item) -> PaperForm:
    """How a blank paper-round form asks for the item (its 不适用 box aside)."""
    return rules(item).paper_form(item)


def max_text(item: Item) -> str:
    """A sheet's 分值 cell: the item's points, +points for a bonus, 否决 or — when it has none."""
    return rules(item).max_text(item)


def editor_choices(item: Item) -> list[Choice]:
    """The buttons of a CHOICE control in digit-key order, 不适用 last where the item allows it."""
    na = [Choice(NA, Words("不适用"))] if item.allow_na else []
    return rules(item).choices(item) + na
