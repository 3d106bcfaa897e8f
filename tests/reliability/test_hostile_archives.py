"""Item 6, hostile archives: each refused within 5 s and 200 MiB, nothing written outside its folder.

Each archive is verified in a child process of its own (open_bundle.py), whose peak resident
memory it reports from getrusage, and whose working and temporary folders are a fresh folder; the
names the archive carries point outside that folder, and the test checks that nothing
appeared there or anywhere else under the test's folder. tests/sync/test_refusals.py has the
in-process versions of several (zip-slip names, links, duplicates, a 200 MB bomb, a lying
header under a valid signature) and checks their sentences; these add the measured bounds and
the large cases: 100,000 entries, a gigabyte of zeros, an overlapping-entry bomb.
Quick counts use smaller sizes (30,000 entries, 64 MiB of zeros); `--full` the real ones.
"""

from __future__ import annotations

import json
import os
import stat
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from qinspect.sync import bundle
from tests.reliability.bundles import claim_size, laptop_bundle

LIMIT_SECONDS = 5
LIMIT_BYTES = 200 * 1024**2
MiB = 1024**2
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def good_members(tmp_path_factory) -> dict[str, bytes]:
    path = laptop_bundle(tmp_path_factory.mktemp("good"))
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def _zip(path: Path, entries) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return path


def _zeros_member(zf: zipfile.ZipFile, name: str, size: int) -> None:
    """Stream `size` zero bytes into a deflated member, one mebibyte at a time."""
    chunk = bytes(MiB)
    with zf.open(name, "w", force_zip64=False) as out:
        for _ in range(size // MiB):
            out.write(chunk)


def traversal(path, good, tag, big):
    return _zip(path, [*good.items(), (f"../evil-{tag}", b"owned"), (f"records/../../evil-{tag}", b"owned")])


def absolute(path, good, tag, big):
    return _zip(path, [*good.items(), (f"/tmp/evil-{tag}", b"owned")])


def drive_letter(path, good, tag, big):
    return _zip(path, [*good.items(), (f"C:\\evil-{tag}", b"owned"), (f"C:/evil-{tag}", b"owned")])


def symlink(path, good, tag, big):
    link = zipfile.ZipInfo(f"evidence/{'ab' * 32}")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    return _zip(path, [*good.items(), (link, f"../../evil-{tag}".encode())])


def duplicate_names(path, good, tag, big):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate it is asked to write
        return _zip(path, [*good.items(), (bundle.MANIFEST, good[bundle.MANIFEST])])


def many_entries(path, good, tag, big):
    n = 100_000 if big else 30_000
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, data in good.items():
            zf.writestr(name, data)
        for i in range(n):
            zf.writestr(f"evidence/{i:064x}", b"")
    return path


def lying_small(path, good, tag, big):
    """The manifest's headers claim 100 bytes; it inflates to a gigabyte of zeros."""
    size = 1024 * MiB if big else 64 * MiB
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in good.items():
            if name != bundle.MANIFEST:
                zf.writestr(name, data)
        _zeros_member(zf, bundle.MANIFEST, size)
    claim_size(path, bundle.MANIFEST, 100)
    return path


def lying_large(path, good, tag, big):
    """A member whose headers claim 4 GiB - 1 bytes, far past every cap."""
    _zip(path, good.items())
    data = bytearray(path.read_bytes())
    pos = data.find(b"PK\x01\x02")
    data[pos + 24:pos + 28] = (0xFFFFFFFE).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


def overlapping_bomb(path, good, tag, big):
    """David Fifield's construction: one stored kernel that thousands of directory entries all point at."""
    kernel = bytes(MiB)
    crc = zlib.crc32(kernel)
    n = 2000
    names = [f"evidence/{i:064x}".encode() for i in range(n)]
    out = bytearray()
    out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, crc, len(kernel), len(kernel), len(names[0]), 0)
    out += names[0] + kernel
    cd_start = len(out)
    for name in names:
        out += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, crc, len(kernel), len(kernel),
                           len(name), 0, 0, 0, 0, 0, 0) + name
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, n, n, len(out) - cd_start, cd_start, 0)
    path.write_bytes(bytes(out))
    return path


def gigabyte_of_zeros_file(path, good, tag, big):
    """A file of nothing but zero bytes (sparse, so it costs no disk), as a broken copy leaves."""
    with open(path, "wb") as fh:
        fh.truncate(1024 * MiB if big else 64 * MiB)
    return path


def gigabyte_of_zeros_member(path, good, tag, big):
    """A classic bomb: the inspections member deflates a gigabyte of zeros into about a megabyte."""
    size = 1024 * MiB if big else 64 * MiB
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in good.items():
            if name != bundle.INSPECTIONS:
                zf.writestr(name, data)
        _zeros_member(zf, bundle.INSPECTIONS, size)
    return path


CASES = [traversal, absolute, drive_letter, symlink, duplicate_names, many_entries, lying_small, lying_large,
         overlapping_bomb, gigabyte_of_zeros_file, gigabyte_of_zeros_member]


def _listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.mark.parametrize("build", CASES, ids=[c.__name__ for c in CASES])
def test_hostile_archive_is_refused_quickly_in_bounded_memory(build, good_members, tmp_path, full, figure):
    tag = os.urandom(4).hex()
    case = tmp_path / "case"
    (case / "tmp").mkdir(parents=True)
    (case / "home").mkdir()
    archive = build(tmp_path / "hostile.qib", good_members, tag, full)
    before = _listing(tmp_path)
    env = {**os.environ, "TMPDIR": str(case / "tmp"), "QINSPECT_HOME": str(case / "home"),
           "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-m", "tests.reliability.open_bundle", str(archive)], cwd=case,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err.decode()
    outcome = json.loads(out)
    peak = outcome["peak_rss"]
    figure(f"{archive.stat().st_size / MiB:.1f} MiB archive: {'refused' if outcome['refused'] else 'ACCEPTED'} "
           f"({outcome.get('error')}) in {outcome['seconds']:.2f} s, child peak RSS {peak / MiB:.0f} MiB: "
           f"{outcome.get('sentence', '')[:60]}")
    assert outcome["refused"] and outcome["error"] == "BundleRefused"
    assert outcome["seconds"] < LIMIT_SECONDS and peak < LIMIT_BYTES
    assert _listing(tmp_path) == before  # nothing extracted into the case folder or beside it
    assert not list(Path("/tmp").glob(f"evil-{tag}*")) and not list(tmp_path.parent.glob(f"evil-{tag}*"))
