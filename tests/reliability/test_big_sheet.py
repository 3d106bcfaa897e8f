"""Item 12: a spreadsheet longer than the row limit is refused while it is read, within 200 MiB.

Each file is read by `read_sheet` in a child process of its own, which reports its peak
memory (VmHWM) and the sentence it was refused with.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from qinspect.store.sheets import MAX_ROWS

CHILD = """
import json, sys
from qinspect.errors import QInspectError
from qinspect.store import sheets
sheets.MAX_ROWS = int(sys.argv[2])
try:
    sheets.read_sheet(sys.argv[1])
    said = None
except QInspectError as e:
    said = str(e)
peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:'))
print(json.dumps({"said": said, "peak_kib": peak}))
"""

ROW = "台州市椒江区某某眼镜配件有限公司第{n}分厂,91331002MA2AB{n:05d}X,眼镜,椒江区海门街道某某路{n}号,王建国,13800000000\n"


def _read(path, limit: int) -> tuple[dict, float]:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), str(limit)], capture_output=True, text=True,
                         check=True, timeout=600)
    return json.loads(out.stdout), time.perf_counter() - start


def test_a_csv_past_the_row_limit_is_refused_within_200_mib(tmp_path, full, figure):
    # Quick: the real limit, 200,000 rows; full: a 50 MB file (about 330,000 rows), the case.
    rows = 330_000 if full else MAX_ROWS + 10
    path = tmp_path / "企业名录.csv"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("名称,统一社会信用代码,行业,地址,联系人,电话\n")
        for n in range(rows):
            fh.write(ROW.format(n=n))
    result, took = _read(path, MAX_ROWS)
    assert result["said"] == f"企业名录.csv: 超过 {MAX_ROWS} 行；请分成几个文件导入。"
    assert result["peak_kib"] < 200 * 1024
    figure(f"{rows:,} rows, {path.stat().st_size / 1e6:.1f} MB: refused, peak {result['peak_kib'] / 1024:.0f} MiB, "
           f"{took:.1f} s")


def test_an_xlsx_past_the_row_limit_is_refused_while_streaming(tmp_path, full, figure):
    from openpyxl import Workbook

    # Writing 200,000 rows of xlsx takes minutes, so the quick run lowers the limit in the child.
    limit = MAX_ROWS if full else 2_000
    path = tmp_path / "企业名录.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["名称", "统一社会信用代码", "行业", "地址", "联系人", "电话"])
    for n in range(limit + 10):
        ws.append(ROW.format(n=n).strip().split(","))
    wb.save(path)
    result, took = _read(path, limit)
    assert result["said"] == f"企业名录.xlsx: 超过 {limit} 行；请分成几个文件导入。"
    assert result["peak_kib"] < 200 * 1024
    figure(f"{limit + 10:,} rows (limit {limit:,}), {path.stat().st_size / 1e6:.1f} MB: refused, "
           f"peak {result['peak_kib'] / 1024:.0f} MiB, {took:.1f} s")
