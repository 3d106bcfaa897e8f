"""The benchmark harness runs end to end on the small demo, so it cannot rot between real runs.

It checks the report's shape only: the times themselves are for docs/benchmarks.md, never
for an assertion (the machine is shared and slow runs are not failures).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

RUN = Path(__file__).resolve().parents[1] / "bench" / "run.py"
# The table of issue 12, one benchmark a row.
BENCHMARKS = {"window", "bundle_import", "bundle_export", "print", "demo", "list_filter", "score"}


def run_quick(cache: Path, *extra: str) -> dict:
    out = subprocess.run([sys.executable, str(RUN), "--quick", "--json", "--cache", str(cache), *extra],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_quick_run_reports_every_benchmark_against_its_baseline_and_goal(tmp_path):
    report = run_quick(tmp_path / "cache")

    assert set(report["benchmarks"]) == BENCHMARKS
    assert report["quick"] is True and report["scale"] == "small"
    for name, result in report["benchmarks"].items():
        assert result["runs"] >= 2, name
        assert result["median"] > 0 and result["baseline"] > 0, name
        assert result["ratio"] == result["median"] / result["baseline"], name
        assert result["goal"] and result["goal_text"], name
        assert isinstance(result["met"], bool), name
        assert result["peak_rss_mib"] > 0 and result["baseline_peak_rss_mib"] > 0, name
    printed = report["benchmarks"]["print"]
    assert printed["per"] == "page" and printed["pages"] >= 10 and printed["baseline_pages"] >= 10
    assert "rss_growth_mib" in report["benchmarks"]["bundle_import"]

    # The data sets were made once, in the cache given, and a second run reuses them.
    made = data_sets(tmp_path / "cache")
    assert sorted(name for _, name in made) == ["all.qib", "demo.db"]
    again = run_quick(tmp_path / "cache", "--only", "score", "--repeats", "1")
    assert set(again["benchmarks"]) == {"score"}
    assert data_sets(tmp_path / "cache") == made


def data_sets(cache: Path) -> dict[tuple[str, str], int]:
    """(folder, file name) -> inode of every data set in the cache: a remade file is a new inode."""
    return {(p.parent.name, p.name): p.stat().st_ino for p in cache.rglob("*") if p.name in ("demo.db", "all.qib")}
