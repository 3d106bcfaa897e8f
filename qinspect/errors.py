"""Errors a user can cause: each carries one sentence a supervisor understands.

The CLI turns them into exit code 1, the window into a message box; nothing else
catches them.
"""


class QInspectError(Exception):
    """Base of every error caused by the user's input or files."""


class ChecklistError(QInspectError):
    """A checklist template is invalid; `problems` lists every mistake found."""

    def __init__(self, problems: list["Problem"]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Problem:
    """One mistake in a template: where it is (file, item, field) and why."""

    def __init__(self, source: str, item: str | None, field: str | None, why: str):
        self.source, self.item, self.field, self.why = source, item, field, why

    def __str__(self) -> str:
        where = [self.source]
        if self.item:
            where.append(f"item {self.item}")
        if self.field:
            where.append(f"field {self.field}")
        return f"{': '.join(where)}: {self.why}"

    def __repr__(self) -> str:
        return f"Problem({self!s})"


class DatabaseLocked(QInspectError):
    """Another qinspect is writing to the same database file."""


class NotFound(QInspectError):
    """A record named by the user does not exist."""


class InvalidInput(QInspectError):
    """A value or file the user gave is refused."""


class CellProblem:
    """One mistake in a spreadsheet: its row as the spreadsheet numbers it, its column header, why."""

    def __init__(self, row: int, column: str, why: str):
        self.row, self.column, self.why = row, column, why

    def __str__(self) -> str:
        return f"第 {self.row} 行 列 {self.column}：{self.why}" if self.column else f"第 {self.row} 行：{self.why}"

    def __repr__(self) -> str:
        return f"CellProblem({self!s})"


class ImportRefused(InvalidInput):
    """A spreadsheet refused as a whole, nothing written; `problems` names every wrong cell."""

    def __init__(self, source: str, problems: list[CellProblem]):
        self.source, self.problems = source, problems
        head = f"文件 {source} 未导入，没有写入任何数据：发现 {len(problems)} 处错误。"
        super().__init__("\n".join([head, *map(str, problems)]))


class BundleRefused(QInspectError):
    """A field bundle is refused as a whole; the database is left exactly as it was."""


class UntrustedDevice(BundleRefused):
    """A bundle from a device this database does not trust yet; a supervisor may trust it."""

    def __init__(self, device_id: str, name: str, fingerprint: str):
        self.device_id, self.name, self.fingerprint = device_id, name, fingerprint
        super().__init__(f"数据包来自尚未信任的设备“{name}”（指纹 {fingerprint}）；请与该设备上显示的指纹当面核对，"
                         "确认后用 --trust 或在窗口中选择信任再导入。")
