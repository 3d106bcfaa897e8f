"""The template fields of a daily-inspection form: key items (重点项), visit kinds and times, the conclusion rule."""

import pytest

from qinspect.domain.checklist import Conclusion, parse_checklist
from qinspect.errors import ChecklistError
from qinspect.paths import shipped_checklists
from qinspect.store.checklists import load_file

FORM = """
id = "daily"
version = "2009"
title = "日常检查表"
subject = "enterprise"
{top}

[[categories]]
id = "food"
max = 10

[[grades]]
name = "合格"
min = 0

[[items]]
id = "A1"
category = "food"
kind = "passfail"
points = 6
text = "条目一"
standard = "标准一"
{item}

[[items]]
id = "A2"
category = "food"
kind = "text"
text = "记录"
standard = "写明问题"
{text_item}
"""


def form(top: str = "", item: str = "key = true", text_item: str = "", tail: str = "") -> str:
    return FORM.format(top=top, item=item, text_item=text_item) + tail


def problems(text: str) -> list[str]:
    with pytest.raises(ChecklistError) as e:
        parse_checklist(text, "daily.toml")
    return [str(p) for p in e.value.problems]


def test_the_fields_are_read():
    c = parse_checklist(form('visit_kinds = ["首次", "复查", "双随机"]\nvisit_times = true',
                             tail="\n[conclusion]\nkey_max = 1\ngeneral_max = 4\n"))
    assert c.visit_kinds == ("首次", "复查", "双随机") and c.visit_times
    assert c.conclusion == Conclusion(key_max=1, general_max=4)
    assert [i.key for i in c.items] == [True, False]
    plain = parse_checklist(form(item=""))
    assert (plain.visit_kinds, plain.visit_times, plain.conclusion) == ((), False, None)


@pytest.mark.parametrize("text, says", [
    (form(item='key = "yes"'), "item A1: field key: must be true or false"),
    (form(text_item="key = true"), "item A2: field key: a text item cannot be a key item"),
    (form('visit_kinds = "首次"'), "field visit_kinds: must be a list of names"),
    (form('visit_kinds = ["首次", "首次"]'), "field visit_kinds: names a kind twice"),
    (form("visit_times = 1"), "field visit_times: must be true or false"),
    (form(tail="\n[conclusion]\nkey_max = -1\ngeneral_max = 4\n"), "field conclusion.key_max: must be a whole number"),
    (form(tail="\n[conclusion]\nkey_max = 1\n"), "field conclusion.general_max: must be a whole number"),
    (form(tail="\n[conclusion]\nkey_max = 1\ngeneral_max = 4\nlabel = 3\n"), "field conclusion.label: is not a"),
    (form(item="", tail="\n[conclusion]\nkey_max = 1\ngeneral_max = 4\n"), "needs at least one item marked key"),
])
def test_mistakes_are_refused_with_the_reason(text, says):
    found = problems(text)
    assert any(says in p for p in found), found


@pytest.mark.parametrize("key, general, vetoed, outcome", [
    (0, 0, False, "符合"),
    (1, 0, False, "基本符合"),
    (0, 4, False, "基本符合"),
    (1, 4, False, "基本符合"),
    (2, 0, False, "不符合"),
    (0, 5, False, "不符合"),
    (0, 0, True, "不符合"),
])
def test_the_conclusion_rule(key, general, vetoed, outcome):
    assert Conclusion(key_max=1, general_max=4).judge(key, general, vetoed) == outcome


def test_the_published_food_form_is_unchanged_and_its_revision_differs_only_in_the_new_fields():
    old, new = sorted((load_file(p) for p in shipped_checklists() if "enterprise-food" in p.name), key=lambda c: c.version)
    assert (old.version, new.version) == ("2009", "2009.1")
    # the 2009 text is what existing databases and inspections hold (content hash of the file)
    assert old.hash == "d8df9efad3ddc501f7071aef29cf48e036b6a2bd0bb270560759cf9f6f12485e"
    assert old.conclusion is None and not any(i.key for i in old.items)
    assert [(i.id, i.kind, i.max_points, i.standard) for i in old.items] == \
        [(i.id, i.kind, i.max_points, i.standard) for i in new.items]
    assert new.conclusion and new.visit_kinds and new.visit_times
    assert {i.id for i in new.items if i.key} == {"S01", "S05", "S06", "S09", "S10", "S14", "V01"}
