"""The catalogue of derivations, the template's `derive` field and how a derived value is written."""

from __future__ import annotations

from decimal import Decimal

import pytest

from qinspect.cli import main
from qinspect.domain.checklist import parse_checklist
from qinspect.domain.checklist_diff import diff_checklists
from qinspect.domain.derived import (
    CATALOGUE, COUNT, DERIVED, OVERRIDDEN, Derived, override_note, override_reason, source,
)
from qinspect.errors import ChecklistError
from qinspect.paths import resource

FORM = resource("checklists", "township-assessment-2009.1.toml").read_text(encoding="utf-8")
VILLAGE = resource("checklists", "village-network-2009.toml").read_text(encoding="utf-8")


def problems(text: str) -> list[tuple]:
    with pytest.raises(ChecklistError) as e:
        parse_checklist(text, "form.toml")
    return [(p.item, p.field, p.why) for p in e.value.problems]


def test_the_shipped_2009_1_form_derives_five_items_and_keeps_the_category_maxima():
    form = parse_checklist(FORM)
    old = parse_checklist(resource("checklists", "township-assessment-2009.toml").read_text(encoding="utf-8"))
    assert {i.id: i.derive for i in form.items if i.derive} == {
        "F09": "village_network_pass_rate", "P01": "product_pass_rate", "P06": "enterprise_coverage",
        "S06": "food_inspections_per_100", "E07": "overdue_rectifications"}
    assert [(c.id, c.max) for c in form.categories] == [(c.id, c.max) for c in old.categories]
    for category in form.categories:  # each category's items still add up to its maximum, as in 2009
        assert sum(i.max_points for i in form.items_of(category.id) if i.kind.value not in ("bonus", "veto")) == \
            sum(i.max_points for i in old.items_of(category.id) if i.kind.value not in ("bonus", "veto"))
    for item in form.items:
        if item.derive:
            assert item.unit == CATALOGUE[item.derive].unit and "由现场检查数据计算" in item.standard


@pytest.mark.parametrize("change, where", [
    (('derive = "product_pass_rate"', 'derive = "pass_rate"'), ("P01", "derive", "'pass_rate' is not one of")),
    (('unit = "%"\nderive = "product_pass_rate"', 'unit = "批次"\nderive = "product_pass_rate"'),
     ("P01", "unit", "must be '%'")),
    (('derive = "product_pass_rate"\nallow_na = true\n', 'derive = "product_pass_rate"\n'),
     ("P01", "allow_na", "must be true")),
])
def test_validation_refuses_a_wrong_derive(change, where):
    old, new = change
    assert old in FORM
    found = problems(FORM.replace(old, new, 1))
    assert any(p[:2] == where[:2] and where[2] in p[2] for p in found), found


def test_derive_only_on_quantity_items_of_township_forms():
    tiered = FORM.replace('text = "建立和完善乡镇(街道)质量工作激励政策"',
                          'derive = "enterprise_coverage"\ntext = "建立和完善乡镇(街道)质量工作激励政策"', 1)
    assert ("B03", "derive", "only a quantity item can be derived, not a tiered item") in problems(tiered)
    village = VILLAGE.replace('id = "F02"\n', 'id = "F02"\nderive = "overdue_rectifications"\n', 1)
    assert any(p[:2] == ("F02", "derive") and "township" in p[2] for p in problems(village))


def test_values_are_rounded_half_up_and_nothing_to_count_is_not_applicable():
    share = Derived("product_pass_rate", 2, 3, ("a", "b", "c"))
    assert share.value == Decimal("66.67") and share.answer_value == 66.67
    assert Derived("product_pass_rate", 1, 8, ()).value == Decimal("12.50")
    assert Derived("food_inspections_per_100", 27, 20, ()).value == Decimal("135.00")
    assert Derived("product_pass_rate", 0, 0, ()).answer_value == "na"
    count = Derived("overdue_rectifications", 7, None, ("a",))
    assert count.derivation.form == COUNT and count.answer_value == 7 and isinstance(count.answer_value, int)
    assert source(share.note()) == DERIVED and "2 / 已完成的检查 3" in share.note()
    note = override_note("县局报告为准（含复检）", share)
    assert source(note) == OVERRIDDEN and override_reason(note) == "县局报告为准（含复检）"
    assert "计算值 66.67" in note and source("现场发现问题") is None


def test_every_catalogue_entry_says_how_it_is_counted():
    for d in CATALOGUE.values():
        assert d.label and d.explanation.endswith("。") and d.unit and d.numerator
        assert (d.form == COUNT) == (d.denominator == "")


def test_checklists_validate_names_the_item(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(FORM.replace('derive = "enterprise_coverage"', 'derive = "coverage"', 1), encoding="utf-8")
    assert main(["checklists", "validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "P06" in err and "derive" in err and "coverage" in err


def test_the_2009_1_form_differs_from_2009_by_the_derived_items_only():
    old = parse_checklist(resource("checklists", "township-assessment-2009.toml").read_text(encoding="utf-8"))
    d = diff_checklists(old, parse_checklist(FORM))
    assert sorted(d.added) == ["E07", "F09", "P06", "S06"] and sorted(d.removed) == \
        ["E06", "F06", "P05", "S04"]
    assert [(c.item, set(c.fields)) for c in d.changed] == [("P01", {"standard", "allow_na", "derive"})]
    assert d.form == ()  # categories' maxima, grades, bonus ceiling and title threshold as in 2009
