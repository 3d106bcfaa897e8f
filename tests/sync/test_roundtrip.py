"""Bundles end to end: a field database arrives whole at the supervisor, changes fast-forward, conflicts are kept."""

from __future__ import annotations

import json
import os
import stat

import pytest

from qinspect.domain.records import Answer
from qinspect.errors import InvalidInput
from qinspect.store import audit, checklists, demo, evidence, inspections
from qinspect.store.db import open_store
from qinspect.sync import conflicts, merge
from qinspect.sync.device import KEY_FILE, device_key, fingerprint
from qinspect.sync.exporting import export_bundle
from qinspect.sync.importing import import_bundles, verify_bundle
from tests.sync.helpers import content, edit, village_inspection


def test_device_key_is_made_once_readable_only_by_the_user(qinspect_home):
    key = device_key()
    path = qinspect_home / KEY_FILE
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert device_key().public_bytes == key.public_bytes
    groups = key.fingerprint.split(" ")
    assert len(groups) == 6 and all(len(g) == 4 and g.isdigit() for g in groups)
    assert fingerprint(key.public_bytes) == key.fingerprint


def test_round_trip_of_a_field_database_record_by_record(tmp_path):
    field = open_store(tmp_path / "field.db")
    demo.generate(field, "small", 11)
    photo = evidence.add_evidence(field, b"\xff\xd8\xff\xe0 a photo of the workshop", "image/jpeg")
    evidence.add_evidence(field, b"\xff\xd8\xff\xe0 another photo", "image/jpeg")
    eid = field.execute("SELECT id FROM enterprises ORDER BY id LIMIT 1").fetchone()[0]
    form = checklists.get(field, "enterprise-product", "2009")
    insp = inspections.new(field, "enterprise", eid, form, "2009-06-01", "王建国")
    insp = insp.with_answer("P18", Answer([photo], note="车间")).with_answer(form.items[0].id, Answer("pass"))
    inspections.save(field, insp)
    edit(field, insp.uuid, form.items[0].id, Answer("fail", rectification="限期整改", deadline="2009-07-01"))
    before = content(field)

    result = export_bundle(field, tmp_path / "all.qib", everything=True)
    assert result.counts["inspections"] == len(before["inspections"]) and result.counts["evidence"] == 2
    supervisor = open_store(tmp_path / "supervisor.db")
    report = import_bundles(supervisor, [result.path], trust=True)
    assert not report.refused
    assert report.total("added") == len(before["inspections"])
    after = content(supervisor)
    for table in before:
        assert after[table] == before[table], table
    # Scores are recomputed by the receiver from the answers, and agree with the sender's.
    for uuid, total, grade in field.execute("SELECT uuid, total, grade FROM inspections"):
        assert supervisor.execute("SELECT total, grade FROM inspections WHERE uuid = ?", (uuid,)).fetchone() == \
            (total, grade)
    assert evidence.get_evidence(supervisor, photo).data == b"\xff\xd8\xff\xe0 a photo of the workshop"
    assert inspections.load(supervisor, insp.uuid).answers["P18"].value == [photo]
    assert not audit.verify_chain(supervisor)
    assert supervisor.execute("PRAGMA foreign_key_check").fetchall() == []
    field.close()
    supervisor.close()


def test_default_export_carries_what_the_bureau_has_not_receipted_and_fast_forwards(office):
    laptop = office.laptop("甲")
    insp = village_inspection(laptop, office.ids["village1"])
    first = export_bundle(laptop, office.folder / "1.qib")
    assert first.counts["inspections"] == 1 and first.sequence == 1
    edit(laptop, insp.uuid, "F03", Answer(0))
    second = export_bundle(laptop, office.folder / "2.qib")
    assert second.sequence == 2 and second.counts["revisions"] == 2  # nothing receipted yet: all of it again

    sup = office.supervisor
    r2 = import_bundles(sup, [second.path], trust=True)
    assert (r2.total("added"), r2.total("conflicts")) == (1, 0)
    assert r2.bundles[0].missing == [1] and "尚未收到 甲 的第 1 号数据包" in "".join(r2.describe())
    r1 = import_bundles(sup, [first.path])  # older, later: harmless, and it closes the gap
    assert (r1.total("unchanged"), r1.total("conflicts"), r1.refused) == (1, 0, [])
    assert r1.bundles[0].missing == []
    assert inspections.load(sup, insp.uuid).answers["F03"].value == 0
    assert sup.execute("SELECT head FROM inspections WHERE uuid = ?", (insp.uuid,)).fetchone()[0] == \
        laptop.execute("SELECT head FROM inspections WHERE uuid = ?", (insp.uuid,)).fetchone()[0]
    again = import_bundles(sup, [second.path, first.path])
    assert [b.status for b in again.bundles] == ["already imported", "already imported"] and not again.refused

    # The bureau's bundle back receipts both revisions; only then does the laptop stop sending them.
    back = export_bundle(sup, office.folder / "back.qib")
    assert import_bundles(laptop, [back.path]).bundles[0].receipted == 2
    with pytest.raises(InvalidInput, match="没有主管尚未确认收到的检查"):
        export_bundle(laptop, office.folder / "none.qib")
    assert not (office.folder / "none.qib").exists()


def test_concurrent_edits_become_a_conflict_and_a_person_resolves_it(office):
    a, b = office.laptop("甲"), office.laptop("乙")
    insp = village_inspection(a, office.ids["village1"])
    shared = export_bundle(a, office.folder / "a1.qib", everything=True)
    import_bundles(b, [shared.path], trust=True)
    edit(a, insp.uuid, "F03", Answer(0, note="甲的意见"))
    edit(b, insp.uuid, "F03", Answer(3))
    edit(b, insp.uuid, "F01", Answer("fail"))
    bundles = [export_bundle(a, office.folder / "a2.qib").path, export_bundle(b, office.folder / "b2.qib").path]
    sup = office.supervisor
    report = import_bundles(sup, [shared.path, *bundles], trust=True)
    assert report.total("conflicts") == 1
    sides = conflicts.sides(sup, insp.uuid)
    assert len(sides) == 2 and conflicts.count(sup) == 1
    values = {s.inspection.answers["F03"].value for s in sides}
    assert values == {0, 3}  # both kept, neither overwritten
    assert [c.inspection_uuid for c in conflicts.open_conflicts(sup)] == [insp.uuid]

    by_f03 = {s.inspection.answers["F03"].value: s.revision for s in sides}
    rev = conflicts.resolve(sup, insp.uuid, by_f03[3], {"F03": by_f03[0]}, reason="两人核对后合并", author="陈主管")
    merged = inspections.load(sup, insp.uuid)
    assert merged.answers["F03"] == Answer(0, note="甲的意见") and merged.answers["F01"].value == "fail"
    assert conflicts.count(sup) == 0 and merge.open_versions(sup, insp.uuid) == [rev]
    row = sup.execute("SELECT base, reason, author FROM revisions WHERE id = ?", (rev,)).fetchone()
    assert row[0] in by_f03.values() and row[1:] == ("两人核对后合并", "陈主管")
    entry = audit.entries(sup, "inspection", insp.uuid)[-1]
    assert entry["action"] == "resolve-conflict" and json.loads(entry["detail"])["revision"] == rev

    # Re-importing either side changes nothing: the resolution has merged both.
    again = import_bundles(sup, bundles)
    assert all(b.status == "already imported" for b in again.bundles)
    # The resolution travels back to a laptop and fast-forwards it there, closing its conflict too.
    back = export_bundle(sup, office.folder / "resolved.qib")
    assert import_bundles(a, [back.path], trust=True).total("updated") == 1
    assert inspections.load(a, insp.uuid) == merged and conflicts.count(a) == 0


def test_keep_one_side(office):
    a, b = office.laptop("甲"), office.laptop("乙")
    insp = village_inspection(a, office.ids["village2"])
    base = export_bundle(a, office.folder / "base.qib", everything=True)
    import_bundles(b, [base.path], trust=True)
    edit(a, insp.uuid, "F01", Answer("fail"))
    edit(b, insp.uuid, "F03", Answer(2))
    sup = office.supervisor
    import_bundles(sup, [base.path, export_bundle(a, office.folder / "a.qib").path,
                         export_bundle(b, office.folder / "b.qib").path], trust=True)
    keep = next(s for s in conflicts.sides(sup, insp.uuid) if s.device_name == "乙")
    conflicts.resolve(sup, insp.uuid, keep.revision)
    assert inspections.load(sup, insp.uuid).answers == keep.inspection.answers
    with pytest.raises(InvalidInput, match="没有待解决的冲突"):
        conflicts.resolve(sup, insp.uuid, keep.revision)


def test_identical_content_made_twice_is_left_alone(office):
    a, b = office.laptop("甲"), office.laptop("乙")
    insp = village_inspection(a, office.ids["village1"])
    base = export_bundle(a, office.folder / "base.qib", everything=True)
    import_bundles(b, [base.path], trust=True)
    for laptop in (a, b):
        edit(laptop, insp.uuid, "F03", Answer(2))
    sup = office.supervisor
    import_bundles(sup, [base.path], trust=True)
    report = import_bundles(sup, [export_bundle(a, office.folder / "a.qib").path,
                                  export_bundle(b, office.folder / "b.qib").path], trust=True)
    assert report.total("conflicts") == 0 and conflicts.count(sup) == 0
    assert [x.updated + x.unchanged for x in report.bundles] == [1, 1]


def test_setup_bundle_brings_registers_and_checklists_to_a_field_laptop(office):
    laptop = office.laptop("甲")
    for table in ("counties", "townships", "villages", "enterprises", "checklists"):
        assert content(laptop)[table] == content(office.supervisor)[table], table
    # A corrected register row reaches the laptop with the next set-up bundle.
    sup = office.supervisor
    with sup.atomic():
        sup.execute("UPDATE villages SET assistant = '赵新' WHERE id = ?", (office.ids["village1"],))
    from qinspect.sync.exporting import export_setup_bundle
    again = export_setup_bundle(sup, office.folder / "setup2.qib")
    report = import_bundles(laptop, [again.path])
    assert report.bundles[0].registers_updated == 1
    assert laptop.execute("SELECT assistant FROM villages WHERE name = '东山'").fetchone()[0] == "赵新"


def test_verify_says_who_when_and_what_and_changes_nothing(office):
    laptop = office.laptop("甲")
    village_inspection(laptop, office.ids["village1"])
    path = export_bundle(laptop, office.folder / "a.qib").path
    info = verify_bundle(path, office.supervisor)
    text = "\n".join(info.describe())
    assert "甲" in text and info.manifest.fingerprint in text and "检查 1 份" in text and "尚未信任" in text
    assert info.manifest.device_id == laptop.device_id and info.device_status == "untrusted"
    assert office.supervisor.execute("SELECT count(*) FROM devices WHERE id = ?",
                                     (laptop.device_id,)).fetchone()[0] == 0


@pytest.mark.parametrize("stop_at", [1, 3, 5])
def test_a_cancelled_import_or_export_changes_nothing(office, stop_at):
    laptop = office.laptop("甲")
    for vid in (office.ids["village1"], office.ids["village2"]):
        village_inspection(laptop, vid)

    class Stop(Exception):
        pass

    calls = []

    def progress(done, total, label):
        calls.append(label)
        if len(calls) >= stop_at:
            raise Stop

    before = content(laptop)
    seq = laptop.setting("bundle_sequence")
    with pytest.raises(Stop):
        export_bundle(laptop, office.folder / "x.qib", progress=progress)
    assert content(laptop) == before and laptop.setting("bundle_sequence") == seq
    assert not [p for p in office.folder.iterdir() if p.name.startswith((".x.qib", "x.qib"))]

    path = export_bundle(laptop, office.folder / "a.qib").path
    sup = office.supervisor
    before = content(sup)
    calls.clear()
    with pytest.raises(Stop):
        import_bundles(sup, [path, office.setup], trust=True, progress=progress)
    assert content(sup) == before
    assert import_bundles(sup, [path], trust=True).total("added") == 2
