"""Typesetting of every sheet kind: Chinese line breaking, full-width brackets, titles and the paper round."""

from __future__ import annotations

import re
import shutil

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from qinspect.paths import shipped_checklists
from qinspect.reports import fonts
from qinspect.reports.layout import MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_TOP, PAGE, Para, styles_for
from qinspect.reports.linebreak import CANNOT_END, CANNOT_START
from qinspect.store import inspections
from qinspect.store.checklists import load_file
from qinspect.store.db import open_store
from tests.reports import pdftools
from tests.reports.worst_cases import make_worst

SHIPPED = [load_file(p) for p in shipped_checklists()]


@pytest.fixture(scope="module")
def printed(small_demo_db, tmp_path_factory):
    """One PDF of every sheet kind from the demo, with long punctuated notes on one inspection per form."""
    from qinspect.cli import main

    folder = tmp_path_factory.mktemp("typeset")
    db = folder / "demo.db"
    shutil.copy(small_demo_db, db)
    with open_store(db) as store:
        worst = make_worst(store, text_chars=400)
        ordinary = [r["id"] for r in inspections.listing(store, limit=4)]
    pdfs = {}
    jobs = {"inspections": ["inspection", *worst.inspections.values(), *ordinary],
            "scoresheets": ["scoresheet", "--year", "2009", "--all"], "ranking": ["ranking", "--year", "2009"]}
    jobs.update({f"blank {c.ref}": ["checklist", "--checklist", c.ref] for c in SHIPPED})
    for name, argv in jobs.items():
        pdfs[name] = folder / f"{len(pdfs)}.pdf"
        assert main(["--db", str(db), "print", *argv, "-o", str(pdfs[name])]) == 0
    return pdfs


def test_no_line_of_any_sheet_starts_with_closing_or_ends_with_opening_punctuation(printed):
    checked = 0
    for name, pdf in printed.items():
        for page, text, _ in pdftools.lines(pdf):
            if not text:
                continue
            checked += 1
            assert text[0] not in CANNOT_START, (name, page, text)
            assert text[-1] not in CANNOT_END, (name, page, text)
    assert checked > 5000


def test_the_line_breaker_moves_punctuation_and_keeps_numbers_whole():
    f = fonts.register()
    st = styles_for(f)
    text = "现场检查发现：原料库房内有三批面粉未标注进货日期；（批号 20091103）“补齐记录”，实测 8.5 ℃。" * 6
    for width in range(60, 200, 7):  # the narrowest column of text is 17 mm
        p = Para(f.markup(text), st.cell)
        p.wrap(width, 10 ** 6)
        lines = ["".join(w.text for w in line.words) for line in p.blPara.lines]
        assert "".join(lines) == text
        for a, b in zip(lines, lines[1:]):
            assert b[0] not in CANNOT_START and a[-1] not in CANNOT_END, (width, a, b)
            assert not (a[-1].isdigit() and b[0].isdigit()), (width, a, b)  # 20091103 is not cut
        assert max(line.currentWidth for line in p.blPara.lines) <= width


def test_titles_use_full_width_brackets_and_name_the_form_in_chinese(printed):
    half = re.compile(r"[\u4e00-\u9fff][()]|[()][\u4e00-\u9fff]")
    for name, pdf in printed.items():
        pages = pdftools.page_texts(pdf)
        for n, (x, _) in enumerate(pdftools.page_numbers(pdf)):
            if x == 1:  # a sheet's first page: its title, subtitle and header block come first
                opening = "".join(pages[n].splitlines()[:4])
                assert not half.search(opening), (name, opening)
    # The subtitle of a 评分表 names the form in Chinese with its version; the id is only in the footer.
    first = pdftools.text(printed["scoresheets"], layout=True, first=1, last=1).splitlines()
    subtitle = next(line for line in first if "依据" in line)
    assert "乡镇（街道）质量工作考核评分表（2009.1 年版）" in subtitle and "@" not in subtitle
    assert "township-assessment@2009.1" in pdftools.squeeze("".join(first[-3:]))


def test_every_page_names_its_subject(printed):
    for name in ("inspections", "scoresheets"):
        for n, page in enumerate(pdftools.page_texts(printed[name]), 1):
            assert re.search(r"(被检查单位|村（社区）名称|乡镇（街道）)：\S", page), (name, n)


def body_font_sizes(pdf) -> list[float]:
    """The size of every text run drawn inside the page frame (not the margins' head and foot)."""
    sizes = []
    for page in PdfReader(str(pdf)).pages:
        def visit(text, cm, tm, font, size):
            y = tm[5] * cm[3] + cm[5]
            if text.strip() and MARGIN_BOTTOM < y < PAGE[1] - MARGIN_TOP:
                sizes.append(size * tm[3] * cm[3] if tm[3] else size)
        page.extract_text(visitor_text=visit)
    return sizes


def test_the_blank_form_is_the_paper_round_layout(printed):
    pdf = printed["blank enterprise-food@2009.1"]
    sizes = body_font_sizes(pdf)
    assert sizes and min(sizes) >= 10, min(sizes)
    boxes = [w for _, _, words in pdftools.lines(pdf) for w in words if w[4].startswith("☐")]
    assert len(boxes) > 40
    for x0, y0, x1, y1, _ in boxes:
        assert min(x1 - x0, y1 - y0) >= 4 * mm  # a box a pen can tick
    words = [w for _, _, ws in pdftools.lines(pdf) for w in ws]
    assert min(w[0] for w in words) >= MARGIN_LEFT - 0.5 >= 20 * mm - 0.5  # the binding margin
    text = pdftools.squeeze(pdftools.text(pdf))
    assert text.count("年月日") >= 16 + 2  # 16 findings rows, the date and the times
    for needle in ("☐首次☐复查☐双随机", "检查起止时间", "检查结果☐符合☐基本符合☐不符合", "*S01", "*V01",
                   "序号前带“*”的为重点项，其余为一般项", "重点项问题不超过1项且一般项问题不超过4项"):
        assert needle in text, needle
    assert "*S02" not in text


def test_a_filled_food_sheet_gives_the_conclusion_by_the_templates_rule(small_demo_db, tmp_path):
    shutil.copy(small_demo_db, tmp_path / "d.db")
    with open_store(tmp_path / "d.db") as store:
        from qinspect.reports import jobs
        uuid = store.execute("SELECT uuid FROM inspections WHERE checklist_id = 'enterprise-food' "
                             "AND checklist_version = '2009.1' AND status = 'completed' LIMIT 1").fetchone()[0]
        form, filled = jobs.filled(store, uuid)
        out = jobs.print_inspections(store, [uuid], tmp_path / "f.pdf").path
    from qinspect.reports.checklist_sheets import problems
    key, general, vetoed = problems(form, filled.result)
    outcome = form.conclusion.judge(key, general, vetoed)
    text = pdftools.squeeze(pdftools.text(out))
    assert f"☑{outcome}" in text
    assert f"重点项问题{key}项，一般项问题{general}项" in text
