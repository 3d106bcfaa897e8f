"""Item 7, fuzzing with hypothesis: the bundle reader and the spreadsheet readers let only qinspect's errors out.

Four targets, each run for a stated number of examples (quick / `--full`), printed in the
figures: a laptop's bundle with bytes changed, cut or inserted; bundles re-signed with a
valid key around a fuzzed manifest or fuzzed record lines (so the fuzz reaches past the
signature into the manifest and record checks); CSV text of any shape through read_sheet and
both importers' checks; xlsx workbooks with changed bytes and random bytes under .xlsx.
Any exception that is not a QInspectError fails the example; so does one taking over 30 s
(a SIGALRM guard: "no hang" is what is asserted, not a speed).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import signal
import time
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qinspect.domain.records import canonical_json
from qinspect.errors import QInspectError
from qinspect.store import paper_import, register_import
from qinspect.store.db import open_store
from qinspect.store.sheets import read_sheet
from qinspect.sync import bundle
from qinspect.sync.device import generate_key
from qinspect.sync.importing import verify_bundle
from tests.reliability.bundles import laptop_bundle
from tests.reliability.world import small_world

HANG_SECONDS = 30


class Hang(Exception):
    pass


@contextlib.contextmanager
def no_hang():
    def alarm(signum, frame):
        raise Hang(f"took more than {HANG_SECONDS} s")
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _run(target, strategy, examples: int) -> int:
    """Run `target` on `examples` examples; returns how many hypothesis actually generated."""
    seen = []

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def fuzz(example):
        seen.append(1)
        with no_hang():
            try:
                target(example)
            except QInspectError:
                pass

    fuzz()
    return len(seen)


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    path = laptop_bundle(folder, inspections=4)
    with zipfile.ZipFile(path) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    return folder, path.read_bytes(), members


def test_fuzz_bundle_bytes(good, tmp_path, count, figure):
    folder, data, _ = good
    target = tmp_path / "fuzzed.qib"
    edits = st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)), max_size=8)
    strategy = st.tuples(edits, st.integers(0, len(data)), st.binary(max_size=64), st.integers(0, len(data)))

    def target_fn(example):
        changes, cut, inserted, at = example
        raw = bytearray(data)
        for pos, value in changes:
            raw[pos] = value
        raw = raw[:cut] if cut else raw
        raw[at:at] = inserted
        target.write_bytes(bytes(raw))
        verify_bundle(target)

    started = time.perf_counter()
    n = _run(target_fn, strategy, count(100, 5000))
    figure(f"{n} hypothesis examples of changed/cut/extended bundles: only QInspectError escaped, no hang; "
           f"{time.perf_counter() - started:.1f} s")


JSON = st.recursive(st.none() | st.booleans() | st.integers(-2**70, 2**70)
                    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20), lambda kids: st.lists(kids, max_size=4)
                    | st.dictionaries(st.text(max_size=10), kids, max_size=4), max_leaves=12)


def _signed(members: dict[str, bytes], manifest: dict, key) -> bytes:
    """A zip of `members` under `manifest` (its member list recomputed unless fuzzed away) signed by `key`."""
    data = canonical_json(manifest)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            if name not in (bundle.MANIFEST, bundle.SIGNATURE):
                zf.writestr(name, content)
        zf.writestr(bundle.MANIFEST, data)
        zf.writestr(bundle.SIGNATURE, key.sign(data))
    return out.getvalue()


def test_fuzz_signed_manifest_and_records(good, tmp_path, count, figure):
    _, _, members = good
    key = generate_key()
    manifest = json.loads(members[bundle.MANIFEST])
    record_lines = st.lists(st.one_of(JSON.map(lambda v: json.dumps(v).encode()), st.binary(max_size=40)),
                            max_size=5).map(lambda lines: b"\n".join(lines) + b"\n")
    strategy = st.tuples(
        st.dictionaries(st.sampled_from(sorted(manifest)), JSON, max_size=3),  # manifest fields replaced
        st.dictionaries(st.sampled_from(bundle.RECORD_MEMBERS), record_lines, max_size=2),  # members replaced
        st.booleans())  # whether the member list is recomputed for the replaced members
    target = tmp_path / "signed.qib"

    def target_fn(example):
        fields, replaced, recompute = example
        changed = {**members, **replaced}
        m = {**manifest, "public_key": key.public_text}
        if recompute:
            m["members"] = [{"path": n, "length": len(d), "sha256": hashlib.sha256(d).hexdigest()}
                            for n, d in changed.items() if n not in (bundle.MANIFEST, bundle.SIGNATURE)]
        m.update(fields)
        target.write_bytes(_signed(changed, m, key))
        verify_bundle(target)

    started = time.perf_counter()
    n = _run(target_fn, strategy, count(100, 3000))
    figure(f"{n} hypothesis examples of signed bundles with fuzzed manifest fields and record lines: only "
           f"QInspectError escaped, no hang; {time.perf_counter() - started:.1f} s")


@pytest.fixture(scope="module")
def sheet_store(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("sheets") / "s.db")
    small_world(store)
    yield store
    store.close()


CELL = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12) | st.sampled_from(
    ["乡镇(街道)", "村(社区)名称", "企业名称", "统一社会信用代码", "章安街道", "检查表", "village-network@2009",
     "日期", "2009-05-12", "F01", "符合", "#", '"', ",", "\t", "\r\n"])


def test_fuzz_csv_through_both_importers(sheet_store, tmp_path, count, figure):
    rows = st.lists(st.lists(CELL, max_size=8), max_size=8)
    strategy = st.tuples(rows, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]), st.booleans())
    target = tmp_path / "fuzzed.csv"

    def target_fn(example):
        table, encoding, tabs = example
        text = "\n".join(("\t" if tabs else ",").join(r) for r in table)
        try:
            target.write_bytes(text.encode(encoding))
        except UnicodeEncodeError:
            return  # gb18030 covers all of Unicode; this only guards odd strategy output
        read_sheet(target)
        for checker in (register_import.check_file, paper_import.check_file):
            with contextlib.suppress(QInspectError):
                checker(sheet_store, target)

    started = time.perf_counter()
    n = _run(target_fn, strategy, count(100, 3000))
    figure(f"{n} hypothesis examples of CSV files through read_sheet and both importers' checks: only "
           f"QInspectError escaped, no hang; {time.perf_counter() - started:.1f} s")


def test_fuzz_xlsx_bytes(tmp_path, count, figure):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["县(市、区)", "乡镇(街道)", "村(社区)名称"])
    ws.append(["椒江区", "章安街道", "新村"])
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    edits = st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)), max_size=6)
    strategy = st.one_of(st.tuples(edits, st.integers(0, len(data))), st.binary(max_size=2000))
    target = tmp_path / "fuzzed.xlsx"

    def target_fn(example):
        if isinstance(example, bytes):
            raw = example
        else:
            changes, cut = example
            buf = bytearray(data)
            for pos, value in changes:
                buf[pos] = value
            raw = bytes(buf[:cut] if cut else buf)
        target.write_bytes(raw)
        read_sheet(target)

    started = time.perf_counter()
    n = _run(target_fn, strategy, count(100, 2000))
    figure(f"{n} hypothesis examples of changed or random .xlsx files through read_sheet: only QInspectError "
           f"escaped, no hang; {time.perf_counter() - started:.1f} s")
