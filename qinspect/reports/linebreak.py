"""Chinese line breaking (避头尾) for every paragraph on the sheets.

reportlab's CJK wrapping knows only half-width and a few full-width closing marks, lets one
hang past the line end (over a cell border) and never keeps an opening mark off a line end, so
lines began with "；" or "，". Here a line is broken greedily by width and then moved back
(never forward, so nothing is drawn past the width) until it neither ends with an opening mark
nor leaves a closing mark to start the next line, and a Latin word or number (ISO 9001, 8.5)
is not cut when there is a better place before it.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import groupby

from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus.paragraph import FragLine, ParaLines

# A line must not start with these (closing brackets and quotes, stops, pauses, units after a number).
CANNOT_START = frozenset("，。、；：？！）」』】〕〉》”’…‥·・％‰℃°′″"
                         ",.;:?!)]}%"
                         "）］｝．，：；！？｜")
# A line must not end with these (opening brackets and quotes, signs before a number).
CANNOT_END = frozenset("（「『【〔〈《“‘［｛"
                       "([{"
                       "￥＄#@§№")
_FUZZ = 1e-6


def _word(ch: str) -> bool:
    """Part of a Latin word or a number, which is not broken when it can be helped."""
    return ch.isascii() and (ch.isalnum() or ch in "._-/+")


def bad_break(before: str, after: str) -> bool:
    """Whether a line may not end with `before` when the next one starts with `after`."""
    return after in CANNOT_START or before in CANNOT_END


def _break_at(chars: list[str], start: int, end: int) -> int:
    """Where the line from `start` ends when char `end` (the first that did not fit) starts a new one.

    Moving back first keeps both the punctuation rules and Latin words whole; if the line has
    no such place (one long code or number), only the punctuation rules; failing both, it
    breaks where it is full.
    """
    def fits(b: int, whole_words: bool) -> bool:
        # Spaces at a break are invisible: what counts is the mark after them (8.5 ℃) or before them.
        after = next((ch for ch in chars[b:b + 8] if ch != " "), chars[b])
        before = next((ch for ch in reversed(chars[start:b]) if ch != " "), chars[b - 1])
        if bad_break(before, after):
            return False
        return not (whole_words and _word(chars[b - 1]) and _word(chars[b]))

    for whole_words in (True, False):
        b = end
        while b > start + 1 and not fits(b, whole_words):
            b -= 1
        if fits(b, whole_words):
            return b
    return end


@lru_cache(maxsize=65536)
def _width(ch: str, font: str, size: float) -> float:
    return stringWidth(ch, font, size)


@lru_cache(maxsize=256)
def _extent(font: str, size: float) -> tuple[float, float]:
    return getAscentDescent(font, size)


def split_lines(frags, max_widths: list[float], calc_bounds: bool) -> ParaLines:
    """The lines of a paragraph's text fragments (what reportlab's cjkFragSplit makes), by the rules above.

    Works on plain lists of characters, widths and fragment numbers: a 2,000-character note is
    broken in a few milliseconds. `calc_bounds` is accepted for reportlab's signature; the
    fragments here are text only, so their bounds are the font's.
    """
    chars: list[str] = []
    widths: list[float] = []
    owner: list[int] = []
    for k, f in enumerate(frags):
        text = f.text.decode("utf8") if isinstance(f.text, bytes) else f.text
        if text:
            chars.extend(text)
            widths.extend(_width(ch, f.fontName, f.fontSize) for ch in text)
            owner.extend([k] * len(text))
        else:  # a <br/> or an empty fragment keeps its place
            chars.append("")
            widths.append(0.0)
            owner.append(k)
    lines = []
    start, n = 0, len(chars)
    while start < n:
        width = max_widths[min(len(lines), len(max_widths) - 1)]
        used, i, forced = 0.0, start, False
        while i < n:
            if chars[i] == "" and hasattr(frags[owner[i]], "lineBreak"):
                i += 1
                forced = True
                break
            if used + widths[i] > width + _FUZZ and i > start:
                break
            used += widths[i]
            i += 1
        if i < n and not forced:
            i = _break_at(chars, start, i)
            used = sum(widths[start:i])
        lines.append(_line(frags, chars, owner, start, i, width, used, forced))
        start = i
    return ParaLines(kind=1, lines=lines)


def _line(frags, chars, owner, start: int, end: int, width: float, used: float, forced: bool) -> FragLine:
    words = []
    size = ascent = descent = 0.0
    for k, run in groupby(range(start, end), owner.__getitem__):
        run = list(run)
        f = frags[k]
        a, d = _extent(f.fontName, f.fontSize)
        size, ascent, descent = max(size, f.fontSize), max(ascent, a), min(descent, d)
        word = f.clone()
        word.text = "".join(chars[run[0]:run[-1] + 1])
        words.append(word)
    return FragLine(kind=1, extraSpace=width - used, wordCount=1, words=words, fontSize=size, ascent=ascent,
                    descent=descent, maxWidth=width, currentWidth=used, lineBreak=forced)
