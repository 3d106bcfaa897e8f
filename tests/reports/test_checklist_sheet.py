"""Blank checklists: every shipped checklist prints with embedded subset fonts, all its text, valid PDF."""

from __future__ import annotations

import pytest

from qinspect.domain.checklist import ItemKind
from qinspect.paths import shipped_checklists
from qinspect.reports.layout import cn_brackets
from qinspect.store.checklists import load_file
from tests.reports import pdftools

SHIPPED = [load_file(p) for p in shipped_checklists()]


@pytest.fixture
def db(tmp_path, cli):
    path = tmp_path / "forms.db"
    assert cli("--db", path, "init")[0] == 0
    return path


@pytest.mark.parametrize("form", SHIPPED, ids=[c.ref for c in SHIPPED])
def test_every_shipped_checklist_prints_with_its_text_in_embedded_fonts(form, db, tmp_path, cli):
    out = tmp_path / f"{form.id}.pdf"
    code, stdout, stderr = cli("--db", db, "print", "checklist", "--checklist", form.ref, "-o", out)
    assert code == 0, stderr
    assert stdout.strip() == str(out)

    fonts = pdftools.fonts(out)
    assert fonts, "no fonts in the PDF"
    for f in fonts:
        assert (f["emb"], f["sub"], f["uni"]) == ("yes", "yes", "yes"), f
        assert "+" in f["name"], f"{f['name']} is not a subset"

    check = pdftools.qpdf_check(out)
    assert check.returncode == 0, check.stdout + check.stderr

    text = pdftools.squeeze(pdftools.text(out))
    assert pdftools.squeeze(cn_brackets(form.title)) in text
    for item in form.items:
        assert pdftools.squeeze(item.text) in text, item.id
        assert pdftools.squeeze(item.standard) in text, item.id
        for tier in item.tiers:
            assert pdftools.squeeze(tier.label) in text, (item.id, tier.label)
    for cat in form.categories:
        assert f"{cat.title}（满分{cat.max:g}分）" in text
    for label in ("检查人员（签名）", "统一社会信用代码", "联系人及电话", "检查日期"):
        assert label in text


@pytest.mark.parametrize("form", SHIPPED[:1], ids=[SHIPPED[0].ref])
def test_every_page_carries_the_checklist_and_page_x_of_y(form, db, tmp_path, cli):
    out = tmp_path / "c.pdf"
    assert cli("--db", db, "print", "checklist", "--checklist", form.ref, "-o", out)[0] == 0
    numbers = pdftools.page_numbers(out)
    total = len(numbers)
    assert numbers == [(n, total) for n in range(1, total + 1)]
    for n in range(1, total + 1):
        assert form.ref in pdftools.text(out, first=n, last=n)


def test_blank_sheet_has_boxes_to_tick_and_blanks_to_fill(db, tmp_path, cli):
    form = next(c for c in SHIPPED if c.ref == "township-assessment@2009")
    out = tmp_path / "t.pdf"
    assert cli("--db", db, "print", "checklist", "--checklist", "township-assessment@2009", "-o", out)[0] == 0
    text = pdftools.text(out)
    ticks = sum(len(i.tiers) for i in form.items if i.kind is ItemKind.TIERED)
    assert text.count("☐") >= ticks
    assert "☑" not in text
    squeezed = pdftools.squeeze(text)
    assert "加分项（最多加10分）" in squeezed
    assert "（2009年新增）" in squeezed
    quantity = next(i for i in form.items if i.kind is ItemKind.QUANTITY)
    assert f"实测值（{quantity.unit}）：" in squeezed
