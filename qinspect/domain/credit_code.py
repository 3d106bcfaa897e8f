"""The unified social credit code (统一社会信用代码) of GB 32100-2015 and its check character."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    """The 18th character for the given first 17 (which must use the code's alphabet)."""
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why `code` is not a valid credit code, in one sentence; None when it is valid."""
    code = code.strip().upper()
    if len(code) != 18:
        return f"统一社会信用代码应为 18 位，“{code}”为 {len(code)} 位"
    bad = [(n, c) for n, c in enumerate(code, 1) if c not in ALPHABET]
    if bad:
        shown = "、".join(f"第 {n} 位是{character_name(c)}" for n, c in bad[:3]) + ("等" if len(bad) > 3 else "")
        return f"统一社会信用代码只能由数字和除 I、O、S、V、Z 外的大写字母组成，“{code}”{shown}"
    if not code[2:8].isdigit():
        return "统一社会信用代码第 3 至 8 位应为行政区划代码（数字）"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误：末位应为 {expected}，而不是 {code[17]}"
    return None


def character_name(ch: str) -> str:
    """A character as a message can show it: spaces and invisible characters by name, others quoted."""
    if ch == " ":
        return "空格"
    if ch == "\u3000":
        return "全角空格"
    if not ch.isprintable() or ch.isspace():
        return f"不可见字符 U+{ord(ch):04X}"
    return f"“{ch}”"
