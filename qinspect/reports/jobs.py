"""The print jobs the command line and the window share: check what to print, then write one PDF.

Every job refuses bad input (unknown checklist, inspection or township, a year without
assessments) before anything is written, builds its sheets one at a time, and writes to a
temporary file renamed into place, so a failed or cancelled print leaves no half file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Sequence

from reportlab.platypus import Flowable

from qinspect.domain.checklist import Checklist
from qinspect.domain.scoring import score
from qinspect.errors import NotFound
from qinspect.reports import fonts as fontmod
from qinspect.reports.assessment_sheets import ranking_flowables, scoresheet_flowables
from qinspect.reports.checklist_sheets import Filled, checklist_flowables
from qinspect.files import write_atomically
from qinspect.reports.layout import Progress, build_pdf
from qinspect.store import assessments, checklists, evidence, inspections, registers
from qinspect.store.db import Store


def _quiet(done: int, total: int, label: str) -> None:
    """No progress wanted."""


def print_checklist(store: Store, checklist: Checklist, path: Path | str, progress: Progress | None = None) -> Path:
    """A blank checklist of one version, for a paper round."""
    fonts = fontmod.for_store(store)
    report = progress or _quiet

    def sheets() -> Iterator[list[Flowable]]:
        report(0, 1, checklist.title)
        yield checklist_flowables(fonts, checklist)
        report(1, 1, checklist.title)

    return write_atomically(path, lambda tmp: build_pdf(tmp, sheets(), title=f"{checklist.title}（{checklist.version}）",
                                                          fonts=fonts))


def evidence_lookup(store: Store):
    """sha256 -> (media type, size, data) of a stored photo, or None when this database lacks it."""
    def lookup(sha256: str):
        try:
            found = evidence.get_evidence(store, sha256)
        except NotFound:
            return None
        return found.media_type, len(found.data), found.data
    return lookup


def filled(store: Store, uuid: str) -> tuple[Checklist, Filled]:
    """Everything a filled sheet shows of one inspection, read at its head revision."""
    insp = inspections.load(store, uuid)
    head = inspections.summary(store, uuid)
    form = checklists.get(store, insp.checklist_id, insp.checklist_version)
    subject = registers.subject_by_uuid(store, insp.subject_kind, insp.subject_uuid) or {}
    return form, Filled(insp, score(form, insp.values), subject, head["revision"], insp.content_hash(),
                        evidence_lookup(store))


def print_inspections(store: Store, ids: Sequence[str], path: Path | str, progress: Progress | None = None) -> Path:
    """Filled sheets of many inspections in one file, each starting on a new page.

    `ids` are full inspection ids or their first characters (at least 6), all checked first.
    """
    uuids = [inspections.find_uuid(store, i) for i in ids]
    if not uuids:
        raise NotFound("没有要打印的检查")
    fonts = fontmod.for_store(store)
    report = progress or _quiet

    def sheets() -> Iterator[list[Flowable]]:
        for n, uuid in enumerate(uuids):
            report(n, len(uuids), f"检查 {uuid[:8]}")
            form, f = filled(store, uuid)
            yield checklist_flowables(fonts, form, f)
        report(len(uuids), len(uuids), "完成")

    title = "检查记录" if len(uuids) == 1 else f"检查记录（{len(uuids)} 份）"
    return write_atomically(path, lambda tmp: build_pdf(tmp, sheets(), title=title, fonts=fonts))


def _scored_year(store: Store, year: int) -> list[assessments.TownshipScore]:
    ranked = assessments.score_year(store, year)
    if not ranked:
        raise NotFound(f"{year} 年没有乡镇(街道)考核记录；请先为乡镇指定当年的考核检查。")
    return ranked


def print_scoresheets(store: Store, year: int, path: Path | str, township_ids: Sequence[int] | None = None,
                      progress: Progress | None = None) -> Path:
    """The 评分表 of the given townships (all assessed ones when None), in rank order."""
    ranked = _scored_year(store, year)
    chosen = ranked if township_ids is None else [s for s in ranked if s.township_id in set(township_ids)]
    if not chosen:
        raise NotFound(f"所选乡镇(街道)在 {year} 年没有考核记录")
    fonts = fontmod.for_store(store)
    report = progress or _quiet

    def sheets() -> Iterator[list[Flowable]]:
        for n, ts in enumerate(chosen):
            report(n, len(chosen), ts.township)
            insp = inspections.load(store, ts.inspection)
            form = checklists.get(store, insp.checklist_id, insp.checklist_version)
            yield scoresheet_flowables(fonts, year, ts, len(ranked), form, insp)
        report(len(chosen), len(chosen), "完成")

    return write_atomically(path, lambda tmp: build_pdf(tmp, sheets(), title=f"{year} 年度乡镇(街道)质量工作考核评分表",
                                                          fonts=fonts))


def print_ranking(store: Store, year: int, path: Path | str, progress: Progress | None = None) -> Path:
    """The ranking of every assessed township of the year with its category scores."""
    ranked = _scored_year(store, year)
    cid, _, version = ranked[0].checklist.partition("@")
    form = checklists.get(store, cid, version)
    fonts = fontmod.for_store(store)
    report = progress or _quiet

    def sheets() -> Iterator[list[Flowable]]:
        report(0, 1, "排名表")
        yield ranking_flowables(fonts, year, ranked, form)
        report(1, 1, "排名表")

    return write_atomically(path, lambda tmp: build_pdf(tmp, sheets(), title=f"{year} 年度乡镇(街道)质量工作考核排名",
                                                          fonts=fonts))
