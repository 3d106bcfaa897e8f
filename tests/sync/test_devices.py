"""Set-up, devices and conflicts from the command line: what a bureau's scripts and a supervisor on the phone rely on.

Each laptop here is its own installation (its own QINSPECT_HOME, so its own key), set up with
`qinspect setup` and no set-up bundle, as the issue's blocker describes.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from qinspect.cli import main
from qinspect.domain.records import Answer
from qinspect.operations import devices as devices_op
from qinspect.store import divisions, registers
from qinspect.store.db import open_store
from tests.sync.helpers import edit, village_inspection


class Machine:
    """One computer: its own user data dir (so its own key) and one database."""

    def __init__(self, folder: Path, name: str, monkeypatch, capsys):
        self.home = folder / f"{name}-home"
        self.db = folder / f"{name}.db"
        self.folder, self.monkeypatch, self.capsys = folder, monkeypatch, capsys
        self.exports = 0

    def run(self, *args: str) -> tuple[int, str, str]:
        self.monkeypatch.setenv("QINSPECT_HOME", str(self.home))
        self.capsys.readouterr()
        code = main(["--db", str(self.db), *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str) -> str:
        code, out, err = self.run(*args)
        assert code == 0, err
        return out

    def json(self, *args: str):
        return json.loads(self.ok(*args, "--json"))

    @property
    def fingerprint(self) -> str:
        return next(d for d in self.json("devices", "list") if d["self"])["fingerprint"]

    @property
    def device_id(self) -> str:
        return next(d for d in self.json("devices", "list") if d["self"])["id"]

    def inspect_new_village(self, village: str) -> str:
        """A village typed in on this laptop and inspected; returns the inspection's uuid."""
        with open_store(self.db) as store:
            town = registers.find_township(store, store.setting("township"))["id"]
            vid = registers.add_village(store, town, village)
            return village_inspection(store, vid).uuid

    def export(self) -> Path:
        self.exports += 1
        path = self.folder / f"{self.db.stem}-{self.exports}.qib"
        self.ok("bundle", "export", "-o", str(path))
        return path


@pytest.fixture
def machine(tmp_path, monkeypatch, capsys):
    return lambda name: Machine(tmp_path, name, monkeypatch, capsys)


@pytest.fixture
def bureau(machine):
    m = machine("bureau")
    m.ok("setup", "--user", "陈主管", "--device-name", "温岭市局", "--bureau", "温岭市")
    return m


def laptop(machine, name: str, township: str) -> Machine:
    m = machine(name)
    m.ok("setup", "--user", f"{name}质监员", "--device-name", name, "--township", township)
    return m


def settings(db: Path) -> dict[str, str]:
    return dict(sqlite3.connect(db).execute("SELECT key, value FROM settings"))


def divisions_of(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    return conn.execute("SELECT c.uuid, c.name, c.code, t.uuid, t.name, t.kind FROM townships t "
                        "JOIN counties c ON c.id = t.county_id ORDER BY t.uuid").fetchall()


# -- setup ------------------------------------------------------------------------------------
def test_setup_as_field_laptop_and_as_bureau_installs_the_same_divisions(machine, bureau):
    field = laptop(machine, "大溪一号", "温岭市/大溪镇")
    s = settings(field.db)
    assert (s["user_name"], s["device_name"], s["role"], s["township"]) == ("大溪一号质监员", "大溪一号", "field",
                                                                            "温岭市/大溪镇")
    b = settings(bureau.db)
    assert (b["role"], b["bureau"], b["township"]) == ("bureau", "温岭市", "")
    # Every division shipped, with the same ids on both machines, set up apart.
    shipped = divisions_of(field.db)
    assert len(shipped) == 133 and shipped == divisions_of(bureau.db)
    assert ("温岭市", "大溪镇") in {(r[1], r[4]) for r in shipped}
    city = machine("city")
    city.ok("setup", "--user", "市局", "--device-name", "台州市局", "--bureau", "台州市")
    assert settings(city.db)["bureau"] == "台州市"
    audit = sqlite3.connect(field.db).execute("SELECT action, user FROM audit_log WHERE action = 'setup'").fetchall()
    assert audit == [("setup", "大溪一号质监员")]


def test_the_demo_uses_the_shipped_ids(machine, small_demo_db):
    field = laptop(machine, "椒江", "椒江区/海门街道")
    demo = sqlite3.connect(small_demo_db).execute(
        "SELECT t.uuid, t.name FROM townships t ORDER BY t.uuid").fetchall()
    ours = [(r[3], r[4]) for r in divisions_of(field.db) if r[1] == "椒江区"]
    assert demo == sorted(ours) and len(demo) == 9
    assert divisions.township_uuid("椒江区", "海门街道") in {u for u, _ in demo}


def test_setup_again_updates_the_names_and_keeps_the_key(machine):
    field = laptop(machine, "旧名", "临海市/杜桥镇")
    before = field.fingerprint
    out = field.ok("setup", "--user", "王建国", "--device-name", "杜桥-笔记本", "--township", "临海市/杜桥镇")
    assert "已更新设置" in out
    s = settings(field.db)
    assert (s["user_name"], s["device_name"]) == ("王建国", "杜桥-笔记本")
    me = [d for d in field.json("devices", "list") if d["self"]]
    assert len(me) == 1 and me[0]["fingerprint"] == before and me[0]["name"] == "杜桥-笔记本"
    assert divisions_of(field.db) and len(divisions_of(field.db)) == 133  # nothing doubled


@pytest.mark.parametrize("args, code", [
    (["--township", "温岭市/大溪镇", "--bureau", "温岭市"], 2),
    ([], 2),
    (["--bureau", "北京市"], 1),
    (["--township", "温岭市/没有这个镇"], 1),
])
def test_setup_refuses_a_wrong_role_and_changes_nothing(machine, args, code):
    m = machine("x")
    if code == 2:
        with pytest.raises(SystemExit) as e:
            m.run("setup", "--user", "甲", "--device-name", "x", *args)
        assert e.value.code == 2
        return
    result, _, err = m.run("setup", "--user", "甲", "--device-name", "x", *args)
    assert result == 1 and err.count("\n") == 1 and err.startswith("qinspect: ")
    assert "role" not in settings(m.db) and divisions_of(m.db) == []


# -- two laptops of one county, no set-up bundle ---------------------------------------------------
def test_two_laptops_set_up_apart_exchange_with_the_bureau(machine, bureau):
    a = laptop(machine, "大溪", "温岭市/大溪镇")
    b = laptop(machine, "泽国", "温岭市/泽国镇")
    ia, ib = a.inspect_new_village("东山村"), b.inspect_new_village("西岭村")
    # The supervisor compared A's fingerprint by phone before its bundle came: no --trust needed.
    assert "直接导入" in bureau.ok("devices", "trust", a.fingerprint)
    report = bureau.json("bundle", "import", str(a.export()))
    assert (report["added"], report["refused"]) == (1, [])
    report = bureau.json("bundle", "import", str(b.export()), "--trust")
    assert (report["added"], report["refused"]) == (1, [])
    listed = {r["id"]: r for r in bureau.json("inspections", "list")}
    assert set(listed) == {ia, ib} and not any(r["conflict"] for r in listed.values())
    assert {listed[ia]["township"], listed[ib]["township"]} == {"大溪镇", "泽国镇"}
    # And back: A takes the bureau's export of everything, including B's work.
    everything = bureau.folder / "bureau-all.qib"
    bureau.ok("bundle", "export", "--all", "-o", str(everything))
    report = a.json("bundle", "import", str(everything), "--trust")
    assert report["refused"] == [] and report["added"] == 1


def test_devices_list_shape_self_last_bundle_and_missing(machine, bureau):
    a = laptop(machine, "大溪", "温岭市/大溪镇")
    a.inspect_new_village("东山村")
    a.export()
    a.inspect_new_village("南岙村")
    second = a.export()
    bureau.ok("bundle", "import", str(second), "--trust")
    rows = bureau.json("devices", "list")
    assert all({"id", "name", "fingerprint", "trusted", "self", "missing", "last_bundle"} <= set(r) for r in rows)
    me = [r for r in rows if r["self"]]
    assert len(me) == 1 and me[0]["name"] == "温岭市局" and me[0]["trusted"] is True
    other = next(r for r in rows if not r["self"])
    assert (other["id"], other["name"], other["fingerprint"], other["trusted"]) == (
        a.device_id, "大溪", a.fingerprint, True)
    assert other["missing"] == [1]  # bundle #1 has not arrived; #2 has
    assert other["last_bundle"]["sequence"] == 2 and other["last_bundle"]["file"] == second.name
    text = bureau.ok("devices", "list")
    assert a.fingerprint in text and "本机" in text


def test_trust_ahead_is_listed_until_the_first_bundle(machine, bureau):
    a = laptop(machine, "大溪", "温岭市/大溪镇")
    spaced = a.fingerprint
    out = bureau.ok("devices", "trust", spaced.replace(" ", ""))
    assert spaced in out
    ahead = [r for r in bureau.json("devices", "list") if not r["self"]]
    assert ahead == [{"id": None, "name": None, "fingerprint": spaced, "trusted": True, "self": False,
                      "state": "trusted ahead", "missing": [], "last_bundle": None, "replaced_keys": [],
                      "first_seen": None}]
    a.inspect_new_village("东山村")
    bureau.ok("bundle", "import", str(a.export()))
    rows = [r for r in bureau.json("devices", "list") if not r["self"]]
    assert [(r["id"], r["state"]) for r in rows] == [(a.device_id, "trusted")]


def test_forget_then_a_bundle_from_it_is_refused_in_one_sentence(machine, bureau):
    a = laptop(machine, "大溪", "温岭市/大溪镇")
    a.inspect_new_village("东山村")
    bureau.ok("bundle", "import", str(a.export()), "--trust")
    assert "已遗忘" in bureau.ok("devices", "forget", a.fingerprint)
    a.inspect_new_village("南岙村")
    later = a.export()
    before = bureau.json("inspections", "list")
    code, _, err = bureau.run("bundle", "import", str(later), "--trust")
    assert code == 1 and err.count("\n") == 1 and "已被本机遗忘" in err
    assert bureau.json("inspections", "list") == before
    state = next(r for r in bureau.json("devices", "list") if r["id"] == a.device_id)
    assert (state["trusted"], state["state"]) == (False, "forgotten")
    # Forgetting what is not known, or oneself, is one sentence too.
    code, _, err = bureau.run("devices", "forget", "0000 0000 0000 0000 0000 0000")
    assert code == 1 and err.count("\n") == 1
    code, _, err = bureau.run("devices", "forget", bureau.fingerprint)
    assert code == 1 and "本机自己的密钥" in err
    # Compared again and trusted again: the bundle goes in.
    bureau.ok("devices", "trust", a.fingerprint)
    assert bureau.json("bundle", "import", str(later))["added"] == 1


def test_a_lost_key_is_replaced_keeping_the_device_and_its_history(machine, bureau):
    a = laptop(machine, "大溪", "温岭市/大溪镇")
    first = a.inspect_new_village("东山村")
    bureau.ok("bundle", "import", str(a.export()), "--trust")
    old_fp, device_id = a.fingerprint, a.device_id
    old_key = a.folder / "old-key.pem"
    shutil.move(a.home / "device_key.pem", old_key)  # the key is lost; the laptop's database is kept

    second = a.inspect_new_village("南岙村")
    new_bundle = a.export()  # made and signed with a fresh key
    new_fp = a.fingerprint
    assert new_fp != old_fp and a.device_id == device_id
    code, _, err = bureau.run("bundle", "import", str(new_bundle), "--trust")
    assert code == 1 and err.count("\n") == 1 and "--replaces" in err

    out = bureau.ok("devices", "trust", new_fp, "--replaces", old_fp)
    assert "新密钥" in out
    report = bureau.json("bundle", "import", str(new_bundle))
    assert report["refused"] == [] and report["added"] == 1
    rows = [r for r in bureau.json("devices", "list") if not r["self"]]
    assert len(rows) == 1
    assert (rows[0]["id"], rows[0]["fingerprint"], rows[0]["replaced_keys"], rows[0]["trusted"]) == (
        device_id, new_fp, [old_fp], True)
    conn = sqlite3.connect(bureau.db)
    assert {r[0] for r in conn.execute("SELECT device_id FROM bundles WHERE direction = 'import'")} == {device_id}
    assert {r[0] for r in conn.execute("SELECT DISTINCT device_id FROM revisions r JOIN inspections i "
                                       "ON i.uuid = r.inspection_uuid WHERE i.uuid IN (?, ?)", (first, second))} == {
        device_id}

    # A bundle still signed with the old key (a copy of it turning up) is refused.
    thief = machine("thief")
    thief.home.mkdir()
    shutil.copy(old_key, thief.home / "device_key.pem")
    shutil.copy(a.db, thief.db)
    (thief.db.with_name(thief.db.name + "-wal")).unlink(missing_ok=True)
    with open_store(thief.db) as store:
        town = registers.find_township(store, "温岭市/大溪镇")["id"]
        village_inspection(store, registers.add_village(store, town, "北山村"))
    forged = thief.export()
    code, _, err = bureau.run("bundle", "import", str(forged))
    assert code == 1 and err.count("\n") == 1 and "已被替换的旧密钥" in err


def test_trust_flag_refuses_two_new_devices_in_one_call(machine, bureau):
    a = laptop(machine, "大溪", "温岭市/大溪镇")
    b = laptop(machine, "泽国", "温岭市/泽国镇")
    a.inspect_new_village("东山村")
    b.inspect_new_village("西岭村")
    pa, pb = a.export(), b.export()
    code, out, err = bureau.run("bundle", "import", str(pa), str(pb), "--trust")
    assert code == 1 and err.count("\n") == 1 and "一次只能信任一台新设备" in err
    assert a.fingerprint in err and b.fingerprint in err
    assert bureau.json("inspections", "list") == []
    assert [r for r in bureau.json("devices", "list") if not r["self"]] == []
    assert bureau.json("bundle", "import", str(pa), "--trust")["added"] == 1
    # One new device among known ones is fine.
    assert bureau.json("bundle", "import", str(pa), str(pb), "--trust")["added"] == 1


def test_conflicts_list_and_resolve_through_the_cli(machine, bureau):
    a = laptop(machine, "大溪", "温岭市/大溪镇")
    uuid = a.inspect_new_village("东山村")
    bureau.ok("bundle", "import", str(a.export()), "--trust")
    with open_store(bureau.db) as store:
        ours = edit(store, uuid, "F03", Answer(0, note="主管复核"))
    with open_store(a.db) as store:
        theirs = edit(store, uuid, "F03", Answer(3))
        edit(store, uuid, "F01", Answer("fail", rectification="公示牌补齐"))
    assert bureau.json("bundle", "import", str(a.export()))["conflicts"] == 1

    listed = bureau.json("conflicts", "list")
    assert len(listed) == 1 and listed[0]["inspection"] == uuid and listed[0]["subject"] == "东山村"
    sides = listed[0]["sides"]
    assert len(sides) == 2 and sum(s["head"] for s in sides) == 1
    assert ours in {s["revision"] for s in sides}
    assert {s["device"] for s in sides} == {"温岭市局", "大溪"}
    assert set(listed[0]["differs"]) == {"F01", "F03"}
    their_leaf = next(s["revision"] for s in sides if s["device"] == "大溪")
    assert bureau.json("inspections", "list")[0]["conflict"] is True
    assert bureau.json("inspections", "show", uuid)["conflict"] is True

    code, _, err = bureau.run("conflicts", "resolve", uuid, "--keep", "zzzzzz")
    assert code == 1 and err.count("\n") == 1
    out = bureau.ok("conflicts", "resolve", uuid[:8], "--item", f"F03={ours[:8]}", "--item", f"F01={their_leaf[:8]}",
                    "--reason", "整改要求以现场为准，分数以复核为准")
    assert "已解决" in out
    assert bureau.json("conflicts", "list") == []
    shown = bureau.json("inspections", "show", uuid)
    assert shown["conflict"] is False
    answers = {i["id"]: i["answer"] for i in shown["items"] if i["answer"]}
    assert answers["F03"]["note"] == "主管复核" and answers["F01"]["rectification"] == "公示牌补齐"
    assert theirs != ours
    conn = sqlite3.connect(bureau.db)
    detail = json.loads(conn.execute("SELECT detail FROM audit_log WHERE action = 'resolve-conflict'").fetchone()[0])
    head = next(s["revision"] for s in sides if s["head"])
    assert detail["kept"] == head and detail["reason"].startswith("整改要求")
    assert detail["picked"] == {k: v for k, v in {"F01": their_leaf, "F03": ours}.items() if v != head}


def test_conflicts_resolve_needs_a_choice(machine, bureau):
    with pytest.raises(SystemExit) as e:
        bureau.run("conflicts", "resolve", "abcdef")
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        bureau.run("conflicts", "resolve", "abcdef", "--item", "F03")
    assert e.value.code == 2


def test_operations_list_trusted_ahead_keys_and_refuse_own(bureau, monkeypatch):
    monkeypatch.setenv("QINSPECT_HOME", str(bureau.home))
    with open_store(bureau.db) as store:
        with pytest.raises(Exception, match="本机自己的密钥"):
            devices_op.trust(store, bureau_fp(store))
        change = devices_op.trust(store, "1111 2222 3333 4444 5555 6666")
        assert change.action == "trust-ahead"
        assert devices_op.trust(store, "111122223333444455556666").action == "unchanged"
        assert devices_op.this_device(store)["role"] == "bureau"


def bureau_fp(store) -> str:
    return devices_op.this_device(store)["fingerprint"]


# -- migration 0005 on a database set up the old way --------------------------------------------
def test_migration_gives_old_random_ids_the_shipped_ones_and_keeps_everything_else(tmp_path):
    from qinspect.store import checklists, inspections
    from qinspect.sync import device

    path = tmp_path / "old.db"
    with open_store(path) as store:  # as the old first-run dialog did: random uuids
        checklists.install_shipped(store)
        with store.atomic():
            county = registers.ensure_county(store, "温岭市", "331081")
            town = registers.ensure_township(store, county, "大溪镇", "镇")
            other = registers.ensure_township(store, county, "自建的开发区", "街道")
            device.trust_device(store, "f" * 32, "泽国", b"\x01" * 32)
        form = checklists.get(store, "township-assessment", "2009")
        assessment = inspections.new(store, "township", town, form, "2009-06-01", "王建国")
        inspections.save(store, assessment)
        vid = registers.add_village(store, town, "东山村")
        village = village_inspection(store, vid).uuid
        old_town_uuid = store.execute("SELECT uuid FROM townships WHERE id = ?", (town,)).fetchone()[0]
        # Back to how a database looked before migration 0005.
        store.execute("DROP TABLE device_keys")
        store.execute("DELETE FROM _sqlite_migrations WHERE name LIKE '0005%'")
        store.conn.commit()
    assert old_town_uuid != divisions.township_uuid("温岭市", "大溪镇")

    with open_store(path) as store:
        assert store.execute("SELECT id, uuid FROM townships WHERE name = '大溪镇'").fetchone() == (
            town, divisions.township_uuid("温岭市", "大溪镇"))
        assert store.execute("SELECT uuid FROM counties WHERE id = ?", (county,)).fetchone()[0] == \
            divisions.county_uuid("温岭市")
        assert store.execute("SELECT uuid FROM townships WHERE id = ?", (other,)).fetchone()[0] != \
            divisions.township_uuid("温岭市", "大溪镇")  # not a shipped township: left alone
        # The township inspection's stored hash is that of its content under the new uuid.
        loaded = inspections.load(store, assessment.uuid)
        assert loaded.subject_uuid == divisions.township_uuid("温岭市", "大溪镇")
        assert store.execute("SELECT content_hash FROM revisions WHERE inspection_uuid = ?",
                             (assessment.uuid,)).fetchone()[0] == loaded.content_hash()
        assert inspections.load(store, village).subject_kind == "village"
        assert store.execute("SELECT device_id, state FROM device_keys").fetchall() == [("f" * 32, "trusted")]
        assert [r[0] for r in store.execute("PRAGMA foreign_key_check")] == []
