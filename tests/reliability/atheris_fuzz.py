"""Coverage-guided fuzzing of the bundle reader and read_sheet with atheris (not part of pytest).

    .venv/bin/pip install atheris    # a wheel for CPython 3.11 on Linux; not a project dependency
    .venv/bin/python -m tests.reliability.atheris_fuzz bundle -runs=20000
    .venv/bin/python -m tests.reliability.atheris_fuzz xlsx -runs=20000

The corpus starts from a real laptop bundle (or a small workbook); any exception that is not
a QInspectError is a crash atheris reports with the input that caused it. Figures of the
last run are in docs/reliability.md.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from qinspect.errors import QInspectError
    from qinspect.store.sheets import read_sheet
    from qinspect.sync.importing import verify_bundle


def _seed(target: str, corpus: Path) -> None:
    if target == "bundle":
        from tests.reliability.bundles import laptop_bundle
        (corpus / "seed").write_bytes(laptop_bundle(corpus.parent, inspections=3).read_bytes())
    else:
        from openpyxl import Workbook
        wb = Workbook()
        wb.active.append(["乡镇(街道)", "村(社区)名称"])
        wb.active.append(["章安街道", "新村"])
        buf = io.BytesIO()
        wb.save(buf)
        (corpus / "seed").write_bytes(buf.getvalue())


def main() -> None:
    target = sys.argv.pop(1)
    work = Path(tempfile.mkdtemp(prefix="qinspect-atheris-"))
    os.environ["QINSPECT_HOME"] = str(work / "home")
    corpus = work / "corpus"
    corpus.mkdir()
    _seed(target, corpus)
    path = work / ("fuzzed.qib" if target == "bundle" else "fuzzed.xlsx")
    read = verify_bundle if target == "bundle" else read_sheet

    def one(data: bytes) -> None:
        path.write_bytes(data)
        try:
            read(path)
        except QInspectError:
            pass

    atheris.Setup([sys.argv[0], *sys.argv[1:], str(corpus)], one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
