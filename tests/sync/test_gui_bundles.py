"""The window's side of bundles: import with its progress dialog and trust question, cancel, and the conflicts view."""

from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from qinspect.domain.records import Answer
from qinspect.store import audit, inspections
from qinspect.sync import conflicts, importing
from qinspect.sync.exporting import export_bundle
from qinspect.ui import bundles
from qinspect.ui.bundles import ConflictsDialog
from tests.sync.helpers import content, edit, village_inspection


@pytest.fixture
def answers(monkeypatch):
    """Answer the window's questions as the supervisor would, and keep what it was shown."""
    shown = {"trust": [], "report": [], "errors": []}

    def trust(parent, device):
        shown["trust"].append(device)
        return True

    monkeypatch.setattr(bundles, "ask_trust", trust)
    monkeypatch.setattr(bundles, "show_report", lambda parent, report: shown["report"].append(report))
    monkeypatch.setattr(bundles, "show_error", lambda parent, e: shown["errors"].append(e))
    return shown


def test_import_through_the_window_asks_to_trust_and_reports(office, qtbot, answers):
    laptop = office.laptop("甲")
    insp = village_inspection(laptop, office.ids["village1"])
    path = export_bundle(laptop, office.folder / "a.qib").path
    report = bundles.import_bundles(None, office.supervisor, [path])
    assert [d.name for d in answers["trust"]] == ["甲"]
    assert answers["trust"][0].fingerprint == importing.verify_bundle(path).manifest.fingerprint
    assert answers["report"] == [report] and report.total("added") == 1
    assert inspections.load(office.supervisor, insp.uuid) == inspections.load(laptop, insp.uuid)


def test_cancel_in_the_progress_dialog_changes_nothing(office, qtbot, answers, monkeypatch):
    laptop = office.laptop("甲")
    village_inspection(laptop, office.ids["village1"])
    path = export_bundle(laptop, office.folder / "a.qib").path
    release = threading.Event()
    real = importing.import_bundles

    def held(store, paths, *, trust, progress):
        def waiting(done, total, label):
            release.wait(10)  # the person presses Cancel while the first bundle is being read
            progress(done, total, label)
        return real(store, paths, trust=trust, progress=waiting)

    monkeypatch.setattr(importing, "import_bundles", held)
    before = content(office.supervisor)

    def press_cancel():
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        assert len(dialogs) == 1 and dialogs[0].labelText() == "导入数据包"
        dialogs[0].findChild(QPushButton).click()  # its Cancel button
        release.set()

    QTimer.singleShot(0, press_cancel)  # runs once the dialog's event loop is turning
    assert bundles.import_bundles(None, office.supervisor, [path]) is None
    assert "取消" in str(answers["errors"][0])
    assert content(office.supervisor) == before


def test_resolve_a_conflict_in_the_conflicts_view(office, qtbot, answers):
    a, b = office.laptop("甲"), office.laptop("乙")
    insp = village_inspection(a, office.ids["village1"])
    base = export_bundle(a, office.folder / "base.qib", everything=True).path
    importing.import_bundles(b, [base], trust=True)
    edit(a, insp.uuid, "F03", Answer(0, note="甲核实"))
    edit(b, insp.uuid, "F01", Answer("fail", rectification="公示牌补齐"))
    edit(b, insp.uuid, "F03", Answer(3))
    paths = [base, export_bundle(a, office.folder / "a.qib").path, export_bundle(b, office.folder / "b.qib").path]
    sup = office.supervisor
    report = bundles.import_bundles(None, sup, paths)
    assert report.total("conflicts") == 1

    dialog = ConflictsDialog(sup)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.list.count() == 1
    sides = {s.device_name: s for s in dialog.sides}
    assert dialog.table.columnCount() == 4  # item, two versions, the choice
    header = dialog.table.horizontalHeaderItem(1).text() + dialog.table.horizontalHeaderItem(2).text()
    assert "甲" in header and "乙" in header
    # Take 乙's version, but 甲's F03 finding.
    fields = dialog.combos[""]
    fields.setCurrentIndex(fields.findData(sides["乙"].revision))
    f03 = dialog.combos["F03"]
    f03.setCurrentIndex(f03.findData(sides["甲"].revision))
    f01 = dialog.combos["F01"]
    f01.setCurrentIndex(f01.findData(sides["乙"].revision))
    dialog.reason.setText("电话核实后合并")
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    assert dialog.list.count() == 0 and conflicts.count(sup) == 0
    merged = inspections.load(sup, insp.uuid)
    assert merged.answers["F03"] == Answer(0, note="甲核实")
    assert merged.answers["F01"] == Answer("fail", rectification="公示牌补齐")
    entry = audit.entries(sup, "inspection", insp.uuid)[-1]
    detail = json.loads(entry["detail"])
    assert entry["action"] == "resolve-conflict" and detail["reason"] == "电话核实后合并"
    assert detail["picked"] == {"F03": sides["甲"].revision}


def test_keep_one_version_with_its_button(office, qtbot, answers):
    a, b = office.laptop("甲"), office.laptop("乙")
    insp = village_inspection(a, office.ids["village2"])
    base = export_bundle(a, office.folder / "base.qib", everything=True).path
    importing.import_bundles(b, [base], trust=True)
    edit(a, insp.uuid, "F01", Answer("fail"))
    edit(b, insp.uuid, "F03", Answer(2))
    bundles.import_bundles(None, office.supervisor, [base, export_bundle(a, office.folder / "a.qib").path,
                                                     export_bundle(b, office.folder / "b.qib").path])
    dialog = ConflictsDialog(office.supervisor)
    qtbot.addWidget(dialog)
    index = next(n for n, s in enumerate(dialog.sides) if s.device_name == "甲")
    kept = dialog.sides[index].inspection
    qtbot.mouseClick(dialog.keep_buttons[index], Qt.MouseButton.LeftButton)
    assert inspections.load(office.supervisor, insp.uuid).answers == kept.answers
    assert dialog.list.count() == 0


def test_the_window_proposes_a_readable_name_and_never_replaces_an_unseen_file(office, qtbot, answers,
                                                                              monkeypatch):
    laptop = office.laptop("甲")
    with laptop.atomic():
        laptop.set_setting("township", "温岭市/大溪镇")
        laptop.set_setting("user_name", "王建国")
    village_inspection(laptop, office.ids["village1"])
    waiting = office.folder / "stick.qib"
    waiting.write_bytes(b"the bundle still waiting on the stick")
    suggested = []

    def save_as(parent, name):  # the person typed "stick" and the window added the suffix
        suggested.append(name)
        return waiting, False

    monkeypatch.setattr(bundles, "ask_save_path", save_as)
    assert bundles.export_bundle(None, laptop) is None
    assert suggested and suggested[0].startswith("大溪镇-王建国-") and suggested[0].endswith("-01.qib")
    assert waiting.read_bytes() == b"the bundle still waiting on the stick"
    assert len(answers["errors"]) == 1 and "已存在" in str(answers["errors"][0])

    # Replacing it after the save dialog's own question is what the person chose.
    monkeypatch.setattr(bundles, "ask_save_path", lambda parent, name: (waiting, True))
    monkeypatch.setattr(bundles, "show_exported", lambda parent, result: None)
    assert bundles.export_bundle(None, laptop) == waiting
    assert importing.verify_bundle(waiting).counts["inspections"] == 1
