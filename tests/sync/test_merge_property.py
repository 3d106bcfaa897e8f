"""Several laptops editing the same inspections, bundles lost, duplicated and reordered on the way.

Any import order, any duplicates, give the same database; concurrent edits end as conflicts
holding every laptop's version, never as a silent overwrite; and with receipts, nothing any
laptop made is missing at the bureau once each laptop has exported one more time.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qinspect.domain.records import Answer
from qinspect.store import inspections
from qinspect.store.db import open_store
from qinspect.sync import merge, receipts
from qinspect.sync.exporting import export_bundle
from qinspect.sync.importing import import_bundles
from tests.sync.conftest import Office
from tests.sync.helpers import content, edit, village_inspection

LAPTOPS = 3
EDITS = [("F01", Answer("pass")), ("F01", Answer("fail")), ("F03", Answer(0)), ("F03", Answer(3)),
         ("F03", Answer(3, note="台账已补")), ("F02", Answer(12)), ("F02", None)]
step = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, LAPTOPS - 1), st.integers(0, 1), st.integers(0, len(EDITS) - 1)),
    st.tuples(st.just("export"), st.integers(0, LAPTOPS - 1)),
    st.tuples(st.just("deliver"), st.integers(0, 99)),  # any waiting bundle reaches the bureau: reordered
    st.tuples(st.just("lose"), st.integers(0, 99)),  # a waiting bundle is lost with its stick
    st.tuples(st.just("copy"), st.integers(0, 99)),  # a waiting bundle is copied under another name
    st.tuples(st.just("receipts"), st.integers(0, LAPTOPS - 1)))  # the bureau's bundle back to a laptop


def _supervisor_copy(office: Office, name: str, shared: Path):
    store = open_store(office.folder / f"{name}.db")
    with store.atomic():
        store.set_setting("role", "bureau")
    assert not import_bundles(store, [office.setup, shared], trust=True).refused
    return store


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(steps=st.lists(step, max_size=14), order=st.randoms(use_true_random=False))
def test_any_order_gives_the_same_database_and_keeps_every_version(steps, order):
    with tempfile.TemporaryDirectory() as folder:
        office = Office(Path(folder))
        try:
            run(office, steps, order)
        finally:
            office.close()


def run(office: Office, steps, order) -> None:
    first = office.laptop("L0")
    uuids = [village_inspection(first, office.ids[f"village{n}"]).uuid for n in (1, 2)]
    shared = export_bundle(first, office.folder / "shared.qib", everything=True).path
    laptops = [first] + [office.laptop(f"L{n}") for n in range(1, LAPTOPS)]
    for laptop in laptops[1:]:
        assert not import_bundles(laptop, [shared], trust=True).refused
    bureau = _supervisor_copy(office, "S1", shared)
    waiting: list[Path] = []  # bundles on their way to the bureau
    delivered: list[Path] = []
    made = 0

    def export(n: int) -> None:
        nonlocal made
        if receipts.unreceipted_inspections(laptops[n]):
            made += 1
            waiting.append(export_bundle(laptops[n], office.folder / f"L{n}-{made}.qib").path)

    for action, n, *rest in steps:
        if action == "edit":
            item, answer = EDITS[rest[1]]
            edit(laptops[n], uuids[rest[0]], item, answer or Answer())
        elif action == "export":
            export(n)
        elif action == "receipts":
            back = export_bundle(bureau, office.folder / f"back-{made}-{n}.qib", overwrite=True).path
            assert not import_bundles(laptops[n], [back], trust=True).refused
        elif waiting:
            path = waiting.pop(n % len(waiting))
            if action == "copy":
                twin = path.with_name("copy-of-" + path.name)
                shutil.copyfile(path, twin)
                waiting += [path, twin]
            elif action == "deliver":
                report = import_bundles(bureau, [path], trust=True)
                assert not report.refused, report.refused
                delivered.append(path)
    # Whatever was lost, one more export from each laptop brings everything not receipted.
    for n in range(LAPTOPS):
        export(n)
    order.shuffle(waiting)
    for path in waiting:
        assert not import_bundles(bureau, [path], trust=True).refused
        delivered.append(path)

    # A second bureau receives every delivered bundle at once, in another order: the same database.
    other = _supervisor_copy(office, "S2", shared)
    order.shuffle(delivered)
    assert not import_bundles(other, delivered, trust=True).refused
    results = [bureau, other]
    assert content(bureau) == content(other)
    made_on_laptops = {r[0] for laptop in laptops for r in laptop.execute(
        "SELECT id FROM revisions WHERE device_id = ?", (laptop.device_id,))}
    for sup in results:
        held = {r[0] for r in sup.execute("SELECT id FROM revisions")}
        assert made_on_laptops - held == set()  # 0 missing, and never with --all
    for uuid in uuids:
        heads = {laptop.execute("SELECT content_hash FROM revisions WHERE id = (SELECT head FROM inspections "
                                "WHERE uuid = ?)", (uuid,)).fetchone()[0] for laptop in laptops
                 if laptop.execute("SELECT count(*) FROM revisions WHERE inspection_uuid = ?", (uuid,)).fetchone()[0] > 1}
        original = first.execute("SELECT content_hash FROM revisions WHERE inspection_uuid = ? AND base IS NULL",
                                 (uuid,)).fetchone()[0]
        expected = heads or {original}
        for sup in results:
            versions = merge.open_versions(sup, uuid)
            shown = {sup.execute("SELECT content_hash FROM revisions WHERE id = ?", (r,)).fetchone()[0]
                     for r in versions}
            assert shown == expected  # every laptop's latest content is still open, none overwritten
            conflicted = sup.execute("SELECT count(*) FROM conflicts WHERE inspection_uuid = ?", (uuid,)).fetchone()[0]
            assert conflicted == len(versions) - 1
            head = sup.execute("SELECT head FROM inspections WHERE uuid = ?", (uuid,)).fetchone()[0]
            assert head == versions[0]
            assert inspections.load(sup, uuid).content_hash() in expected
    for sup in results:
        sup.close()
