"""Telephone numbers as the registers accept them: one or more, with area code or extension."""

from __future__ import annotations

import re
import unicodedata

_PHONE = re.compile(r"^[0-9+()/、,;转 -]+$")


def phone_problem(phone: str) -> str | None:
    """Why `phone` is not a telephone number (one or more, with area code or extension); None when it is."""
    folded = unicodedata.normalize("NFKC", phone).strip()
    if folded and (not _PHONE.match(folded) or sum(c.isdigit() for c in folded) < 3):
        return f"“{phone}”不是电话号码"
    return None
