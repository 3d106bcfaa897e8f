"""Open conflicts: list them with the revisions on each side, and resolve one by keeping a side or picking per item.

The core (which versions are open, how a resolution is written) is sync.conflicts; this is
what the CLI and the window ask for, with revisions named by their first characters as a
person copies them from `conflicts list`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from qinspect.operations.changes import INSPECTIONS, changes
from qinspect.errors import InvalidInput
from qinspect.store import inspections
from qinspect.store.db import Store
from qinspect.sync import conflicts

MIN_PREFIX = 6


def list_open(store: Store) -> list[dict]:
    """Every inspection with an open conflict, oldest first, with its sides (the shown head first)."""
    result = []
    for c in conflicts.open_conflicts(store):
        sides = conflicts.sides(store, c.inspection_uuid)
        answers = [s.inspection.answers for s in sides]
        differs = sorted(item for item in set().union(*answers) if len({repr(a.get(item)) for a in answers}) > 1)
        result.append({
            "inspection": c.inspection_uuid, "subject": c.subject, "township": c.township, "checklist": c.checklist,
            "date": c.date, "found_at": c.found_at, "differs": differs,
            "sides": [{"revision": s.revision, "head": s.is_head, "device_id": s.device_id, "device": s.device_name,
                       "author": s.author, "created_at": s.created_at, "reason": s.reason,
                       "date": s.inspection.date, "inspector": s.inspection.inspector,
                       "status": s.inspection.status} for s in sides],
        })
    return result


@dataclass(frozen=True)
class Resolved:
    inspection: str
    revision: str
    kept: str
    picked: dict[str, str]

    def describe(self) -> str:
        picked = f"，{len(self.picked)} 个条目取自其他版本" if self.picked else ""
        return f"检查 {self.inspection} 的冲突已解决：保留版本 {self.kept[:10]}{picked}，新修订 {self.revision}。"

    def as_dict(self) -> dict:
        return {"inspection": self.inspection, "revision": self.revision, "kept": self.kept, "picked": self.picked}


@changes(INSPECTIONS)
def resolve(store: Store, inspection: str, keep: str | None = None, items: Mapping[str, str] | None = None,
            reason: str = "") -> Resolved:
    """Keep side `keep` (the shown head when None), taking the answers of `items` from the sides they name."""
    if keep is None and not items:
        raise InvalidInput("请用 --keep 指定保留的版本，或用 --item 条目=版本 逐条选择。")
    uuid = inspections.find_uuid(store, inspection)
    sides = conflicts.sides(store, uuid)
    if len(sides) < 2:
        raise InvalidInput(f"检查 {uuid} 没有待解决的冲突。")
    revisions = [s.revision for s in sides]
    kept = sides[0].revision if keep is None else _side(revisions, keep)
    picked = {item: _side(revisions, rev) for item, rev in (items or {}).items()}
    picked = {item: rev for item, rev in picked.items() if rev != kept}
    revision = conflicts.resolve(store, uuid, kept, picked, reason=reason)
    return Resolved(uuid, revision, kept, picked)


def _side(revisions: list[str], text: str) -> str:
    text = text.strip().lower()
    if len(text) < MIN_PREFIX:
        raise InvalidInput(f"版本编号“{text}”太短：至少写前 {MIN_PREFIX} 位（见 qinspect conflicts list）。")
    found = [r for r in revisions if r.startswith(text)]
    if len(found) != 1:
        raise InvalidInput(f"“{text}”不是这份检查的待定版本之一；可选：{'、'.join(r[:10] for r in revisions)}。")
    return found[0]
