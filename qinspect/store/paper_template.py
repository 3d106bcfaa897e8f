"""The spreadsheet to type one checklist's paper results into: fixed columns, one column per item.

It holds a hint row (what each column takes), drop-down lists for choices, each item's scoring
standard as a comment on its header and a sheet "条目说明" listing every item; photo items are
left out. The file is written through files.write_atomically. See docs/spreadsheets.md.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from qinspect.domain.checklist import KIND_LABELS, SUBJECTS, Checklist, Item
from qinspect.domain.item_kinds import accepted_values, rules
from qinspect.domain.records import STATUSES
from qinspect.files import write_atomically
from qinspect.store.paper_cells import FIXED_COLUMNS

HINTS = {
    "subject": "名称；重名时写 乡镇/名称{code}",
    "version": "{version}",
    "date": "如 2009-05-31",
    "inspector": "姓名",
    "status": "草稿 或 已完成",
    "inspection": "修改已有检查时填写",
    "revision": "该检查的当前修订号",
}
TEMPLATE_ROWS = 500  # rows the drop-down lists and number checks cover


def template_items(checklist: Checklist) -> list[Item]:
    """The items a spreadsheet can answer: all but photos."""
    return [it for it in checklist.items if rules(it).on_paper]


def write_template(checklist: Checklist, path: Path | str) -> Path:
    """Write the xlsx for one checklist's paper results to `path`, safely; returns the path."""
    workbook = _workbook(checklist)
    return write_atomically(path, lambda temp: workbook.save(temp))


def _workbook(checklist: Checklist):
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "检查结果"
    items = template_items(checklist)
    fixed = list(FIXED_COLUMNS)
    ws.append([FIXED_COLUMNS[f][0] for f in fixed] + [it.id for it in items])
    hints = [f"# {SUBJECTS[checklist.subject]}"]
    code = "，企业也可填统一社会信用代码" if checklist.subject == "enterprise" else ""
    for f in fixed[1:]:
        hints.append(checklist.id if f == "checklist" else
                     HINTS[f].format(code=code, version=checklist.version))
    hints += [f"{it.text}\n{accepted_values(it)}" + ("（必填）" if it.required else "") for it in items]
    ws.append(hints)
    bold, note = Font(bold=True), Font(color="666666", size=9)
    wrap = Alignment(wrap_text=True, vertical="top")
    fill = PatternFill("solid", fgColor="F2F2F2")
    for col, cell in enumerate(ws[1], 1):
        cell.font = bold
        ws.column_dimensions[get_column_letter(col)].width = 14 if col <= len(fixed) else 18
    for cell in ws[2]:
        cell.font, cell.alignment, cell.fill = note, wrap, fill
    for n, it in enumerate(items, len(fixed) + 1):
        ws.cell(1, n).comment = Comment(f"{it.text}\n【{KIND_LABELS[it.kind]}】{it.standard}", "qinspect",
                                        width=360, height=220)
    ws.row_dimensions[2].height = 90
    ws.freeze_panes = "C3"

    # Drop-down lists where the values are few; tier labels live on a hidden sheet (lists over 255 characters
    # cannot be written inline).
    options = wb.create_sheet("选项")
    options.sheet_state = "hidden"

    def validate(column: int, dv: DataValidation) -> None:
        letter = get_column_letter(column)
        dv.add(f"{letter}3:{letter}{TEMPLATE_ROWS + 2}")
        ws.add_data_validation(dv)

    option_columns = itertools.count(1)

    def choice(column: int, words: list[str], strict: bool = True) -> None:
        options_col = next(option_columns)
        for r, w in enumerate(words, 1):
            options.cell(r, options_col, w)
        letter = get_column_letter(options_col)
        validate(column, DataValidation(type="list", formula1=f"'选项'!${letter}$1:${letter}${len(words)}",
                                        allow_blank=True, errorStyle="stop" if strict else "warning"))

    choice(fixed.index("subject_kind") + 1, [SUBJECTS[checklist.subject]])
    choice(fixed.index("status") + 1, list(STATUSES.values()))
    for n, it in enumerate(items, len(fixed) + 1):
        na = ["不适用"] if it.allow_na else []
        listed = rules(it).paper_list(it)
        if listed:
            words, strict = listed
            choice(n, words + na, strict)
        elif rules(it).paper_counts and not na:
            validate(n, DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True))

    guide = wb.create_sheet("条目说明", 1)
    guide.append(["条目", "类别", "类型", "内容", "评分标准", "可填的值", "必填"])
    for it in items:
        guide.append([it.id, checklist.category_of(it.category).title, KIND_LABELS[it.kind], it.text, it.standard,
                      accepted_values(it), "是" if it.required else ""])
    for letter, width in zip("ABCDEFG", (8, 22, 10, 30, 70, 40, 6)):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    for cell in guide[1]:
        cell.font = bold
    wb.properties.title = f"{checklist.title} {checklist.version} 纸质结果录入表"
    return wb
