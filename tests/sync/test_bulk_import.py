"""A large import into a small database is a bulk load: the list's indexes are set aside and made
again, and the foreign keys are checked once over all the rows. The database ends with exactly the
indexes it had, and with its foreign keys enforced, whether the bundle went in or was refused."""

import json
import sqlite3

import pytest

from qinspect.errors import InvalidInput
from qinspect.store import bulk
from qinspect.store.db import open_store
from qinspect.sync import merge
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
    # its references were checked once, over all its rows, and are enforced again after it
    assert statements.index("PRAGMA foreign_keys = OFF") < statements.index("PRAGMA foreign_key_check")
    assert sup.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert sup.execute("PRAGMA foreign_key_check").fetchall() == []


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
    assert sup.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_large_import_that_would_leave_a_broken_reference_is_undone_whole_and_said_so(office, monkeypatch):
    laptop = office.laptop("甲")
    for day in (3, 4, 5):
        village_inspection(laptop, office.ids["village1"], date=f"2009-05-{day:02d}")
    path = export_bundle(laptop, office.folder / "many.qib").path
    sup = office.supervisor
    monkeypatch.setattr(bulk, "MIN_LOAD", 3)
    settle = merge.settle

    def settle_with_a_fault(store, inspection_uuid, *args, **kwargs):  # as a fault in the importer would
        result = settle(store, inspection_uuid, *args, **kwargs)
        store.execute("INSERT INTO conflicts(inspection_uuid, revision_id, found_at, bundle_id) VALUES (?, ?, '', '')",
                      (inspection_uuid, "f" * 32))  # a conflict with a revision that is not there
        return result

    monkeypatch.setattr(merge, "settle", settle_with_a_fault)
    with pytest.raises(InvalidInput, match="引用了不存在的记录.*已全部撤销"):
        import_bundles(sup, [path], trust=True)
    assert sup.execute("SELECT count(*) FROM inspections").fetchone()[0] == 0
    assert sup.execute("SELECT count(*) FROM bundles WHERE direction = 'import'").fetchone()[0] == 0
    assert sup.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_references_checked_once_are_checked_and_a_transaction_already_open_checks_them_row_by_row(tmp_path):
    store = open_store(tmp_path / "t.db")
    dangling = "INSERT INTO villages(uuid, township_id, name, kind) VALUES ('v', 999, '无此乡镇的村', '行政村')"
    with pytest.raises(LookupError, match="villages"):
        with bulk.references_checked_once(store, lambda broken: LookupError(str(broken))):
            store.execute(dangling)  # no error here: checked at the end
    assert store.execute("SELECT count(*) FROM villages").fetchone()[0] == 0
    assert store.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with store.atomic(), pytest.raises(sqlite3.IntegrityError):
        with bulk.references_checked_once(store, lambda broken: LookupError(str(broken))):
            store.execute(dangling)
    store.close()
