"""Several laptops editing the same inspections: any import order, and importing twice, give the same database.

Concurrent edits must end as conflicts holding every laptop's version, never as a silent overwrite.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qinspect.domain.records import Answer
from qinspect.store import inspections
from qinspect.store.db import open_store
from qinspect.sync import merge
from qinspect.sync.exporting import export_bundle
from qinspect.sync.importing import import_bundles
from tests.sync.conftest import Office
from tests.sync.helpers import content, edit, village_inspection

LAPTOPS = 3
EDITS = [("F01", Answer("pass")), ("F01", Answer("fail")), ("F03", Answer(0)), ("F03", Answer(3)),
         ("F03", Answer(3, note="台账已补")), ("F02", Answer(12)), ("F02", None)]
step = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, LAPTOPS - 1), st.integers(0, 1), st.integers(0, len(EDITS) - 1)),
    st.tuples(st.just("export"), st.integers(0, LAPTOPS - 1)))


def _supervisor_copy(office: Office, name: str, shared: Path):
    store = open_store(office.folder / f"{name}.db")
    assert not import_bundles(store, [office.setup, shared], trust=True).refused
    return store


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(steps=st.lists(step, max_size=12), order=st.randoms(use_true_random=False), twice=st.booleans())
def test_any_order_gives_the_same_database_and_keeps_every_version(steps, order, twice):
    with tempfile.TemporaryDirectory() as folder:
        office = Office(Path(folder))
        try:
            run(office, steps, order, twice)
        finally:
            office.close()


def run(office: Office, steps, order, twice) -> None:
    first = office.laptop("L0")
    uuids = [village_inspection(first, office.ids[f"village{n}"]).uuid for n in (1, 2)]
    shared = export_bundle(first, office.folder / "shared.qib", everything=True).path
    laptops = [first] + [office.laptop(f"L{n}") for n in range(1, LAPTOPS)]
    for laptop in laptops[1:]:
        assert not import_bundles(laptop, [shared], trust=True).refused
    made: list[list[Path]] = [[] for _ in laptops]

    def export(n: int) -> None:
        if laptops[n].execute("SELECT count(*) FROM inspections WHERE exported = 0").fetchone()[0]:
            made[n].append(export_bundle(laptops[n], office.folder / f"L{n}-{len(made[n])}.qib").path)

    for action, n, *rest in steps:
        if action == "edit":
            item, answer = EDITS[rest[1]]
            edit(laptops[n], uuids[rest[0]], item, answer or Answer())
        else:
            export(n)
    for n in range(LAPTOPS):
        export(n)

    # Two supervisors receive every bundle one at a time, in different interleavings (each
    # laptop's own bundles in the order it made them), the second also receiving each twice.
    def interleaving() -> list[Path]:
        slots = [n for n, paths in enumerate(made) for _ in paths]
        order.shuffle(slots)
        queues = [list(p) for p in made]
        return [queues[n].pop(0) for n in slots]

    results = []
    for name, extra in (("S1", False), ("S2", twice)):
        sup = _supervisor_copy(office, name, shared)
        for path in interleaving():
            for _ in range(2 if extra else 1):
                report = import_bundles(sup, [path], trust=True)
                assert not report.refused, report.refused
        results.append(sup)
    s1, s2 = results
    assert content(s1) == content(s2)

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
