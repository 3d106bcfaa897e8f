"""The sheet frame: page x of y per sheet, sheets pulled one at a time, atomic writing, fonts."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from reportlab.platypus import PageBreak, Paragraph

from qinspect.errors import InvalidInput
from qinspect.paths import resource
from qinspect.reports import fonts
from qinspect.reports.layout import Sheet, SheetStart, build_pdf, points, styles_for
from tests.reports import pdftools


def sheet(f, n: int, pages: int) -> list:
    st = styles_for(f)
    out = [SheetStart(Sheet(f, f"form-{n}@2009", f"第 {n} 份", f"份 {n}"))]
    for page in range(pages):
        if page:
            out.append(PageBreak())
        out.append(Paragraph(f.markup(f"第 {n} 份 正文 ABC 123"), st.body))
    return out


def test_pages_are_numbered_per_sheet_with_their_own_count(tmp_path):
    f = fonts.register()
    lengths = [1, 3, 2, 1]
    out = tmp_path / "n.pdf"
    build_pdf(out, lambda: (sheet(f, n, k) for n, k in enumerate(lengths, 1)), title="t", fonts=f)
    want = [(x, k) for k in lengths for x in range(1, k + 1)]
    assert pdftools.page_numbers(out) == want
    page = 1
    for n, k in enumerate(lengths, 1):
        for _ in range(k):
            assert f"form-{n}@2009" in pdftools.text(out, first=page, last=page)
            page += 1


def test_sheets_are_pulled_one_at_a_time_and_freed(tmp_path):
    """Bounded memory: when sheet n is built, the flowables of sheet n - 2 are gone."""
    f = fonts.register()
    built: list[weakref.ref] = []
    alive_when_built: list[int] = []

    def sheets():
        for n in range(12):
            gc.collect()
            alive_when_built.append(sum(1 for r in built if r() is not None))
            s = sheet(f, n, 2)
            built.append(weakref.ref(s[0]))
            yield s

    build_pdf(tmp_path / "s.pdf", sheets, title="t", fonts=f)
    assert max(alive_when_built) <= 2
    assert pdftools.pages(tmp_path / "s.pdf") == 24


def test_nothing_to_print_is_refused(tmp_path):
    with pytest.raises(InvalidInput):
        build_pdf(tmp_path / "e.pdf", lambda: iter([]), title="t", fonts=fonts.register())


def test_points_are_written_as_on_paper():
    assert [points(x) for x in (20.0, 7.5, 87.25, 0.0, 100.1)] == ["20", "7.5", "87.25", "0", "100.1"]


def test_fonts_are_registered_once_and_split_into_runs():
    a, b = fonts.register(), fonts.register()
    assert a is b
    runs = a.runs("ISO 9001 质量管理体系（≥90）☐")
    assert runs[0] == (a.latin, "ISO 9001 ")
    assert ("QInspectCJK", "质量管理体系（") in runs
    assert all(font in (a.main, a.latin) for font, _ in runs)
    assert "&lt;" in a.markup("a<b")


def test_a_configured_truetype_font_replaces_the_shipped_one(store, tmp_path):
    system = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
    if not system.exists():
        pytest.skip("WenQuanYi Zen Hei is not installed on this machine")
    from qinspect.reports import jobs
    from qinspect.store import checklists
    with store.atomic():
        store.set_setting(fonts.SETTING, str(system))
    out = jobs.print_checklist(store, checklists.get(store, "village-network"), tmp_path / "w.pdf").path
    names = [f["name"] for f in pdftools.fonts(out)]
    assert any("WenQuanYi" in n for n in names) and not any("DroidSans" in n for n in names)
    assert all(f["emb"] == "yes" and f["sub"] == "yes" for f in pdftools.fonts(out))


def test_an_unusable_configured_font_is_refused_with_the_reason(tmp_path):
    bad = tmp_path / "not-a-font.ttf"
    bad.write_bytes(b"hello")
    with pytest.raises(InvalidInput, match="报表字体"):
        fonts.register(bad)
    with pytest.raises(InvalidInput, match="不含中文字形"):
        fonts.register(resource("fonts", "DejaVuSansCondensed.ttf"))


def test_a_paragraph_wraps_once_per_width_but_again_after_a_failed_split(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    f = fonts.register()
    st = styles_for(f)
    p = st.p("证据清单", st.section)
    size = p.wrap(500, 100)
    lines = p.blPara
    assert p.wrap(500, 100) == size and p.blPara is lines  # not broken into lines again
    assert p.split(500, 5) == []  # no room: reportlab drops the line breaks
    assert p.wrap(500, 100) == size
    canvas = Canvas(str(tmp_path / "p.pdf"))
    p.drawOn(canvas, 0, 0)
    canvas.save()


def test_a_sheet_that_cannot_be_laid_out_is_left_out_and_named(tmp_path):
    """A flowable taller than a page that cannot split: that sheet is left out, the others print."""
    from reportlab.platypus import Spacer, Table

    f = fonts.register()
    st = styles_for(f)

    def sheets():
        for n in range(3):
            out = sheet(f, n, 1)
            if n == 1:
                out.append(Table([[st.p("S07 生产场所环境", st.cell), [Spacer(0, 900)]]], colWidths=[80, 80]))
            yield out

    out = tmp_path / "left.pdf"
    left = build_pdf(out, sheets, title="t", fonts=f)
    assert [x.sheet for x in left] == ["份 1（第 1 份）"]
    assert "S07 生产场所环境" in left[0].part
    assert left[0].sentence().startswith("份 1（第 1 份） 未能打印：其中“S07 生产场所环境")
    assert pdftools.page_numbers(out) == [(1, 1), (1, 1)]
    text = pdftools.text(out)
    assert "form-0@2009" in text and "form-2@2009" in text and "form-1@2009" not in text

    def only_bad():
        yield sheet(f, 1, 1) + [Table([[[Spacer(0, 900)]]], colWidths=[80])]

    with pytest.raises(InvalidInput, match="未能打印"):
        build_pdf(tmp_path / "none.pdf", only_bad, title="t", fonts=f)
