"""Checks that nothing is drawn outside its table cell: every table is measured as it is drawn.

A cell's content must fit within its padding sideways and within its rules top to bottom.

`drawn_tables` records, for every table drawn while printing, each cell whose content is wider
or taller than the cell (less its padding). Paragraph lines are measured by their real width,
so a line running over the cell border is caught even though a Paragraph claims its whole width.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from reportlab.platypus import Flowable, Paragraph, Table

SLACK = 0.5  # points: rounding in reportlab's own arithmetic


def _used_width(value: Flowable, width: float) -> float:
    if isinstance(value, Paragraph):
        bl = value.blPara
        if bl.kind == 1:
            return max((line.currentWidth for line in bl.lines), default=0.0)
        return max((width - line[0] for line in bl.lines), default=0.0)
    return sum(value._colWidths) if isinstance(value, Table) else value.wrap(width, 10 ** 6)[0]


def content_size(value, width: float) -> tuple[float, float]:
    if isinstance(value, (list, tuple)):
        sizes = [content_size(v, width) for v in value]
        return max((w for w, _ in sizes), default=0.0), sum(h for _, h in sizes)
    if isinstance(value, Flowable):
        _, h = value.wrap(width, 10 ** 6)
        return _used_width(value, width), h
    return 0.0, 0.0  # the empty strings of spanned or blank cells


def overflows(t: Table) -> list[str]:
    found = []
    for r, row in enumerate(t._cellvalues):
        for c, value in enumerate(row):
            box = t._spanRanges.get((c, r), (c, r, c, r)) if t._spanCmds else (c, r, c, r)
            if box is None:
                continue  # covered by a span
            c0, r0, c1, r1 = box
            style = t._cellStyles[r][c]
            width = sum(t._colWidths[c0:c1 + 1]) - style.leftPadding - style.rightPadding
            # Text may take the bottom padding (reportlab's in-row split rounds into it) but not cross the rule.
            height = sum(t._rowHeights[r0:r1 + 1]) - style.topPadding
            w, h = content_size(value, width)
            if w > width + SLACK or h > height + SLACK:
                text = value.getPlainText()[:30] if isinstance(value, Paragraph) else type(value).__name__
                found.append(f"cell ({r}, {c}) {w:.1f}x{h:.1f} in {width:.1f}x{height:.1f}: {text}")
    return found


@contextmanager
def drawn_tables(monkeypatch) -> Iterator[dict]:
    """Watch every table drawn inside the block: yields {"tables": count, "overflows": [...]}."""
    seen = {"tables": 0, "overflows": []}
    draw = Table.draw

    def watched(self):
        seen["tables"] += 1
        seen["overflows"].extend(overflows(self))
        return draw(self)

    monkeypatch.setattr(Table, "draw", watched)
    yield seen
