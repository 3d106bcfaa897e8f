"""Score and inspection tables exported as CSV or xlsx, for the bureau's own spreadsheets."""

from __future__ import annotations

import csv
from pathlib import Path

from qinspect.domain.checklist import CATEGORIES
from qinspect.domain.records import STATUSES
from qinspect.errors import InvalidInput
from qinspect.files import write_atomically
from qinspect.store import assessments, inspections
from qinspect.store.db import Store

FORMATS = ("csv", "xlsx")


def score_rows(store: Store, year: int) -> list[list]:
    ranked = assessments.score_year(store, year)
    header = ["名次", "县(市、区)", "乡镇(街道)", *CATEGORIES.values(), "加分", "总分", "等级", "称号资格"]
    rows = [[s.rank, s.county, s.township, *[c.score for c in s.result.categories], s.result.bonus,
             s.result.total, s.result.grade, "是" if s.result.eligible else "否"] for s in ranked]
    return [header, *rows]


def inspection_rows(store: Store, year: int) -> list[list]:
    header = ["编号", "日期", "县(市、区)", "乡镇(街道)", "检查对象", "检查表", "检查人", "状态", "得分", "等级"]
    rows = [[r["id"], r["date"], r["county"], r["township"], r["subject"], r["checklist"], r["inspector"],
             STATUSES.get(r["status"], r["status"]), r["total"], r["grade"]]
            for r in inspections.listing(store, year=year)]
    return [header, *rows]


def write_table(rows: list[list], path: Path, fmt: str) -> Path:
    if fmt not in FORMATS:
        raise InvalidInput(f"导出格式应为 {' 或 '.join(FORMATS)}")

    def write(tmp: Path) -> None:
        if fmt == "csv":
            # UTF-8 with a BOM: the form Excel on a Chinese Windows opens without garbling
            with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                csv.writer(fh).writerows(rows)
        else:
            from openpyxl import Workbook
            wb = Workbook()
            ws = wb.active
            ws.title = "qinspect"
            for row in rows:
                ws.append(row)
            wb.save(tmp)

    return write_atomically(path, write)
