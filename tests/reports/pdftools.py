"""Reading printed PDFs in tests with the tools a person would use: pdffonts, pdftotext, qpdf."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, check=False)


def text(pdf: Path, *, layout: bool = False, first: int | None = None, last: int | None = None) -> str:
    """The text in drawing order (cell by cell, -raw), or as laid out on the page (-layout)."""
    args = ["pdftotext", "-enc", "UTF-8", "-layout" if layout else "-raw"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    out = run(*args, str(pdf), "-")
    assert out.returncode == 0, out.stderr
    return out.stdout


def squeeze(s: str) -> str:
    """Text without any whitespace: lines wrap anywhere in a table cell."""
    return re.sub(r"\s+", "", s)


def fonts(pdf: Path) -> list[dict]:
    out = run("pdffonts", str(pdf))
    assert out.returncode == 0, out.stderr
    rows = []
    for line in out.stdout.splitlines()[2:]:
        # name type... encoding emb sub uni object ID: read the flags from the right.
        parts = line.split()
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def qpdf_check(pdf: Path) -> subprocess.CompletedProcess:
    return run("qpdf", "--check", str(pdf))


def pages(pdf: Path) -> int:
    out = run("pdfinfo", str(pdf))
    return int(re.search(r"^Pages:\s+(\d+)", out.stdout, re.M).group(1))


def page_numbers(pdf: Path) -> list[tuple[int, int]]:
    """The "第 x 页 共 y 页" of every page, in page order."""
    found = []
    for n in range(1, pages(pdf) + 1):
        m = re.search(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页", text(pdf, first=n, last=n))
        assert m, f"page {n} has no page number"
        found.append((int(m.group(1)), int(m.group(2))))
    return found


_LINE = re.compile(r"<line xMin=\"([\d.]+)\" yMin=\"([\d.]+)\" xMax=\"([\d.]+)\" yMax=\"([\d.]+)\">(.*?)</line>", re.S)
_WORD = re.compile(r"<word xMin=\"([\d.]+)\" yMin=\"([\d.]+)\" xMax=\"([\d.]+)\" yMax=\"([\d.]+)\">(.*?)</word>")


def lines(pdf: Path) -> list[tuple[int, str, list[tuple[float, float, float, float, str]]]]:
    """Every printed line as poppler reads it (pdftotext -bbox-layout): page, text, its words with boxes."""
    out = run("pdftotext", "-enc", "UTF-8", "-bbox-layout", str(pdf), "-")
    assert out.returncode == 0, out.stderr
    found = []
    for n, page in enumerate(out.stdout.split("<page ")[1:], 1):
        for m in _LINE.finditer(page):
            words = [(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in _WORD.findall(m.group(5))]
            found.append((n, "".join(w[4] for w in words), words))
    return found


def page_texts(pdf: Path) -> list[str]:
    """The text of every page, in page order (one pdftotext run)."""
    return text(pdf).split("\f")[:-1]
