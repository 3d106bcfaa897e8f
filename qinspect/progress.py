"""The progress callback every long piece of work takes, and the Cancelled it may raise.

`progress(done, total, label)` is called between steps; the window's runner raises
`Cancelled` from it once the user pressed Cancel, so the work stops there and its
transaction rolls back. The command line passes a terminal printer or None.
"""

from __future__ import annotations

from typing import Callable

from qinspect.errors import QInspectError

Progress = Callable[[int, int, str], None]


class Cancelled(QInspectError):
    """The user cancelled long work; nothing it did was kept."""

    def __init__(self) -> None:
        super().__init__("操作已取消，未做任何更改。")
