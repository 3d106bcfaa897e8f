"""The printed form's frame shared by every sheet: A4 pages, styles, page x of y, atomic writing.

A PDF holds one or more sheets (one inspection, one township, one checklist), each starting on
a new page with its own "第 x 页 共 y 页". Sheets are built one at a time from a generator and
the canvas holds back only the pages of the sheet being drawn until its page count is known, so
printing a thousand inspections keeps only one sheet's flowables and pages in memory (besides
reportlab's compressed page streams).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreakIfNotEmpty, PageTemplate, Paragraph, Table
from reportlab.platypus.doctemplate import LayoutError

from qinspect.errors import InvalidInput
from qinspect.reports.fonts import LATIN_NAME, FontSet
from qinspect.reports.linebreak import split_lines

PAGE = A4
MARGIN_LEFT = 20 * mm  # the binding edge of a filed sheet
MARGIN_RIGHT = 10 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 17 * mm
WIDTH = PAGE[0] - MARGIN_LEFT - MARGIN_RIGHT  # 180 mm of table on A4
FRAME_HEIGHT = PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM
# A row split at a page end leaves at least this much on either page (about two lines).
SPLIT_MIN = 22
GRID = colors.black
SHADE = colors.Color(0.90, 0.90, 0.90)
LIGHT = colors.Color(0.96, 0.96, 0.96)
GREY = colors.Color(0.35, 0.35, 0.35)
BOX = "☐"
TICKED = "☑"
CHINESE_NUMERALS = "一二三四五六七八九十"


# Binary streams instead of ASCII85 text: a quarter smaller and quicker to write. reportlab reads
# this global when it saves; qinspect.reports is the only reportlab user in the process.
rl_config.useA85 = 0


def points(value: float | None) -> str:
    """Points as a person writes them: 20, 7.5, 87.25 (never 20.0)."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def date_cn(iso: str) -> str:
    """2009-12-18 as 2009 年 12 月 18 日."""
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.year} 年 {d.month} 月 {d.day} 日"


class Para(Paragraph):
    """A Paragraph that remembers its last wrap.

    A table wraps every cell to measure its rows, again when it splits at a page end, and
    again to draw it; CJK line breaking is the costliest step of a sheet, so it is done once
    per width.
    """

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, avail_width, avail_height):
        # A split that finds no room deletes blPara (the line breaks); then break lines again.
        if self._wrapped is not None and self._wrapped[0] == avail_width and "blPara" in self.__dict__:
            return self._wrapped[1]
        size = super().wrap(avail_width, avail_height)
        self._wrapped = (avail_width, size)
        return size

    def breakLinesCJK(self, maxWidths):
        """Lines broken by the Chinese rules of qinspect.reports.linebreak, for one run or many."""
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        self.height = 0
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara  # the first half of a split keeps the lines it was cut from
        if not self.frags or any(hasattr(f, "cbDefn") for f in self.frags):
            return super().breakLinesCJK(maxWidths)
        auto = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return split_lines(self.frags, list(maxWidths), auto not in ("", "off"))


class Styles:
    """Paragraph styles in the sheet's fonts; one set per FontSet and size.

    The compact sizes fit a filled sheet on few pages; `paper` is the paper-round form an
    inspector fills in by pen on site: nothing under 10 pt.
    """

    def __init__(self, fonts: FontSet, paper: bool = False):
        self.fonts = fonts
        self.paper = paper

        def style(name: str, compact: float, on_paper: float | None = None, **kw) -> ParagraphStyle:
            size = (on_paper or max(compact, 10)) if paper else compact
            # Lines never hang past their width (qinspect.reports.linebreak), so no right indent.
            return ParagraphStyle(name, fontName=fonts.main, fontSize=size, leading=size * 1.35,
                                  wordWrap="CJK", **kw)

        self.body = style("body", 8.5, 10.5)
        self.cell = style("cell", 8)
        self.small = style("small", 7.2)
        self.small_r = style("small_r", 7.2, alignment=TA_RIGHT)
        self.cell_c = style("cell_c", 8, alignment=TA_CENTER)
        self.head = style("head", 8.5, 10.5, alignment=TA_CENTER)
        self.category = style("category", 9.5, 11.5)
        self.section = style("section", 10.5, 12, spaceBefore=3 * mm, spaceAfter=1.5 * mm, keepWithNext=1)
        self.subtitle = style("subtitle", 9, 10.5, alignment=TA_CENTER, textColor=GREY)
        self.note = style("note", 7.5, textColor=GREY)
        self.left = style("left", 9, 10.5, alignment=TA_LEFT)

    def p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Para(self.fonts.markup(text), style or self.cell)


@lru_cache(maxsize=8)
def styles_for(fonts: FontSet, paper: bool = False) -> Styles:
    return Styles(fonts, paper)


def cn_brackets(text: str) -> str:
    """Half-width brackets beside Chinese text made full-width, as a Chinese title writes them: 乡镇（街道）."""
    return _BRACKETS.sub(lambda m: "（" if m.group(0) == "(" else "）", text)


# A bracket touching a Chinese character (乡镇(街道), (2009 年新增)); ISO(9001) stays as it is.
_BRACKETS = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[()]|[()](?=[\u3000-\u9fff\uff00-\uffef])")


def draw_text(canv: Canvas, fonts: FontSet, x: float, y: float, text: str, size: float,
              align: str = "left", bold: bool = False) -> None:
    """Draw one line in font runs; `bold` strokes the outline, since the CJK font has no bold face."""
    width = fonts.width(text, size)
    if align == "centre":
        x -= width / 2
    elif align == "right":
        x -= width
    t = canv.beginText(x, y)
    if bold:
        canv.setLineWidth(size / 28)
        t.setTextRenderMode(2)
    for font, run in fonts.runs(text):
        t.setFont(font, size)
        t.textOut(run)
    canv.drawText(t)


class Title(Flowable):
    """The sheet's title, centred, large and stroked for a bold look."""

    def __init__(self, fonts: FontSet, text: str, size: float = 16):
        super().__init__()
        self.fonts, self.text, self.size = fonts, text, size

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return avail_width, self.size * 1.6

    def draw(self):
        draw_text(self.canv, self.fonts, self.width / 2, self.size * 0.45, self.text, self.size, "centre", bold=True)


@dataclass(eq=False)
class Sheet:
    """What every page of one sheet repeats in its margins, so a loose page still says what it is."""

    fonts: FontSet
    ref: str  # checklist id@version (or several, comma separated): the small footer
    label: str  # top right: the kind of sheet and its record
    outline: str  # bookmark title in the PDF viewer
    subject: str = ""  # top left: who or what the sheet is about (the form's title when blank)


class SheetStart(Flowable):
    """Marks the first page of a sheet: the canvas numbers pages per sheet from here."""

    def __init__(self, sheet: Sheet):
        super().__init__()
        self.sheet = sheet

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.canv.sheet = self.sheet


class _HeldPages:
    """The finished pages of the current sheet, waiting until its last page tells the count."""

    def __init__(self) -> None:
        self.sheet: Sheet | None = None
        self.states: list[dict] = []
        self.written = 0  # sheets written so far, to name their bookmarks


class SheetCanvas(Canvas):
    """A canvas that writes each sheet's pages once the sheet is complete, with 第 x 页 共 y 页."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet: Sheet | None = None
        self._held = _HeldPages()  # shared by every saved page state, so it survives their restore
        self._printed = dt.date.today().isoformat()

    def showPage(self):
        held = self._held
        if held.states and self.sheet is not held.sheet:
            page = dict(self.__dict__)
            self._release()
            self.__dict__.update(page)
        held.sheet = self.sheet
        held.states.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        self._release()
        super().save()

    def _release(self) -> None:
        held = self._held
        count = len(held.states)
        for n, state in enumerate(held.states, 1):
            self.__dict__.update(state)
            if held.sheet is not None:
                self._decorate(held.sheet, n, count)
            Canvas.showPage(self)
            _compress(self._doc.Pages.pages[-1])
        held.states.clear()

    def _decorate(self, sheet: Sheet, n: int, count: int) -> None:
        fonts = sheet.fonts
        width, height = self._pagesize
        if n == 1:
            # Bookmarks name the page by the document's page count, right only once the page is written.
            self._held.written += 1
            key = f"sheet{self._held.written}"
            self.bookmarkPage(key)
            self.addOutlineEntry(sheet.outline, key, level=0)
        self.saveState()
        self.setFillColor(GREY)
        self.setStrokeColor(GREY)
        top = height - MARGIN_TOP + 5 * mm
        right = width - MARGIN_RIGHT
        label_width = fonts.width(sheet.label, 7.5)
        subject = _clip(fonts, sheet.subject, 7.5, right - MARGIN_LEFT - label_width - 6 * mm)
        draw_text(self, fonts, MARGIN_LEFT, top, subject, 7.5)
        draw_text(self, fonts, right, top, sheet.label, 7.5, "right")
        self.setLineWidth(0.4)
        self.line(MARGIN_LEFT, top - 1.8 * mm, right, top - 1.8 * mm)
        bottom = MARGIN_BOTTOM - 9 * mm
        self.setFillColor(colors.black)
        draw_text(self, fonts, width / 2, bottom, f"第 {n} 页 共 {count} 页", 8.5, "centre")
        self.setFillColor(GREY)
        draw_text(self, fonts, MARGIN_LEFT, bottom, sheet.ref, 7)
        draw_text(self, fonts, right, bottom, f"打印日期 {self._printed}", 7, "right")
        self.restoreState()


def _clip(fonts: FontSet, text: str, size: float, width: float) -> str:
    """`text` cut with an ellipsis to fit one line of the page head (the full name is on the sheet)."""
    if fonts.width(text, size) <= width:
        return text
    while text and fonts.width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def _compress(page: pdfdoc.PDFPage) -> None:
    """Compress a written page's content now rather than when the file is saved.

    reportlab keeps every page's drawing operators as text until save; a thousand-inspection
    job would hold some 200 MB of them. Compressed at once, a page costs what it costs in the
    file. The stream names its filter, so reportlab's save writes it as it is.
    """
    if page.stream and not page.Contents:
        flate = pdfdoc.PDFZCompress
        page.Contents = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Filter": pdfdoc.PDFArray([pdfdoc.PDFName(flate.pdfname)])}),
                                         flate.encode(page.stream))
        page.stream = None


class _Story(list):
    """The doc template's flowable list, refilled one sheet at a time from a generator.

    reportlab's build loop asks `len(flowables)` before every step; when the list runs dry the
    next sheet is pulled in, behind a page break, so earlier sheets' flowables can be freed.
    Sheets whose number is in `skip` are passed over (they could not be laid out before).
    """

    def __init__(self, sheets: Iterator[list[Flowable]], skip: set[int]):
        super().__init__()
        self._sheets = sheets
        self._skip = skip
        self._started = False
        self.number = -1  # of the sheet being laid out
        self.sheet: Sheet | None = None

    def __len__(self) -> int:
        n = super().__len__()
        while n == 0:
            nxt = next(self._sheets, None)
            if nxt is None:
                break
            self.number += 1
            if self.number in self._skip:
                continue
            if self._started:
                self.append(PageBreakIfNotEmpty())
            self._started = True
            self.sheet = nxt[0].sheet if nxt and isinstance(nxt[0], SheetStart) else None
            self.extend(nxt)
            n = super().__len__()
        return n


@dataclass(frozen=True)
class LeftOut:
    """A sheet of a batch that could not be laid out, and the part of it that would not fit."""

    sheet: str
    part: str

    def sentence(self) -> str:
        return f"{self.sheet} 未能打印：其中“{self.part}”一处无法排版，请缩短该处文字后重新打印。"


class _Unplaceable(Exception):
    def __init__(self, number: int, left_out: LeftOut):
        super().__init__(left_out.sentence())
        self.number, self.left_out = number, left_out


def _cell_text(value) -> str:
    if isinstance(value, Paragraph):
        return value.getPlainText()
    if isinstance(value, (list, tuple)):
        return "".join(_cell_text(v) for v in value)
    if isinstance(value, Table):
        return "".join(_cell_text(v) for row in value._cellvalues for v in row)
    return value if isinstance(value, str) else ""


def _part(f: Flowable | None) -> str:
    """The start of the text that did not fit: the tallest row of a table (its item id comes first)."""
    text = ""
    if isinstance(f, Table) and getattr(f, "_rowHeights", None):
        heights = [h or 0 for h in f._rowHeights]
        text = "".join(_cell_text(v) for v in f._cellvalues[heights.index(max(heights))])
    elif f is not None:
        text = _cell_text(f)
    text = " ".join(text.split()) or (f.identity(30) if f is not None else "")
    return text[:40] + ("……" if len(text) > 40 else "")


class _SheetDoc(BaseDocTemplate):
    """The document template that says which sheet and which part of it could not be laid out."""

    story: _Story

    def handle_flowable(self, flowables):
        current = flowables[0] if list.__len__(flowables) else None
        try:
            super().handle_flowable(flowables)
        except LayoutError:
            s = self.story.sheet
            name = f"{s.outline}（{s.label}）" if s else f"第 {self.story.number + 1} 份"
            raise _Unplaceable(self.story.number, LeftOut(name, _part(current))) from None


def build_pdf(target: Path, sheets: Callable[[], Iterable[list[Flowable]]], *, title: str,
              fonts: FontSet) -> list[LeftOut]:
    """Lay out the sheets (each a list starting with SheetStart) into `target`, page by page.

    `sheets` makes the sheets afresh on every call. A sheet that cannot be laid out at all (a
    flowable taller than a page that cannot split) is left out and the rest laid out again;
    the returned list says which were left out. None at all is refused.
    """
    skip: set[int] = set()
    left_out: list[LeftOut] = []
    while True:
        # The initial font goes into every page's preamble; reportlab's default would add a
        # Helvetica resource that is not embedded.
        doc = _SheetDoc(str(target), pagesize=PAGE, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
                        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title, author="qinspect",
                        creator="qinspect", subject=title, initialFontName=fonts.latin)
        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, WIDTH, FRAME_HEIGHT, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc.addPageTemplates([PageTemplate(id="sheet", frames=[frame], pagesize=PAGE)])
        doc.story = _Story(iter(sheets()), skip)
        if not len(doc.story):
            if left_out:
                raise InvalidInput("；".join(x.sentence() for x in left_out))
            raise InvalidInput("没有可打印的内容")
        try:
            doc.build(doc.story, canvasmaker=SheetCanvas)
            return left_out
        except _Unplaceable as e:
            skip.add(e.number)
            left_out.append(e.left_out)


class RuledTable(Table):
    """A table that splits between rows, and inside a row only when that row could fill a page by itself.

    reportlab's in-row splitting would also cut a short row at every page end; a row that fits
    on a page moves whole to the next page, as on a hand-made form.
    """

    def split(self, availWidth, availHeight):
        self._calc(availWidth, availHeight)
        parts = self._splitRows(availHeight, doInRowSplit=False)
        if parts:
            return parts
        repeat = self.repeatRows if isinstance(self.repeatRows, int) else max(self.repeatRows) + 1
        if len(self._rowHeights) <= repeat:
            return []
        head = sum(self._rowHeights[:repeat])
        if head + self._rowHeights[repeat] > FRAME_HEIGHT * 0.8:
            return self._splitRows(availHeight, doInRowSplit=True)
        return []


def table(rows: list[list], widths: list[float], *, repeat: int = 0, heights: list[float] | None = None,
          min_heights: list[float] | None = None) -> Table:
    """A ruled table whose rows grow with their text and split across pages, even inside a row."""
    return RuledTable(rows, colWidths=widths, rowHeights=heights, repeatRows=repeat, splitByRow=1,
                      splitInRow=SPLIT_MIN, minRowHeights=min_heights)


def grid_style(header_rows: int = 1) -> list[tuple]:
    """The ruled look of an official form: a full grid, shaded header rows, centred headers."""
    return [
        ("FONTNAME", (0, 0), (-1, -1), LATIN_NAME),  # empty cells would otherwise set Helvetica
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BOX", (0, 0), (-1, -1), 1.0, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ] + ([("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE)] if header_rows else [])


def signature_block(st: Styles, lines: list[str]) -> Table:
    """Signature lines: a label, a long rule to sign on, and a date to fill in."""
    rows = [[st.p(label, st.left), "", st.p("日期：　　　　年　　月　　日", st.left)] for label in lines]
    t = Table(rows, colWidths=[62 * mm, 58 * mm, 60 * mm], rowHeights=[12 * mm] * len(rows))
    t.setStyle([
        ("FONTNAME", (0, 0), (-1, -1), LATIN_NAME),
        ("LINEBELOW", (1, 0), (1, -1), 0.6, GRID),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ])
    return t


def numeral(n: int) -> str:
    """一, 二, … for category headings (the five categories, bonus and summary sections)."""
    return CHINESE_NUMERALS[n - 1] if 1 <= n <= len(CHINESE_NUMERALS) else str(n)
