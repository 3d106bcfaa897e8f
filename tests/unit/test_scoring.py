"""The scoring engine against hand-computed tables: every item kind, every cap, not applicable."""

import pytest

from qinspect.domain.checklist import parse_checklist
from qinspect.domain.scoring import AnswerError, score

TEMPLATE = """
id = "t"
version = "2009"
title = "测试考核表"
subject = "township"
bonus_max = 5
title_threshold = 60

[[categories]]
id = "brand"
max = 10
[[categories]]
id = "foundation"
max = 20
[[categories]]
id = "food"
max = 30

[[grades]]
name = "优秀"
min = 55
[[grades]]
name = "合格"
min = 30
[[grades]]
name = "不合格"
min = 0

[[items]]
id = "PF"
category = "brand"
kind = "passfail"
points = 4
allow_na = true
text = "符合性条目"
standard = "符合得 4 分"

[[items]]
id = "TI"
category = "brand"
kind = "tiered"
text = "分档条目"
standard = "好 8 分，中 5 分，差 0 分"
tiers = [{label = "好", points = 8}, {label = "中", points = 5}, {label = "差", points = 0}]

[[items]]
id = "QH"
category = "foundation"
kind = "quantity"
unit = "%"
text = "合格率"
standard = ">=95% 得 10 分，>=90% 得 6 分"
thresholds = [{at_least = 95, points = 10}, {at_least = 90, points = 6}]

[[items]]
id = "QL"
category = "foundation"
kind = "quantity"
unit = "起"
lower_is_better = true
allow_na = true
text = "事故起数"
standard = "0 起得 10 分，不超过 2 起得 4 分"
thresholds = [{at_most = 0, points = 10}, {at_most = 2, points = 4}]

[[items]]
id = "DE"
category = "food"
kind = "deduction"
points = 30
per = 4
text = "扣分条目"
standard = "每发现一处问题扣 4 分，扣完为止"

[[items]]
id = "B1"
category = "food"
kind = "bonus"
points = 3
per = 2
text = "名牌产品"
standard = "每个加 2 分，最多 3 分"

[[items]]
id = "B2"
category = "food"
kind = "bonus"
points = 4
per = 1
text = "质量奖"
standard = "每项加 1 分，最多 4 分"

[[items]]
id = "VE"
category = "food"
kind = "veto"
text = "重大事故"
standard = "发生重大质量安全事故的取消评选资格"

[[items]]
id = "TX"
category = "food"
kind = "text"
text = "主要问题"
standard = "文字记录"

[[items]]
id = "PH"
category = "food"
kind = "photo"
text = "现场照片"
standard = "照片"
"""

T = parse_checklist(TEMPLATE, "t.toml")
H = "ab" * 32

# answers, brand, foundation, food, bonus, total, grade, eligible, open required
CASES = [
    # all best: brand capped 12 -> 10, foundation 20, food 30, bonus 2*2=4 capped 3 + 4 -> 7 capped 5
    (dict(PF="pass", TI=0, QH=99.5, QL=0, DE=0, B1=2, B2=4, VE="pass", TX="好", PH=[H]),
     10, 20, 30, 5, 65, "优秀", True, []),
    # fail / lowest tier / below every threshold / deductions beyond the floor
    (dict(PF="fail", TI=2, QH=80, QL=3, DE=9, B1=0, B2=0, VE="pass"),
     0, 0, 0, 0, 0, "不合格", False, []),
    # middle tier, thresholds exactly at their bounds, 2 findings
    (dict(PF="pass", TI=1, QH=90, QL=2, DE=2, VE="pass"),
     9, 10, 22, 0, 41, "合格", False, []),
    # brand without the cap: 4 + 5 = 9; foundation 6 + 4; food 30 - 4*3 = 18; bonus 2 + 1
    (dict(PF="pass", TI=1, QH=94.9, QL=1, DE=3, B1=1, B2=1, VE="pass"),
     9, 10, 18, 3, 40, "合格", False, []),
    # not applicable PF: brand = 5 * 12/8 = 7.5; not applicable QL: foundation = 10 * 20/10 = 20
    (dict(PF="na", TI=1, QH=95, QL="na", DE=0, VE="pass"),
     7.5, 20, 30, 0, 57.5, "优秀", False, []),
    # not applicable with the cap: brand 8 * 12/8 = 12 -> capped 10
    (dict(PF="na", TI=0, QH=95, QL=0, DE=0, B1=1, VE="pass"),
     10, 20, 30, 2, 62, "优秀", True, []),
    # a failed veto removes eligibility and puts the grade in the lowest band whatever the total
    (dict(PF="pass", TI=0, QH=99, QL=0, DE=0, B2=4, VE="fail"),
     10, 20, 30, 4, 64, "不合格", False, []),
    # open items score nothing and are listed; bonus, text and photo are never required
    (dict(TI=0, QH=96),
     8, 10, 0, 0, 18, "不合格", False, ["PF", "QL", "DE", "VE"]),
    # the worked example of docs/scoring.md
    (dict(PF="na", TI=1, QH=95, QL=0, DE=2, B1=1, B2=1, VE="pass"),
     7.5, 20, 22, 3, 52.5, "合格", False, []),
    # rounding half up to two decimals: 5 * 12/8 ... with PF na and TI middle, QH 6 and QL na -> 12
    (dict(PF="na", TI=1, QH=91, QL="na", DE=1, VE="pass"),
     7.5, 12, 26, 0, 45.5, "合格", False, []),
]


@pytest.mark.parametrize("answers,brand,foundation,food,bonus,total,grade,eligible,open_", CASES)
def test_hand_computed(answers, brand, foundation, food, bonus, total, grade, eligible, open_):
    r = score(T, answers)
    assert {c.id: c.score for c in r.categories} == {"brand": brand, "foundation": foundation, "food": food}
    assert r.bonus == bonus
    assert r.total == total
    assert r.grade == grade
    assert r.eligible is eligible
    assert r.open_required == open_


def test_item_scores_and_statuses():
    r = score(T, dict(PF="na", TI=1, QH=92, DE=5, B1=3, VE="fail", TX="记录"))
    assert r.items["PF"].status == "na"
    assert (r.items["TI"].points, r.items["TI"].max) == (5, 8)
    assert r.items["QH"].points == 6
    assert r.items["QL"].status == "open"
    assert r.items["DE"].points == 10  # 30 - 5*4
    assert r.items["B1"].points == 3  # 3*2 = 6 capped at the item's 3
    assert r.items["VE"].status == "veto-fail"
    assert r.items["TX"].status == "info"
    assert r.vetoed == ["VE"]


def test_category_where_nothing_applies_keeps_its_full_marks():
    r = score(T, dict(PF="na", TI=0, QH=95, QL=0, DE=0, VE="pass"))
    # TI still applies; make a template-level check with both brand items NA impossible (TI has no NA)
    assert r.categories[0].score == 10
    t2 = parse_checklist(TEMPLATE.replace('tiers = [', 'allow_na = true\ntiers = [', 1), "t2.toml")
    r2 = score(t2, dict(PF="na", TI="na", QH=95, QL=0, DE=0, VE="pass"))
    assert r2.categories[0].score == 10  # full 12 capped at 10
    assert r2.categories[0].applicable == 0


@pytest.mark.parametrize("answers,message", [
    (dict(TI=3), "tier"),
    (dict(TI="na"), "not applicable"),
    (dict(PF="yes"), "pass or fail"),
    (dict(QH="ninety"), "number"),
    (dict(DE=-1), "count"),
    (dict(B1=1.5), "count"),
    (dict(VE="na"), "not applicable"),
    (dict(PH=["short"]), "evidence"),
    (dict(TX=5), "text"),
    (dict(ZZ="pass"), "not in t@2009"),
])
def test_wrong_answers_are_refused(answers, message):
    with pytest.raises(AnswerError, match=message):
        score(T, answers)


def test_shipped_township_form_scores_within_its_maximum():
    from qinspect.paths import resource
    form = parse_checklist(resource("checklists", "township-assessment-2009.toml").read_text("utf-8"))
    assert form.max_total == 100
    best = {}
    for it in form.items:
        k = it.kind.value
        best[it.id] = {"passfail": "pass", "veto": "pass", "tiered": 0, "deduction": 0, "bonus": 99,
                       "text": "ok", "photo": []}.get(k)
        if k == "quantity":
            best[it.id] = it.thresholds[0].bound
    r = score(form, best)
    assert r.total == 100 + form.bonus_max
    assert r.eligible is True and r.grade == form.grades[0].name


def test_the_same_answers_score_by_each_checklists_own_items_and_again_the_same():
    """Scores of (item, answer) pairs are remembered across inspections: never across two checklists
    whose items share ids, nor between answers that compare equal but differ in type (1 and True)."""
    answers = dict(PF="pass", TI=1, QH=95, QL=0, DE=1, B1=1, B2=1, VE="pass")
    first = score(T, answers)
    richer = parse_checklist(TEMPLATE.replace("points = 4\n", "points = 9\n", 1).replace('max = 10', 'max = 20', 1),
                             "richer.toml")
    assert score(richer, answers).items["PF"].points == 9
    assert score(T, answers) == first  # the remembered scores give the very same result
    assert score(T, dict(answers)).items["PF"].points == 4
    with pytest.raises(AnswerError):
        score(T, {**answers, "DE": True})  # equal to 1, but not a count
