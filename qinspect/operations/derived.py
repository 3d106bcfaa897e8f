"""Items derived from field data: their values and the inspections behind them, refreshing a draft
assessment's derived answers, and an assessor's override with a reason.

While a township's assessment is a draft (草稿) its derived answers follow the field data: they are
counted afresh when it is opened or saved in the editor and by `refresh`, each change a new
revision. Once submitted (已提交 and later) they are frozen, so a late bundle cannot move the
ranking. An override keeps its reason in the answer's note and in the audit log, and survives a
refresh. The rules are in docs/scoring.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from qinspect.domain.assessments import DRAFT, STATE_LABELS
from qinspect.domain.checklist import Item
from qinspect.domain.derived import CATALOGUE, OVERRIDDEN, Derivation, Derived, override_note, override_reason, source
from qinspect.domain.item_kinds import NA, check_answer
from qinspect.domain.records import COMPLETED, Answer, Inspection
from qinspect.errors import InvalidInput, NotFound
from qinspect.operations.changes import INSPECTIONS, changes
from qinspect.store import assessment_states, audit, checklists, derived, inspections, registers
from qinspect.store.assessments import check_year
from qinspect.store.db import Store
from qinspect.store.inspections import Saved

ENTITY = "derived-item"  # audit entries of overrides: id "INSPECTION-UUID/ITEM"
REFRESH_REASON = "现场检查数据有更新，由现场检查数据重新计算的条目随之更新"


@dataclass(frozen=True)
class DerivedItem:
    """A derived item of one assessment: what its answer holds and what the field data count now."""
    item: Item
    computed: Derived
    answer: Answer | None
    frozen: bool  # the assessment is submitted or later: the answer no longer follows the field data

    @property
    def derivation(self) -> Derivation:
        return CATALOGUE[self.item.derive]

    @property
    def overridden(self) -> bool:
        return self.answer is not None and source(self.answer.note) == OVERRIDDEN

    @property
    def reason(self) -> str | None:
        return override_reason(self.answer.note) if self.overridden else None

    @property
    def value(self) -> Any:
        return None if self.answer is None else self.answer.value

    def as_dict(self) -> dict:
        computed = self.computed.answer_value
        return {"item": self.item.id, "text": self.item.text, "derive": self.item.derive,
                "label": self.derivation.label, "explanation": self.derivation.explanation,
                "unit": self.item.unit, "value": self.value,
                "computed": None if computed == NA else computed,
                "numerator": self.computed.numerator, "denominator": self.computed.denominator,
                "inspections": len(self.computed.inspections), "overridden": self.overridden,
                "reason": self.reason, "frozen": self.frozen}


def _today(today: dt.date | None) -> str:
    return (today or dt.date.today()).isoformat()


def _township_id(store: Store, inspection: Inspection) -> int:
    row = registers.subject_by_uuid(store, "township", inspection.subject_uuid)
    if row is None:
        raise NotFound(f"检查对象 {inspection.subject_uuid} 不在本机登记册中")
    return row["id"]


def frozen(store: Store, inspection_uuid: str) -> bool:
    """True once the inspection counts as an assessment that was submitted (or later)."""
    c = assessment_states.counting_of(store, inspection_uuid)
    return c is not None and c.state != DRAFT


def has_derived_items(store: Store, inspection: Inspection) -> bool:
    form = checklists.get(store, inspection.checklist_id, inspection.checklist_version)
    return any(item.derive for item in form.items)


def items_of(store: Store, inspection: Inspection, today: dt.date | None = None) -> list[DerivedItem]:
    """The derived items of an inspection's form, each with its answer and today's count."""
    form = checklists.get(store, inspection.checklist_id, inspection.checklist_version)
    wanted = [item for item in form.items if item.derive]
    if not wanted:
        return []
    counted = derived.compute(store, _township_id(store, inspection), int(inspection.date[:4]), _today(today),
                              sorted({item.derive for item in wanted}))
    is_frozen = frozen(store, inspection.uuid)
    return [DerivedItem(item, counted[item.derive], inspection.answers.get(item.id), is_frozen) for item in wanted]


def with_fresh_values(store: Store, inspection: Inspection, today: dt.date | None = None) -> Inspection:
    """The inspection with its derived answers counted afresh, unless its assessment is frozen."""
    if not has_derived_items(store, inspection) or frozen(store, inspection.uuid):
        return inspection
    form = checklists.get(store, inspection.checklist_id, inspection.checklist_version)
    return derived.with_derived(store, form, inspection, _township_id(store, inspection), _today(today))


def counting_inspection(store: Store, township: str, year: int) -> str:
    """The uuid of the township's assessment of the year (how the `assessments` commands name it)."""
    check_year(year)
    tid = registers.find_township(store, township)["id"]
    c = assessment_states.counting(store, year, tid)
    if c is None:
        raise NotFound(f"{township} 在 {year} 年还没有考核检查；请先做当年的考核，或用 qinspect assessments choose 指定一份。")
    return c.inspection


def listing(store: Store, township: str, year: int, today: dt.date | None = None) -> list[DerivedItem]:
    """`assessments derived`: the derived items of the township's assessment of the year."""
    uuid = counting_inspection(store, township, year)
    found = items_of(store, inspections.load(store, uuid), today)
    if not found:
        form = inspections.summary(store, uuid)["checklist"]
        raise NotFound(f"{township} {year} 年的考核表 {form} 没有由现场检查数据计算的条目。")
    return found


def inspections_behind(store: Store, inspection: Inspection, item_id: str, today: dt.date | None = None) -> list[dict]:
    """The inspections a derived item of this assessment is counted from, as today's data have them."""
    for d in items_of(store, inspection, today):
        if d.item.id == item_id:
            return derived.inspection_rows(store, list(d.computed.inspections))
    raise NotFound(f"条目 {item_id} 不是由现场检查数据计算的条目")


def _save(store: Store, inspection: Inspection, reason: str, base: str | None = None) -> Saved:
    status = store.execute("SELECT status FROM inspections WHERE uuid = ?", (inspection.uuid,)).fetchone()
    return inspections.save(store, inspection, reason=reason if status and status[0] == COMPLETED else "",
                            base=base)


@changes(INSPECTIONS)
def refresh_inspection(store: Store, inspection_uuid: str, today: dt.date | None = None) -> Saved | None:
    """Count a draft assessment's derived answers afresh and save them as a new revision when they
    changed; None when the assessment is frozen or has no derived items."""
    with store.atomic():
        before = inspections.load(store, inspection_uuid)
        if frozen(store, inspection_uuid) or before.subject_kind != "township":
            return None
        after = with_fresh_values(store, before, today)
        if after == before:
            return None
        return _save(store, after, REFRESH_REASON)


@changes(INSPECTIONS)
def refresh(store: Store, township: str, year: int, today: dt.date | None = None) -> list[DerivedItem]:
    """`assessments refresh`: recount the township's draft assessment; refused once it is submitted."""
    uuid = counting_inspection(store, township, year)
    state = assessment_states.counting_of(store, uuid).state
    if state != DRAFT:
        raise InvalidInput(f"{township} {year} 年的考核已{STATE_LABELS[state][1:]}，由现场检查数据计算的条目已固定，"
                           "不再重新计算；要重新计算请先逐级退回到草稿（需填写原因）。")
    refresh_inspection(store, uuid, today)
    return listing(store, township, year, today)


def _number(value: Any, item: Item) -> int | float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = value
    else:
        try:
            parsed = Decimal(str(value).strip())
        except InvalidOperation:
            raise InvalidInput(f"“{value}”不是数值；条目 {item.id} 要填写数值（{item.unit}）。") from None
        if not parsed.is_finite():
            raise InvalidInput(f"“{value}”不是数值；条目 {item.id} 要填写数值（{item.unit}）。")
        number = int(parsed) if parsed == parsed.to_integral_value() else float(parsed)
    try:
        check_answer(item, number)
    except ValueError as e:
        raise InvalidInput(str(e)) from None
    return number


@changes(INSPECTIONS)
def override_inspection(store: Store, inspection_uuid: str, item_id: str, value: Any, reason: str, *,
                        base: str | None = None, today: dt.date | None = None) -> Saved:
    """An assessor's value for a derived item, with the reason kept in the answer and the audit log."""
    if not reason.strip():
        raise InvalidInput("改写由现场检查数据计算的数值需要填写原因。")
    with store.atomic():
        inspection = inspections.load(store, inspection_uuid)
        c = assessment_states.counting_of(store, inspection_uuid)
        if c is not None and c.state != DRAFT:
            raise InvalidInput(f"{c.township} {c.year} 年的考核已{STATE_LABELS[c.state][1:]}，数值已固定，不能改写；"
                               "请先逐级退回到草稿（需填写原因）。")
        found = [d for d in items_of(store, inspection, today) if d.item.id == item_id]
        if not found:
            raise NotFound(f"条目 {item_id} 不是由现场检查数据计算的条目，不能改写")
        d = found[0]
        number = _number(value, d.item)
        old = inspection.answers.get(item_id, Answer())
        changed = inspection.with_answer(item_id, replace(old, value=number, note=override_note(reason, d.computed)))
        saved = _save(store, changed, reason.strip(), base)
        if saved.revision is None:  # the same value and reason as already written
            return saved
        computed = d.computed.value
        audit.append(store, "override", ENTITY, f"{inspection_uuid}/{item_id}",
                     {"item": item_id, "value": number, "computed": None if computed is None else float(computed),
                      "numerator": d.computed.numerator, "denominator": d.computed.denominator,
                      "reason": reason.strip(), "revision": saved.revision})
    return saved


@changes(INSPECTIONS)
def override(store: Store, township: str, year: int, item_id: str, value: Any, reason: str,
             today: dt.date | None = None) -> DerivedItem:
    """`assessments override`: the township's assessment of the year, one derived item overridden."""
    uuid = counting_inspection(store, township, year)
    override_inspection(store, uuid, item_id, value, reason, today=today)
    return next(d for d in listing(store, township, year, today) if d.item.id == item_id)
