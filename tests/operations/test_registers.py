"""Register operations without a window: the checks the forms show are the ones saving applies."""

from __future__ import annotations

import pytest

from qinspect.errors import InvalidInput
from qinspect.operations import registers
from qinspect.operations.changes import REGISTERS, changes_of
from qinspect.store import audit


def a_township(store) -> int:
    return store.execute("SELECT id FROM townships ORDER BY id LIMIT 1").fetchone()[0]


def test_a_duplicate_village_is_refused_as_the_form_said(demo_store):
    tid = a_township(demo_store)
    name = demo_store.execute("SELECT name FROM villages WHERE township_id = ? LIMIT 1", (tid,)).fetchone()[0]
    said = registers.village_problem(demo_store, tid, name)
    assert "不能重复登记" in said
    before = demo_store.execute("SELECT count(*) FROM villages").fetchone()[0]
    with pytest.raises(InvalidInput) as refused:
        registers.add_village(demo_store, tid, name)
    assert str(refused.value) == said
    assert demo_store.execute("SELECT count(*) FROM villages").fetchone()[0] == before


def test_a_wrong_phone_is_refused_when_adding_a_village_too(demo_store):
    tid = a_township(demo_store)
    with pytest.raises(InvalidInput, match="不是电话号码"):
        registers.add_village(demo_store, tid, "电话测试村", phone="找村主任")
    assert registers.village_problem(demo_store, tid, "电话测试村", phone="0576-85123456") is None
    vid = registers.add_village(demo_store, tid, "电话测试村", phone="0576-85123456")
    with pytest.raises(InvalidInput, match="不是电话号码"):
        registers.update_village(demo_store, vid, "电话测试村", phone="无")
    assert audit.verify_chain(demo_store) == []


def test_a_taken_credit_code_names_its_enterprise(demo_store):
    eid, name, code = demo_store.execute("SELECT id, name, credit_code FROM enterprises LIMIT 1").fetchone()
    assert f"已登记为“{name}”" in registers.enterprise_code_problem(demo_store, code.lower())
    assert registers.enterprise_code_problem(demo_store, code, enterprise_id=eid) is None
    assert "校验" in registers.enterprise_code_problem(demo_store, code[:-1] + ("0" if code[-1] != "0" else "1"))


def test_the_path_of_an_entry_goes_down_from_its_county(demo_store):
    vid, tid, cid = demo_store.execute("SELECT v.id, t.id, t.county_id FROM villages v JOIN townships t "
                                       "ON t.id = v.township_id LIMIT 1").fetchone()
    assert registers.path_of(demo_store, "village", vid) == [("county", cid), ("township", tid), ("villages", tid),
                                                             ("village", vid)]
    assert registers.path_of(demo_store, "enterprises", tid) == [("county", cid), ("township", tid),
                                                                 ("enterprises", tid)]
    assert registers.path_of(demo_store, "village", 10 ** 9) == []
    assert registers.card(demo_store, "village", 10 ** 9) is None


def test_register_writes_declare_what_they_change():
    for operation in (registers.add_village, registers.update_village, registers.add_enterprise,
                      registers.update_enterprise):
        assert changes_of(operation) == (REGISTERS,)
