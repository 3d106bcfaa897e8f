"""Item 5, truncation and corruption: a bundle cut at random offsets and changed in one random byte.

Every cut copy must be refused with a BundleRefused by verify_bundle and by import_bundles,
and the receiving database stays byte-identical (its file hash with the WAL checkpointed,
after each attempt, and its SQL dump over the whole test). A changed byte is refused the
same way, except where the byte is zip bookkeeping that no reader uses (a timestamp, the
"version made by" field, an unused attribute): there every member still reads back exactly
as exported, which the test checks, so accepting it imports nothing but the genuine data.
Those harmless changes are counted separately in the figure, and only verified, not imported.
tests/sync/test_refusals.py keeps the hand-picked cases (each member flipped, raw bit flips).
"""

from __future__ import annotations

import random
import time

import pytest

from qinspect.errors import BundleRefused
from qinspect.sync.importing import import_bundles, verify_bundle
from tests.reliability.bundles import file_digest, laptop_bundle, members, receiver
from tests.reliability.world import database_digest


@pytest.fixture
def setting(tmp_path):
    bundle = laptop_bundle(tmp_path)
    store = receiver(tmp_path)
    yield tmp_path, bundle, store
    store.close()


def _offer(store, path) -> str:
    """Verify and import `path`, which must be refused both ways; returns the refusal's sentence."""
    with pytest.raises(BundleRefused) as refused:
        verify_bundle(path, store)
    report = import_bundles(store, [path], trust=True)
    assert not report.bundles and len(report.refused) == 1
    return str(refused.value)


def test_a_cut_bundle_is_always_refused_and_changes_nothing(setting, count, figure):
    folder, bundle, store = setting
    data = bundle.read_bytes()
    runs = count(30, 1000)
    rng = random.Random(51)
    before, dump = file_digest(store), database_digest(store.path)
    bad = folder / "cut.qib"
    reasons: dict[str, int] = {}
    started = time.perf_counter()
    for offset in sorted(rng.randrange(len(data)) for _ in range(runs)):
        bad.write_bytes(data[:offset])
        reason = _offer(store, bad)
        reasons[reason[:20]] = reasons.get(reason[:20], 0) + 1
        assert file_digest(store) == before, f"cut at {offset} changed the database"
    elapsed = time.perf_counter() - started
    store.close()
    assert database_digest(store.path) == dump
    with receiver(folder) as again:  # the uncut bundle is sound: the refusals were the cuts'
        assert import_bundles(again, [bundle], trust=True).total("added") > 0
    figure(f"{runs} cuts of a {len(data)}-byte bundle, all refused, 0 failures, database unchanged; "
           f"{len(reasons)} distinct sentences; {elapsed:.1f} s")


def test_one_changed_byte_is_refused_or_changes_no_content(setting, count, figure):
    folder, bundle, store = setting
    data = bundle.read_bytes()
    original = members(data, folder / "original.qib")
    runs = count(30, 1000)
    rng = random.Random(52)
    before, dump = file_digest(store), database_digest(store.path)
    bad = folder / "changed.qib"
    refused = harmless = 0
    started = time.perf_counter()
    for _ in range(runs):
        raw = bytearray(data)
        offset = rng.randrange(len(raw))
        raw[offset] = (raw[offset] + rng.randrange(1, 256)) % 256
        bad.write_bytes(bytes(raw))
        try:
            verify_bundle(bad, store)
        except BundleRefused:
            refused += 1
            report = import_bundles(store, [bad], trust=True)
            assert not report.bundles and len(report.refused) == 1, f"byte {offset}: imported"
            assert file_digest(store) == before, f"byte {offset} changed the database"
        else:
            assert members(bytes(raw), folder / "check.qib") == original, \
                f"byte {offset}: accepted with content that differs from the export"
            harmless += 1
    elapsed = time.perf_counter() - started
    store.close()
    assert database_digest(store.path) == dump
    figure(f"{runs} single-byte changes of a {len(data)}-byte bundle: {refused} refused, {harmless} in zip "
           f"bookkeeping only (content identical, accepted), 0 failures, database unchanged; {elapsed:.1f} s")
