"""Register files: villages or enterprises from a CSV or xlsx file, every row checked before anything is written.

One file holds villages or enterprises, told apart by its header (docs/spreadsheets.md lists
the columns and their English aliases). Every row is checked first (township, names,
credit codes, duplicates in the file and in the database); a file with any wrong row is
refused whole, naming row, column and reason, and otherwise all rows are written in one
transaction with an audit entry for the file.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from qinspect.domain.credit_code import credit_code_problem
from qinspect.domain.phone import phone_problem
from qinspect.errors import CellProblem, ImportRefused
from qinspect.progress import Progress
from qinspect.store import audit, registers
from qinspect.store.db import Store
from qinspect.store.sheets import Sheet, SheetCheck, header_key, read_sheet


VILLAGE = "village"
ENTERPRISE = "enterprise"
KIND_LABELS = {VILLAGE: "村(社区)", ENTERPRISE: "企业"}

# field -> accepted headers; the first is the one messages and the template use.
_COMMON = {
    "county": ("县(市、区)", "县市区", "县", "county"),
    "township": ("乡镇(街道)", "乡镇", "街道", "township"),
    "phone": ("电话", "联系电话", "phone", "telephone", "tel"),
}
VILLAGE_COLUMNS = {
    "county": _COMMON["county"],
    "township": _COMMON["township"],
    "name": ("村(社区)名称", "村(社区)", "村名称", "村名", "village", "village name", "name"),
    "kind": ("类型", "kind", "type"),
    "assistant": ("协管员", "assistant", "village assistant"),
    "phone": _COMMON["phone"],
}
ENTERPRISE_COLUMNS = {
    "county": _COMMON["county"],
    "township": _COMMON["township"],
    "name": ("企业名称", "企业", "enterprise", "enterprise name", "company"),
    "credit_code": ("统一社会信用代码", "信用代码", "credit code", "uscc"),
    "industry": ("行业", "industry"),
    "address": ("地址", "address"),
    "contact": ("联系人", "contact"),
    "phone": _COMMON["phone"],
    "village": ("所在村(社区)", "所在村", "village"),
}
REQUIRED = {VILLAGE: ("township", "name"), ENTERPRISE: ("township", "name", "credit_code")}
IGNORED = {header_key(h) for h in ("序号", "no", "no.")}  # a row count many spreadsheets start with

@dataclass
class CheckedRow:
    number: int
    cells: list[str]
    values: dict[str, str] = field(default_factory=dict)
    township_id: int | None = None
    village_id: int | None = None
    problems: list[CellProblem] = field(default_factory=list)


@dataclass
class RegisterCheck(SheetCheck):
    """What a register file would add (rows: CheckedRow), and everything wrong with it."""

    kind: str | None = None

    def summary(self) -> str:
        what = KIND_LABELS.get(self.kind or "", "记录")
        return f"{what} {len(self.rows)} 条"


def _columns(kind: str) -> dict[str, tuple[str, ...]]:
    return VILLAGE_COLUMNS if kind == VILLAGE else ENTERPRISE_COLUMNS


def file_kind(header: list[str]) -> str | None:
    """Villages or enterprises, from the header; None when the header names neither."""
    keys = {header_key(h) for h in header}
    if keys & {header_key(a) for f in ("name", "credit_code") for a in ENTERPRISE_COLUMNS[f]}:
        return ENTERPRISE
    if keys & {header_key(a) for a in VILLAGE_COLUMNS["name"]}:
        return VILLAGE
    return None


class _Registers:
    """The database's registers, read once so a file of thousands of rows checks quickly."""

    def __init__(self, store: Store):
        self.counties = {r[0] for r in store.execute("SELECT name FROM counties")}
        self.townships: dict[str, list[tuple[int, str]]] = {}
        for tid, name, county in store.execute(
                "SELECT t.id, t.name, c.name FROM townships t JOIN counties c ON c.id = t.county_id"):
            self.townships.setdefault(name, []).append((tid, county))
        self.villages: dict[tuple[int, str], int] = {
            (tid, name): vid for vid, tid, name in store.execute("SELECT id, township_id, name FROM villages")}
        self.credit_codes = dict(store.execute("SELECT credit_code, name FROM enterprises"))


def check_file(store: Store, path: Path | str, progress: Progress | None = None) -> RegisterCheck:
    """Read and check a register file; raises InvalidInput only when it cannot be read at all."""
    sheet = read_sheet(path)
    kind = file_kind(sheet.header)
    if not sheet.rows:
        return RegisterCheck(sheet, [], sheet.problems, kind)
    head: list[CellProblem] = []
    if kind is None:
        head.append(CellProblem(sheet.header_row, "", "表头既没有“村(社区)名称”也没有“企业名称”或“统一社会信用代码”，"
                                                       "无法判断是村(社区)名册还是企业名册"))
        return RegisterCheck(sheet, [], head + sheet.problems)
    columns = _columns(kind)
    by_key = {header_key(a): f for f, aliases in columns.items() for a in aliases}
    index: dict[str, int] = {}
    for i, h in enumerate(sheet.header):
        key = header_key(h)
        if not h or key in IGNORED:
            continue
        f = by_key.get(key)
        if f is None:
            known = "、".join(a[0] for a in columns.values())
            head.append(CellProblem(sheet.header_row, h, f"不认识的列；{KIND_LABELS[kind]}名册的列为：{known}"))
        elif f in index:
            head.append(CellProblem(sheet.header_row, h, f"与“{sheet.header[index[f]]}”是同一列，重复了"))
        else:
            index[f] = i
    for f in REQUIRED[kind]:
        if f not in index:
            head.append(CellProblem(sheet.header_row, columns[f][0], "缺少这一列"))
    rows = [CheckedRow(n, cells) for n, cells in sheet.rows]
    if not head:
        checker = _RowChecker(store, kind, sheet, index)
        for done, row in enumerate(rows, 1):
            checker.check(row)
            if progress and done % 200 == 0:
                progress(done, len(rows), "检查")
    return RegisterCheck(sheet, rows, head + sheet.problems, kind)


class _RowChecker:
    def __init__(self, store: Store, kind: str, sheet: Sheet, index: dict[str, int]):
        self.kind, self.sheet, self.index = kind, sheet, index
        self.reg = _Registers(store)
        self.seen_names: dict[tuple[int, str], int] = {}
        self.seen_codes: dict[str, int] = {}

    def column(self, f: str) -> str:
        return self.sheet.header[self.index[f]] if f in self.index else _columns(self.kind)[f][0]

    def check(self, row: CheckedRow) -> None:
        v = row.values
        for f, i in self.index.items():
            v[f] = row.cells[i]

        def bad(f: str, why: str) -> None:
            row.problems.append(CellProblem(row.number, self.column(f), why))

        self.township(row, bad)
        if not v.get("name"):
            bad("name", "名称不能为空")
        if problem := phone_problem(v.get("phone", "")):
            bad("phone", problem)
        if self.kind == VILLAGE:
            self.village(row, bad)
        else:
            self.enterprise(row, bad)

    def township(self, row: CheckedRow, bad) -> None:
        county, name = row.values.get("county", ""), row.values.get("township", "")
        if county and county not in self.reg.counties:
            bad("county", f"没有名为“{county}”的县(市、区)")
            return
        if not name:
            bad("township", "乡镇(街道)不能为空")
            return
        found = [t for t in self.reg.townships.get(name, []) if not county or t[1] == county]
        if not found:
            bad("township", f"{county}没有名为“{name}”的乡镇(街道)" if county else f"没有名为“{name}”的乡镇(街道)")
        elif len(found) > 1:
            bad("county", f"乡镇(街道)“{name}”不唯一，请填写县(市、区)：{'、'.join(t[1] for t in found)}")
        else:
            row.township_id = found[0][0]

    def village(self, row: CheckedRow, bad) -> None:
        v = row.values
        kind = v.get("kind", "")
        if kind in ("", "村"):
            v["kind"] = "社区" if not kind and v.get("name", "").endswith("社区") else "行政村"
        elif kind not in registers.VILLAGE_KINDS:
            bad("kind", f"类型应为 {'、'.join(registers.VILLAGE_KINDS)} 之一，而不是“{kind}”")
        if row.township_id is None or not v.get("name"):
            return
        key = (row.township_id, v["name"])
        if key in self.seen_names:
            bad("name", f"与第 {self.seen_names[key]} 行重复：同一乡镇(街道)的村(社区)名称不能相同")
        elif key in self.reg.villages:
            bad("name", f"该乡镇(街道)已登记“{v['name']}”，不能重复登记")
        self.seen_names.setdefault(key, row.number)

    def enterprise(self, row: CheckedRow, bad) -> None:
        v = row.values
        code = unicodedata.normalize("NFKC", v.get("credit_code", "")).strip().upper()
        v["credit_code"] = code
        if not code:
            bad("credit_code", "统一社会信用代码不能为空")
        elif problem := credit_code_problem(code):
            bad("credit_code", problem)
        elif code in self.seen_codes:
            bad("credit_code", f"与第 {self.seen_codes[code]} 行的统一社会信用代码相同")
        elif code in self.reg.credit_codes:
            bad("credit_code", f"统一社会信用代码 {code} 已登记为“{self.reg.credit_codes[code]}”，不能重复登记")
        if code:
            self.seen_codes.setdefault(code, row.number)
        village = v.get("village", "")
        if village and row.township_id is not None:
            row.village_id = self.reg.villages.get((row.township_id, village))
            if row.village_id is None:
                bad("village", f"乡镇(街道)“{v['township']}”没有登记名为“{village}”的村(社区)")


def write(store: Store, check: RegisterCheck, progress: Progress | None = None) -> int:
    """Add every row of a checked file in one transaction; returns how many were added."""
    if not check.ok:
        raise ImportRefused(check.sheet.source, check.problems)
    total = len(check.rows)
    with store.atomic():
        for done, row in enumerate(check.rows, 1):
            v = row.values
            if check.kind == VILLAGE:
                registers.add_village(store, row.township_id, v["name"], v["kind"], v.get("assistant", ""),
                                      v.get("phone", ""))
            else:
                registers.add_enterprise(store, row.township_id, v["name"], v["credit_code"], v.get("industry", ""),
                                         v.get("address", ""), v.get("contact", ""), v.get("phone", ""),
                                         row.village_id)
            if progress and done % 200 == 0:
                progress(done, total, "写入")
        audit.append(store, "import", "villages" if check.kind == VILLAGE else "enterprises", check.sheet.source,
                     {"file": check.sheet.source, "sha256": check.sheet.sha256, "rows": total})
    return total


def import_file(store: Store, path: Path | str, *, dry_run: bool = False,
                progress: Progress | None = None) -> RegisterCheck:
    """Check a file and, unless `dry_run`, write it; raises ImportRefused naming every wrong cell."""
    check = check_file(store, path, progress)
    if not check.ok:
        raise ImportRefused(check.sheet.source, check.problems)
    if not dry_run:
        write(store, check, progress)
    return check
