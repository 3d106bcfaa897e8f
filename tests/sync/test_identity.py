"""The same real village or enterprise typed on two laptops is one row at the bureau; the bureau owns the registers."""

from __future__ import annotations

from qinspect.domain.records import Answer
from qinspect.store import checklists, inspections, registers
from qinspect.store.db import open_store
from qinspect.sync import bundle
from qinspect.sync.exporting import export_bundle, export_setup_bundle
from qinspect.sync.importing import import_bundles
from tests.sync.helpers import _check, village_inspection

CODE = "91331082MA2XY34C5"
CREDIT_CODE = CODE + _check(CODE)


def _typed_by_hand(folder, name: str):
    """A laptop set up with no set-up bundle: its county, township, village and enterprise get its own uuids."""
    store = open_store(folder / f"{name}.db")
    checklists.install_shipped(store)
    with store.atomic():
        store.set_setting("device_name", name)
        store.set_setting("user_name", f"{name}质监员")
        county = registers.ensure_county(store, "临海市", "331082")
        town = registers.ensure_township(store, county, "杜桥镇", "镇")
    village = registers.add_village(store, town, "南岙", "行政村", f"{name}的协管员", "13900000000")
    enterprise = registers.add_enterprise(store, town, "台州南岙塑料厂", CREDIT_CODE, "塑料")
    return store, village, enterprise


def _enterprise_inspection(store, enterprise_id):
    form = checklists.get(store, "enterprise-product", "2009")
    insp = inspections.new(store, "enterprise", enterprise_id, form, "2009-06-02", "检查员")
    insp = insp.with_answer(form.items[0].id, Answer("pass"))
    inspections.save(store, insp)
    return insp


def test_the_same_village_and_enterprise_from_two_laptops_is_one_row_at_the_bureau(office):
    a, va, ea = _typed_by_hand(office.folder, "甲")
    b, vb, eb = _typed_by_hand(office.folder, "乙")
    ia = village_inspection(a, va)
    ib = village_inspection(b, vb, answers={"F01": "fail"})
    ea_insp = _enterprise_inspection(a, ea)
    eb_insp = _enterprise_inspection(b, eb)
    sup = office.supervisor
    report = import_bundles(sup, [export_bundle(a, office.folder / "a.qib").path,
                                  export_bundle(b, office.folder / "b.qib").path], trust=True)
    assert not report.refused
    # County and township link to the bureau's; the new village is added once, the second laptop's linked.
    assert sup.execute("SELECT count(*) FROM counties WHERE name = '临海市'").fetchone()[0] == 1
    assert sup.execute("SELECT count(*) FROM villages WHERE name = '南岙'").fetchone()[0] == 1
    assert sup.execute("SELECT count(*) FROM enterprises WHERE credit_code = ?", (CREDIT_CODE,)).fetchone()[0] == 1
    linked = report.bundles[1].linked
    assert any("南岙" in name for name in linked) and any("塑料厂" in name for name in linked)
    assert "已关联" in "".join(report.describe())
    village = sup.execute("SELECT id FROM villages WHERE name = '南岙'").fetchone()[0]
    for insp in (ia, ib):
        assert sup.execute("SELECT village_id FROM inspections WHERE uuid = ?", (insp.uuid,)).fetchone()[0] == village
        # The content names the laptop's own uuid, as it was signed: its hash still verifies.
        loaded = inspections.load(sup, insp.uuid)
        assert loaded.subject_uuid == insp.subject_uuid
        head_hash = sup.execute("SELECT content_hash FROM revisions WHERE id = (SELECT head FROM inspections "
                                "WHERE uuid = ?)", (insp.uuid,)).fetchone()[0]
        assert loaded.content_hash() == head_hash == insp.content_hash()
    assert {ea_insp.uuid, eb_insp.uuid} <= {r[0] for r in sup.execute("SELECT uuid FROM inspections")}

    # Re-exported by the bureau, the revisions carry exactly the signed content, and a third
    # laptop set up from the bureau resolves either laptop's uuid.
    everything = export_bundle(sup, office.folder / "all.qib", everything=True)
    with bundle.BundleReader(everything.path) as reader:
        reader.verify()
        carried = {rev.inspection.uuid: rev.inspection for rev in reader.records(bundle.INSPECTIONS)}
    assert carried[ia.uuid] == ia and carried[ib.uuid].content_hash() == ib.content_hash()
    c = office.laptop("丙")
    assert not import_bundles(c, [everything.path], trust=True).refused
    assert c.execute("SELECT count(*) FROM villages WHERE name = '南岙'").fetchone()[0] == 1
    assert inspections.load(c, ib.uuid).content_hash() == ib.content_hash()
    # A later bundle from the second laptop, naming its own uuid, still finds the one row.
    inspections.save(b, inspections.load(b, ib.uuid).with_answer("F03", Answer(2)))
    later = import_bundles(sup, [export_bundle(b, office.folder / "b2.qib").path])
    assert not later.refused and later.total("updated") == 1
    assert sup.execute("SELECT count(*) FROM villages WHERE name = '南岙'").fetchone()[0] == 1
    for store in (a, b):
        store.close()


def test_a_laptop_never_overwrites_what_the_bureau_keeps_and_says_what_it_did_not_take(office):
    laptop = office.laptop("甲")
    sup = office.supervisor
    v1 = office.ids["village1"]
    # The bureau corrects the village's assistant and phone; the laptop still has the old ones and edits its own.
    registers.update_village(sup, v1, "东山", "行政村", "赵新", "13811112222")
    local = laptop.execute("SELECT id FROM villages WHERE name = '东山'").fetchone()[0]
    registers.update_village(laptop, local, "东山", "行政村", "王明", "13700000000")
    town = laptop.execute("SELECT id FROM townships WHERE name = '杜桥镇'").fetchone()[0]
    registers.add_village(laptop, town, "新桥", "行政村", "孙丽", "13600000000")
    village_inspection(laptop, local)
    # Even a set-up bundle made on a laptop does not overwrite the bureau's fields.
    for path in (export_setup_bundle(laptop, office.folder / "laptop-setup.qib").path,
                 export_bundle(laptop, office.folder / "laptop.qib").path):
        report = import_bundles(sup, [path], trust=True)
        assert not report.refused
        assert sup.execute("SELECT assistant, phone FROM villages WHERE id = ?", (v1,)).fetchone() == \
            ("赵新", "13811112222")
        kept = report.bundles[0].not_taken
        assert [t["name"] for t in kept] == ["村(社区)“东山”"] and set(kept[0]["fields"]) == {"assistant", "phone"}
        assert "未采用" in "".join(report.describe()) and "协管员" in "".join(report.describe())
    # The laptop's new village is added.
    assert sup.execute("SELECT assistant FROM villages WHERE name = '新桥'").fetchone()[0] == "孙丽"
    # The bureau's set-up bundle corrects the laptop (bureau wins).
    back = import_bundles(laptop, [export_setup_bundle(sup, office.folder / "setup2.qib").path])
    assert back.bundles[0].registers_updated >= 1
    assert laptop.execute("SELECT assistant, phone FROM villages WHERE id = ?", (local,)).fetchone() == \
        ("赵新", "13811112222")
