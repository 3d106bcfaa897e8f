"""Benchmark: a 1,000-inspection print job against bare reportlab drawing as many pages of similar text.

Run: .venv/bin/python tests/bench/bench_print.py [--db CITY.db] [--n 1000]

Without --db a city-scale demo database is made in a temporary folder first (about 30 s).
Every measured job runs in a fresh child process, so each peak RSS (ru_maxrss) is its own:
  ours       `qinspect print inspection ID... -o F.pdf` for N inspections, in one command
  ours/4     the same for N/4 inspections, to show how memory grows with the job
  baseline   reportlab's canvas alone, the same fonts, as many pages, as many characters per
             page, with a ruled grid on each page (no data, no layout, no tables)
Results go to stdout as a table and one JSON line; docs/benchmarks.md keeps the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child_ours(db: str, n: int, out: str) -> dict:
    from qinspect.cli import main
    from qinspect.store import inspections
    from qinspect.store.db import open_store

    with open_store(db, write=False) as store:
        ids = [r["id"] for r in inspections.listing(store, limit=n)]
    start = time.perf_counter()
    code = main(["--db", db, "print", "inspection", *ids, "-o", out])
    seconds = time.perf_counter() - start
    assert code == 0
    return {"seconds": seconds, "peak_rss_mib": peak_rss_mib(), "inspections": len(ids)}


def child_baseline(pages: int, chars_per_page: int, out: str) -> dict:
    """Bare reportlab: the same fonts registered, each page ruled and filled with CJK and Latin text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    from qinspect.paths import resource as res, shipped_checklists
    from qinspect.store.checklists import load_file

    start = time.perf_counter()
    pdfmetrics.registerFont(TTFont("CJK", str(res("fonts", "DroidSansFallbackFull.ttf"))))
    pdfmetrics.registerFont(TTFont("Latin", str(res("fonts", "DejaVuSansCondensed.ttf"))))
    corpus = "".join(i.text + i.standard for p in shipped_checklists() for i in load_file(p).items)
    corpus = "".join(ch for ch in corpus if ord(ch) > 0x2E80)  # the CJK font has no Latin glyphs
    canvas = Canvas(out, pagesize=A4)
    width, height = A4
    per_line = 40
    pos = 0
    for page in range(pages):
        for k in range(30):  # a ruled table like a sheet's
            y = 60 + k * 24
            canvas.line(42, y, width - 42, y)
        y = height - 60
        left = chars_per_page
        while left > 0:
            take = min(per_line, left)
            if pos + take > len(corpus):
                pos = 0
            canvas.setFont("CJK", 8)
            canvas.drawString(50, y, corpus[pos:pos + take])
            canvas.setFont("Latin", 8)
            canvas.drawString(width - 90, y, f"P{page:04d}-{y:.0f}")
            pos += take
            left -= take
            y -= 11
            if y < 60:
                y = height - 60
        canvas.drawString(width / 2, 30, f"{page + 1} / {pages}")
        canvas.showPage()
    canvas.save()
    return {"seconds": time.perf_counter() - start, "peak_rss_mib": peak_rss_mib()}


def run_child(*args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, env=env,
                         cwd=ROOT)
    if out.returncode:
        sys.exit(f"child {args[0]} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def pdf_stats(pdf: Path) -> tuple[int, int]:
    """Pages, and characters of text (pdftotext) in all."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return pages, len("".join(text.split()))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", help="a demo database with at least N inspections (default: make a city demo)")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, *rest = args.child
        result = child_ours(rest[0], int(rest[1]), rest[2]) if kind == "ours" else \
            child_baseline(int(rest[0]), int(rest[1]), rest[2])
        print(json.dumps(result))
        return

    with tempfile.TemporaryDirectory(prefix="qinspect-bench-") as tmp:
        tmp_path = Path(tmp)
        os.environ["QINSPECT_HOME"] = str(tmp_path / "home")
        db = args.db
        if not db:
            db = str(tmp_path / "city.db")
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "qinspect", "--db", db, "demo", "--scale", "city"], check=True,
                           cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL)
            print(f"city demo made in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        quarter = max(1, args.n // 4)
        small = run_child("ours", db, str(quarter), str(tmp_path / "quarter.pdf"))
        ours = run_child("ours", db, str(args.n), str(tmp_path / "ours.pdf"))
        pages, chars = pdf_stats(tmp_path / "ours.pdf")
        base = run_child("baseline", str(pages), str(chars // pages), str(tmp_path / "base.pdf"))
        size = (tmp_path / "ours.pdf").stat().st_size
        result = {
            "inspections": ours["inspections"], "pages": pages, "chars_per_page": chars // pages,
            "ours_s": round(ours["seconds"], 2), "baseline_s": round(base["seconds"], 2),
            "ratio": round(ours["seconds"] / base["seconds"], 2),
            "ours_peak_rss_mib": round(ours["peak_rss_mib"], 1),
            "quarter_peak_rss_mib": round(small["peak_rss_mib"], 1), "quarter_inspections": small["inspections"],
            "baseline_peak_rss_mib": round(base["peak_rss_mib"], 1),
            "pdf_mib": round(size / 2**20, 1), "ms_per_inspection": round(ours["seconds"] * 1000 / ours["inspections"], 1),
        }
        print(f"{'job':<34}{'time s':>9}{'peak RSS MiB':>14}")
        print(f"{'qinspect, ' + str(small['inspections']) + ' inspections':<34}{small['seconds']:>9.2f}"
              f"{small['peak_rss_mib']:>14.1f}")
        print(f"{'qinspect, ' + str(ours['inspections']) + ' inspections':<34}{ours['seconds']:>9.2f}"
              f"{ours['peak_rss_mib']:>14.1f}")
        print(f"{'bare reportlab, ' + str(pages) + ' pages':<34}{base['seconds']:>9.2f}{base['peak_rss_mib']:>14.1f}")
        print(f"ratio qinspect / bare reportlab: {result['ratio']}  ({pages} pages, {chars // pages} characters a page,"
              f" PDF {result['pdf_mib']} MiB)")
        print(json.dumps(result))


if __name__ == "__main__":
    main()
