"""A whole bundle into a database with no inspection: what the import knows without asking the database.

Its inspections come in uuid order, so one whose uuid sorts after all before it has no row yet, and
the subjects are the register rows it has just added. Whatever order the lines come in, the
database ends as the in-order import leaves it.
"""

import hashlib
import json

from qinspect.domain.records import Answer, canonical_json
from qinspect.store import checklists, demo, inspections, registers
from qinspect.store.db import open_store
from qinspect.sync import added_rows, bundle
from qinspect.sync.added_rows import AddedRows
from qinspect.sync.exporting import export_bundle
from qinspect.sync.importing import import_bundles
from tests.sync.helpers import content, read_members, resign, rezip


def _field(tmp_path):
    """A field database of the small demo with one inspection edited twice (three revisions)."""
    field = open_store(tmp_path / "field.db")
    demo.generate(field, "small", 11)
    uuid, = field.execute("SELECT uuid FROM inspections WHERE checklist_id = 'enterprise-product' "
                          "ORDER BY uuid LIMIT 1 OFFSET 5").fetchone()
    item = checklists.get(field, "enterprise-product", "2009").items[0].id
    for answer in (Answer("fail", rectification="限期整改", deadline="2009-07-01"), Answer("pass", note="已整改")):
        inspections.save(field, inspections.load(field, uuid).with_answer(item, answer), reason="复核后更正")
    return field, uuid


def _import_traced(path, db):
    store = open_store(db)
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    report = import_bundles(store, [path], trust=True)
    store.conn.set_trace_callback(None)
    assert not report.refused, report.refused
    return store, report, statements


def test_a_bundle_into_an_empty_database_asks_for_no_row_it_knows_is_not_there(tmp_path):
    field, _ = _field(tmp_path)
    path = export_bundle(field, tmp_path / "all.qib", everything=True).path
    store, report, statements = _import_traced(path, tmp_path / "bureau.db")
    n = field.execute("SELECT count(*) FROM inspections").fetchone()[0]
    assert report.total("added") == n
    assert content(store) == content(field)
    # no inspection row read by uuid, and no subject looked up by uuid: the registers member added them
    assert not [s for s in statements if "FROM inspections WHERE uuid" in s]
    assert not [s for s in statements if s.startswith("SELECT id, uuid, township_id")]
    store.close()
    field.close()


def test_lines_out_of_uuid_order_into_an_empty_database_give_the_same_database(tmp_path):
    field, edited = _field(tmp_path)
    path = export_bundle(field, tmp_path / "all.qib", everything=True).path
    in_order, _, _ = _import_traced(path, tmp_path / "in-order.db")

    members = read_members(path)
    lines = members[bundle.INSPECTIONS].splitlines()
    mine = [line for line in lines if json.loads(line)["content"]["uuid"] == edited]
    others = [line for line in lines if line not in mine]
    assert len(mine) == 3
    # the edited inspection's revisions split around the others, which come last first
    shuffled = [mine[0], *reversed(others[len(others) // 2:]), mine[1], *reversed(others[:len(others) // 2]), mine[2]]
    forged = rezip(tmp_path / "shuffled.qib", resign({**members, bundle.INSPECTIONS: b"\n".join(shuffled) + b"\n"}))
    store, report, statements = _import_traced(forged, tmp_path / "shuffled.db")
    assert (report.total("added"), report.total("updated")) == (len(others) + 1, 2)  # its later runs update it
    assert [s for s in statements if "FROM inspections WHERE uuid" in s]  # a row it could not rule out is read
    assert content(store) == content(in_order) == content(field)
    for db in (store, in_order, field):
        db.close()


def _lines(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.splitlines()]


def _jsonl(records: list[dict]) -> bytes:
    return b"".join(canonical_json(r) + b"\n" for r in records)


def _with_registers(members: dict[str, bytes], registers: list[dict], **changed: bytes) -> dict[str, bytes]:
    """The bundle's members with another registers member (and others changed), counted and signed again."""
    counts = {**json.loads(members[bundle.MANIFEST])["counts"], "registers": len(registers)}
    return resign({**members, bundle.REGISTERS: _jsonl(registers), **changed}, counts=counts)


def _bureau_bundle(office, tmp_path):
    """The bureau's whole bundle with an inspection of its enterprise: the inspection, the members, the registers."""
    sup, ids = office.supervisor, office.ids
    form = checklists.get(sup, "enterprise-product", "2009")
    insp = inspections.new(sup, "enterprise", ids["enterprise"], form, "2009-06-01", "陈主管")
    inspections.save(sup, insp.with_answer(form.items[0].id, Answer("pass")))
    members = read_members(export_bundle(sup, tmp_path / "bureau.qib", everything=True).path)
    return insp, members, _lines(members[bundle.REGISTERS])


def test_a_register_row_the_bureau_corrects_later_in_the_same_bundle_is_taken_as_corrected(office, tmp_path):
    sup, ids = office.supervisor, office.ids
    insp, members, registers = _bureau_bundle(office, tmp_path)
    village2 = sup.execute("SELECT uuid FROM villages WHERE id = ?", (ids["village2"],)).fetchone()[0]
    corrected = next({**r, "village": village2} for r in registers if r["type"] == "enterprise")
    at = max(n for n, r in enumerate(registers) if r["type"] == "enterprise") + 1
    registers.insert(at, corrected)  # the same enterprise again, now in the other village
    forged = rezip(tmp_path / "corrected.qib", _with_registers(members, registers))

    laptop = open_store(tmp_path / "new-laptop.db")  # a field laptop with nothing in it yet
    report = import_bundles(laptop, [forged], trust=True)
    assert not report.refused, report.refused
    assert report.total("registers_updated") == 1
    v2_here = laptop.execute("SELECT id FROM villages WHERE uuid = ?", (village2,)).fetchone()[0]
    assert laptop.execute("SELECT village_id FROM enterprises WHERE uuid = ?", (corrected["uuid"],)).fetchone()[0] \
        == v2_here
    # the inspection's copy of its enterprise's village follows the corrected row, not the first record
    assert laptop.execute("SELECT village_id FROM inspections WHERE uuid = ?", (insp.uuid,)).fetchone()[0] == v2_here
    laptop.close()


def test_register_rows_named_by_uuids_linked_in_the_same_bundle_are_found_through_their_links(office, tmp_path):
    insp, members, registers = _bureau_bundle(office, tmp_path)
    # The village and the enterprise typed again on another laptop: other uuids, the same township and
    # name, the same credit code. The enterprise names its village by the other uuid, and the
    # inspection its enterprise (its content and hash as that laptop made them).
    village = next(r for r in registers if r["type"] == "village" and r["name"] == "东山")
    enterprise = next(r for r in registers if r["type"] == "enterprise")
    twin_village, twin_enterprise = {**village, "uuid": "d" * 32}, {**enterprise, "uuid": "e" * 32, "village": "d" * 32}
    registers.insert(registers.index(enterprise), twin_village)
    registers.append(twin_enterprise)
    revisions = _lines(members[bundle.INSPECTIONS])
    for rec in revisions:
        rec["content"]["subject"]["uuid"] = twin_enterprise["uuid"]
        rec["content_hash"] = hashlib.sha256(canonical_json(rec["content"])).hexdigest()
    forged = rezip(tmp_path / "twins.qib", _with_registers(members, registers,
                                                            **{bundle.INSPECTIONS: _jsonl(revisions)}))

    store = open_store(tmp_path / "empty.db")
    report = import_bundles(store, [forged], trust=True)
    assert not report.refused, report.refused
    assert report.total("added") == 1 and len(report.bundles[0].linked) == 2
    assert store.execute("SELECT count(*) FROM enterprises").fetchone()[0] == 1
    row = store.execute("SELECT e.uuid, v.uuid, i.village_id = v.id FROM inspections i "
                        "JOIN enterprises e ON e.id = i.enterprise_id JOIN villages v ON v.id = e.village_id "
                        "WHERE i.uuid = ?", (insp.uuid,)).fetchone()
    assert tuple(row) == (enterprise["uuid"], village["uuid"], 1)  # the rows first sent, found by the twins' uuids
    store.close()


def test_added_rows_keep_what_they_can_pack_and_say_when_they_no_longer_hold_every_row(monkeypatch):
    everything = {"county", "township", "village", "enterprise"}
    rows = AddedRows(complete=everything)
    rows.keep("township", "t" * 32, 7, None, None)
    rows.keep("enterprise", "a" * 32, 123_456, 7, 2_000)
    assert rows.found("enterprise", "a" * 32) == (123_456, 7, 2_000)
    assert rows.subject("township", "t" * 32) == {"id": 7, "uuid": "t" * 32, "township_id": 7, "village_id": None}
    assert rows.found("village", "a" * 32) is None  # the uuid of a row of another kind
    assert rows.complete == everything
    rows.keep("enterprise", "a" * 32, 123_456, 7, None)  # corrected: now in no village
    assert rows.found("enterprise", "a" * 32) == (123_456, 7, None)
    rows.keep("village", "a" * 32, 9, 7, None)  # one uuid for two kinds: the first is kept, the second is asked for
    assert rows.found("enterprise", "a" * 32) == (123_456, 7, None) and rows.found("village", "a" * 32) is None
    assert rows.complete == everything - {"village"}

    rows = AddedRows(complete=everything)
    rows.keep("enterprise", "b" * 32, 1 << 31, 7, None)  # too large to pack
    assert rows.found("enterprise", "b" * 32) is None and rows.complete == everything - {"enterprise"}
    monkeypatch.setattr(added_rows, "CAP", 2)
    rows = AddedRows(complete=everything)
    for n in range(3):
        rows.keep("village", f"{n:032d}", n + 1, 7, None)
    assert [rows.found("village", f"{n:032d}") for n in range(3)] == [(1, 7, None), (2, 7, None), None]
    assert rows.complete == everything - {"village"}


def test_a_database_set_up_with_the_shipped_townships_still_knows_the_villages_and_enterprises_it_adds(tmp_path):
    field, _ = _field(tmp_path)
    path = export_bundle(field, tmp_path / "all.qib", everything=True).path
    store = open_store(tmp_path / "bureau.db")
    with store.atomic():
        registers.ensure_county(store, "临海市", "331082")  # as a bureau's set-up leaves its divisions
    assert added_rows.empty_kinds(store) == {"township", "village", "enterprise"}
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    report = import_bundles(store, [path], trust=True)
    store.conn.set_trace_callback(None)
    assert not report.refused, report.refused
    assert content(store)["inspections"] == content(field)["inspections"]
    asked = [s for s in statements if "UNION ALL SELECT row_id FROM register_aliases" in s]
    asked_of = {s.split()[3] for s in asked}  # the tables of the kinds the database was asked about
    assert "counties" in asked_of and not asked_of & {"villages", "enterprises"}
    store.close()
    field.close()
