"""Paper results typed into a spreadsheet: one row per inspection, checked whole, saved in one transaction.

A row names its subject, checklist and version, date, inspector and status, then one column
per item id holds the answer as a person writes it (符合/不符合/不适用, a tier's number or
label, a number, a count, text). A row that names an existing inspection and its current
head revision makes a new revision of it. Every row is checked before anything is written;
a file with any wrong cell is refused whole. `write_template` makes the spreadsheet to fill
in for one checklist. The columns are documented in docs/spreadsheets.md.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from qinspect.domain.checklist import KIND_LABELS, SUBJECTS, Checklist, Item, ItemKind
from qinspect.domain.records import COMPLETED, DRAFT, Answer, Inspection
from qinspect.domain.scoring import FAIL, NA, PASS, AnswerError, check_answer, score
from qinspect.errors import CellProblem, ImportRefused, QInspectError
from qinspect.store import audit, checklists, inspections
from qinspect.store.db import Store
from qinspect.store.sheets import Sheet, SheetCheck, header_key, read_sheet

Progress = Callable[[int, int, str], None]

REASON = "纸质结果导入"

# field -> accepted headers; the first is the one messages and the template use.
FIXED_COLUMNS = {
    "subject_kind": ("对象类型", "subject kind"),
    "subject": ("对象", "subject"),
    "checklist": ("检查表", "checklist"),
    "version": ("版本", "version"),
    "date": ("日期", "date"),
    "inspector": ("检查人", "inspector"),
    "status": ("状态", "status"),
    "inspection": ("检查编号", "inspection id", "inspection"),
    "revision": ("修订", "revision"),
}
REQUIRED_COLUMNS = ("subject_kind", "subject", "checklist", "version", "date", "inspector", "status")

SUBJECT_WORDS = {
    **{header_key(w): "township" for w in ("乡镇(街道)", "乡镇", "街道", "township")},
    **{header_key(w): "village" for w in ("行政村(社区)", "村(社区)", "行政村", "村", "社区", "village")},
    **{header_key(w): "enterprise" for w in ("企业", "enterprise")},
}
STATUS_WORDS = {
    **{header_key(w): DRAFT for w in ("草稿", "draft")},
    **{header_key(w): COMPLETED for w in ("已完成", "完成", "completed")},
}
STATUS_LABELS = {DRAFT: "草稿", COMPLETED: "已完成"}
PASS_WORDS = {"符合", "pass", "√", "✓", "是"}
FAIL_WORDS = {"不符合", "fail", "×", "✗", "否"}
NA_WORDS = {"不适用", "na", "n/a", "/"}

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_INT = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def _word(text: str) -> str:
    """A cell's text as compared with the words and labels it may be: full-width folded, case and spaces ignored."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


class CellError(ValueError):
    """The text of one cell cannot be what its column asks for; the message says why."""


# -- answer values ----------------------------------------------------------------------
def allowed_values(item: Item) -> str:
    """What a person may write for an item, as the template's hint row and errors say it."""
    na = " / 不适用" if item.allow_na else ""
    kind = item.kind
    if kind is ItemKind.PASSFAIL:
        return f"符合 / 不符合{na}"
    if kind is ItemKind.VETO:
        return "符合 / 不符合（一票否决）"
    if kind is ItemKind.TIERED:
        return "；".join(f"{n}={t.label}（{t.points:g} 分）" for n, t in enumerate(item.tiers, 1)) + na
    if kind is ItemKind.QUANTITY:
        return f"数值（{item.unit}）{na}"
    if kind is ItemKind.DEDUCTION:
        return f"发现问题数：0、1、2…（每个扣 {item.per:g} 分）{na}"
    if kind is ItemKind.BONUS:
        return f"数量：0、1、2…（每个加 {item.per:g} 分，最多 {item.points:g} 分）"
    if kind is ItemKind.TEXT:
        return "文字"
    return "照片（不能从表格导入）"


def parse_value(item: Item, text: str) -> Any:
    """The answer value a cell's text stands for; raises CellError saying why it cannot be."""
    key = _word(text)
    kind = item.kind
    if kind is ItemKind.TEXT:
        return text
    if kind is ItemKind.PHOTO:
        raise CellError(f"条目 {item.id} 是照片，不能从表格导入；请在检查编辑窗口中添加")
    if key in NA_WORDS:
        if not item.allow_na:
            raise CellError(f"条目 {item.id} 不能填“不适用”；可填：{allowed_values(item)}")
        return NA
    if kind in (ItemKind.PASSFAIL, ItemKind.VETO):
        if key in PASS_WORDS:
            return PASS
        if key in FAIL_WORDS:
            return FAIL
        raise CellError(f"“{text}”不是可填的值；可填：{allowed_values(item)}")
    if kind is ItemKind.TIERED:
        if _INT.match(key):
            n = int(key)
            if 1 <= n <= len(item.tiers):
                return n - 1
            raise CellError(f"档次应为 1 至 {len(item.tiers)}，而不是 {n}；{allowed_values(item)}")
        for n, tier in enumerate(item.tiers):
            if _word(tier.label) == key:
                return n
        raise CellError(f"“{text}”不是这一条目的档次；可填：{allowed_values(item)}")
    number = key.removesuffix(_word(item.unit)) if item.unit else key
    if kind is ItemKind.QUANTITY:
        if not _NUMBER.match(number):
            raise CellError(f"“{text}”不是数值；可填：{allowed_values(item)}")
        return int(number) if _INT.match(number) else float(number)
    if not _INT.match(number) or int(number) < 0:
        raise CellError(f"“{text}”不是 0 或正整数；可填：{allowed_values(item)}")
    return int(number)


def parse_date(text: str) -> str:
    m = _DATE.match(unicodedata.normalize("NFKC", text).strip())
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        day = None
    if day is None:
        raise CellError(f"“{text}”不是日期；请写成 2009-05-31 的形式")
    if day > dt.date.today():
        raise CellError(f"日期 {day.isoformat()} 在今天之后")
    return day.isoformat()


# -- checking a file -----------------------------------------------------------------------
@dataclass
class PlannedRow:
    number: int
    cells: list[str]
    inspection: Inspection | None = None
    base: str | None = None  # the head revision a revised inspection is saved on top of
    problems: list[CellProblem] = field(default_factory=list)

    @property
    def revises(self) -> bool:
        return self.base is not None


class PaperCheck(SheetCheck):
    """What a paper results file would save (rows: PlannedRow), and everything wrong with it."""

    @property
    def new_count(self) -> int:
        return sum(1 for r in self.rows if not r.revises)

    @property
    def revised_count(self) -> int:
        return sum(1 for r in self.rows if r.revises)

    def summary(self) -> str:
        return f"新建检查 {self.new_count} 份，修订已有检查 {self.revised_count} 份"


def check_file(store: Store, path: Path | str, progress: Progress | None = None) -> PaperCheck:
    """Read and check a paper results file; raises InvalidInput only when it cannot be read at all."""
    sheet = read_sheet(path)
    return _FileChecker(store, sheet).run(progress)


class _FileChecker:
    def __init__(self, store: Store, sheet: Sheet):
        self.store, self.sheet = store, sheet
        self.problems: list[CellProblem] = list(sheet.problems)
        self.fixed: dict[str, int] = {}
        self.items: dict[str, int] = {}  # item id (folded by _word) -> column
        self.forms: dict[tuple[str, str], Checklist | str] = {}  # a checklist, or why it cannot be used
        self.seen_inspections: dict[str, int] = {}
        self.seen_new: dict[tuple, int] = {}

    def head_problem(self, column: str, why: str) -> None:
        self.problems.append(CellProblem(self.sheet.header_row, column, why))

    def run(self, progress: Progress | None) -> PaperCheck:
        rows = [PlannedRow(n, cells) for n, cells in self.sheet.rows]
        if not rows:
            return PaperCheck(self.sheet, rows, self.problems)
        self.read_header(rows)
        # Without a required column every row would repeat the same complaint: the header's is enough.
        if all(f in self.fixed for f in REQUIRED_COLUMNS):
            for done, row in enumerate(rows, 1):
                self.check(row)
                if progress and done % 20 == 0:
                    progress(done, len(rows), "检查")
        return PaperCheck(self.sheet, rows, self.problems)

    def cell(self, row: PlannedRow, f: str) -> str:
        return row.cells[self.fixed[f]] if f in self.fixed else ""

    def column(self, f: str) -> str:
        return self.sheet.header[self.fixed[f]] if f in self.fixed else FIXED_COLUMNS[f][0]

    def form(self, checklist_id: str, version: str) -> Checklist | str:
        key = (checklist_id, version)
        if key not in self.forms:
            try:
                self.forms[key] = checklists.get(self.store, checklist_id, version)
            except QInspectError:
                self.forms[key] = f"本机没有安装检查表 {checklist_id} 的 {version} 版"
        return self.forms[key]

    def read_header(self, rows: list[PlannedRow]) -> None:
        by_key = {header_key(a): f for f, aliases in FIXED_COLUMNS.items() for a in aliases}
        others: list[int] = []
        for i, h in enumerate(self.sheet.header):
            f = by_key.get(header_key(h))
            if not h:
                continue
            if f is None:
                others.append(i)
            elif f in self.fixed:
                self.head_problem(h, f"与“{self.sheet.header[self.fixed[f]]}”是同一列，重复了")
            else:
                self.fixed[f] = i
        for f in REQUIRED_COLUMNS:
            if f not in self.fixed:
                self.head_problem(FIXED_COLUMNS[f][0], "缺少这一列")
        if any(f not in self.fixed for f in ("checklist", "version")):
            return
        # Item columns are the ids of the checklists the rows name; a form's ids are stable across versions.
        forms = {self.form(self.cell(r, "checklist"), self.cell(r, "version")) for r in rows
                 if self.cell(r, "checklist") and self.cell(r, "version")}
        known = {_word(it.id) for c in forms if isinstance(c, Checklist) for it in c.items}
        refs = "、".join(sorted(c.ref for c in forms if isinstance(c, Checklist))) or "（无）"
        for i in others:
            key = _word(self.sheet.header[i])
            if key in known:
                if key in self.items:
                    self.head_problem(self.sheet.header[i], "条目列重复了")
                else:
                    self.items[key] = i
            else:
                self.head_problem(self.sheet.header[i], f"不是固定列，也不是本文件所用检查表（{refs}）的条目编号")

    def check(self, row: PlannedRow) -> None:
        def bad(column: str, why: str) -> None:
            row.problems.append(CellProblem(row.number, column, why))

        form = self.row_form(row, bad)
        kind = self.row_kind(row, form, bad)
        subject = self.row_subject(row, kind, bad) if kind else None
        date = None
        try:
            date = parse_date(self.cell(row, "date"))
        except CellError as e:
            bad(self.column("date"), str(e) if self.cell(row, "date") else "日期不能为空")
        inspector = self.cell(row, "inspector")
        if not inspector:
            bad(self.column("inspector"), "检查人不能为空")
        status = STATUS_WORDS.get(header_key(self.cell(row, "status")))
        if status is None:
            bad(self.column("status"), f"状态应为“草稿”或“已完成”，而不是“{self.cell(row, 'status')}”")
        values = self.row_values(row, form, bad)
        if form is None or subject is None or date is None or status is None or values is None or not inspector:
            return
        if self.cell(row, "inspection") or self.cell(row, "revision"):
            insp = self.revised(row, form, subject, bad)
            if insp is None:
                return
            answers = dict(insp.answers)
        else:
            insp = self.created(row, form, kind, subject, date, bad)
            if insp is None:
                return
            answers = {}
        for item_id, value in values.items():
            answers[item_id] = replace(answers.get(item_id, Answer()), value=value)
        insp = replace(insp, date=date, inspector=inspector, status=status, answers=answers)
        if status == COMPLETED:
            self.required(row, form, insp, bad)
        if not row.problems:
            row.inspection = insp

    def row_form(self, row: PlannedRow, bad) -> Checklist | None:
        cid, version = self.cell(row, "checklist"), self.cell(row, "version")
        if not cid:
            bad(self.column("checklist"), "检查表编号不能为空")
            return None
        if not version:
            bad(self.column("version"), "版本不能为空")
            return None
        form = self.form(cid, version)
        if isinstance(form, str):
            bad(self.column("version"), form)
            return None
        return form

    def row_kind(self, row: PlannedRow, form: Checklist | None, bad) -> str | None:
        text = self.cell(row, "subject_kind")
        kind = SUBJECT_WORDS.get(header_key(text)) if text else (form.subject if form else None)
        if text and kind is None:
            bad(self.column("subject_kind"), f"对象类型应为 乡镇(街道)、行政村(社区) 或 企业，而不是“{text}”")
            return None
        if form is not None and kind != form.subject:
            bad(self.column("subject_kind"), f"检查表 {form.ref} 用于{SUBJECTS[form.subject]}，"
                                             f"不能用于{SUBJECTS[kind]}")
            return None
        return kind

    def row_subject(self, row: PlannedRow, kind: str, bad) -> tuple[int, str] | None:
        text = self.cell(row, "subject")
        if not text:
            bad(self.column("subject"), "对象不能为空")
            return None
        try:
            return find_subject(self.store, kind, text)
        except CellError as e:
            bad(self.column("subject"), str(e))
            return None

    def row_values(self, row: PlannedRow, form: Checklist | None, bad) -> dict[str, Any] | None:
        values: dict[str, Any] = {}
        by_key = {_word(it.id): it for it in form.items} if form else {}
        ok = True
        for key, i in self.items.items():
            text = row.cells[i]
            if not text or form is None:
                continue
            column = self.sheet.header[i]
            item = by_key.get(key)
            if item is None:
                bad(column, f"检查表 {form.ref} 没有条目 {column}，这一格应留空")
                ok = False
                continue
            try:
                value = parse_value(item, text)
                check_answer(item, value)
            except (CellError, AnswerError) as e:
                bad(column, str(e))
                ok = False
                continue
            values[item.id] = value
        return values if ok else None

    def revised(self, row: PlannedRow, form: Checklist, subject: tuple[int, str], bad) -> Inspection | None:
        id_text, rev_text = self.cell(row, "inspection"), self.cell(row, "revision").lower()
        if not id_text:
            bad(self.column("inspection"), "填写了修订号，也要填写检查编号")
            return None
        try:
            uuid = inspections.find_uuid(self.store, id_text)
        except QInspectError as e:
            bad(self.column("inspection"), str(e))
            return None
        if uuid in self.seen_inspections:
            bad(self.column("inspection"), f"与第 {self.seen_inspections[uuid]} 行是同一份检查")
            return None
        self.seen_inspections[uuid] = row.number
        if not rev_text:
            bad(self.column("revision"), "修改已有检查时要填写它的当前修订号（可只写前 6 位以上）")
            return None
        head = self.store.execute("SELECT head FROM inspections WHERE uuid = ?", (uuid,)).fetchone()[0]
        if len(rev_text) < 6 or not head.startswith(rev_text):
            known = [r["id"] for r in inspections.revisions(self.store, uuid)]
            if len(rev_text) >= 6 and any(r.startswith(rev_text) for r in known):
                bad(self.column("revision"), f"修订 {rev_text} 已不是这份检查的当前修订（当前为 {head[:12]}）；"
                                            "检查在填表之后已被修改，请按最新结果重新填写")
            else:
                bad(self.column("revision"), f"检查 {uuid[:12]} 没有修订 {rev_text}（修订号至少写前 6 位）")
            return None
        existing = inspections.load(self.store, uuid)
        if existing.subject_uuid != subject[1]:
            bad(self.column("subject"), f"检查 {uuid[:12]} 的对象不是“{self.cell(row, 'subject')}”")
            return None
        if (existing.checklist_id, existing.checklist_version) != (form.id, form.version):
            bad(self.column("checklist"), f"检查 {uuid[:12]} 使用的检查表是 "
                                          f"{existing.checklist_id}@{existing.checklist_version}，不能改为 {form.ref}")
            return None
        row.base = head
        return existing

    def created(self, row: PlannedRow, form: Checklist, kind: str, subject: tuple[int, str], date: str,
                bad) -> Inspection | None:
        key = (kind, subject[0], form.id, date)
        if key in self.seen_new:
            bad(self.column("subject"), f"与第 {self.seen_new[key]} 行重复：同一对象、同一检查表、同一日期")
            return None
        self.seen_new[key] = row.number
        column = {"village": "village_id", "enterprise": "enterprise_id"}.get(kind, "township_id")
        extra = " AND subject_kind = 'township'" if kind == "township" else ""
        found = self.store.execute(
            f"SELECT uuid, head FROM inspections WHERE {column} = ? AND checklist_id = ? AND date = ?{extra}",
            (subject[0], form.id, date)).fetchone()
        if found:
            bad(self.column("subject"), f"该对象在 {date} 已有一份 {form.id} 检查（检查编号 {found[0][:12]}，"
                                        f"修订 {found[1][:12]}）；如要修改它，请填写检查编号和修订")
            return None
        return inspections.new(self.store, kind, subject[0], form, date, self.cell(row, "inspector"))

    def required(self, row: PlannedRow, form: Checklist, insp: Inspection, bad) -> None:
        open_items = score(form, insp.values).open_required
        columns = {_word(self.sheet.header[i]): self.sheet.header[i] for i in self.items.values()}
        no_column = []
        for item_id in open_items:
            column = columns.get(_word(item_id))
            if column:
                bad(column, "状态为“已完成”时，这一必填条目不能留空")
            else:
                no_column.append(item_id)
        if no_column:
            bad(self.column("status"), "状态为“已完成”，但表中没有这些必填条目的列：" + "、".join(no_column))


def find_subject(store: Store, kind: str, text: str) -> tuple[int, str]:
    """(id, uuid) of the subject a person named: a name, "乡镇/名称", or for enterprises the credit code."""
    parts = [p.strip() for p in unicodedata.normalize("NFKC", text).split("/")]
    what = {"township": "乡镇(街道)", "village": "村(社区)", "enterprise": "企业"}[kind]
    code = parts[-1].upper()
    if kind == "enterprise" and len(parts) == 1 and len(code) == 18 and code.isalnum():
        row = store.execute("SELECT id, uuid FROM enterprises WHERE credit_code = ?", (code,)).fetchone()
        if row is None:
            raise CellError(f"没有统一社会信用代码为 {code} 的企业")
        return row[0], row[1]
    # "名称", "乡镇/名称" or "县/乡镇/名称" (a township: "名称" or "县/名称")
    names = ["c.name", "t.name", "s.name"] if kind != "township" else ["c.name", "t.name"]
    rows = []
    if len(parts) <= len(names):
        table = {"township": "townships t", "village": "villages s", "enterprise": "enterprises s"}[kind]
        join = "" if kind == "township" else " JOIN townships t ON t.id = s.township_id"
        alias = "t" if kind == "township" else "s"
        wanted = names[-len(parts):]
        label = " || '/' || ".join(names)
        rows = store.execute(
            f"SELECT {alias}.id, {alias}.uuid, {label} FROM {table}{join} "
            f"JOIN counties c ON c.id = t.county_id WHERE {' AND '.join(f'{n} = ?' for n in wanted)}",
            parts).fetchall()
    if not rows:
        raise CellError(f"登记册中没有{what}“{text}”")
    if len(rows) > 1:
        hint = "，或填写统一社会信用代码" if kind == "enterprise" else ""
        how = "县/名称" if kind == "township" else "乡镇/名称"
        options = "、".join(r[2] if kind == "township" else r[2].split("/", 1)[1] for r in rows[:5])
        raise CellError(f"“{text}”不唯一，请写成“{how}”{hint}：{options}")
    return rows[0][0], rows[0][1]


# -- writing ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Imported:
    created: int
    revised: int
    unchanged: int


def write(store: Store, check: PaperCheck, progress: Progress | None = None) -> Imported:
    """Save every row of a checked file in one transaction: all of them or, on any error, none."""
    if not check.ok:
        raise ImportRefused(check.sheet.source, check.problems)
    created = revised = unchanged = 0
    total = len(check.rows)
    with store.atomic():
        for done, row in enumerate(check.rows, 1):
            saved = inspections.save(store, row.inspection, reason=REASON, base=row.base)
            if saved.revision is None:
                unchanged += 1
            elif row.revises:
                revised += 1
            else:
                created += 1
            if progress and done % 20 == 0:
                progress(done, total, "保存")
        audit.append(store, "import", "inspections", check.sheet.source,
                     {"file": check.sheet.source, "sha256": check.sheet.sha256, "created": created,
                      "revised": revised, "unchanged": unchanged})
    return Imported(created, revised, unchanged)


def import_file(store: Store, path: Path | str, *, dry_run: bool = False,
                progress: Progress | None = None) -> tuple[PaperCheck, Imported | None]:
    """Check a file and, unless `dry_run`, save it; raises ImportRefused naming every wrong cell."""
    check = check_file(store, path, progress)
    if not check.ok:
        raise ImportRefused(check.sheet.source, check.problems)
    return check, None if dry_run else write(store, check, progress)


# -- the template -------------------------------------------------------------------------
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
    return [it for it in checklist.items if it.kind is not ItemKind.PHOTO]


def write_template(checklist: Checklist, path: Path | str) -> Path:
    """An xlsx to type one checklist's paper results into: the fixed columns and one column per item."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
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
    hints += [f"{it.text}\n{allowed_values(it)}" + ("（必填）" if it.required else "") for it in items]
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
    choice(fixed.index("status") + 1, list(STATUS_LABELS.values()))
    for n, it in enumerate(items, len(fixed) + 1):
        na = ["不适用"] if it.allow_na else []
        if it.kind in (ItemKind.PASSFAIL, ItemKind.VETO):
            choice(n, ["符合", "不符合", *na])
        elif it.kind is ItemKind.TIERED:
            # a warning, not a stop: the tier's number (1, 2, ...) is accepted too
            choice(n, [t.label for t in it.tiers] + na, strict=False)
        elif it.kind in (ItemKind.DEDUCTION, ItemKind.BONUS) and not na:
            validate(n, DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True))

    guide = wb.create_sheet("条目说明", 1)
    guide.append(["条目", "类别", "类型", "内容", "评分标准", "可填的值", "必填"])
    for it in items:
        guide.append([it.id, checklist.category_of(it.category).title, KIND_LABELS[it.kind], it.text, it.standard,
                      allowed_values(it), "是" if it.required else ""])
    for letter, width in zip("ABCDEFG", (8, 22, 10, 30, 70, 40, 6)):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    for cell in guide[1]:
        cell.font = bold
    wb.properties.title = f"{checklist.title} {checklist.version} 纸质结果录入表"
    wb.save(path)
    return path
