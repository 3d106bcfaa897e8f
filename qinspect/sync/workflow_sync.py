"""The assessment workflow's steps and rectifications closed by hand, carried in bundles and merged order-free.

Export: a bundle of this laptop's changes carries the steps and hand closures made on this
installation; `--all` and a bureau's set-up bundle carry every one it holds (a set-up bundle,
those of its townships). Import: every step is kept in the history, with an audit entry as
for a step taken here; the state of a township's yearly assessment is that of the latest step
taken on its counting inspection, by the step's own time, then device id, then the device's own
step number, then step id, a score of another revision than the head counting as 已提交 — so the
same steps and revisions give the same state in whatever order they arrive. A hand closure for a
rectification already closed keeps the earlier of the two (by closing date, then time, then
device). See docs/bundles.md and docs/scoring.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from qinspect.domain.assessments import next_state
from qinspect.errors import BundleRefused
from qinspect.store import audit, identity
from qinspect.store.assessment_states import ENTITY, entity_id, settle
from qinspect.store.db import Store
from qinspect.sync import bundle

if TYPE_CHECKING:  # importing.py calls this module
    from qinspect.sync.importing import BundleOutcome, _BundleImport

_STEPS = ("SELECT s.id, s.year, t.uuid AS township, s.inspection_uuid AS inspection, s.from_state AS \"from\", "
          "s.to_state AS \"to\", s.by_user AS by, s.at, s.note, s.device_id AS device, s.seq, s.revision FROM assessment_steps s "
          "JOIN townships t ON t.id = s.township_id")
_CLOSURES = ("SELECT x.inspection_uuid AS inspection, x.item_id AS item, x.closed_on, x.closed_at, x.closed_by AS by, "
             "x.reason, x.evidence, x.device_id AS device FROM rectification_closures x "
             "JOIN inspections i ON i.uuid = x.inspection_uuid WHERE x.follow_up IS NULL")


def _selection(store: Store, scope: str, townships: set[int] | None) -> tuple[str, str, list]:
    """The WHERE parts choosing the steps and the closures a bundle of this scope carries."""
    if scope == "changes":
        return " WHERE s.device_id = ?", " AND x.device_id = ?", [store.device_id]
    if scope == "setup" and townships is not None:
        marks = ", ".join("?" * len(townships))
        return f" WHERE s.township_id IN ({marks})", f" AND i.township_id IN ({marks})", sorted(townships)
    return "", "", []


def records(store: Store, scope: str, townships: set[int] | None = None) -> Iterator[dict]:
    """The workflow member's records: steps in the order they were taken, then hand closures."""
    steps, closures, args = _selection(store, scope, townships)
    for row in store.query(_STEPS + steps + " ORDER BY s.at, s.device_id, s.seq, s.id", args):
        yield bundle.step_record(row)
    for row in store.query(_CLOSURES + closures + " ORDER BY x.inspection_uuid, x.item_id", args):
        yield bundle.closure_record(row)


def evidence_refs(store: Store, scope: str, townships: set[int] | None = None) -> set[str]:
    """The evidence the carried hand closures point at: it travels with them."""
    _, closures, args = _selection(store, scope, townships)
    return {r[0] for r in store.execute(f"SELECT evidence FROM ({_CLOSURES + closures}) WHERE evidence IS NOT NULL",
                                        args)}


def unsent(store: Store) -> bool:
    """Whether a step or hand closure was made here since this installation's last export."""
    last = store.execute("SELECT max(at) FROM bundles WHERE direction = 'export' AND device_id = ?",
                         (store.device_id,)).fetchone()[0] or ""
    return store.execute(
        "SELECT EXISTS (SELECT 1 FROM assessment_steps WHERE device_id = ?1 AND at >= ?2) OR EXISTS (SELECT 1 FROM "
        "rectification_closures WHERE follow_up IS NULL AND device_id = ?1 AND closed_at >= ?2)",
        (store.device_id, last)).fetchone()[0] == 1


class Receiver:
    """Takes one bundle's workflow records into the database, counting them in its outcome."""

    def __init__(self, store: Store, outcome: "BundleOutcome", inspections: "_BundleImport"):
        """`inspections` is the bundle's importer of revisions (importing._BundleImport)."""
        self.store, self.out, self.inspections = store, outcome, inspections
        self.bundle_id = inspections.manifest.bundle_id

    def add(self, rec: dict) -> None:
        # the bundle's last inspection is settled first, so a step's assessment row is there before it
        self.inspections.settle_inspection()
        (self.step if rec["type"] == "step" else self.closure)(rec)

    def step(self, rec: dict) -> None:
        store = self.store
        if store.execute("SELECT 1 FROM assessment_steps WHERE id = ?", (rec["id"],)).fetchone():
            return
        township_id = identity.row_id(store, "township", rec["township"])
        if township_id is None:
            raise BundleRefused(f"数据包中 {rec['year']} 年考核的一个步骤所属的乡镇不在本机登记册中；"
                                "请先导入主管的设置数据包，再导入这个数据包。")
        store.execute("INSERT INTO assessment_steps(id, year, township_id, inspection_uuid, from_state, to_state, "
                      "by_user, at, note, device_id, seq, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      (rec["id"], rec["year"], township_id, rec["inspection"], rec["from"], rec["to"], rec["by"],
                       rec["at"], rec["note"], rec["device"], rec["seq"], rec["revision"]))
        back = next_state(rec["from"]) != rec["to"]  # as a step taken here: a step back is logged as "back"
        current = settle(store, rec["year"], township_id)
        audit.append(store, "back" if back else rec["to"], ENTITY, entity_id(store, rec["year"], township_id), {
            "year": rec["year"], "inspection": rec["inspection"], "from": rec["from"], "to": rec["to"],
            ("reason" if back else "note"): rec["note"], "at": rec["at"], "device": rec["device"], "step": rec["id"],
            "bundle": self.bundle_id, "current": current}, user=rec["by"])
        self.out.steps_taken += 1

    def closure(self, rec: dict) -> None:
        store = self.store
        if not store.execute("SELECT 1 FROM inspections WHERE uuid = ?", (rec["inspection"],)).fetchone():
            return  # its inspection is not here: the closure comes again with the sender's next bundle
        if rec["evidence"] is not None and not store.execute("SELECT 1 FROM evidence WHERE sha256 = ?",
                                                             (rec["evidence"],)).fetchone():
            raise BundleRefused(f"数据包中检查 {rec['inspection'][:10]} 条目 {rec['item']} 的整改关闭所附证据不在包中；"
                                "数据包不完整，已拒绝。")
        held = store.execute("SELECT closed_on, closed_at, device_id FROM rectification_closures "
                             "WHERE inspection_uuid = ? AND item_id = ?", (rec["inspection"], rec["item"])).fetchone()
        if held is not None and tuple(held) <= (rec["closed_on"], rec["closed_at"], rec["device"]):
            return  # closed here as early or earlier (or this very closure, imported before): kept
        if held is not None:
            store.execute("DELETE FROM rectification_closures WHERE inspection_uuid = ? AND item_id = ?",
                          (rec["inspection"], rec["item"]))
        store.execute("INSERT INTO rectification_closures(inspection_uuid, item_id, closed_on, closed_at, closed_by, "
                      "follow_up, reason, evidence, device_id) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)",
                      (rec["inspection"], rec["item"], rec["closed_on"], rec["closed_at"], rec["by"], rec["reason"],
                       rec["evidence"], rec["device"]))
        audit.append(store, "close", "rectification", f"{rec['inspection']}/{rec['item']}", {
            "reason": rec["reason"], "evidence": rec["evidence"], "closed_on": rec["closed_on"],
            "device": rec["device"], "bundle": self.bundle_id, "replaces": None if held is None else held[0]},
            user=rec["by"])
        self.out.closures_taken += 1
