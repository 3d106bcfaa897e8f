"""Rectification follow-up: states on a date, closing by hand and by a linked follow-up, the CLI's shapes,
and overdue counts per township on the city demo checked against plain SQL."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest

from qinspect.cli import main
from qinspect.domain.records import COMPLETED, Answer
from qinspect.errors import InvalidInput, NotFound
from qinspect.operations import rectifications as rect
from qinspect.store import audit, checklists, inspections, registers
from qinspect.store.db import open_store
from qinspect.store.evidence import get_evidence
from qinspect.sync.exporting import export_bundle
from qinspect.sync.importing import import_bundles
from tests.sync.conftest import Office
from tests.sync.helpers import world

# Full marks on every scored item of village-network 2009 (F13, a photo, is left out).
FULL = {"F01": "pass", "F02": 12, "F03": 0, "F04": 0, "F05": 0, "F06": 0, "F07": 0, "F08": 0, "F09": "pass",
        "F10": 0, "F11": 100, "F12": "已检查"}
# What the first visit found: F01 failed (overdue on 06-03), F03 due on 06-10, F05 without a deadline,
# F07 due on 07-01; F06 lost points without a rectification requirement.
FOUND = {"F01": Answer("fail", "未公示", "公示协管员名单", "2009-06-01"),
         "F03": Answer(2, "", "补齐三本台账", "2009-06-10"),
         "F05": Answer(1, "", "建立隐患报告制度"),
         "F06": Answer(2),
         "F07": Answer(1, "", "开展质量宣传", "2009-07-01")}


def inspect(store, village: int, date: str, answers: dict, *, status: str = COMPLETED, follows: str = "") -> str:
    form = checklists.get(store, "village-network", "2009")
    insp = inspections.new(store, "village", village, form, date, "王建国")
    values = {k: (v if isinstance(v, Answer) else Answer(v)) for k, v in {**FULL, **answers}.items()}
    inspections.save(store, replace(insp, answers=values, status=status, follows=follows))
    return insp.uuid


@pytest.fixture
def town(store):
    ids = world(store)
    with store.atomic():
        store.set_setting("user_name", "陈主管")
    return ids


@pytest.fixture
def found(store, town) -> str:
    return inspect(store, town["village1"], "2009-05-20", FOUND)


def states(store, today: str, of: str | None = None, **filters) -> dict[str, str]:
    """Item -> state of the rectifications listed (of one inspection, when there may be several)."""
    f = rect.list_filter(store, today=today, **filters)
    rows = rect.page(store, f)
    assert rect.total(store, f) == len(rows)
    return {r["item"]: r["state"] for r in rows if of is None or r["inspection"] == of}


def test_states_on_a_date(store, town, found):
    # a draft's findings are not issued yet: not listed
    inspect(store, town["village2"], "2009-05-21", FOUND, status="draft")
    assert states(store, "2009-06-03") == {"F01": "overdue", "F03": "due", "F05": "open", "F07": "open"}
    # the deadline itself is due, not overdue; eight days ahead is still open
    assert states(store, "2009-06-01") == {"F01": "due", "F03": "open", "F05": "open", "F07": "open"}
    assert states(store, "2009-06-24")["F07"] == "due"
    assert states(store, "2009-07-02") == {"F01": "overdue", "F03": "overdue", "F05": "open", "F07": "overdue"}
    assert states(store, "2009-06-03", state="overdue") == {"F01": "overdue"}
    assert states(store, "2009-06-03", township="杜桥镇", category="foundation", state="due") == {"F03": "due"}
    assert states(store, "2009-06-03", subject=("village", town["village2"])) == {}
    assert len(states(store, "2009-06-03", subject=("village", town["village1"]))) == 4
    assert states(store, "2009-06-03", category="food") == {}  # a category of the enterprise forms only
    assert rect.counts(store, "2009-06-03") == [
        {"township": "杜桥镇", "county": "临海市", "open": 2, "due": 1, "overdue": 1, "closed": 0}]
    # paging: pages in the stable order make up the whole list
    f = rect.list_filter(store, today="2009-06-03")
    whole = rect.page(store, f)
    assert [r["item"] for r in whole] == ["F01", "F03", "F07", "F05"]  # earliest deadline first, none last
    assert rect.page(store, f, limit=2) + rect.page(store, f, limit=2, offset=2) == whole
    with pytest.raises(NotFound, match="类别"):
        states(store, "2009-06-03", category="nonsense")
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        rect.list_filter(store, today="2009-6-3")


def test_close_by_hand_with_evidence_is_audited(store, found, tmp_path):
    photo = tmp_path / "公示栏.jpg"
    photo.write_bytes(b"\xff\xd8\xff photo of the notice board")
    done = rect.close(store, found[:8], "F01", " 已公示，见照片 ", evidence=photo, today="2009-06-05")
    assert done.describe() == f"检查 {found[:10]} 条目 F01 的整改已于 2009-06-05 关闭，证据 {done.evidence[:12]}。"
    assert get_evidence(store, done.evidence).data == photo.read_bytes()
    row = rect.page(store, rect.list_filter(store, today="2009-06-05", state="closed"))[0]
    assert row["item"] == "F01" and row["closed"] == {"on": "2009-06-05", "by": "陈主管", "follow_up": None,
                                                       "reason": "已公示，见照片", "evidence": done.evidence}
    # the state is taken on a date: before the closure it was overdue
    assert states(store, "2009-06-04")["F01"] == "overdue"
    entry = audit.entries(store, "rectification", f"{found}/F01")[-1]
    assert entry["action"] == "close" and entry["user"] == "陈主管"
    assert json.loads(entry["detail"]) == {"reason": "已公示，见照片", "evidence": done.evidence, "closed_on": "2009-06-05"}

    before = len(audit.entries(store))
    with pytest.raises(InvalidInput, match="已于 2009-06-05 由手工（已公示，见照片）关闭"):
        rect.close(store, found, "F01", "再关一次")
    with pytest.raises(InvalidInput, match="原因"):
        rect.close(store, found, "F03", "  ")
    with pytest.raises(NotFound, match="F06 没有整改要求"):
        rect.close(store, found, "F06", "没有整改要求的条目")
    with pytest.raises(InvalidInput, match="无法读取证据文件"):
        rect.close(store, found, "F03", "见照片", evidence=tmp_path / "missing.jpg")
    assert len(audit.entries(store)) == before
    assert store.execute("SELECT count(*) FROM rectification_closures").fetchone()[0] == 1


def test_a_follow_up_closes_what_it_passes_through_the_save_path(store, town, found):
    with pytest.raises(InvalidInput, match="早于原检查日期"):
        rect.start_follow_up(store, found, date="2009-05-19")
    follow = rect.start_follow_up(store, found, date="2009-06-12")
    draft = inspections.load(store, follow)
    assert draft.follows == found and draft.is_follow_up and draft.status == "draft"
    assert (draft.subject_kind, draft.subject_uuid, draft.checklist_id, draft.checklist_version) == (
        "village", registers.subject(store, "village", town["village1"])["uuid"], "village-network", "2009")
    # what was found wanting is left for the inspector; full marks carry over, without the old notes
    assert set(draft.answers) == set(FULL) - {"F01", "F03", "F05", "F06", "F07", "F12"}  # F12 is this visit's note
    assert all(a == Answer(FULL[k]) for k, a in draft.answers.items())
    assert json.loads(audit.entries(store, "inspection", follow)[-1]["detail"]) == {
        "follows": found, "items": ["F01", "F03", "F05", "F07"]}
    assert states(store, "2009-06-12")["F01"] == "overdue"  # a draft follow-up closes nothing

    answered = {"F01": Answer("pass"), "F03": Answer(0), "F05": Answer(0), "F06": Answer(0),
                "F07": Answer(2, "", "宣传仍不到位", "2009-07-15")}
    for item_id, a in answered.items():
        draft = draft.with_answer(item_id, a)
    inspections.save(store, replace(draft, status=COMPLETED))
    assert states(store, "2009-06-12", of=found) == {
        "F01": "closed", "F03": "closed", "F05": "closed", "F07": "open"}
    closed = {r["item"]: r["closed"] for r in rect.page(store, rect.list_filter(store, today="2009-06-12"))
              if r["inspection"] == found and r["closed"]}
    assert closed["F01"] == {"on": "2009-06-12", "by": "陈主管", "follow_up": follow, "reason": "", "evidence": None}
    # the follow-up's own finding is a rectification of its own
    assert {(r["inspection"], r["item"]) for r in rect.page(store, rect.list_filter(store, today="2009-06-12"))
            if r["state"] != "closed"} == {(found, "F07"), (follow, "F07")}

    # changed so that F01 fails again, the follow-up no longer closes it
    revised = inspections.load(store, follow).with_answer("F01", Answer("fail", "", "重新公示", "2009-06-20"))
    inspections.save(store, revised, reason="核对后发现名单未更新")
    assert states(store, "2009-06-12", of=found)["F01"] == "overdue"
    assert [e["action"] for e in audit.entries(store, "rectification", f"{found}/F01")] == ["close", "reopen"]

    # a follow-up of the follow-up that passes F07 closes it up the chain, on both inspections
    second = rect.start_follow_up(store, follow, date="2009-07-10")
    done = inspections.load(store, second)
    for item_id in ("F01", "F07"):
        done = done.with_answer(item_id, Answer(FULL[item_id]))
    inspections.save(store, replace(done, status=COMPLETED))
    left = {(r["inspection"][:6], r["item"]): r["state"] for r in rect.page(store, rect.list_filter(
        store, today="2009-07-10")) if r["item"] in ("F01", "F07")}
    assert left == {(found[:6], "F01"): "closed", (found[:6], "F07"): "closed", (follow[:6], "F01"): "closed",
                    (follow[:6], "F07"): "closed"}

    # the original revised to require a rectification of F06, which the first follow-up passed: closed at once
    inspections.save(store, inspections.load(store, found).with_answer("F06", Answer(2, "", "补报问题", "2009-06-30")),
                     reason="补写整改要求")
    f06 = rect.page(store, rect.list_filter(store, today="2009-07-10"))
    assert [r["closed"]["follow_up"] for r in f06 if (r["inspection"], r["item"]) == (found, "F06")] == [follow]


def test_an_unlinked_later_inspection_does_not_close_anything(store, town, found):
    later = inspect(store, town["village1"], "2009-06-15", {})
    assert inspections.summary(store, later)["total"] == 100
    assert states(store, "2009-06-15") == {"F01": "overdue", "F03": "overdue", "F05": "open", "F07": "open"}
    assert store.execute("SELECT count(*) FROM rectification_closures").fetchone()[0] == 0
    with pytest.raises(InvalidInput, match="不需要复查"):
        rect.start_follow_up(store, later)


@pytest.mark.parametrize("order", ["in order", "original last"])
def test_a_follow_up_from_a_laptop_closes_at_the_bureau(tmp_path, order):
    office = Office(tmp_path)
    try:
        laptop = office.laptop("甲")
        village = registers.subject_by_uuid(
            laptop, "village", registers.subject(office.supervisor, "village", office.ids["village1"])["uuid"])["id"]
        found = inspect(laptop, village, "2009-05-20", FOUND)
        first = export_bundle(laptop, tmp_path / "1.qib").path
        follow = inspections.load(laptop, rect.start_follow_up(laptop, found, date="2009-06-12"))
        for item_id in ("F01", "F03"):
            follow = follow.with_answer(item_id, Answer(FULL[item_id]))
        follow = follow.with_answer("F05", Answer(1)).with_answer("F06", Answer(0)).with_answer("F07", Answer(0))
        inspections.save(laptop, replace(follow, status=COMPLETED))
        second = export_bundle(laptop, tmp_path / "2.qib").path
        bundles = [first, second] if order == "in order" else [second, first]
        for b in bundles:
            assert not import_bundles(office.supervisor, [b], trust=True).refused
        assert inspections.load(office.supervisor, follow.uuid).follows == found
        assert states(office.supervisor, "2009-06-12") == states(laptop, "2009-06-12") == {
            "F01": "closed", "F03": "closed", "F05": "open", "F07": "closed"}
    finally:
        office.close()


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_shapes_and_exit_codes(capsys, store, found, db_path, tmp_path):
    store.close()
    code, out, _ = run(capsys, "--db", db_path, "rectifications", "list", "--today", "2009-06-03", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["item"] for r in rows] == ["F01", "F03", "F07", "F05"]
    assert rows[0] == {"inspection": found, "item": "F01", "category": "foundation",
                       "text": "明确村(社区)质量安全协管员并公示", "subject_kind": "village", "subject": "东山",
                       "township": "杜桥镇", "county": "临海市", "checklist": "village-network@2009",
                       "found_on": "2009-05-20", "inspector": "王建国", "requirement": "公示协管员名单",
                       "deadline": "2009-06-01", "state": "overdue", "closed": None}
    code, out, _ = run(capsys, "--db", db_path, "rectifications", "list", "--state", "due", "--today", "2009-06-03")
    assert code == 0 and "即将到期" in out and "F03" in out and "F01" not in out
    code, out, _ = run(capsys, "--db", db_path, "rectifications", "counts", "--today", "2009-06-03", "--json")
    assert code == 0 and json.loads(out) == [
        {"township": "杜桥镇", "county": "临海市", "open": 2, "due": 1, "overdue": 1, "closed": 0}]

    code, out, _ = run(capsys, "--db", db_path, "rectifications", "close", found[:8], "F03", "--reason", "台账已补齐",
                       "--today", "2009-06-08")
    assert code == 0 and out.strip() == f"检查 {found[:10]} 条目 F03 的整改已于 2009-06-08 关闭。"
    # a closed rectification is listed only when asked for
    for state, items in ((None, ["F01", "F07", "F05"]), ("pending", ["F01", "F07", "F05"]), ("closed", ["F03"]),
                         ("all", ["F01", "F03", "F07", "F05"])):
        code, out, _ = run(capsys, "--db", db_path, "rectifications", "list", "--today", "2009-06-08", "--json",
                           *(["--state", state] if state else []))
        assert code == 0 and [r["item"] for r in json.loads(out)] == items, state
    code, out, err = run(capsys, "--db", db_path, "rectifications", "close", found[:8], "F03", "--reason", "again")
    assert (code, out) == (1, "") and err.startswith("qinspect: ") and err.count("\n") == 1
    code, _, err = run(capsys, "--db", db_path, "rectifications", "list", "--township", "没有这个镇")
    assert code == 1 and err.startswith("qinspect: ")
    with pytest.raises(SystemExit) as usage:
        run(capsys, "--db", db_path, "rectifications", "close", found[:8], "F03")  # --reason is required
    assert usage.value.code == 2

    code, out, _ = run(capsys, "--db", db_path, "rectifications", "follow-up", found[:8], "--date", "2009-06-12")
    new = out.strip()
    assert code == 0 and len(new) == 32
    with open_store(db_path, write=False) as s:
        assert inspections.load(s, new).follows == found
    code, out, _ = run(capsys, "--db", db_path, "inspections", "show", new, "--json")
    assert code == 0 and json.loads(out)["follows"] == found  # the original it follows
    code, out, _ = run(capsys, "--db", db_path, "inspections", "show", found, "--json")
    assert code == 0 and json.loads(out)["follows"] is None  # a first visit
    code, out, _ = run(capsys, "--db", db_path, "inspections", "show", new)
    assert code == 0 and f"复查 {found}" in out.splitlines()[1]


# -- the city demo ----------------------------------------------------------------------------
TODAY = "2009-09-01"


@pytest.fixture(scope="module")
def city(city_demo_db, tmp_path_factory):
    """The city demo with a few rectifications closed by hand, some before TODAY and some after."""
    path = tmp_path_factory.mktemp("city") / "city.db"
    shutil.copy(city_demo_db, path)
    with open_store(path) as s:
        rows = s.execute("SELECT i.uuid, a.item_id FROM inspections i JOIN answers a ON a.revision_id = i.head "
                         "WHERE a.rectification != '' AND i.subject_kind != 'township' AND i.date < '2009-08-01' "
                         "ORDER BY i.uuid LIMIT 40"
                         ).fetchall()
        for n, (uuid, item) in enumerate(rows):
            rect.close(s, uuid, item, "整改报告已收到", today="2009-08-15" if n % 2 else "2009-10-01")
    return path


def test_overdue_per_township_on_the_city_demo_equals_plain_sql(city, tmp_path):
    path = tmp_path / "city.db"
    shutil.copy(city, path)
    with open_store(path, write=False) as s:
        plain = dict(s.execute(
            "SELECT i.township_id, count(*) FROM inspections i JOIN answers a ON a.revision_id = i.head "
            "WHERE i.status = 'completed' AND i.subject_kind IN ('village', 'enterprise') AND a.rectification != '' "
            "AND a.deadline != '' AND a.deadline < ? AND NOT EXISTS (SELECT 1 FROM rectification_closures x "
            "WHERE x.inspection_uuid = i.uuid AND x.item_id = a.item_id AND x.closed_on <= ?) "
            "GROUP BY i.township_id", (TODAY, TODAY)).fetchall())
        of_2009 = dict(s.execute(
            "SELECT i.township_id, count(*) FROM inspections i JOIN answers a ON a.revision_id = i.head "
            "WHERE i.status = 'completed' AND i.subject_kind IN ('village', 'enterprise') AND a.rectification != '' "
            "AND i.date LIKE '2009-%' AND a.deadline != '' AND a.deadline < '2009-12-31' AND NOT EXISTS (SELECT 1 "
            "FROM rectification_closures x WHERE x.inspection_uuid = i.uuid AND x.item_id = a.item_id "
            "AND x.closed_on <= '2009-12-31') GROUP BY i.township_id").fetchall())
        names = {r[0]: (r[1], r[2]) for r in s.execute(
            "SELECT t.id, c.name, t.name FROM townships t JOIN counties c ON c.id = t.county_id")}
        counted = {(r["county"], r["township"]): r["overdue"] for r in rect.counts(s, TODAY) if r["overdue"]}
        assert sum(plain.values()) > 10000 and len(plain) > 100
        assert counted == {names[t]: n for t, n in plain.items()}
        for township_id in names:
            assert rect.overdue_count(s, township_id, today=TODAY) == plain.get(township_id, 0)
            assert rect.overdue_count(s, township_id, today="2010-06-30", year=2009) == of_2009.get(township_id, 0)
        closed = sum(r["closed"] for r in rect.counts(s, TODAY))
        assert closed == 20  # the other 20 are closed after TODAY, so still counted by their deadlines on it
