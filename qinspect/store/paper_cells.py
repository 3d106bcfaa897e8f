"""The cell grammar of a paper results file: its fixed columns, the words their cells may hold, dates.

Item cells are read by their item's kind (domain/item_kinds.py, `parse_cell`). The columns
and the words are documented in docs/spreadsheets.md.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from qinspect.domain.item_kinds import CellError
from qinspect.domain.records import COMPLETED, DRAFT
from qinspect.store.sheets import header_key

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

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(text: str) -> str:
    """The ISO date a cell's text names; raises CellError for what is not a date, or a day after today."""
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
