"""The register tree's model without a view: branches read as they are opened, paths to entries."""

from __future__ import annotations

from PySide6.QtCore import Qt

from qinspect.ui.register_tree import SUBJECT_ROLE, RegisterTreeModel


def count(store, sql: str, args=()) -> int:
    return store.execute(sql, args).fetchone()[0]


def test_only_the_counties_are_read_at_first(qapp, demo_store):
    model = RegisterTreeModel(demo_store)
    assert model.rowCount() == count(demo_store, "SELECT count(*) FROM counties")
    county = model.index(0, 0)
    assert model.hasChildren(county) and model.canFetchMore(county) and model.rowCount(county) == 0
    model.fetchMore(county)
    cid = county.data(SUBJECT_ROLE)[1]
    assert model.rowCount(county) == count(demo_store, "SELECT count(*) FROM townships WHERE county_id = ?", (cid,))


def test_a_township_has_its_villages_and_enterprises_with_counts(qapp, demo_store):
    model = RegisterTreeModel(demo_store)
    tid = demo_store.execute("SELECT township_id FROM villages LIMIT 1").fetchone()[0]
    villages = model.index_of("villages", tid)
    enterprises = model.index_of("enterprises", tid)
    n = count(demo_store, "SELECT count(*) FROM villages WHERE township_id = ?", (tid,))
    assert villages.data() == f"村(社区)（{n}）"
    assert enterprises.data().startswith("企业（")
    model.fetchMore(villages)
    names = [model.index(r, 0, villages).data() for r in range(model.rowCount(villages))]
    assert names == sorted(names) and len(names) == n


def test_index_of_an_enterprise_opens_its_path_and_reload_forgets_it(qapp, demo_store):
    model = RegisterTreeModel(demo_store)
    eid, name, code = demo_store.execute("SELECT id, name, credit_code FROM enterprises LIMIT 1").fetchone()
    index = model.index_of("enterprise", eid)
    assert index.data() == name and code in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.parent().data(SUBJECT_ROLE)[0] == "enterprises"
    model.reload()
    assert model.root.children and all(c.children is None for c in model.root.children)
    assert not model.index_of("enterprise", 10 ** 9).isValid()
