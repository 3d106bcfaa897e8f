"""Reading a spreadsheet a person typed (CSV or xlsx) as rows of text, numbered as the spreadsheet shows them.

Both importers (registers, paper results) read through here, so both accept the same files:
CSV in UTF-8 (with or without the BOM Excel writes) or GB18030/GBK (what Chinese Excel and
WPS save by default), and the first worksheet of an xlsx workbook. Blank rows are skipped,
and so are note rows whose first cell starts with "#" (the template's hint row).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from qinspect.errors import CellProblem, InvalidInput

MAX_ROWS = 200_000  # far beyond a city's registers; stops a wrong file from filling the memory
COUNT_FIRST = 20_000  # an xlsx sheet claiming more rows than this is counted before it is kept


@dataclass
class Sheet:
    source: str  # the file name, as messages show it
    header_row: int  # row number of the header (1 unless blank rows come first)
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number in the spreadsheet, cells as text, one per header)
    sha256: str
    problems: list[CellProblem] = field(default_factory=list)  # cells the header does not cover

    def in_order(self, problems: list[CellProblem]) -> list[CellProblem]:
        """Problems as a person reads the sheet: by row, then left to right."""
        order = {h: i for i, h in enumerate(self.header)}
        return sorted(problems, key=lambda p: (p.row, order.get(p.column, len(order))))


@dataclass
class SheetCheck:
    """What an import of a spreadsheet would write, and everything wrong with it, in sheet order."""

    sheet: Sheet
    rows: list
    header_problems: list[CellProblem]

    @property
    def problems(self) -> list[CellProblem]:
        found = self.header_problems + [p for r in self.rows for p in r.problems]
        return self.sheet.in_order(found)

    @property
    def ok(self) -> bool:
        return not self.problems


def header_key(text: str) -> str:
    """A header as compared: full-width brackets folded, case, spaces, '_' and '-' ignored."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "_-")


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 → A, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def read_sheet(path: Path | str) -> Sheet:
    """The sheet's rows; a file of more than MAX_ROWS non-blank rows is refused while it is read,
    before its rows are kept, so a wrong file never fills the memory."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xls", ".et", ".ods"):
        raise InvalidInput(f"{path.name}: 不支持 {suffix} 格式；请在 Excel 或 WPS 中另存为 .xlsx 或 .csv 后再导入。")
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInput(f"{path.name}: 只能导入 .csv 或 .xlsx 文件。")
    try:
        digest = _sha256(path)
        records = _csv_records(path) if suffix == ".csv" else _xlsx_records(path)
    except OSError as e:
        raise InvalidInput(f"{path}: 无法读取（{e.strerror}）") from None
    return _to_sheet(path.name, records, digest)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _too_long(source: str) -> InvalidInput:
    return InvalidInput(f"{source}: 超过 {MAX_ROWS} 行；请分成几个文件导入。")


def _encoding(path: Path) -> str:
    """The CSV's encoding, found by decoding it a mebibyte at a time (nothing kept)."""
    with open(path, "rb") as fh:
        start = fh.read(2)
    if start in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"  # Excel's "Unicode text"
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open(path, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise InvalidInput(f"{path.name}: 无法识别文件编码；请另存为“CSV UTF-8”或 GBK 编码的 CSV。")


def _csv_records(path: Path) -> list[list[str]]:
    encoding = _encoding(path)
    with open(path, encoding=encoding, newline="") as fh:
        first = fh.readline(1 << 20)
    delimiter = "\t" if first.count("\t") > first.count(",") else ","

    def rows():
        with open(path, encoding=encoding, newline="") as fh:
            for rec in csv.reader(fh, delimiter=delimiter):
                yield [c.strip() for c in rec]
    try:
        # Counted first without keeping a row: a file too long is refused at its MAX_ROWS + 1st row.
        counted = 0
        for cells in rows():
            counted += not _blank(cells)
            if counted > MAX_ROWS:
                raise _too_long(path.name)
        return list(rows())
    except csv.Error as e:
        raise InvalidInput(f"{path.name}: 不是有效的 CSV 文件（{e}）") from None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        # Excel keeps every number as a float: a typed 12 must read back as "12", not "12.0"
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def _xlsx_records(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    # A damaged workbook can fail anywhere in openpyxl, zipfile, zlib or the XML parser, with
    # almost any exception type (found by tests/reliability/test_fuzzing.py); whatever it
    # raises while reading, the file is not a readable workbook.
    try:
        wb = load_workbook(path, read_only=True, data_only=True)  # read_only: the sheet's XML is streamed
    except OSError:
        raise
    except Exception as e:
        raise InvalidInput(f"{path.name}: 不是有效的 xlsx 文件（{type(e).__name__}: {e}）；"
                           "请在 Excel 或 WPS 中打开并重新保存后再导入。") from None
    try:
        if not wb.worksheets:
            raise InvalidInput(f"{path.name}: 工作簿中没有工作表。")
        ws = wb.worksheets[0]
        # A sheet that may be long (its dimension says so, or it has none) is counted first
        # without keeping a row, so one too long is refused in little memory; a short one is read once.
        if ws.max_row is None or ws.max_row > COUNT_FIRST:
            counted = 0
            for values in ws.iter_rows(values_only=True):
                counted += any(v is not None and _cell_text(v) for v in values)
                if counted > MAX_ROWS:
                    raise _too_long(path.name)
        records, counted = [], 0
        for values in ws.iter_rows(values_only=True):
            cells = [_cell_text(v) for v in values]
            counted += not _blank(cells)
            if counted > MAX_ROWS:
                raise _too_long(path.name)
            records.append(cells)
        return records
    except InvalidInput:
        raise
    except Exception as e:
        raise InvalidInput(f"{path.name}: xlsx 文件已损坏，无法读完（{type(e).__name__}: {e}）；"
                           "请在 Excel 或 WPS 中打开并重新保存后再导入。") from None
    finally:
        wb.close()


def _blank(cells: list[str]) -> bool:
    return not any(cells)


def _to_sheet(source: str, records: list[list[str]], digest: str) -> Sheet:
    numbered = [(n, cells) for n, cells in enumerate(records, 1) if not _blank(cells)]
    if not numbered:
        raise InvalidInput(f"{source}: 文件是空的，没有表头。")
    header_row, header = numbered[0]
    while header and not header[-1]:
        header = header[:-1]
    width = len(header)
    sheet = Sheet(source, header_row, header, [], digest)
    unnamed = [i for i, h in enumerate(header) if not h]
    for n, cells in numbered[1:]:
        if cells[0].startswith("#"):
            continue
        for i, value in [*((i, cells[i]) for i in unnamed if i < len(cells)), *enumerate(cells[width:], width)]:
            if value:
                sheet.problems.append(CellProblem(n, column_letter(i), f"“{value}”所在的列没有表头"))
        sheet.rows.append((n, (cells + [""] * width)[:width]))
    if not sheet.rows:
        sheet.problems.append(CellProblem(header_row, "", "表头之后没有数据行，没有可导入的内容"))
    return sheet
