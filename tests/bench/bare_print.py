"""Bare baseline of `print inspection`: the same texts laid out by plain reportlab platypus.

For each inspection, plain SQL reads its answers and the checklist's item texts and standards
(parsed once per checklist version from its TOML source); one table per inspection holds the
item, its scoring standard, the answer, the note and the rectification with its deadline, in
the two shipped fonts (the CJK one, with Latin runs in DejaVu Sans Condensed) with CJK line
breaking. Prints the page count as JSON.

Usage: python bare_print.py DB IDS.txt OUT.pdf
"""

import json
import re
import sqlite3
import sys
import tomllib
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
pdfmetrics.registerFont(TTFont("CJK", str(FONTS / "DroidSansFallbackFull.ttf")))
pdfmetrics.registerFont(TTFont("Latin", str(FONTS / "DejaVuSansCondensed.ttf")))
CELL = ParagraphStyle("cell", fontName="CJK", fontSize=8, leading=10, wordWrap="CJK")
TITLE = ParagraphStyle("title", fontName="CJK", fontSize=14, leading=18, wordWrap="CJK")
LATIN_RUN = re.compile(r"([\x20-\x7e\u00a0-\u024f\u2010-\u2027\u2190-\u25ff]+)")  # what the CJK font lacks
WIDTHS = [12 * mm, 40 * mm, 70 * mm, 20 * mm, 40 * mm]


def para(text, style=CELL):
    return Paragraph(LATIN_RUN.sub(r'<font name="Latin">\1</font>', escape(str(text))), style)


def main(db, ids_file, out):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    items_of = {}
    story = []
    for uuid in Path(ids_file).read_text().split():
        form, version, head, date, inspector = conn.execute(
            "SELECT checklist_id, checklist_version, head, date, inspector FROM inspections WHERE uuid = ?",
            (uuid,)).fetchone()
        if (form, version) not in items_of:
            source, = conn.execute("SELECT source FROM checklists WHERE id = ? AND version = ?",
                                   (form, version)).fetchone()
            template = tomllib.loads(source)
            items_of[form, version] = (template["title"], template["items"])
        title, items = items_of[form, version]
        answers = {item: (json.loads(value), note, fix, due) for item, value, note, fix, due in conn.execute(
            "SELECT item_id, value, note, rectification, deadline FROM answers WHERE revision_id = ?", (head,))}
        rows = [[para(h) for h in ("序号", "检查项目", "评分标准", "检查结果", "备注及整改")]]
        for item in items:
            value, note, fix, due = answers.get(item["id"], ("", "", "", ""))
            rows.append([para(item["id"]), para(item["text"]), para(item.get("standard", "")), para(value),
                         para("；".join(t for t in (note, fix and f"整改：{fix}", due and f"期限：{due}") if t))])
        table = Table(rows, colWidths=WIDTHS, repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story += [para(title, TITLE), para(f"检查日期 {date}　检查人 {inspector}　编号 {uuid}"), table, PageBreak()]
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm,
                            bottomMargin=12 * mm)
    doc.build(story)
    print(json.dumps({"pages": doc.page}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
