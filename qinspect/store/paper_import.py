"""Paper results typed into a spreadsheet: one row per inspection, checked whole, saved in one transaction.

A row names its subject, checklist and version, date, inspector and status, then one column
per item id holds the answer as a person writes it (符合/不符合/不适用, a tier's number or
label, a number, a count, text). A row that names an existing inspection and its current
head revision makes a new revision of it. Every row is checked before anything is written;
a file with any wrong cell is refused whole. How a cell is read is store/paper_cells.py (and
each item kind's rules); the spreadsheet to fill in is store/paper_template.py. The columns are
documented in docs/spreadsheets.md.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from qinspect.domain.checklist import SUBJECTS, Checklist
from qinspect.domain.item_kinds import AnswerError, CellError, check_answer, fold, parse_cell
from qinspect.domain.records import COMPLETED, Answer, Inspection
from qinspect.domain.scoring import score
from qinspect.errors import CellProblem, ImportRefused, QInspectError
from qinspect.store import audit, checklists, inspections
from qinspect.store.db import Store
from qinspect.store.paper_cells import FIXED_COLUMNS, REQUIRED_COLUMNS, STATUS_WORDS, SUBJECT_WORDS, parse_date
from qinspect.store.sheets import Sheet, SheetCheck, header_key, read_sheet
from qinspect.progress import Progress


REASON = "纸质结果导入"


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
        self.items: dict[str, int] = {}  # folded item id -> column
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
        known = {fold(it.id) for c in forms if isinstance(c, Checklist) for it in c.items}
        refs = "、".join(sorted(c.ref for c in forms if isinstance(c, Checklist))) or "（无）"
        for i in others:
            key = fold(self.sheet.header[i])
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
        by_key = {fold(it.id): it for it in form.items} if form else {}
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
                value = parse_cell(item, text)
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
        columns = {fold(self.sheet.header[i]): self.sheet.header[i] for i in self.items.values()}
        no_column = []
        for item_id in open_items:
            column = columns.get(fold(item_id))
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
