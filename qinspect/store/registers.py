"""The registers: counties, townships, villages and enterprises (the subjects of inspections)."""

from __future__ import annotations

import uuid as uuidlib

from qinspect.domain.credit_code import credit_code_problem
from qinspect.errors import InvalidInput, NotFound
from qinspect.store import audit
from qinspect.store.db import Store

TOWNSHIP_KINDS = ("街道", "镇", "乡")
VILLAGE_KINDS = ("行政村", "社区")


def _new_uuid() -> str:
    return uuidlib.uuid4().hex


def ensure_county(store: Store, name: str, code: str = "", uuid: str | None = None) -> int:
    row = store.execute("SELECT id FROM counties WHERE name = ?", (name,)).fetchone()
    if row:
        return row[0]
    return store.execute("INSERT INTO counties(uuid, name, code) VALUES (?, ?, ?)",
                         (uuid or _new_uuid(), name, code)).lastrowid


def ensure_township(store: Store, county_id: int, name: str, kind: str, uuid: str | None = None) -> int:
    if kind not in TOWNSHIP_KINDS:
        raise InvalidInput(f"乡镇类型应为 {'、'.join(TOWNSHIP_KINDS)} 之一，而不是“{kind}”")
    row = store.execute("SELECT id FROM townships WHERE county_id = ? AND name = ?", (county_id, name)).fetchone()
    if row:
        return row[0]
    return store.execute("INSERT INTO townships(uuid, county_id, name, kind) VALUES (?, ?, ?, ?)",
                         (uuid or _new_uuid(), county_id, name, kind)).lastrowid


def find_township(store: Store, name: str) -> dict:
    """A township by its name, or by "县/乡镇" when the name alone is not unique."""
    county, _, town = name.rpartition("/")
    sql = ("SELECT t.id, t.uuid, t.name, t.kind, c.name AS county FROM townships t "
           "JOIN counties c ON c.id = t.county_id WHERE t.name = ?")
    args = [town.strip()]
    if county:
        sql += " AND c.name = ?"
        args.append(county.strip())
    rows = list(store.db.query(sql, args))
    if not rows:
        raise NotFound(f"没有名为“{name}”的乡镇(街道)")
    if len(rows) > 1:
        options = "、".join(f"{r['county']}/{r['name']}" for r in rows)
        raise InvalidInput(f"“{name}”不唯一，请写明县(市、区)：{options}")
    return rows[0]


def add_village(store: Store, township_id: int, name: str, kind: str = "行政村",
                assistant: str = "", phone: str = "", uuid: str | None = None) -> int:
    name = name.strip()
    if not name:
        raise InvalidInput("村(社区)名称不能为空")
    if kind not in VILLAGE_KINDS:
        raise InvalidInput(f"村类型应为 {'、'.join(VILLAGE_KINDS)} 之一，而不是“{kind}”")
    if store.execute("SELECT 1 FROM villages WHERE township_id = ? AND name = ?", (township_id, name)).fetchone():
        raise InvalidInput(f"该乡镇已有名为“{name}”的村(社区)，不能重复登记")
    with store.atomic():
        vid = store.execute(
            "INSERT INTO villages(uuid, township_id, name, kind, assistant, phone) VALUES (?, ?, ?, ?, ?, ?)",
            (uuid or _new_uuid(), township_id, name, kind, assistant.strip(), phone.strip())).lastrowid
        audit.append(store, "add", "village", str(vid), {"name": name})
    return vid


def add_enterprise(store: Store, township_id: int, name: str, credit_code: str, industry: str = "",
                   address: str = "", contact: str = "", phone: str = "", village_id: int | None = None,
                   uuid: str | None = None) -> int:
    name = name.strip()
    code = credit_code.strip().upper()
    if not name:
        raise InvalidInput("企业名称不能为空")
    problem = credit_code_problem(code)
    if problem:
        raise InvalidInput(problem)
    existing = store.execute("SELECT name FROM enterprises WHERE credit_code = ?", (code,)).fetchone()
    if existing:
        raise InvalidInput(f"统一社会信用代码 {code} 已登记为“{existing[0]}”，不能重复登记")
    with store.atomic():
        eid = store.execute(
            "INSERT INTO enterprises(uuid, township_id, village_id, name, credit_code, industry, address, "
            "contact, phone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (uuid or _new_uuid(), township_id, village_id, name, code, industry.strip(), address.strip(),
             contact.strip(), phone.strip())).lastrowid
        audit.append(store, "add", "enterprise", str(eid), {"name": name, "credit_code": code})
    return eid


SUBJECT_TABLES = {"township": "townships", "village": "villages", "enterprise": "enterprises"}


def subject(store: Store, kind: str, subject_id: int) -> dict:
    """One register row of a subject, with its township (and county) names."""
    if kind == "township":
        sql = ("SELECT t.*, t.id AS township_id, t.name AS township, c.name AS county FROM townships t "
               "JOIN counties c ON c.id = t.county_id WHERE t.id = ?")
    else:
        table = SUBJECT_TABLES[kind]
        sql = (f"SELECT s.*, t.name AS township, c.name AS county FROM {table} s "
               "JOIN townships t ON t.id = s.township_id JOIN counties c ON c.id = t.county_id WHERE s.id = ?")
    rows = list(store.db.query(sql, [subject_id]))
    if not rows:
        raise NotFound(f"没有编号为 {subject_id} 的{kind}")
    return rows[0]


def subject_by_uuid(store: Store, kind: str, uuid: str) -> dict | None:
    table = SUBJECT_TABLES.get(kind)
    if table is None:
        return None
    row = store.execute(f"SELECT id FROM {table} WHERE uuid = ?", (uuid,)).fetchone()
    return subject(store, kind, row[0]) if row else None
