"""Filled inspection sheets: answers, scores, findings, evidence, the record and its QR code."""

from __future__ import annotations

import io
import re

from PIL import Image
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from qinspect.domain.checklist import ItemKind
from qinspect.domain.records import Answer
from qinspect.reports import fonts, jobs
from qinspect.reports.checklist_sheets import QrCode, checklist_flowables, describe, qr_payload
from qinspect.reports.layout import points
from qinspect.store import evidence, inspections
from tests.reports import pdftools


def enterprise_inspections(store, n: int) -> list[dict]:
    return [r for r in inspections.listing(store) if r["subject_kind"] == "enterprise"][:n]


def test_filled_sheet_shows_answers_scores_and_record(demo_store, tmp_path):
    row = enterprise_inspections(demo_store, 1)[0]
    out = jobs.print_inspections(demo_store, [row["id"][:8]], tmp_path / "one.pdf").path
    form, filled = jobs.filled(demo_store, row["id"])
    r = filled.result
    assert pdftools.qpdf_check(out).returncode == 0
    raw = pdftools.text(out)
    text = pdftools.squeeze(raw)
    for needle in (row["subject"], filled.subject["credit_code"], row["id"], filled.revision, filled.content_hash,
                   form.ref, filled.inspection.inspector):
        assert needle in text, needle
    # one tick per answered choice item, and one for the grade
    choices = [i for i in form.items if i.kind in (ItemKind.PASSFAIL, ItemKind.TIERED, ItemKind.VETO)
               and filled.inspection.answers.get(i.id) is not None]
    assert raw.count("☑") == len(choices) + 1
    # the summary: category subtotals and the total
    layout = pdftools.text(out, layout=True)
    summary = layout[layout.rindex("评分汇总"):]
    for cat in r.categories:
        assert re.search(rf"{re.escape(cat.title)}\s+{points(cat.cap)}\s+{re.escape(points(cat.score))}\s*$",
                         summary, re.M)
    assert re.search(rf"总分\s+\d+\s+{re.escape(points(r.total))}\s*$", summary, re.M)
    assert f"☑{r.grade}" in pdftools.squeeze(summary)
    # findings with their rectification and deadline
    with_rect = [(i, filled.inspection.answers[i]) for i in filled.inspection.answers
                 if filled.inspection.answers[i].rectification]
    for item_id, a in with_rect:
        assert pdftools.squeeze(a.rectification) in text
        y, m, d = map(int, a.deadline.split("-"))
        assert f"{y}年{m}月{d}日" in text
    # the quantity answer is written in
    q = next(i for i in form.items if i.kind is ItemKind.QUANTITY)
    value = filled.inspection.answers.get(q.id)
    if value is not None and value.value != "na":
        assert pdftools.squeeze(f"实测值 {points(value.value)} {q.unit}") in text


def test_qr_code_holds_the_inspection_id_and_content_hash(demo_store, tmp_path):
    row = enterprise_inspections(demo_store, 1)[0]
    form, filled = jobs.filled(demo_store, row["id"])
    flowables = checklist_flowables(fonts.register(), form, filled)

    def walk(obj):
        yield obj
        for child in getattr(obj, "_content", None) or []:
            yield from walk(child)
        for cells in getattr(obj, "_cellvalues", None) or []:
            for cell in cells:
                for c in (cell if isinstance(cell, (list, tuple)) else [cell]):
                    yield from walk(c)

    codes = [f for top in flowables for f in walk(top) if isinstance(f, QrCode)]
    assert len(codes) == 1
    assert codes[0].payload == qr_payload(row["id"], filled.revision, filled.content_hash)
    assert filled.content_hash == filled.inspection.content_hash()

    # The modules drawn on the page are the encoder's: render the code alone and sample each module.
    code = QrCode(codes[0].payload, 60 * mm)
    pdf = tmp_path / "qr.pdf"
    canvas = Canvas(str(pdf), pagesize=(60 * mm, 60 * mm))
    code.drawOn(canvas, 0, 0)
    canvas.save()
    png = tmp_path / "qr"
    pdftools.run("pdftoppm", "-png", "-r", "300", "-singlefile", str(pdf), str(png))
    image = Image.open(f"{png}.png").convert("L")
    n = len(code.modules)
    cell = image.width / (n + 2 * QrCode.QUIET)
    for r, row_modules in enumerate(code.modules):
        for c, dark in enumerate(row_modules):
            x, y = (c + QrCode.QUIET + 0.5) * cell, (r + QrCode.QUIET + 0.5) * cell
            assert (image.getpixel((int(x), int(y))) < 128) == dark, (r, c)


def test_photo_evidence_is_listed_with_a_thumbnail(demo_store, tmp_path):
    row = enterprise_inspections(demo_store, 1)[0]
    form, filled = jobs.filled(demo_store, row["id"])
    photo = next(i for i in form.items if i.kind is ItemKind.PHOTO)
    buf = io.BytesIO()
    Image.new("RGB", (1600, 1200), (200, 60, 40)).save(buf, "JPEG")
    sha = evidence.add_evidence(demo_store, buf.getvalue(), "image/jpeg")
    missing = "f" * 64
    insp = filled.inspection.with_answer(photo.id, Answer([sha, missing]))
    inspections.save(demo_store, insp, reason="补充现场照片")
    out = jobs.print_inspections(demo_store, [row["id"]], tmp_path / "photo.pdf").path
    text = pdftools.squeeze(pdftools.text(out))
    assert "证据清单" in text and sha in text and missing in text
    assert "本机数据库中没有这张照片" in text
    images = pdftools.run("pdfimages", "-list", str(out)).stdout.splitlines()[2:]
    assert len(images) == 1
    width = int(images[0].split()[3])
    assert width <= 400  # a thumbnail, not the camera's full image


def test_many_inspections_make_one_file_each_starting_on_a_new_page(demo_store, tmp_path):
    rows = inspections.listing(demo_store, limit=6)
    ids = [r["id"] for r in rows]
    out = jobs.print_inspections(demo_store, ids, tmp_path / "many.pdf").path
    numbers = pdftools.page_numbers(out)
    starts = [n for n, (x, _) in enumerate(numbers, 1) if x == 1]
    assert len(starts) == len(ids)
    # each sheet numbers its own pages: 1..y of y
    for start, end in zip(starts, starts[1:] + [len(numbers) + 1]):
        count = end - start
        assert numbers[start - 1:end - 1] == [(x, count) for x in range(1, count + 1)]
    for start, row in zip(starts, rows):
        page = pdftools.text(out, first=start, last=start)
        assert row["id"][:12] in page and row["subject"] in pdftools.squeeze(page)
    outline = PdfReader(str(out)).outline
    assert len(outline) == len(ids)
    reader = PdfReader(str(out))
    assert [reader.get_destination_page_number(o) + 1 for o in outline] == starts


def test_describe_answers_in_words(demo_store):
    form, _ = jobs.filled(demo_store, enterprise_inspections(demo_store, 1)[0]["id"])
    tiered = next(i for i in form.items if i.kind is ItemKind.TIERED)
    assert describe(tiered, 0) == tiered.tiers[0].label
    assert describe(tiered, None) == "未填"
    assert describe(tiered, "na") == "不适用"
