"""The longest texts a supervisor writes print on every sheet: nothing fails, nothing overprints.

2,000-character notes, rectifications and text records on every item, 80-character names,
addresses, contacts and inspectors, and 30 or more findings on one sheet, printed through the
command line into all four sheet kinds and a batch.
"""

from __future__ import annotations

import shutil

import pytest

from qinspect.reports.layout import MARGIN_LEFT, MARGIN_RIGHT, PAGE
from qinspect.store import assessments, inspections
from qinspect.store.db import open_store
from tests.reports import pdftools
from tests.reports.geometry import drawn_tables
from tests.reports.worst_cases import make_worst


@pytest.fixture(scope="module")
def worst_db(small_demo_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("worst") / "worst.db"
    shutil.copy(small_demo_db, path)
    with open_store(path) as store:
        worst = make_worst(store)
        # Changed answers send a scored assessment back to 已提交: its sheet prints, unranked.
        township = next(s for s in assessments.score_year(store, 2009, unranked=True)
                        if s.inspection == worst.inspections["township-assessment@2009.1"])
    return path, worst, township


def check_printed(pdf, seen, closing: str) -> None:
    """Valid PDF; no cell overflows; every word between the margins; signatures on the page of the totals."""
    check = pdftools.qpdf_check(pdf)
    assert check.returncode == 0, check.stdout + check.stderr
    assert seen["tables"] > 0
    assert seen["overflows"] == []
    for page, text, words in pdftools.lines(pdf):
        for x0, _, x1, _, word in words:
            assert MARGIN_LEFT - 1 <= x0 and x1 <= PAGE[0] - MARGIN_RIGHT + 1, (page, word)
    pages = pdftools.page_texts(pdf)
    numbers = pdftools.page_numbers(pdf)
    starts = [n for n, (x, _) in enumerate(numbers) if x == 1] + [len(pages)]
    for first, end in zip(starts, starts[1:]):
        sheet = pages[first:end]
        signing = [n for n, text in enumerate(sheet) if "（签名）" in text]
        assert signing, "a sheet without signature lines"
        # All signature lines on one page, and that page carries the totals.
        assert len(set(signing)) == 1 and closing in pdftools.squeeze(sheet[signing[0]]), (first, signing)


@pytest.mark.parametrize("ref", ["enterprise-food@2009.1", "township-assessment@2009.1"])
def test_an_inspection_sheet_with_the_longest_texts_prints(ref, worst_db, tmp_path, cli, monkeypatch):
    db, worst, _ = worst_db
    out = tmp_path / "long.pdf"
    with drawn_tables(monkeypatch) as seen:
        code, stdout, stderr = cli("--db", db, "print", "inspection", worst.inspections[ref], "-o", out)
    assert (code, stderr) == (0, "")
    check_printed(out, seen, "总分")
    text = pdftools.squeeze(pdftools.text(out))
    with open_store(db, write=False) as store:
        insp = inspections.load(store, worst.inspections[ref])
    # every note and rectification is printed in full, and 30 findings or more
    for answer in insp.answers.values():
        assert pdftools.squeeze(answer.note)[-200:] in text
    assert text.count("2009年12月31日") >= (30 if ref.startswith("township") else 18)


def test_a_batch_of_long_inspections_prints_every_one(worst_db, tmp_path, cli, monkeypatch):
    db, worst, _ = worst_db
    ids = [worst.inspections[r] for r in ("enterprise-product@2009", "village-network@2009")]
    out = tmp_path / "batch.pdf"
    with drawn_tables(monkeypatch) as seen:
        code, _, stderr = cli("--db", db, "print", "inspection", *ids, "-o", out)
    assert (code, stderr) == (0, "")
    check_printed(out, seen, "总分")
    assert len([1 for x, _ in pdftools.page_numbers(out) if x == 1]) == len(ids)


def test_a_scoresheet_with_the_longest_texts_prints(worst_db, tmp_path, cli, monkeypatch):
    db, _, township = worst_db
    out = tmp_path / "score.pdf"
    with drawn_tables(monkeypatch) as seen:
        code, _, stderr = cli("--db", db, "print", "scoresheet", "--year", 2009, "--township",
                              f"{township.county}/{township.township}", "-o", out)
    assert (code, stderr) == (0, "")
    check_printed(out, seen, "总分")
    assert len(township.township) == 80


def test_the_ranking_and_a_blank_form_with_long_names_print(worst_db, tmp_path, cli, monkeypatch):
    db, _, _ = worst_db
    for argv, closing in ((["ranking", "--year", 2009], "参加考核"),
                          (["checklist", "--checklist", "enterprise-food"], "总分")):
        out = tmp_path / f"{argv[0]}.pdf"
        with drawn_tables(monkeypatch) as seen:
            code, _, stderr = cli("--db", db, "print", *argv, "-o", out)
        assert (code, stderr) == (0, ""), argv
        check_printed(out, seen, closing)
