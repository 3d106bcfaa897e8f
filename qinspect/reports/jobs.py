"""The print jobs the command line and the window share: check what to print, then write one PDF.

Every job refuses bad input (unknown checklist, inspection or township, a year without
assessments) before anything is written, builds its sheets one at a time, and writes to a
temporary file renamed into place, so a failed or cancelled print leaves no half file. A job
returns the file and the sentences a person should read about it (an id given twice, a sheet
left out because it could not be laid out).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

from reportlab.platypus import Flowable

from qinspect.domain.checklist import Checklist
from qinspect.domain.scoring import score
from qinspect.errors import NotFound
from qinspect.reports import fonts as fontmod
from qinspect.reports.assessment_sheets import ranking_flowables, scoresheet_flowables
from qinspect.reports.checklist_sheets import Filled, checklist_flowables
from qinspect.files import write_atomically
from qinspect.progress import Progress
from qinspect.reports.layout import build_pdf, cn_brackets
from qinspect.store import assessments, checklists, evidence, inspections, registers
from qinspect.store.db import Store


@dataclass(frozen=True)
class Printed:
    """A written PDF and what the person printing it should be told (one sentence each)."""

    path: Path
    notes: tuple[str, ...] = ()


def _quiet(done: int, total: int, label: str) -> None:
    """No progress wanted."""


def _write(path: Path | str, sheets: Callable[[], Iterator[list[Flowable]]], title: str, fonts,
           notes: Sequence[str] = ()) -> Printed:
    left_out: list = []

    def build(tmp: Path) -> None:
        left_out.extend(build_pdf(tmp, sheets, title=title, fonts=fonts))

    written = write_atomically(path, build)
    return Printed(written, tuple(notes) + tuple(x.sentence() for x in left_out))


def print_checklist(store: Store, checklist: Checklist, path: Path | str, progress: Progress | None = None) -> Printed:
    """A blank checklist of one version: the paper-round form."""
    fonts = fontmod.for_store(store)
    report = progress or _quiet

    def sheets() -> Iterator[list[Flowable]]:
        report(0, 1, checklist.title)
        yield checklist_flowables(fonts, checklist)
        report(1, 1, checklist.title)

    return _write(path, sheets, f"{cn_brackets(checklist.title)}（{checklist.version}）", fonts)


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


def print_inspections(store: Store, ids: Sequence[str], path: Path | str,
                      progress: Progress | None = None) -> Printed:
    """Filled sheets of many inspections in one file, each starting on a new page.

    `ids` are full inspection ids or their first characters (at least 6), all checked first.
    An inspection named twice (or by two prefixes) is printed once, and the notes say so.
    """
    found = [(i, inspections.find_uuid(store, i)) for i in ids]
    uuids = list(dict.fromkeys(uuid for _, uuid in found))
    if not uuids:
        raise NotFound("没有要打印的检查")
    notes = []
    for uuid in uuids:
        named = [i for i, u in found if u == uuid]
        if len(named) > 1:
            notes.append(f"检查 {uuid[:12]} 被列出 {len(named)} 次（{'、'.join(named)}），只打印一份。")
    fonts = fontmod.for_store(store)
    report = progress or _quiet

    def sheets() -> Iterator[list[Flowable]]:
        for n, uuid in enumerate(uuids):
            report(n, len(uuids), f"检查 {uuid[:8]}")
            form, f = filled(store, uuid)
            yield checklist_flowables(fonts, form, f)
        report(len(uuids), len(uuids), "完成")

    title = "检查记录" if len(uuids) == 1 else f"检查记录（{len(uuids)} 份）"
    return _write(path, sheets, title, fonts, notes)


def print_scoresheets(store: Store, year: int, path: Path | str, township_ids: Sequence[int] | None = None,
                      progress: Progress | None = None) -> Printed:
    """The 评分表 of the given townships (all assessed ones when None), in rank order, then the unranked."""
    everyone = assessments.score_year(store, year, unranked=True, required=True)  # a draft's sheet prints too
    ranked = [s for s in everyone if s.rank is not None]
    chosen = everyone if township_ids is None else [s for s in everyone if s.township_id in set(township_ids)]
    if not chosen:
        raise NotFound(f"所选乡镇（街道）在 {year} 年没有考核记录")
    fonts = fontmod.for_store(store)
    report = progress or _quiet

    def sheets() -> Iterator[list[Flowable]]:
        for n, ts in enumerate(chosen):
            report(n, len(chosen), ts.township)
            insp = inspections.load(store, ts.inspection)
            form = checklists.get(store, insp.checklist_id, insp.checklist_version)
            revision = inspections.summary(store, ts.inspection)["revision"]
            yield scoresheet_flowables(fonts, year, ts, len(ranked), form, insp, revision)
        report(len(chosen), len(chosen), "完成")

    return _write(path, sheets, f"{year} 年度乡镇（街道）质量工作考核评分表", fonts)


def print_ranking(store: Store, year: int, path: Path | str, progress: Progress | None = None) -> Printed:
    """The ranking of every assessed township of the year with its category scores."""
    ranked = assessments.score_year(store, year, required=True)
    cid, _, version = ranked[0].checklist.partition("@")
    form = checklists.get(store, cid, version)
    fonts = fontmod.for_store(store)
    report = progress or _quiet

    def sheets() -> Iterator[list[Flowable]]:
        report(0, 1, "排名表")
        yield ranking_flowables(fonts, year, ranked, form)
        report(1, 1, "排名表")

    return _write(path, sheets, f"{year} 年度乡镇（街道）质量工作考核排名", fonts)
