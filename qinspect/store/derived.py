"""The SQL of the derivations (domain/derived.py): each one counted for a township and a year.

Only the current heads of inspections count: `inspections` holds one row per inspection, a copy
of its head revision's date, status and grade, so superseded revisions and conflicting sides
(kept in `revisions`) are never seen. Every query starts from the index on (township, date), so
a township's year reads its own few hundred rows whatever the size of the file. "Passed" is an
inspection's grade not being its form's lowest band (不合格, also the grade of a failed veto).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

from qinspect.domain.checklist import Checklist
from qinspect.domain.derived import CATALOGUE, OVERRIDDEN, Derived, source
from qinspect.domain.records import Answer, Inspection
from qinspect.store import checklists
from qinspect.store.db import Store

PRODUCT_FORM, VILLAGE_FORM, FOOD_FORM = "enterprise-product", "village-network", "enterprise-food"
FOOD_INDUSTRY = "%食品%"  # a food enterprise: its registered industry names food

# The township's own index, named: the planner would otherwise walk (status, date) over every township.
_I = "inspections i INDEXED BY inspections_township_date"
_YEAR = ("i.township_id = :township AND i.date BETWEEN :start AND :end AND i.status = 'completed'")


def _failing(store: Store, checklist_id: str) -> str:
    """JSON list of "VERSION/GRADE" for the lowest band of every installed version of a form."""
    return json.dumps([f"{row['version']}/{checklists.get(store, checklist_id, row['version']).grades[-1].name}"
                       for row in checklists.listing(store) if row["id"] == checklist_id], ensure_ascii=False)


def _args(township_id: int, year: int, today: str) -> dict:
    end = f"{year:04d}-12-31"
    return {"township": township_id, "start": f"{year:04d}-01-01", "end": end, "as_of": min(today, end)}


def enterprise_coverage(store: Store, args: dict) -> Derived:
    rows = store.execute(
        f"SELECT i.uuid, i.enterprise_id FROM {_I} JOIN enterprises e ON e.id = i.enterprise_id "
        f"AND e.township_id = :township WHERE {_YEAR} AND i.subject_kind = 'enterprise' ORDER BY i.date, i.uuid",
        args).fetchall()
    total = store.execute("SELECT count(*) FROM enterprises WHERE township_id = :township", args).fetchone()[0]
    return Derived("enterprise_coverage", len({r[1] for r in rows}), total, tuple(r[0] for r in rows))


def product_pass_rate(store: Store, args: dict) -> Derived:
    rows = store.execute(
        f"SELECT i.uuid, i.checklist_version || '/' || i.grade NOT IN (SELECT value FROM json_each(:failing)) "
        f"FROM {_I} WHERE {_YEAR} AND i.checklist_id = :form ORDER BY i.date, i.uuid",
        {**args, "form": PRODUCT_FORM, "failing": _failing(store, PRODUCT_FORM)}).fetchall()
    return Derived("product_pass_rate", sum(r[1] for r in rows), len(rows), tuple(r[0] for r in rows))


def village_network_pass_rate(store: Store, args: dict) -> Derived:
    # a village's latest network inspection of the year says whether it passed
    rows = store.execute(
        f"SELECT uuid, passed FROM (SELECT i.uuid, i.date, "
        f"i.checklist_version || '/' || i.grade NOT IN (SELECT value FROM json_each(:failing)) AS passed, "
        f"row_number() OVER (PARTITION BY i.village_id ORDER BY i.date DESC, i.rowid DESC) AS n "
        f"FROM {_I} JOIN villages v ON v.id = i.village_id AND v.township_id = :township "
        f"WHERE {_YEAR} AND i.subject_kind = 'village' AND i.checklist_id = :form) WHERE n = 1 ORDER BY date, uuid",
        {**args, "form": VILLAGE_FORM, "failing": _failing(store, VILLAGE_FORM)}).fetchall()
    total = store.execute("SELECT count(*) FROM villages WHERE township_id = :township", args).fetchone()[0]
    return Derived("village_network_pass_rate", sum(r[1] for r in rows), total, tuple(r[0] for r in rows))


def food_inspections_per_100(store: Store, args: dict) -> Derived:
    rows = store.execute(f"SELECT i.uuid FROM {_I} WHERE {_YEAR} AND i.checklist_id = :form "
                         "ORDER BY i.date, i.uuid", {**args, "form": FOOD_FORM}).fetchall()
    food = store.execute("SELECT count(*) FROM enterprises WHERE township_id = :township AND industry LIKE :food",
                         {**args, "food": FOOD_INDUSTRY}).fetchone()[0]
    return Derived("food_inspections_per_100", len(rows), food, tuple(r[0] for r in rows))


def _rectifications(store: Store, args: dict) -> list[tuple]:
    """(inspection, deadline, closed_on) of every rectification in the heads of the year's completed
    village and enterprise inspections of the township; closed_on only for a closure by `as_of`."""
    return store.execute(
        f"SELECT i.uuid, a.deadline, x.closed_on FROM {_I} "
        f"JOIN answers a ON a.revision_id = i.head AND a.rectification != '' "
        f"LEFT JOIN rectification_closures x ON x.inspection_uuid = i.uuid AND x.item_id = a.item_id "
        f"AND x.closed_on <= :as_of "
        f"WHERE {_YEAR} AND i.subject_kind IN ('village', 'enterprise') ORDER BY i.date, i.uuid, a.item_id",
        args).fetchall()


def rectifications_on_time(store: Store, args: dict) -> Derived:
    # due: the deadline had passed by the end of the year (today, within it); on time: closed by the deadline
    due = [(uuid, deadline, closed) for uuid, deadline, closed in _rectifications(store, args)
           if deadline and deadline < args["as_of"]]
    on_time = sum(1 for _, deadline, closed in due if closed is not None and closed <= deadline)
    return Derived("rectifications_on_time", on_time, len(due), tuple(dict.fromkeys(u for u, _, _ in due)))


def overdue_rectifications(store: Store, args: dict) -> Derived:
    # the same rule as the follow-up list's 逾期 (store/rectifications.py), taken at the end of the year
    late = [uuid for uuid, deadline, closed in _rectifications(store, args)
            if deadline and deadline < args["as_of"] and closed is None]
    return Derived("overdue_rectifications", len(late), None, tuple(dict.fromkeys(late)))


_COUNTERS = {f.__name__: f for f in (enterprise_coverage, product_pass_rate, village_network_pass_rate,
                                     food_inspections_per_100, rectifications_on_time, overdue_rectifications)}
assert set(_COUNTERS) == set(CATALOGUE)  # every derivation a template may name has its SQL here


def compute(store: Store, township_id: int, year: int, today: str, names: list[str] | None = None) -> dict[str, Derived]:
    """Each derivation named (every one when None) counted for the township's year, as at `today`."""
    args = _args(township_id, year, today)
    return {name: _COUNTERS[name](store, args) for name in (CATALOGUE if names is None else names)}


def inspection_rows(store: Store, uuids: list[str]) -> list[dict]:
    """The inspections behind a value, in the order given: what the listing dialog shows."""
    found: dict[str, dict] = {}
    for n in range(0, len(uuids), 500):
        chunk = uuids[n:n + 500]
        for row in store.query(
                "SELECT i.uuid, i.date, i.subject_kind, COALESCE(e.name, v.name, t.name) AS subject, "
                "i.checklist_id || '@' || i.checklist_version AS checklist, i.inspector, i.status, i.total, i.grade "
                "FROM inspections i JOIN townships t ON t.id = i.township_id "
                "LEFT JOIN villages v ON v.id = i.village_id LEFT JOIN enterprises e ON e.id = i.enterprise_id "
                f"WHERE i.uuid IN ({', '.join('?' * len(chunk))})", chunk):
            found[row["uuid"]] = row
    return [found[u] for u in uuids if u in found]


def with_derived(store: Store, checklist: Checklist, inspection: Inspection, township_id: int,
                 today: str | None = None) -> Inspection:
    """The inspection with every derived item's answer counted afresh from the field data of its
    year, as at `today` (default: today); an overridden answer is kept as the assessor wrote it."""
    items = [item for item in checklist.items if item.derive]
    if not items:
        return inspection
    counted = compute(store, township_id, int(inspection.date[:4]), today or dt.date.today().isoformat(),
                      sorted({item.derive for item in items}))
    for item in items:
        old = inspection.answers.get(item.id, Answer())
        if source(old.note) == OVERRIDDEN:
            continue
        d = counted[item.derive]
        inspection = inspection.with_answer(item.id, replace(old, value=d.answer_value, note=d.note()))
    return inspection
