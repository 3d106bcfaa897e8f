"""Comparing two checklist versions item by item, matched by their stable item ids.

Coordinators revise the forms every year; before installing a new year's file they want to
see what was added, what was dropped, and which items changed their text, standard, points or
tiers. Item ids are stable across versions (docs/checklists.md), so an item is the same item
whatever its position in the form.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from qinspect.domain.checklist import Checklist, Item

# Item fields by the name a coordinator reads in the comparison.
FIELD_LABELS = {
    "category": "类别", "text": "内容", "standard": "评分标准", "kind": "类型", "points": "分值",
    "tiers": "分档", "thresholds": "定量档次", "lower_is_better": "越低越好", "unit": "单位",
    "per": "每项分值", "allow_na": "可不适用", "required": "必答", "added": "新增年份",
    "derive": "由现场检查数据计算",
    "min": "下限", "max": "上限", "decimals": "可填小数",
}
# Fields of the form as a whole, compared besides its items.
FORM_FIELDS = {
    "title": "标题", "subject": "检查对象", "categories": "类别满分", "grades": "等级",
    "bonus_max": "加分上限", "title_threshold": "称号分数线",
}
_ITEM_FIELDS = [f.name for f in dataclasses.fields(Item) if f.name != "id"]


@dataclass(frozen=True)
class ItemChange:
    item: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class ChecklistDiff:
    old: str
    new: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[ItemChange, ...] = ()
    form: tuple[str, ...] = field(default=())  # form-level fields that differ

    @property
    def same(self) -> bool:
        return not (self.added or self.removed or self.changed or self.form)

    def as_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "added": list(self.added), "removed": list(self.removed),
                "changed": [{"item": c.item, "fields": list(c.fields)} for c in self.changed],
                "form": list(self.form)}


def diff_checklists(old: Checklist, new: Checklist) -> ChecklistDiff:
    """What changed from `old` to `new`: items in the new form's order, then removed ones in the old's."""
    before = {it.id: it for it in old.items}
    after = {it.id: it for it in new.items}
    changed = []
    for item_id, it in after.items():
        if item_id in before:
            fields = tuple(f for f in _ITEM_FIELDS if getattr(before[item_id], f) != getattr(it, f))
            if fields:
                changed.append(ItemChange(item_id, fields))
    return ChecklistDiff(
        old=old.ref, new=new.ref,
        added=tuple(i for i in after if i not in before),
        removed=tuple(i for i in before if i not in after),
        changed=tuple(changed),
        form=tuple(f for f in FORM_FIELDS if getattr(old, f) != getattr(new, f)),
    )


def describe(diff: ChecklistDiff, old: Checklist, new: Checklist) -> list[str]:
    """The comparison as lines a coordinator reads, in Chinese."""
    if diff.same:
        return [f"{diff.old} 与 {diff.new} 的检查内容相同。"]
    lines = [f"{diff.old} → {diff.new}：新增 {len(diff.added)} 项，删除 {len(diff.removed)} 项，"
             f"修改 {len(diff.changed)} 项。"]
    lines += [f"新增 {i}：{new.item(i).text}" for i in diff.added]
    lines += [f"删除 {i}：{old.item(i).text}" for i in diff.removed]
    lines += [f"修改 {c.item}（{'、'.join(FIELD_LABELS.get(f, f) for f in c.fields)}）：{new.item(c.item).text}"
              for c in diff.changed]
    if diff.form:
        lines.append("表头修改：" + "、".join(FORM_FIELDS[f] for f in diff.form))
    return lines
