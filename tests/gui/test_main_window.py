"""The main window on the small demo: tree, lazy list, filters, search, details, shortcuts, layout."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QTabWidget

from qinspect.domain.records import DRAFT
from qinspect.store import checklists, inspections
from qinspect.store.registers import add_village
from qinspect.ui import bundles, registers
from qinspect.ui.editor import InspectionEditor
from qinspect.store.inspections import PAGE, UNEXPORTED
from qinspect.ui.filter_bar import find_data
from qinspect.ui.main_window import MainWindow
from qinspect.ui.register_tree import SUBJECT_ROLE
from qinspect.ui.signals import INSPECTIONS, REGISTERS, notify
from tests.gui.shell import show_active, type_text


@pytest.fixture
def window(qtbot, demo_store):
    return show_active(qtbot, MainWindow(demo_store))


def count(store, sql: str, args=()) -> int:
    return store.execute(sql, args).fetchone()[0]


def pick(window, combo, data) -> None:
    index = find_data(combo, data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_title_and_status_bar(window, demo_store):
    assert str(demo_store.path) in window.windowTitle()
    demo_store.set_setting("user_name", "王建国")
    demo_store.conn.commit()
    notify(INSPECTIONS)
    unexported = count(demo_store, "SELECT count(*) FROM inspections WHERE exported = 0")
    window._reload_pending()
    assert window.user_label.text() == "质监员：王建国"
    assert window.unexported_label.text() == f"未导出的检查：{unexported}"
    assert window.device_label.text().startswith("设备：")


def test_tree_loads_branches_as_they_open(window, demo_store):
    tree, model = window.tree, window.tree_model
    counties = count(demo_store, "SELECT count(*) FROM counties")
    assert model.rowCount() == counties
    county = model.index(0, 0)
    assert model.rowCount(county) == 0 and model.hasChildren(county)  # not read yet
    tree.expand(county)
    cid = county.data(SUBJECT_ROLE)[1]
    assert model.rowCount(county) == count(demo_store, "SELECT count(*) FROM townships WHERE county_id = ?", (cid,))
    township = model.index(0, 0, county)
    tree.expand(township)
    tid = township.data(SUBJECT_ROLE)[1]
    villages = count(demo_store, "SELECT count(*) FROM villages WHERE township_id = ?", (tid,))
    group = model.index(0, 0, township)
    assert group.data() == f"村(社区)（{villages}）"
    assert model.rowCount(group) == 0
    tree.expand(group)
    assert model.rowCount(group) == villages
    assert model.index(0, 0, group).data(SUBJECT_ROLE)[0] == "village"


def test_list_is_lazy_and_matches_the_database(qtbot, window, demo_store):
    model = window.model
    total = count(demo_store, "SELECT count(*) FROM inspections")
    assert window.list_count.text() == f"共 {total} 份检查"
    # Only the pages the view has asked for are read.
    assert 0 < model.rowCount() < total and len(model._rows) == model.rowCount()
    window.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > PAGE)  # the view asks for the next page at the end
    newest = demo_store.execute("SELECT uuid, date FROM inspections ORDER BY date DESC, rowid DESC LIMIT 1").fetchone()
    assert model.index(0, 0).data() == newest[1]
    assert model.uuid_at(0) == newest[0]


def test_sorting_by_a_column_reorders_the_ids(window, demo_store):
    window.table.sortByColumn(7, Qt.SortOrder.AscendingOrder)  # total
    totals = [window.model.index(r, 7).data() for r in range(5)]
    lowest = [f"{t:.2f}" for (t,) in demo_store.execute("SELECT total FROM inspections ORDER BY total LIMIT 5")]
    assert totals == lowest


def test_filters_narrow_the_list_to_what_sql_counts(qtbot, window, demo_store):
    tid = demo_store.execute("SELECT township_id FROM inspections GROUP BY township_id "
                             "ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    pick(window, window.filters.township_filter, ("township", tid))
    assert window.model.count()[0] == count(demo_store, "SELECT count(*) FROM inspections WHERE township_id = ?",
                                            (tid,))
    pick(window, window.filters.kind_filter, "enterprise")
    assert window.model.count()[0] == count(
        demo_store, "SELECT count(*) FROM inspections WHERE township_id = ? AND subject_kind = 'enterprise'", (tid,))

    # A draft saved now: the status filter finds exactly it.
    vid = demo_store.execute("SELECT id FROM villages WHERE township_id = ? LIMIT 1", (tid,)).fetchone()[0]
    form = checklists.get(demo_store, "village-network")
    draft = inspections.new(demo_store, "village", vid, form, dt.date.today().isoformat(), "李杰")
    inspections.save(demo_store, draft)
    notify(INSPECTIONS)
    pick(window, window.filters.kind_filter, None)
    pick(window, window.filters.status_filter, DRAFT)
    qtbot.waitUntil(lambda: window.model.count()[0] == 1)
    assert window.model.uuid_at(0) == draft.uuid
    pick(window, window.filters.status_filter, UNEXPORTED)
    assert window.model.count()[0] == count(demo_store, "SELECT count(*) FROM inspections WHERE exported = 0 "
                                                        "AND township_id = ?", (tid,)) == 1
    window.filters.date_filter.setChecked(True)
    window.filters.date_from.setDate(dt.date(2000, 1, 1))
    window.filters.date_to.setDate(dt.date(2000, 12, 31))
    assert window.model.count()[0] == 0
    window.filters.clear()
    assert window.model.count()[0] == count(demo_store, "SELECT count(*) FROM inspections")


def test_checklist_filter(window, demo_store):
    pick(window, window.filters.checklist_filter, ("village-network", "2009"))
    assert window.model.count()[0] == count(
        demo_store, "SELECT count(*) FROM inspections WHERE checklist_id = 'village-network'") > 0


def test_search_finds_an_enterprise_by_name_and_credit_code(qtbot, window, demo_store):
    eid, name, code = demo_store.execute(
        "SELECT e.id, e.name, e.credit_code FROM enterprises e JOIN inspections i ON i.enterprise_id = e.id "
        "LIMIT 1").fetchone()
    expected = count(demo_store, "SELECT count(*) FROM inspections i JOIN enterprises e ON e.id = i.enterprise_id "
                                 "WHERE e.name LIKE ?", (f"%{name}%",))
    window.filters.search_edit.setFocus()
    type_text(qtbot, window.filters.search_edit, name)
    qtbot.waitUntil(lambda: window.model.count()[0] == expected)
    assert {window.model.index(r, 2).data() for r in range(expected)} == {name}
    window.filters.search_edit.clear()
    qtbot.keyClicks(window.filters.search_edit, code[:12])
    qtbot.keyClick(window.filters.search_edit, Qt.Key.Key_Return)
    assert window.model.count()[0] == count(demo_store, "SELECT count(*) FROM inspections WHERE enterprise_id = ?",
                                            (eid,))


def test_ctrl_f_focuses_the_search_box(qtbot, window):
    window.table.setFocus()
    assert not window.filters.search_edit.hasFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.filters.search_edit.hasFocus()


def test_details_show_history_and_open_rectifications(window, demo_store):
    vid = demo_store.execute(
        "SELECT i.village_id FROM inspections i JOIN answers a ON a.revision_id = i.head "
        "WHERE i.subject_kind = 'village' AND a.rectification != '' AND i.status = 'completed' "
        "AND NOT EXISTS (SELECT 1 FROM rectification_closures x WHERE x.inspection_uuid = i.uuid) LIMIT 1").fetchone()[0]
    window.show_subject("village", vid)
    assert window.tree.currentIndex().data(SUBJECT_ROLE) == ("village", vid)
    name = demo_store.execute("SELECT name FROM villages WHERE id = ?", (vid,)).fetchone()[0]
    assert window.details.title.text() == name
    assert window.details.history.rowCount() == count(
        demo_store, "SELECT count(*) FROM inspections WHERE subject_kind = 'village' AND village_id = ?", (vid,))
    open_rectifications = count(  # of its completed inspections, not closed (docs/rectifications.md)
        demo_store, "SELECT count(*) FROM inspections i JOIN answers a ON a.revision_id = i.head "
                    "WHERE i.subject_kind = 'village' AND i.village_id = ? AND a.rectification != '' "
                    "AND i.status = 'completed' AND NOT EXISTS (SELECT 1 FROM rectification_closures x "
                    "WHERE x.inspection_uuid = i.uuid AND x.item_id = a.item_id AND x.closed_on <= date('now'))",
        (vid,))
    assert window.details.rectifications.rowCount() == open_rectifications > 0


def test_opening_an_inspection_adds_an_editor_tab_and_ctrl_s_saves_there(qtbot, window, demo_store):
    uuid = window.model.uuid_at(0)
    window.table.setCurrentIndex(window.model.index(0, 0))
    tabs: QTabWidget = window.tabs
    fixed = tabs.count()  # the list and the views that always stay open
    qtbot.keyClick(window.table, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert tabs.count() == fixed + 1 and window.current_editor() is not None
    assert window.editors[window.current_editor()] == uuid
    window.open_inspection(uuid)  # the same inspection again: the same tab
    assert tabs.count() == fixed + 1
    assert window.actions["actionSave"].isEnabled()
    qtbot.keyClick(tabs.currentWidget(), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert tabs.count() == fixed and window.current_editor() is None
    assert not window.actions["actionSave"].isEnabled()

    vid = demo_store.execute("SELECT id FROM villages LIMIT 1").fetchone()[0]
    new = inspections.new(demo_store, "village", vid, checklists.get(demo_store, "village-network"),
                          "2009-12-31", "李杰")
    window.add_editor(InspectionEditor(demo_store, new=new, parent=tabs))
    before = window.model.count()[0]
    qtbot.keyClick(tabs.currentWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert count(demo_store, "SELECT count(*) FROM inspections WHERE uuid = ?", (new.uuid,)) == 1
    qtbot.waitUntil(lambda: window.model.count()[0] == before + 1)


def test_dropping_a_bundle_file_imports_it(qtbot, window, demo_store, tmp_path, monkeypatch):
    from qinspect.store.db import open_store
    from qinspect.sync.exporting import export_bundle, export_setup_bundle
    from qinspect.sync.importing import import_bundles
    from tests.sync.helpers import village_inspection

    setup = export_setup_bundle(demo_store, tmp_path / "setup.qib").path
    with open_store(tmp_path / "field.db") as field:  # a field laptop set up from this database
        assert not import_bundles(field, [setup], trust=True).refused
        done = village_inspection(field, field.execute("SELECT id FROM villages ORDER BY id LIMIT 1").fetchone()[0])
        bundle = export_bundle(field, tmp_path / "field.qib").path
    reports = []
    monkeypatch.setattr(bundles, "ask_trust", lambda parent, device: True)  # the supervisor checked it
    monkeypatch.setattr(bundles, "show_report", lambda parent, report: reports.append(report))
    before = window.model.count()[0]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bundle)), QUrl.fromLocalFile(str(tmp_path / "notes.txt"))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: len(reports) == 1)
    assert reports[0].total("added") == 1 and not reports[0].refused
    assert inspections.load(demo_store, done.uuid).answers == done.answers
    qtbot.waitUntil(lambda: window.model.count()[0] == before + 1)


def test_geometry_and_splitters_are_remembered(qtbot, demo_store):
    first = show_active(qtbot, MainWindow(demo_store))
    first.resize(760, 560)  # inside the offscreen screen, which restoreGeometry keeps windows on
    first.main_splitter.setSizes([200, 350, 200])
    sizes = first.main_splitter.sizes()
    first.table.setColumnWidth(2, 321)
    first.close()
    second = show_active(qtbot, MainWindow(demo_store))
    assert (second.width(), second.height()) == (760, 560)
    assert second.main_splitter.sizes() == sizes
    assert second.table.columnWidth(2) == 321


def test_every_menu_action_has_a_shortcut(window):
    menus = list(window.actions.values())
    assert len(menus) >= 24
    assert all(not a.shortcut().isEmpty() for a in menus), [a.text() for a in menus if a.shortcut().isEmpty()]
    assert len({a.shortcut().toString() for a in menus}) == len(menus)


def test_register_menu_opens_the_dialog_of_the_selected_entry(qtbot, window, demo_store, monkeypatch):
    opened = []

    class Recorder:
        def __init__(self, store, parent, **which):
            opened.append(which)

        def exec(self):
            return 0

    monkeypatch.setattr(registers, "EnterpriseDialog", Recorder)
    eid, tid = demo_store.execute("SELECT id, township_id FROM enterprises LIMIT 1").fetchone()
    window.show_subject("enterprise", eid)
    window.tree.setFocus()  # F2 edits the chosen entry from the tree (in an editor it is the note's key)
    qtbot.keyClick(window.tree, Qt.Key.Key_F2)
    window.actions["actionNewEnterprise"].trigger()
    assert opened == [{"enterprise_id": eid}, {"township_id": tid}]


def test_a_new_village_appears_in_the_open_tree_after_the_change_notice(qtbot, window, demo_store):
    tid = demo_store.execute("SELECT id FROM townships ORDER BY id LIMIT 1").fetchone()[0]
    window.show_subject("villages", tid)
    group = window.tree_model.index_of("villages", tid)
    window.tree.expand(group)
    qtbot.waitUntil(lambda: window.tree_model.rowCount(group) > 0)
    before = window.tree_model.rowCount(group)
    vid = add_village(demo_store, tid, "新建测试村")
    notify(REGISTERS)
    qtbot.waitUntil(lambda: window.tree_model.rowCount(window.tree_model.index_of("villages", tid)) == before + 1)
    group = window.tree_model.index_of("villages", tid)
    assert window.tree.isExpanded(group)
    assert window.tree_model.index_of("village", vid).data() == "新建测试村"


def test_a_setup_bundle_for_the_chosen_township_goes_to_a_field_laptop(qtbot, window, demo_store, tmp_path,
                                                                       monkeypatch):
    from qinspect.store import checklists
    from qinspect.store.db import open_store
    from qinspect.sync import importing
    from qinspect.ui import bundles

    tid = demo_store.execute("SELECT id FROM townships ORDER BY id LIMIT 1").fetchone()[0]
    window.show_subject("villages", tid)
    assert window.selected_township() == tid
    target = tmp_path / "setup.qib"
    exported = []
    monkeypatch.setattr(bundles, "ask_save_path", lambda parent, suggested: (target, True))
    monkeypatch.setattr(bundles, "show_exported", lambda parent, result: exported.append(result))
    window.actions["actionExportSetup"].trigger()  # runs to the end behind its progress dialog
    assert len(exported) == 1
    assert importing.verify_bundle(target).manifest.scope == "setup"

    with open_store(tmp_path / "field.db") as field:
        report = importing.import_bundles(field, [target], trust=True)
        assert not report.refused
        villages = {r[0] for r in field.execute("SELECT uuid FROM villages")}
        assert villages == {r[0] for r in demo_store.execute("SELECT uuid FROM villages WHERE township_id = ?",
                                                              (tid,))}
        assert {(c["id"], c["version"]) for c in checklists.listing(field)} == \
            {(c["id"], c["version"]) for c in checklists.listing(demo_store)}
