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
