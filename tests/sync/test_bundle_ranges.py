"""A bundle whose revision holds a quantity outside its item's range (written by a program from before
ranges, or by hand) is refused whole, in one sentence naming the item, the value and the range."""

from __future__ import annotations

from qinspect.domain.records import Answer
from qinspect.store import inspections as store_inspections
from qinspect.sync.exporting import export_bundle
from tests.sync.helpers import village_inspection
from tests.sync.test_refusals import refuse


def test_a_revision_outside_the_range_refuses_the_bundle_and_changes_nothing(office, monkeypatch):
    laptop = office.laptop("甲")
    village_inspection(laptop, office.ids["village1"])  # a sound inspection in the same bundle
    with monkeypatch.context() as older_program:  # a laptop that has no ranges yet saves 101.6 %
        older_program.setattr(store_inspections, "check_answers", lambda checklist, inspection: [])
        village_inspection(laptop, office.ids["village2"], answers={"F01": "pass", "F11": Answer(101.6)})
    path = export_bundle(laptop, office.folder / "older.qib").path
    refuse(office, path, r"的答案不符合检查表 village-network@2009（F11 协管员信息按时报送率 的数值 101\.6 "
                         r"超出允许范围（0 至 100）），已拒绝。$", sound=True)
