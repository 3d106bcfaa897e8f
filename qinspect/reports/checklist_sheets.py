"""The checklist sheet: blank for a paper round, or filled with one inspection's answers and scores.

Both share one layout (header block, a ruled table per category with the scoring standard of
every item, bonus items, the summary, findings, signatures), so a filled sheet reads like the
paper form the inspector would have filled in by hand.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from typing import Any, Callable

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table

from qinspect.domain import item_kinds
from qinspect.domain.checklist import KIND_LABELS, SUBJECTS, Checklist, Item, ItemKind
from qinspect.domain.records import STATUSES, Answer, Inspection
from qinspect.domain.scoring import ItemScore, ScoreResult
from qinspect.reports.fonts import LATIN_NAME, FontSet
from qinspect.reports.layout import (
    BOX, GRID, LIGHT, SHADE, TICKED, Sheet, SheetStart, Styles, Title, cn_brackets, date_cn, grid_style, numeral,
    points, signature_block, styles_for, table,
)

# 序号, 检查内容, 评分标准, 评定, 分值, 得分, 备注: 180 mm in all.
COLUMNS = [11 * mm, 33 * mm, 53 * mm, 44 * mm, 11 * mm, 11 * mm, 17 * mm]
# The paper round: wider 评定 for the boxes and a 得分 column wide enough to write in.
PAPER_COLUMNS = [12 * mm, 32 * mm, 54 * mm, 46 * mm, 10 * mm, 13 * mm, 13 * mm]
HEADERS = ["序号", "检查内容", "评分标准", "评定", "分值", "得分", "备注"]
BLANK_DATE = "　　　　年　　月　　日"
THUMBNAIL = 34 * mm
TICK_BOX = 4.5 * mm  # a box a pen can tick on the paper round
BLANK_LINE = 8 * mm  # the height of a ruled blank to write a value or a sentence on
PAPER_FINDINGS = 16  # rows of the blank findings table: a real visit's findings
KEY_MARK = "*"

NAME_LABELS = {"enterprise": "被检查单位", "village": "村（社区）名称", "township": "乡镇（街道）"}
REPRESENTATIVES = {"enterprise": "被检查单位负责人（签名）", "village": "村（社区）负责人（签名）",
                   "township": "乡镇（街道）负责人（签名）"}

Evidence = Callable[[str], "tuple[str, int, bytes] | None"]  # sha256 -> (media type, size, data)


@dataclass(frozen=True)
class Filled:
    """One inspection as printed: its content, its score and where it stands in the database."""

    inspection: Inspection
    result: ScoreResult
    subject: dict  # the register row, with township and county names
    revision: str
    content_hash: str
    evidence: Evidence


def qr_payload(inspection_uuid: str, revision: str, content_hash: str) -> str:
    """What the QR code on a filled sheet holds: enough to check a paper copy against the database."""
    return f"qinspect:inspection/{inspection_uuid}?rev={revision}&sha256={content_hash}"


describe = item_kinds.describe  # an answer in words, as written in a remarks or reason column


# Nested tables inside a cell: no grid and no padding of their own.
_BARE = [("FONTNAME", (0, 0), (-1, -1), LATIN_NAME), ("LEFTPADDING", (0, 0), (-1, -1), 0),
         ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
         ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]


def _boxes(choices: list[tuple[str, bool]]) -> str:
    return "　".join(f"{TICKED if on else BOX} {label}" for label, on in choices)


def assessment_lines(item: Item, value: Any, blank: bool) -> list[str]:
    """The 评定 cell, a line each: tick boxes, tier boxes or a value blank, filled in unless `blank`."""
    return [line if isinstance(line, str) else _boxes(list(line))
            for line in item_kinds.sheet_lines(item, value, blank)]


max_text = item_kinds.max_text


def score_text(item: Item, s: ItemScore) -> str:
    return {"na": "不适用", "open": "未填", "info": "—", "veto-pass": "通过", "veto-fail": "否决"}.get(
        s.status, points(s.points))


def item_label(item: Item) -> str:
    added = f"（{item.added} 年新增）" if item.added else ""
    return f"{item.text}{added}"


def item_number(item: Item) -> str:
    """The 序号 cell: the item id, with * before a key item (重点项) as the national tables mark it."""
    return f"{KEY_MARK}{item.id}" if item.key else item.id


def height_of(cell: Any, width: float) -> float:
    """How tall a cell's content is at `width` (a flowable, a list of them, or text)."""
    if isinstance(cell, (list, tuple)):
        return sum(height_of(c, width) for c in cell)
    if isinstance(cell, Flowable):
        return cell.wrap(width, 10 ** 6)[1]
    return 0.0


def problems(checklist: Checklist, result: ScoreResult) -> tuple[int, int, bool]:
    """Key items and general items with a problem (points lost or veto failed), and whether a veto failed."""
    key = general = 0
    for item in checklist.items:
        s = result.items[item.id]
        lost = s.status == "veto-fail" or (s.status == "scored" and s.points < s.max
                                           and item.kind is not ItemKind.BONUS)
        if lost:
            key, general = (key + 1, general) if item.key else (key, general + 1)
    return key, general, bool(result.vetoed)


def eligibility(checklist: Checklist, result: ScoreResult) -> str:
    """Title eligibility with its reason in words: 总分 84，低于 85; 一票否决：V01 …."""
    threshold = points(checklist.title_threshold)
    if result.vetoed:
        vetoed = "、".join(f"{i} {checklist.item(i).text}" for i in result.vetoed)
        return f"不具备（一票否决：{vetoed}）"
    if not result.eligible:
        return f"不具备（总分 {points(result.total)}，低于 {threshold}）"
    return f"具备（总分 {points(result.total)}，达到 {threshold} 且无否决项）"


class TickBox(Flowable):
    """A box to tick on the paper round (☐, or ☑ when ticked), drawn at TICK_BOX width as text."""

    INK = 0.65  # the box glyph's width in em (DejaVu Sans); its height is 0.73 em

    def __init__(self, fonts: FontSet, ticked: bool = False, size: float = TICK_BOX):
        super().__init__()
        self.fonts, self.ticked, self.size = fonts, ticked, size

    def wrap(self, avail_width, avail_height):
        return self.size + 1.5 * mm, self.size * 1.15

    def draw(self):
        font = self.size / self.INK
        t = self.canv.beginText(-0.08 * font, (self.size * 1.15 - 0.73 * font) / 2)
        t.setFont(self.fonts.latin, font)
        t.textOut(TICKED if self.ticked else BOX)
        self.canv.drawText(t)


class Blank(Flowable):
    """A ruled blank to write on: `lines` rules of BLANK_LINE each, across the cell."""

    def __init__(self, lines: int = 1):
        super().__init__()
        self.lines = lines

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return avail_width, BLANK_LINE * self.lines

    def draw(self):
        self.canv.setStrokeColor(GRID)
        self.canv.setLineWidth(0.4)
        for n in range(self.lines):
            y = n * BLANK_LINE + 1
            self.canv.line(0, y, self.width, y)


class ChecklistSheet:
    """Builds the flowables of one blank or filled checklist sheet.

    A blank sheet is the paper-round form (10 pt and more, boxes and blanks to fill in by pen);
    a filled sheet is compact.
    """

    def __init__(self, fonts: FontSet, checklist: Checklist, filled: Filled | None = None):
        self.fonts, self.c, self.filled = fonts, checklist, filled
        self.paper = filled is None
        self.st: Styles = styles_for(fonts, self.paper)
        self.columns = PAPER_COLUMNS if self.paper else COLUMNS

    # -- helpers ------------------------------------------------------------------
    def answer(self, item: Item) -> Answer | None:
        return self.filled.inspection.answers.get(item.id) if self.filled else None

    def value(self, item: Item) -> Any:
        a = self.answer(item)
        return a.value if a else None

    def p(self, text: str, style=None) -> Paragraph:
        return self.st.p(text, style)

    def choices(self, options: list[tuple[str, bool]], across: bool = True) -> Any:
        """Options to tick: drawn boxes on the paper round, ☐/☑ in the text of a compact sheet."""
        if not self.paper:
            return self.p(_boxes(options))
        size = self.st.cell.fontSize
        box = TICK_BOX + 1.5 * mm
        cells = [[TickBox(self.fonts, on), self.p(label)] for label, on in options]
        if across:
            widths = [w for label, _ in options for w in (box, self.fonts.width(label, size) + 5 * mm)]
            t = Table([[c for pair in cells for c in pair]], colWidths=widths)
        else:
            t = Table(cells, colWidths=[box, max(self.fonts.width(label, size) for label, _ in options) + 2 * mm])
        t.setStyle(_BARE + [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
        t.hAlign = "LEFT"
        return t

    # -- the sheet ------------------------------------------------------------------
    def flowables(self) -> list[Flowable]:
        c, f = self.c, self.filled
        title = cn_brackets(c.title)
        if f:
            name = f.subject.get("name", "")
            label = f"检查编号 {f.inspection.uuid[:12]}　修订 {f.revision[:12]}"
            outline = f"{name} {f.inspection.date}"
            subject = f"{NAME_LABELS[c.subject]}：{name}"
        else:
            label, outline = "空白检查表", f"{title}（{c.version}）"
            subject = f"{title}（{c.version} 年版）"
        out: list[Flowable] = [SheetStart(Sheet(self.fonts, c.ref, label, outline, subject)), Title(self.fonts, title)]
        kind = "检查记录" if f else "空白检查表"
        status = f"　状态：{STATUSES.get(f.inspection.status, f.inspection.status)}" if f else ""
        out.append(self.p(f"{c.version} 年版　{kind}　适用对象：{cn_brackets(SUBJECTS[c.subject])}{status}",
                          self.st.subtitle))
        out.append(Spacer(0, 3 * mm))
        out.append(self.header_block())
        if not f:
            out.append(Spacer(0, 1.5 * mm))
            out.append(self.p(self.instructions(), self.st.note))
        out.append(Spacer(0, 3 * mm))
        for n, cat in enumerate(c.categories, 1):
            out.append(self.category_table(n, cat.id, cat.title, cat.max))
        bonus = [i for i in c.items if i.kind is ItemKind.BONUS]
        if bonus:
            out.append(self.bonus_table(len(c.categories) + 1, bonus))
        out.extend(self.findings())
        if f:
            out.extend(self.evidence())
        # The totals, the record and the signatures stay on one page: nobody signs a page that
        # does not show what is signed for.
        closing: list[Flowable] = [self.p("评分汇总", self.st.section), self.summary_table()]
        if f:
            closing += [Spacer(0, 3 * mm), self.record_block()]
        closing += [Spacer(0, 4 * mm), signature_block(self.st, [
            "检查人员（签名）：", "检查人员（签名）：", REPRESENTATIVES[c.subject] + "："])]
        out.append(KeepTogether(closing))
        return out

    def instructions(self) -> str:
        lines = [
            "说明：1. 符合性条目在“符合/不符合/不适用”中勾选；分档条目按评分标准勾选一档；定量条目填写实测值；"
            "扣分条目填写发现问题处数；加分条目填写项数。",
            "2. 得分栏由检查人员按评分标准填写；不适用条目不计分，该大项按适用条目折算后不超过满分。"
            "“否决”项未通过的，不得评为先进。",
        ]
        if any(i.key for i in self.c.items):
            lines.append(f"{len(lines) + 1}. 序号前带“{KEY_MARK}”的为重点项，其余为一般项。")
        if self.c.conclusion:
            lines.append(f"{len(lines) + 1}. 检查结果判定：{self.c.conclusion.rule()}")
        if self.c.note:
            lines.append(f"{len(lines) + 1}. {self.c.note}")
        return "\n".join(lines)

    def header_block(self) -> Table:
        c, f = self.c, self.filled
        subject = f.subject if f else {}
        where = f"{subject.get('county', '')}{subject.get('township', '')}" if f else ""
        if c.subject == "enterprise":
            address = subject.get("address", "")
            contact = " ".join(x for x in (subject.get("contact", ""), subject.get("phone", "")) if x)
        elif c.subject == "village":
            address = f"台州市{where}{subject.get('name', '')}" if f else ""
            contact = " ".join(x for x in (subject.get("assistant", ""), subject.get("phone", "")) if x)
        else:
            address = f"台州市{where}" if f else ""
            contact = ""
        place_label = "所属县（市、区）" if c.subject == "township" else "所属乡镇（街道）"
        place = subject.get("county", "") if c.subject == "township" else where
        date = date_cn(f.inspection.date) if f else BLANK_DATE
        rows = [
            [NAME_LABELS[c.subject], subject.get("name", ""), "统一社会信用代码", subject.get("credit_code", "")],
            ["地　　址", address, "联系人及电话", contact],
            [place_label, place, "检查日期", date],
            ["检查人员", f.inspection.inspector if f else "", "", ""],
        ]
        cells = [[self.p(v, self.st.cell_c if i % 2 == 0 else self.st.cell) for i, v in enumerate(r)] for r in rows]
        spans = [("SPAN", (1, 3), (3, 3))]
        if self.paper and c.visit_kinds:
            cells.append([self.p("检查类型", self.st.cell_c), self.choices([(k, False) for k in c.visit_kinds]), "", ""])
            spans.append(("SPAN", (1, len(cells) - 1), (3, len(cells) - 1)))
        if self.paper and c.visit_times:
            cells.append([self.p("检查起止时间", self.st.cell_c),
                          self.p("　　　　年　　月　　日　　时　　分　至　　　　年　　月　　日　　时　　分"), "", ""])
            spans.append(("SPAN", (1, len(cells) - 1), (3, len(cells) - 1)))
        # Rows grow with a long name or address; the minimum leaves room to write by hand.
        least = (11 if self.paper else 8.5) * mm
        t = table(cells, [32 * mm, 58 * mm, 32 * mm, 58 * mm], min_heights=[least] * len(cells))
        t.setStyle(grid_style(0) + [
            ("BACKGROUND", (0, 0), (0, -1), SHADE), ("BACKGROUND", (2, 0), (2, 2), SHADE),
        ] + spans)
        return t

    def item_rows(self, item: Item) -> tuple[list[list], bool]:
        """The item's row, and a continuation row under it when its remark or record is too long for its cell.

        Returns the rows and whether the second one is a continuation (spanning 检查内容 to 备注).
        """
        st, f = self.st, self.filled
        value = self.value(item)
        kind = f"【{KIND_LABELS[item.kind]}】"
        remarks = ""
        score = ""
        if f:
            a = self.answer(item)
            remarks = a.note if a else ""
            score = score_text(item, f.result.items[item.id])
        row = [
            self.p(item_number(item), st.cell_c),
            [self.p(item_label(item)), self.p(kind, st.note)],
            self.p(item.standard, st.small),
            self.assessment_cell(item, value),
            self.p(max_text(item), st.cell_c),
            self.p(score, st.cell_c) if f else [Spacer(0, BLANK_LINE)],
            self.p(remarks, st.small),
        ]
        widths = [w - 6 for w in self.columns]
        tallest = max(height_of(cell, w) for cell, w in zip(row[:4], widths[:4]))
        moved = []
        record = value if f and item.kind is ItemKind.TEXT and value else ""
        if record and height_of(row[3], widths[3]) > max(tallest, height_of(row[2], widths[2])) - 1:
            row[3] = [self.p("文字记录见下行", st.small)]
            moved.append(f"{item.id} 记录：{record}")
        if remarks and height_of(row[6], widths[6]) > tallest:
            row[6] = self.p("见下行", st.small)
            moved.append(f"{item.id} 备注：{remarks}")
        if not moved:
            return [row], False
        more = ["", [self.p(text, st.small) for text in moved], "", "", "", "", ""]
        return [row, more], True

    def assessment_cell(self, item: Item, value: Any) -> list[Flowable]:
        if self.paper:
            return self.paper_assessment(item)
        lines = assessment_lines(item, value, not self.filled)
        if item.kind is ItemKind.TIERED:
            # Tiers with their points in a column of their own, so "3 分" never wraps apart.
            tiers = Table([[self.p(line, self.st.small), self.p(f"{points(t.points)} 分", self.st.small_r)]
                           for line, t in zip(lines, item.tiers)], colWidths=[self.columns[3] - 6 - 8 * mm, 8 * mm])
            tiers.setStyle(_BARE + [("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
            return [tiers] + [self.p(line, self.st.small) for line in lines[len(item.tiers):]]
        return [self.p(line, self.st.small) for line in lines]

    def paper_assessment(self, item: Item) -> list[Flowable]:
        """The 评定 cell of the paper round: a box per choice, a ruled blank per value to write."""
        st, form = self.st, item_kinds.paper_form(item)
        na = [("不适用", False)] if item.allow_na else []
        if form.boxes:
            return [self.choices([(label, False) for label in form.boxes] + na, across=False)]
        if form.tiers:
            rows = [[TickBox(self.fonts), self.p(t.label), self.p(f"{points(t.points)} 分", st.small_r)]
                    for t in item.tiers]
            rows += [[TickBox(self.fonts), self.p(label), ""] for label, _ in na]
            width = self.columns[3] - 6
            t = Table(rows, colWidths=[TICK_BOX + 1.5 * mm, width - TICK_BOX - 1.5 * mm - 11 * mm, 11 * mm])
            t.setStyle(_BARE + [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)])
            return [t]
        cell = [self.p(form.prompt), Blank(form.blank_lines)]
        if form.note:
            cell.append(self.p(form.note, st.note))
        if na:
            cell.append(self.choices(na))
        return cell

    def _section_table(self, title: str, items: list[Item], subtotal_label: str, subtotal_max: str,
                       subtotal: str, subtotal_note: str) -> Table:
        st = self.st
        rows = [[self.p(title, st.category)] + [""] * 6, [self.p(h, st.head) for h in HEADERS]]
        style = []
        continued = False
        for item in items:
            made, continued = self.item_rows(item)
            rows += made
            if continued:
                r = len(rows) - 1
                style += [("SPAN", (1, r), (-1, r)), ("LINEABOVE", (1, r), (-1, r), 0.3, LIGHT)]
        if items and not continued:
            # The subtotal never starts a page alone: it goes with the last item (a row of template text).
            style.append(("NOSPLIT", (0, len(rows) - 1), (-1, len(rows))))
        last = [self.p(subtotal, st.cell_c)] if subtotal or not self.paper else [Spacer(0, BLANK_LINE)]
        rows.append(["", self.p(subtotal_label, st.cell), "", "", self.p(subtotal_max, st.cell_c),
                     last, self.p(subtotal_note, st.small)])
        t = table(rows, self.columns, repeat=2)
        t.setStyle(grid_style(2) + [
            ("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("BACKGROUND", (0, 1), (-1, 1), LIGHT),
            ("SPAN", (1, -1), (3, -1)), ("BACKGROUND", (0, -1), (-1, -1), LIGHT),
            ("VALIGN", (0, 2), (-1, -2), "TOP"), ("VALIGN", (0, 2), (0, -1), "MIDDLE"),
            ("VALIGN", (4, 2), (5, -1), "MIDDLE"),
        ] + style)
        return t

    def category_table(self, n: int, cat_id: str, title: str, cap: float) -> Table:
        items = [i for i in self.c.items_of(cat_id) if i.kind is not ItemKind.BONUS]
        score, note = "", ""
        if self.filled:
            cs = next(x for x in self.filled.result.categories if x.id == cat_id)
            score = points(cs.score)
            if cs.applicable < cs.full:
                note = "按适用条目折算"
        return self._section_table(f"{numeral(n)}、{title}（满分 {points(cap)} 分）", items,
                                   f"本项小计（满分 {points(cap)} 分）", points(cap), score, note)

    def bonus_table(self, n: int, items: list[Item]) -> Table:
        cap = points(self.c.bonus_max)
        score, note = "", ""
        if self.filled:
            r = self.filled.result
            score = points(r.bonus)
            if r.bonus_raw > r.bonus:
                note = f"合计 {points(r.bonus_raw)} 分，按上限计"
        return self._section_table(f"{numeral(n)}、加分项（最多加 {cap} 分）", items,
                                   f"加分合计（最多 {cap} 分）", f"+{cap}", score, note)

    def summary_table(self) -> Table:
        st, c, f = self.st, self.c, self.filled
        r = f.result if f else None
        rows = [[self.p("考核项目", st.head), self.p("满分", st.head), self.p("得分", st.head)]]
        for n, cat in enumerate(c.categories, 1):
            score = points(next(x.score for x in r.categories if x.id == cat.id)) if r else ""
            rows.append([self.p(f"{numeral(n)}、{cat.title}"), self.p(points(cat.max), st.cell_c),
                         self.p(score, st.cell_c)])
        if c.bonus_max:
            rows.append([self.p("加分项"), self.p(f"+{points(c.bonus_max)}", st.cell_c),
                         self.p(points(r.bonus) if r else "", st.cell_c)])
        rows.append([self.p("总分"), self.p(points(c.max_total + c.bonus_max), st.cell_c),
                     self.p(points(r.total) if r else "", st.cell_c)])
        spans = []

        def wide(label: str, cell: Any) -> None:
            rows.append([self.p(label), cell, ""])
            spans.append(("SPAN", (1, len(rows) - 1), (2, len(rows) - 1)))

        bands = [(f"{g.name}（≥{points(g.min)}）" if g.min else g.name, bool(r and r.grade == g.name))
                 for g in c.grades]
        wide("等级", self.choices(bands))
        if c.conclusion:
            outcome = c.conclusion.judge(*problems(c, r)) if r and not r.open_required else None
            wide("检查结果", self.choices([(o, o == outcome) for o in c.conclusion.OUTCOMES]))
            if r:
                key, general, _ = problems(c, r)
                wide("判定依据", self.p(f"重点项问题 {key} 项，一般项问题 {general} 项。{c.conclusion.rule()}", st.small))
        if c.title_threshold is not None:
            if r:
                wide("称号资格", self.p(eligibility(c, r)))
            else:
                wide("称号资格", self.choices([(f"具备（总分 ≥{points(c.title_threshold)} 且无否决项）", False),
                                           ("不具备", False)]))
        if r and r.vetoed:
            wide("否决项", self.p("、".join(f"{i} {c.item(i).text}" for i in r.vetoed) + " 未通过"))
        if r and r.open_required:
            wide("未填条目", self.p("、".join(r.open_required)))
        t = table(rows, [80 * mm, 40 * mm, 60 * mm],
                  min_heights=[(9 if self.paper else 0) * mm] * len(rows))
        t.setStyle(grid_style(1) + spans)
        return t

    def findings(self) -> list[Flowable]:
        st, f = self.st, self.filled
        head = [self.p(h, st.head) for h in ("条目", "存在问题", "整改要求", "整改期限")]
        rows = [head]
        if f:
            for item in self.c.items:
                a = self.answer(item)
                s = f.result.items[item.id]
                lost = (s.status == "scored" and s.points < s.max and item.kind is not ItemKind.BONUS) \
                    or s.status == "veto-fail"
                if a is None or not (lost or a.rectification or a.deadline):
                    continue
                problem = a.note or describe(item, a.value)
                if a.note and lost:
                    problem = f"{a.note}（{describe(item, a.value)}）"
                rows.append([self.p(item_number(item), st.cell_c), self.p(f"{item.text}：{problem}", st.small),
                             self.p(a.rectification or "—", st.small),
                             self.p(date_cn(a.deadline) if a.deadline else "—", st.cell_c)])
            if len(rows) == 1:
                rows.append(["", self.p("未发现需要整改的问题。"), "", ""])
            t = table(rows, [14 * mm, 70 * mm, 68 * mm, 28 * mm], repeat=1)
        else:
            rows += [["", "", "", self.p("　　年　月　日", st.small)] for _ in range(PAPER_FINDINGS)]
            t = table(rows, [14 * mm, 66 * mm, 66 * mm, 34 * mm], repeat=1,
                      heights=[8 * mm] + [10 * mm] * PAPER_FINDINGS)
        t.setStyle(grid_style(1) + [("VALIGN", (1, 1), (2, -1), "TOP")])
        # The heading goes with the table's first rows, never alone at a page end.
        return [self.p("发现的问题及整改要求", st.section), t]

    def evidence(self) -> list[Flowable]:
        st, f = self.st, self.filled
        photos = [(item, h) for item in self.c.items if item.kind is ItemKind.PHOTO
                  for h in (self.value(item) or [])]
        texts = [(item, self.value(item)) for item in self.c.items if item.kind is ItemKind.TEXT and self.value(item)]
        if not photos and not texts:
            return [self.p("证据清单", st.section), self.p("本次检查未附文字记录或照片证据。", st.body)]
        rows = [[self.p(h, st.head) for h in ("序号", "条目", "证据", "说明")]]
        spans = []
        for n, (item, text) in enumerate(texts, 1):
            # A text record is read, not looked at: it runs across the picture and note columns.
            rows.append([self.p(str(n), st.cell_c), self.p(f"{item.id} {item.text}（文字记录）", st.small),
                         self.p(text, st.small), ""])
            spans.append(("SPAN", (2, len(rows) - 1), (3, len(rows) - 1)))
        for n, (item, sha) in enumerate(photos, len(texts) + 1):
            found = f.evidence(sha)
            picture: Any = self.p("（本机数据库中没有这张照片）", st.small)
            info = f"SHA-256 {sha}"
            if found:
                media, size, data = found
                picture = _thumbnail(data) or self.p(f"（无法显示的文件：{media}）", st.small)
                info += f"\n{media}，{size / 1024:.0f} KB"
            rows.append([self.p(str(n), st.cell_c), self.p(f"{item.id} {item.text}", st.small), picture,
                         self.p(info, st.small)])
        t = table(rows, [11 * mm, 45 * mm, THUMBNAIL + 6 * mm, 84 * mm], repeat=1)
        t.setStyle(grid_style(1) + [("VALIGN", (0, 1), (-1, -1), "MIDDLE")] + spans)
        return [self.p("证据清单", st.section), t]

    def record_block(self) -> Table:
        st, f = self.st, self.filled
        c = self.c
        lines = [
            f"检查编号：{f.inspection.uuid}",
            f"修订编号：{f.revision}",
            f"内容哈希（SHA-256）：{f.content_hash}",
            f"检查表：{c.ref}　内容哈希 {c.hash[:16]}",
            f"状态：{STATUSES.get(f.inspection.status, f.inspection.status)}",
            "扫描右侧二维码可将本表与数据库中的记录核对（检查编号与内容哈希）。",
        ]
        info = [self.p(line, st.small) for line in lines]
        qr = QrCode(qr_payload(f.inspection.uuid, f.revision, f.content_hash), 32 * mm)
        t = table([[info, qr]], [144 * mm, 36 * mm])
        t.setStyle(grid_style(0) + [("ALIGN", (1, 0), (1, 0), "CENTER")])
        return t


class QrCode(Flowable):
    """A QR code drawn as one filled path of its dark modules.

    reportlab's QrCodeWidget encodes the data three times and draws a shape per run of modules,
    which made it the slowest part of a filled sheet; this encodes once (the same encoder).
    """

    QUIET = 2  # modules of white border; the table cell around it adds more

    def __init__(self, payload: str, size: float):
        super().__init__()
        qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        qr.addData(payload)
        qr.make()
        self.payload = payload
        self.modules = [[bool(m) for m in row] for row in qr.modules]
        self.size = size

    def wrap(self, avail_width, avail_height):
        return self.size, self.size

    def draw(self):
        n = len(self.modules)
        cell = self.size / (n + 2 * self.QUIET)
        path = self.canv.beginPath()
        for r, row in enumerate(self.modules):
            c = 0
            for dark, run in itertools.groupby(row):
                k = len(list(run))
                if dark:
                    path.rect((c + self.QUIET) * cell, self.size - (r + self.QUIET + 1) * cell, k * cell, cell)
                c += k
        self.canv.setFillColor(colors.black)
        self.canv.drawPath(path, stroke=0, fill=1)


def _thumbnail(data: bytes) -> Image | None:
    """A small JPEG of a photo: the PDF carries a thumbnail, not the camera's full image."""
    from PIL import Image as PILImage, UnidentifiedImageError

    try:
        with PILImage.open(io.BytesIO(data)) as im:
            im = im.convert("RGB")
            im.thumbnail((400, 400))
            buf = io.BytesIO()
            im.save(buf, "JPEG", quality=80)
            w, h = im.size
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    buf.seek(0)
    scale = THUMBNAIL / max(w, h)
    return Image(buf, width=w * scale, height=h * scale)


def checklist_flowables(fonts: FontSet, checklist: Checklist, filled: Filled | None = None) -> list[Flowable]:
    return ChecklistSheet(fonts, checklist, filled).flowables()
