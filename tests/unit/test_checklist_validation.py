"""Strict template validation: every mistake is reported with file, item id, field and why."""

import pytest

from qinspect.domain.checklist import parse_checklist
from qinspect.errors import ChecklistError

BASE = """
id = "demo-form"
version = "2009"
title = "演示检查表"
subject = "enterprise"
bonus_max = 2

[[categories]]
id = "food"
max = 10

[[grades]]
name = "合格"
min = 6
[[grades]]
name = "不合格"
min = 0

[[items]]
id = "A1"
category = "food"
kind = "tiered"
text = "条目一"
standard = "标准一"
tiers = [{label = "好", points = 6}, {label = "差", points = 0}]

[[items]]
id = "A2"
category = "food"
kind = "passfail"
points = 4
text = "条目二"
standard = "标准二"

[[items]]
id = "A3"
category = "food"
kind = "bonus"
points = 2
per = 1
text = "加分"
standard = "每项 1 分"
"""


def problems(text: str) -> list[tuple]:
    with pytest.raises(ChecklistError) as exc:
        parse_checklist(text, "form.toml")
    return [(p.source, p.item, p.field, p.why) for p in exc.value.problems]


def test_base_is_valid():
    c = parse_checklist(BASE, "form.toml")
    assert c.ref == "demo-form@2009"
    assert [i.id for i in c.items] == ["A1", "A2", "A3"]
    assert len(c.hash) == 64


@pytest.mark.parametrize("old,new,item,field,why", [
    ('version = "2009"', 'version = "09"', None, "version", "four-digit year"),
    ('subject = "enterprise"', 'subject = "factory"', None, "subject", "not one of"),
    ('id = "demo-form"', 'id = "演示"', None, "id", "must start with a letter"),
    ('title = "演示检查表"', 'title = ""', None, "title", "must not be empty"),
    ('bonus_max = 2', 'bonus_max = 2\ncolour = "red"', None, "colour", "not a template field"),
    ('id = "food"', 'id = "drinks"', None, "categories[1].id", "not one of"),
    ('max = 10', 'max = 0', None, "categories[1].max", "above 0"),
    ('min = 6', 'min = -1', None, "grades", "highest min to the lowest"),
    ('min = 0', 'min = 1', None, "grades", "last band must start at min = 0"),
    ('kind = "tiered"', 'kind = "stars"', "A1", "kind", "not one of"),
    ('standard = "标准二"', '', "A2", "standard", "is missing"),
    ('text = "条目二"', 'text = "  "', "A2", "text", "must not be empty"),
    ('id = "A2"', 'id = "A1"', "A1", "id", "unique"),
    ('{label = "好", points = 6}, {label = "差", points = 0}', '{label = "差", points = 0}, {label = "好", points = 6}',
     "A1", "tiers", "out of order"),
    ('{label = "好", points = 6}, {label = "差", points = 0}', '{label = "好", points = 6}', "A1", "tiers",
     "at least two"),
    ('points = 4', 'points = 11', "A2", "points", "above the cap of 10"),
    ('points = 4', 'points = "four"', "A2", "points", "must be a number"),
    ('points = 2\nper = 1', 'points = 3\nper = 1', "A3", "points", "above the template's bonus_max"),
    ('points = 2\nper = 1', 'points = 2\nper = 5', "A3", "per", "more than the item's"),
    ('category = "food"\nkind = "passfail"', 'category = "brand"\nkind = "passfail"', "A2", "category",
     "not a category of this template"),
    ('kind = "passfail"\npoints = 4', 'kind = "passfail"\npoints = 4\nallow_na = "yes"', "A2", "allow_na",
     "true or false"),
    ('kind = "passfail"\npoints = 4', 'kind = "passfail"\npoints = 4\ntiers = []', "A2", "tiers", "does not belong"),
    ('kind = "passfail"\npoints = 4', 'kind = "passfail"\npoints = 4\nweight = 2', "A2", "weight",
     "not an item field"),
    ('kind = "bonus"', 'kind = "bonus"\nallow_na = true', "A3", "allow_na", "cannot be not applicable"),
    ('bonus_max = 2', 'bonus_max = 0', None, "bonus_max", "above 0 when the template has bonus items"),
])
def test_each_mistake_is_named(old, new, item, field, why):
    assert old in BASE
    found = problems(BASE.replace(old, new, 1))
    assert any(p[0] == "form.toml" and p[1] == item and p[2] == field and why in p[3] for p in found), found


def test_quantity_items_need_ordered_thresholds_and_a_unit():
    q = BASE.replace('kind = "passfail"\npoints = 4', 'kind = "quantity"\nthresholds = [{at_least = 80, points = 2}, '
                     '{at_least = 90, points = 4}]')
    found = problems(q)
    assert ("form.toml", "A2", "thresholds", "are out of order: start at the highest at_least with the most points") \
        in found
    assert ("form.toml", "A2", "unit", "is missing (a quantitative item names its unit)") in found


def quantity(unit: str, extra: str = "", thresholds: str = "{at_least = 90, points = 4}") -> str:
    return BASE.replace('kind = "passfail"\npoints = 4',
                        f'kind = "quantity"\nunit = "{unit}"\nthresholds = [{thresholds}]\n{extra}', 1)


@pytest.mark.parametrize("unit, extra, expected", [
    ("%", "", (0, 100, True)),  # the unit's default
    ("指数", "", (0, 100, True)),
    ("起", "", (0, None, False)),
    ("万元", "", (None, None, True)),  # a unit without a default: no limit
    ("%", "max = 150", (0, 150, True)),  # a declared limit wins, the other stays the unit's
    ("起", "decimals = true\nmax = 99.5", (0, 99.5, True)),
    ("℃", "min = -40\nmax = 120\ndecimals = false", (-40, 120, False)),
])
def test_a_quantity_range_is_declared_or_the_default_of_its_unit(unit, extra, expected):
    it = parse_checklist(quantity(unit, extra), "form.toml").item("A2")
    assert (it.min, it.max, it.decimals) == expected


@pytest.mark.parametrize("unit, extra, field, why", [
    ("%", "min = 90\nmax = 10", "min", "90 is above max 10"),
    ("%", "max = \"百\"", "max", "must be a number"),
    ("%", "decimals = 1", "decimals", "must be true or false"),
    ("起", "max = 2.5", "max", "2.5 is not a whole number, and the item takes no decimals"),
    ("%", "max = 80", "thresholds[1]", "90 is outside the item's range 0..80, so it is never reached"),
    ("万元", "min = 95", "thresholds[1]", "90 is outside the item's range 95.., so it is never reached"),
])
def test_a_wrong_range_is_named(unit, extra, field, why):
    assert ("form.toml", "A2", field, why) in problems(quantity(unit, extra))


@pytest.mark.parametrize("key", ["min = 0", "max = 5", "decimals = false"])
def test_only_a_quantity_has_a_range(key):
    found = problems(BASE.replace('kind = "passfail"\npoints = 4', f'kind = "passfail"\npoints = 4\n{key}', 1))
    assert ("form.toml", "A2", key.split()[0], "does not belong to a passfail item") in found


def test_bad_toml_is_reported_with_its_file():
    found = problems("id = [")
    assert found[0][0] == "form.toml" and "not valid TOML" in found[0][3]


def test_township_forms_need_a_title_threshold():
    found = problems(BASE.replace('subject = "enterprise"', 'subject = "township"'))
    assert (None, "title_threshold") in [(p[1], p[2]) for p in found]


def test_all_problems_are_reported_at_once():
    text = BASE.replace('kind = "tiered"', 'kind = "stars"').replace('points = 4', 'points = 40')
    found = problems(text)
    assert {("A1", "kind"), ("A2", "points")} <= {(p[1], p[2]) for p in found}
