"""A large import into a small database sets the list's indexes aside and makes them again: the
database ends with exactly the indexes it had, whether the bundle went in or was refused."""

import json

from qinspect.store import bulk
from qinspect.sync import bundle
from qinspect.sync.exporting import export_bundle
from qinspect.sync.importing import import_bundles
from tests.sync.helpers import read_members, resign, rezip, village_inspection


def _indexes(store) -> list[tuple]:
    return store.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").fetchall()


def _traced(store) -> list[str]:
    """The statements the store runs from now on (its connection's trace)."""
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    return statements


def test_a_large_import_sets_the_list_indexes_aside_and_ends_with_the_same_indexes(office, monkeypatch):
    laptop = office.laptop("甲")
    made = [village_inspection(laptop, office.ids["village1"], date=f"2009-05-{day:02d}").uuid for day in (3, 4, 5)]
    path = export_bundle(laptop, office.folder / "many.qib").path
    sup = office.supervisor
    before = _indexes(sup)
    monkeypatch.setattr(bulk, "MIN_LOAD", 3)  # three inspections into an empty database count as a large load
    statements = _traced(sup)
    report = import_bundles(sup, [path], trust=True)
    assert not report.refused and report.total("added") == 3
    dropped = {s.split('"')[1] for s in statements if s.startswith("DROP INDEX")}
    assert dropped == set(bulk.LIST_INDEXES)
    assert _indexes(sup) == before
    # the remade indexes serve the list: an inspection found by date through inspections_date
    plan = sup.execute("EXPLAIN QUERY PLAN SELECT uuid FROM inspections WHERE date = '2009-05-04'").fetchall()
    assert "inspections_date" in str(plan)
    assert {u for u, in sup.execute("SELECT uuid FROM inspections")} == set(made)


def test_a_refused_large_import_leaves_every_index_in_place(office, monkeypatch):
    laptop = office.laptop("甲")
    for day in (3, 4, 5):
        village_inspection(laptop, office.ids["village1"], date=f"2009-05-{day:02d}")
    members = read_members(export_bundle(laptop, office.folder / "many.qib").path)
    lines = members[bundle.INSPECTIONS].splitlines()
    rec = json.loads(lines[-1])
    rec["content"]["inspector"] = "改过的人"  # its content hash no longer fits: the bundle is refused late
    lines[-1] = json.dumps(rec, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    forged = rezip(office.folder / "forged.qib", resign({**members, bundle.INSPECTIONS: b"\n".join(lines) + b"\n"}))
    sup = office.supervisor
    before = _indexes(sup)
    monkeypatch.setattr(bulk, "MIN_LOAD", 3)
    statements = _traced(sup)
    report = import_bundles(sup, [forged], trust=True)
    assert len(report.refused) == 1 and "内容哈希不符" in report.refused[0].reason
    assert any(s.startswith("DROP INDEX") for s in statements)  # it was set aside, then rolled back
    assert _indexes(sup) == before
    assert sup.execute("SELECT count(*) FROM inspections").fetchone()[0] == 0
