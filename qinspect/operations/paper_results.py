"""Paper rounds: the spreadsheet a coordinator types results into, and importing it (all rows or none).

The file's grammar and checks are store/paper_import.py (docs/spreadsheets.md); here are the
operations a person starts, in the window (导出录入模板, 导入纸质检查结果) or with
`qinspect inspections template` and `qinspect inspections import`.
"""

from __future__ import annotations

from pathlib import Path

from qinspect.domain.checklist import Checklist
from qinspect.operations.changes import INSPECTIONS, changes
from qinspect.progress import Progress
from qinspect.store import paper_import, paper_template
from qinspect.store.db import Store

check_file = paper_import.check_file


@changes(INSPECTIONS)
def write(store: Store, check: paper_import.PaperCheck, progress: Progress | None = None) -> paper_import.Imported:
    """Write a checked file's rows in one transaction: new inspections and new revisions."""
    return paper_import.write(store, check, progress)


def suggested_template_name(checklist: Checklist) -> str:
    return f"{checklist.title}-{checklist.version}-录入模板.xlsx"


def write_template(checklist: Checklist, path: Path | str) -> Path:
    """The xlsx to type one checklist's paper results into, at `path` (made .xlsx), written safely."""
    return paper_template.write_template(checklist, Path(path).with_suffix(".xlsx"))
