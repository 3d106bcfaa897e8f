"""The registers: counties, townships, villages and enterprises (the subjects of inspections)."""

from __future__ import annotations

import uuid as uuidlib

from qinspect.domain.credit_code import credit_code_problem
from qinspect.domain.phone import phone_problem
from qinspect.errors import InvalidInput, NotFound
from qinspect.store import audit, identity
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
    rows = list(store.query(sql, args))
    if not rows:
        raise NotFound(f"没有名为“{name}”的乡镇(街道)")
    if len(rows) > 1:
        options = "、".join(f"{r['county']}/{r['name']}" for r in rows)
        raise InvalidInput(f"“{name}”不唯一，请写明县(市、区)：{options}")
    return rows[0]


def village_problem(store: Store, township_id: int, name: str, kind: str = "行政村", phone: str = "",
                    village_id: int | None = None) -> str | None:
    """Why the register refuses this village entry (`village_id`: the one being edited); None when it may be saved."""
    name = name.strip()
    if not name:
        return "村(社区)名称不能为空"
    if kind not in VILLAGE_KINDS:
        return f"村类型应为 {'、'.join(VILLAGE_KINDS)} 之一，而不是“{kind}”"
    if store.execute("SELECT 1 FROM villages WHERE township_id = ? AND name = ? AND id IS NOT ?",
                     (township_id, name, village_id)).fetchone():
        return f"该乡镇已有名为“{name}”的村(社区)，不能重复登记"
    return phone_problem(phone)


def add_village(store: Store, township_id: int, name: str, kind: str = "行政村",
                assistant: str = "", phone: str = "", uuid: str | None = None) -> int:
    name = name.strip()
    if problem := village_problem(store, township_id, name, kind, phone):
        raise InvalidInput(problem)
    with store.atomic():
        vid = store.execute(
            "INSERT INTO villages(uuid, township_id, name, kind, assistant, phone) VALUES (?, ?, ?, ?, ?, ?)",
            (uuid or _new_uuid(), township_id, name, kind, assistant.strip(), phone.strip())).lastrowid
        audit.append(store, "add", "village", str(vid), {"name": name})
    return vid


def enterprise_code_problem(store: Store, credit_code: str, enterprise_id: int | None = None) -> str | None:
    """Why this credit code cannot be registered (wrong, or another enterprise's); None when it can."""
    code = credit_code.strip().upper()
    if problem := credit_code_problem(code):
        return problem
    existing = store.execute("SELECT name FROM enterprises WHERE credit_code = ? AND id IS NOT ?",
                             (code, enterprise_id)).fetchone()
    if existing:
        return f"统一社会信用代码 {code} 已登记为“{existing[0]}”，不能重复登记"
    return None


def _checked_enterprise(store: Store, name: str, credit_code: str, phone: str, enterprise_id: int | None = None
                        ) -> tuple[str, str]:
    """The name and credit code as stored, or InvalidInput saying why the register refuses them."""
    name = name.strip()
    if not name:
        raise InvalidInput("企业名称不能为空")
    if problem := enterprise_code_problem(store, credit_code, enterprise_id) or phone_problem(phone):
        raise InvalidInput(problem)
    return name, credit_code.strip().upper()


def add_enterprise(store: Store, township_id: int, name: str, credit_code: str, industry: str = "",
                   address: str = "", contact: str = "", phone: str = "", village_id: int | None = None,
                   uuid: str | None = None) -> int:
    name, code = _checked_enterprise(store, name, credit_code, phone)
    with store.atomic():
        eid = store.execute(
            "INSERT INTO enterprises(uuid, township_id, village_id, name, credit_code, industry, address, "
            "contact, phone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (uuid or _new_uuid(), township_id, village_id, name, code, industry.strip(), address.strip(),
             contact.strip(), phone.strip())).lastrowid
        audit.append(store, "add", "enterprise", str(eid), {"name": name, "credit_code": code})
    return eid


def _update(store: Store, table: str, entity: str, row_id: int, new: dict) -> None:
    """Write the changed fields of one register row, with the old and new values in the audit log."""
    old = dict(zip(new, store.execute(f"SELECT {', '.join(new)} FROM {table} WHERE id = ?", (row_id,)).fetchone()))
    changed = {k: [old[k], v] for k, v in new.items() if old[k] != v}
    if not changed:
        return
    with store.atomic():
        store.execute(f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in changed)} WHERE id = ?",
                      (*(v for _, v in changed.values()), row_id))
        audit.append(store, "update", entity, str(row_id), changed)


def update_village(store: Store, village_id: int, name: str, kind: str = "行政村", assistant: str = "",
                   phone: str = "") -> None:
    """Correct a village's register entry; it stays in its township (its inspections are counted there)."""
    row = store.execute("SELECT township_id FROM villages WHERE id = ?", (village_id,)).fetchone()
    if row is None:
        raise NotFound(f"没有编号为 {village_id} 的村(社区)")
    name = name.strip()
    if problem := village_problem(store, row[0], name, kind, phone, village_id):
        raise InvalidInput(problem)
    _update(store, "villages", "village", village_id,
            {"name": name, "kind": kind, "assistant": assistant.strip(), "phone": phone.strip()})


def update_enterprise(store: Store, enterprise_id: int, name: str, credit_code: str, industry: str = "",
                      address: str = "", contact: str = "", phone: str = "", village_id: int | None = None) -> None:
    """Correct an enterprise's register entry; it stays in its township (its inspections are counted there)."""
    row = store.execute("SELECT township_id FROM enterprises WHERE id = ?", (enterprise_id,)).fetchone()
    if row is None:
        raise NotFound(f"没有编号为 {enterprise_id} 的企业")
    name, code = _checked_enterprise(store, name, credit_code, phone, enterprise_id)
    if village_id is not None and not store.execute("SELECT 1 FROM villages WHERE id = ? AND township_id = ?",
                                                    (village_id, row[0])).fetchone():
        raise InvalidInput("所选村(社区)不在该企业所在的乡镇(街道)")
    _update(store, "enterprises", "enterprise", enterprise_id,
            {"name": name, "credit_code": code, "industry": industry.strip(), "address": address.strip(),
             "contact": contact.strip(), "phone": phone.strip(), "village_id": village_id})


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
    rows = list(store.query(sql, [subject_id]))
    if not rows:
        raise NotFound(f"没有编号为 {subject_id} 的{kind}")
    return rows[0]


def subject_by_uuid(store: Store, kind: str, uuid: str) -> dict | None:
    """The subject a uuid names, also when it is another installation's uuid linked to the row."""
    if kind not in SUBJECT_TABLES:
        return None
    row_id = identity.row_id(store, kind, uuid)
    return subject(store, kind, row_id) if row_id is not None else None


SEARCH_SUBJECTS_SQL = """
SELECT kind, id, name, township, county FROM (
    SELECT 'township' AS kind, t.id, t.name, t.name AS township, c.name AS county
    FROM townships t JOIN counties c ON c.id = t.county_id WHERE t.name LIKE :pattern ESCAPE '\\'
    UNION ALL
    SELECT 'village', v.id, v.name, t.name, c.name
    FROM villages v JOIN townships t ON t.id = v.township_id JOIN counties c ON c.id = t.county_id
    WHERE v.name LIKE :pattern ESCAPE '\\'
    UNION ALL
    SELECT 'enterprise', e.id, e.name, t.name, c.name
    FROM enterprises e JOIN townships t ON t.id = e.township_id JOIN counties c ON c.id = t.county_id
    WHERE e.name LIKE :pattern ESCAPE '\\'
)
ORDER BY instr(name, :text), length(name), name, kind
LIMIT :limit
"""


def search_subjects(store: Store, text: str, limit: int = 50) -> list[dict]:
    """Townships, villages and enterprises whose name contains `text`, best matches first.

    Names starting with the text come first, then shorter names: what a person typing part of
    a name most likely means. LIMIT keeps a keystroke cheap on the city's 25,000 subjects.
    """
    text = text.strip()
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return list(store.query(SEARCH_SUBJECTS_SQL, {"pattern": f"%{escaped}%", "text": text, "limit": limit}))


# -- what the register tree, the details pane and the register forms read -------------------
def counties(store: Store) -> list[tuple[int, str]]:
    return store.execute("SELECT id, name FROM counties ORDER BY code, id").fetchall()


def townships_of(store: Store, county_id: int) -> list[tuple[int, str]]:
    return store.execute("SELECT id, name FROM townships WHERE county_id = ? ORDER BY id", (county_id,)).fetchall()


def townships(store: Store) -> list[tuple[int, int, str, str]]:
    """Every township as (id, county id, county name, township name), county by county."""
    return store.execute("SELECT t.id, c.id, c.name, t.name FROM townships t JOIN counties c ON c.id = t.county_id "
                         "ORDER BY c.code, c.id, t.id").fetchall()


def entry_counts(store: Store, township_id: int) -> tuple[int, int]:
    """How many villages and enterprises a township has."""
    return (store.execute("SELECT count(*) FROM villages WHERE township_id = ?", (township_id,)).fetchone()[0],
            store.execute("SELECT count(*) FROM enterprises WHERE township_id = ?", (township_id,)).fetchone()[0])


def villages_of(store: Store, township_id: int) -> list[tuple[int, str, str]]:
    """A township's villages as (id, name, kind), by name."""
    return store.execute("SELECT id, name, kind FROM villages WHERE township_id = ? ORDER BY name",
                         (township_id,)).fetchall()


def enterprises_of(store: Store, township_id: int) -> list[tuple[int, str, str, str]]:
    """A township's enterprises as (id, name, credit code, industry), by name."""
    return store.execute("SELECT id, name, credit_code, industry FROM enterprises WHERE township_id = ? "
                         "ORDER BY name", (township_id,)).fetchall()


def county_of(store: Store, township_id: int) -> int | None:
    row = store.execute("SELECT county_id FROM townships WHERE id = ?", (township_id,)).fetchone()
    return None if row is None else row[0]


def place_of(store: Store, kind: str, subject_id: int) -> tuple[int, int] | None:
    """The (township id, county id) of a village or enterprise; None when it is not registered."""
    row = store.execute(f"SELECT s.township_id, t.county_id FROM {SUBJECT_TABLES[kind]} s "
                        "JOIN townships t ON t.id = s.township_id WHERE s.id = ?", (subject_id,)).fetchone()
    return None if row is None else (row[0], row[1])


def find_subject(store: Store, kind: str, subject_id: int) -> dict | None:
    """Like `subject`, but None for an entry that is not (or no longer) registered."""
    try:
        return subject(store, kind, subject_id)
    except NotFound:
        return None


def industries(store: Store) -> list[str]:
    return [r[0] for r in store.execute(
        "SELECT DISTINCT industry FROM enterprises WHERE industry != '' ORDER BY industry")]
