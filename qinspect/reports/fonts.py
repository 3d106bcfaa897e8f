"""The fonts every sheet embeds (as subsets), registered with reportlab once per process.

Droid Sans Fallback, shipped in resources/fonts, has the CJK glyphs but no Latin letters,
digits or box symbols at all; DejaVu Sans Condensed, shipped beside it, supplies those. A
TrueType font configured in the settings (e.g. SimSun or Microsoft YaHei on a Windows laptop)
replaces the CJK one. Text is split into runs by which font has the glyph, so no character
ever depends on a font the viewer must supply.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from qinspect.errors import InvalidInput
from qinspect.paths import resource

SETTING = "report_font"  # settings key: path of a TrueType font replacing the shipped CJK one
SHIPPED_CJK = ("fonts", "DroidSansFallbackFull.ttf")
SHIPPED_LATIN = ("fonts", "DejaVuSansCondensed.ttf")
LATIN_NAME = "QInspectLatin"
# A configured font must draw at least these, or every sheet would be boxes.
_MUST_HAVE = "检查表评分第页共乡镇"


@dataclass(eq=False)
class FontSet:
    """The registered main (CJK) font, the Latin fallback, and which characters the main one has."""

    main: str
    latin: str
    path: Path
    glyphs: dict[int, int] = field(repr=False)
    latin_glyphs: dict[int, int] = field(repr=False)
    # reportlab collapses U+3000 (the spacing of "地　　址" on a form) like any whitespace, but
    # keeps no-break spaces: this many of them are as wide as one ideographic space.
    ideographic_space: str = "\xa0\xa0\xa0\xa0"

    def font_for(self, ch: str) -> str:
        code = ord(ch)
        if code in self.glyphs:
            return self.main
        if code in self.latin_glyphs:
            return self.latin
        return self.main

    def runs(self, text: str) -> list[tuple[str, str]]:
        return _runs(self, text)

    def markup(self, text: str) -> str:
        """`text` as Paragraph markup: escaped, with runs the main font lacks set in the Latin font."""
        return _markup(self, text)

    def width(self, text: str, size: float) -> float:
        return sum(pdfmetrics.stringWidth(t, f, size) for f, t in self.runs(text))


# Spaces and line breaks belong to whichever run they sit in, so "ISO 9001" stays one run.
_NEUTRAL = {" ", "\n", "\t"}


@lru_cache(maxsize=65536)  # item texts and standards repeat on every sheet of a checklist
def _runs(fonts: FontSet, text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, list[str]]] = []
    for ch in text:
        font = out[-1][0] if ch in _NEUTRAL and out else fonts.font_for(ch)
        if out and out[-1][0] == font:
            out[-1][1].append(ch)
        else:
            out.append((font, [ch]))
    return [(f, "".join(chars)) for f, chars in out]


@lru_cache(maxsize=65536)
def _markup(fonts: FontSet, text: str) -> str:
    parts = []
    for font, run in _runs(fonts, text):
        run = escape(run).replace("\n", "<br/>").replace("\u3000", fonts.ideographic_space)
        parts.append(run if font == fonts.main else f'<font face="{font}">{run}</font>')
    return "".join(parts)


_lock = threading.Lock()
_registered: dict[Path, FontSet] = {}


def _load(name: str, path: Path) -> TTFont:
    # subfontIndex 0 picks the first face of a collection (.ttc: SimSun, Microsoft YaHei).
    font = TTFont(name, str(path), subfontIndex=0)
    pdfmetrics.registerFont(font)
    # The same face stands in for bold and italic: <b> in markup must not fail.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)
    return font


def register(path: Path | str | None = None) -> FontSet:
    """The fonts for `path` (a TrueType .ttf/.ttc), or the shipped ones; loaded once per process."""
    chosen = Path(path).expanduser().resolve() if path else resource(*SHIPPED_CJK)
    with _lock:
        if chosen in _registered:
            return _registered[chosen]
        latin = _registered_latin()
        name = "QInspectCJK" if not path else f"QInspectCJK{len(_registered)}"
        try:
            font = _load(name, chosen)
        except (OSError, TTFError) as e:
            raise InvalidInput(
                f"报表字体 {chosen} 无法使用（{e}）；请改选 TrueType 字体（.ttf 或 .ttc），"
                "或清除该设置以使用内置字体。") from None
        glyphs = font.face.charToGlyph
        if any(ord(ch) not in glyphs for ch in _MUST_HAVE):
            raise InvalidInput(f"报表字体 {chosen} 不含中文字形；请改选中文 TrueType 字体，或清除该设置以使用内置字体。")
        nbsp = pdfmetrics.stringWidth("\xa0", name, 10) or 2.5
        spaces = "\xa0" * max(1, round(pdfmetrics.stringWidth("\u3000", name, 10) / nbsp))
        fonts = FontSet(name, LATIN_NAME, chosen, glyphs, latin.face.charToGlyph, spaces)
        _registered[chosen] = fonts
        return fonts


_latin: list[TTFont] = []


def _registered_latin() -> TTFont:
    if not _latin:
        _latin.append(_load(LATIN_NAME, resource(*SHIPPED_LATIN)))
    return _latin[0]


def for_store(store) -> FontSet:
    """The fonts the settings of this database ask for (the shipped ones unless configured)."""
    return register(store.setting(SETTING) or None)
