"""The kinds table, kind by kind: scoring, accepted and refused answers, paper cells, sheet words, editor offers."""

import random
from decimal import Decimal

import pytest

from qinspect.domain import item_kinds as kinds
from qinspect.domain.item_kinds import FAIL, KINDS, NA, PASS, AnswerError, CellError, ItemKind, Words
from qinspect.domain.scoring import item_points
from tests.unit.test_scoring import T

# The template of the scoring tables has an item of every kind.
FORM = T
KIND_OF = {"PF": ItemKind.PASSFAIL, "TI": ItemKind.TIERED, "QH": ItemKind.QUANTITY, "QL": ItemKind.QUANTITY,
           "DE": ItemKind.DEDUCTION, "B1": ItemKind.BONUS, "B2": ItemKind.BONUS, "VE": ItemKind.VETO,
           "TX": ItemKind.TEXT, "PH": ItemKind.PHOTO}
HASH = "ab" * 32


def item(item_id):
    return FORM.item(item_id)


def test_every_kind_has_its_rules_and_the_template_covers_them():
    assert set(KINDS) == set(ItemKind)
    assert {item(i).kind for i in KIND_OF} == set(ItemKind)
    assert {i: item(i).kind for i in KIND_OF} == KIND_OF


@pytest.mark.parametrize("item_id, most, counts_to", [
    ("PF", 4, "category"), ("TI", 8, "category"), ("QH", 10, "category"), ("QL", 10, "category"),
    ("DE", 30, "category"), ("B1", 3, "bonus"), ("B2", 4, "bonus"), ("VE", 0, None), ("TX", 0, None), ("PH", 0, None),
])
def test_most_points_and_where_they_go(item_id, most, counts_to):
    assert item(item_id).max_points == most
    assert kinds.rules(item(item_id)).counts_to == counts_to


@pytest.mark.parametrize("item_id, value, status, points", [
    ("PF", PASS, "scored", "4"), ("PF", FAIL, "scored", "0"), ("PF", NA, "na", "0"), ("PF", None, "open", "0"),
    ("TI", 0, "scored", "8"), ("TI", 1, "scored", "5"), ("TI", 2, "scored", "0"),
    # thresholds: reached exactly at the bound, the first reached wins, below every one gives nothing
    ("QH", 95, "scored", "10"), ("QH", 94.9, "scored", "6"), ("QH", 90, "scored", "6"), ("QH", 89.99, "scored", "0"),
    ("QL", 0, "scored", "10"), ("QL", 2, "scored", "4"), ("QL", 2.5, "scored", "0"), ("QL", NA, "na", "0"),
    # deductions stop at 0; bonus stops at the item's points
    ("DE", 0, "scored", "30"), ("DE", 2, "scored", "22"), ("DE", 9, "scored", "0"),
    ("B1", 0, "scored", "0"), ("B1", 1, "scored", "2"), ("B1", 5, "scored", "3"), ("B1", None, "open", "0"),
    ("VE", PASS, "veto-pass", "0"), ("VE", FAIL, "veto-fail", "0"), ("VE", None, "open", "0"),
    ("TX", "记录", "info", "0"), ("TX", None, "info", "0"), ("PH", [HASH], "info", "0"), ("PH", None, "info", "0"),
])
def test_scoring_by_kind(item_id, value, status, points):
    assert item_points(item(item_id), value) == (status, Decimal(points))


@pytest.mark.parametrize("item_id, value, message", [
    ("PF", "yes", "pass or fail"), ("PF", True, "pass or fail"),
    ("TI", 3, "tier from 1 to 3"), ("TI", -1, "tier"), ("TI", "好", "tier"), ("TI", True, "tier"),
    ("QH", "95", "number"), ("QH", float("nan"), "number"), ("QH", False, "number"),
    ("DE", -1, "count"), ("DE", 1.5, "count"), ("DE", NA, "not applicable"), ("B1", "2", "count"),
    ("B1", NA, "not applicable"),
    ("TI", NA, "not applicable"), ("VE", NA, "not applicable"), ("VE", "maybe", "pass or fail"),
    ("TX", 5, "text"), ("TX", NA, "not applicable"), ("PH", ["short"], "evidence"), ("PH", HASH, "evidence"),
])
def test_refused_answers(item_id, value, message):
    with pytest.raises(AnswerError, match=message):
        kinds.check_answer(item(item_id), value)


@pytest.mark.parametrize("item_id, value, sentence", [
    ("QH", 101.6, "QH 合格率 的数值 101.6 超出允许范围（0 至 100）"),
    ("QH", -0.5, "QH 合格率 的数值 -0.5 超出允许范围（0 至 100）"),
    ("QL", -1, "QL 事故起数 的数值 -1 超出允许范围（0 以上的整数）"),
    ("QL", 0.5, "QL 事故起数 的数值 0.5 超出允许范围（0 以上的整数）"),
    ("QL", float("inf"), "QL 事故起数 的数值 inf 超出允许范围（0 以上的整数）"),
])
def test_a_quantity_outside_its_range_is_refused_in_one_sentence(item_id, value, sentence):
    with pytest.raises(AnswerError) as refused:
        kinds.check_answer(item(item_id), value)
    assert str(refused.value) == sentence
    # what is already stored is scored as it is: 101.6 % reaches the top threshold
    kinds.check_answer(item(item_id), value, ranges=False)


@pytest.mark.parametrize("unit, expected", [
    ("%", (0, 100, True)), ("指数", (0, 100, True)), ("起", (0, None, False)), ("次", (0, None, False)),
    ("家", (0, None, False)), ("人", (0, None, False)), ("℃", (None, None, True)), ("万元", (None, None, True)),
])
def test_each_unit_has_its_documented_default_range(unit, expected):
    assert kinds.unit_range(unit) == expected


@pytest.mark.parametrize("item_id, value", [
    ("PF", PASS), ("PF", NA), ("TI", 2), ("QH", 99.5), ("QH", 0), ("QH", 100), ("QL", NA), ("QL", 0), ("DE", 0), ("B1", 7),
    ("VE", FAIL), ("TX", ""), ("PH", []), ("PH", [HASH, HASH]), ("TI", None),
])
def test_accepted_answers(item_id, value):
    kinds.check_answer(item(item_id), value)


@pytest.mark.parametrize("item_id, text, value", [
    ("PF", "符合", PASS), ("PF", " Pass ", PASS), ("PF", "√", PASS), ("PF", "否", FAIL), ("PF", "N/A", NA),
    ("PF", "不适用", NA), ("PF", "／", NA),  # a full-width slash
    ("TI", "1", 0), ("TI", "３", 2), ("TI", "中", 1), ("TI", " 差 ", 2),
    ("QH", "95", 95), ("QH", "95%", 95), ("QH", "92.5 %", 92.5), ("QH", ".5", 0.5), ("QL", "2起", 2),
    ("QL", "na", NA), ("DE", "3", 3), ("DE", "0", 0), ("B1", "2", 2),
    ("VE", "不符合", FAIL), ("VE", "×", FAIL), ("VE", "通过", PASS), ("VE", "不通过", FAIL), ("VE", "否决", FAIL),
    ("VE", "未通过", FAIL), ("VE", "符合", PASS), ("VE", " 通 过 ", PASS),
    ("TX", "见附件 / 第二页", "见附件 / 第二页"), ("TX", "不适用", "不适用"),
])
def test_paper_cells_by_kind(item_id, text, value):
    parsed = kinds.parse_cell(item(item_id), text)
    assert parsed == value and type(parsed) is type(value)
    kinds.check_answer(item(item_id), parsed)


@pytest.mark.parametrize("item_id, text, why", [
    ("PF", "好", "不是可填的值"), ("TI", "0", "档次应为 1 至 3"), ("TI", "4", "档次应为 1 至 3"),
    ("TI", "很好", "不是这一条目的档次"), ("TI", "不适用", "不能填“不适用”"), ("QH", "九十", "不是数值"),
    ("QH", "95次", "不是数值"), ("DE", "-1", "不是 0 或正整数"), ("DE", "1.5", "不是 0 或正整数"),
    ("DE", "不适用", "不能填“不适用”"), ("B1", "不适用", "不能填“不适用”"), ("VE", "不适用", "不能填“不适用”"), ("VE", "通过一半", "不是可填的值"),
    ("PF", "通过", "不是可填的值"), ("PF", "否决", "不是可填的值"),
    ("PH", "photo.jpg", "是照片，不能从表格导入"),
])
def test_paper_cells_refused_with_the_reason(item_id, text, why):
    with pytest.raises(CellError, match=why):
        kinds.parse_cell(item(item_id), text)


@pytest.mark.parametrize("item_id, accepted, listed, counts", [
    ("PF", "符合 / 不符合 / 不适用", (["符合", "不符合"], True), False),
    ("TI", "1=好（8 分）；2=中（5 分）；3=差（0 分）", (["好", "中", "差"], False), False),
    ("QH", "数值（%，0 至 100）", None, False),
    ("QL", "数值（起，0 以上的整数） / 不适用", None, False),
    ("DE", "发现问题数：0、1、2…（每个扣 4 分）", None, True),
    ("B1", "数量：0、1、2…（每个加 2 分，最多 3 分）", None, True),
    ("VE", "通过 / 不通过（否决）；也可写 符合 / 不符合", (["通过", "不通过"], False), False),
    ("TX", "文字", None, False),
    ("PH", "照片（不能从表格导入）", None, False),
])
def test_what_the_paper_template_offers(item_id, accepted, listed, counts):
    it = item(item_id)
    assert kinds.accepted_values(it) == accepted
    assert kinds.rules(it).paper_list(it) == listed
    assert kinds.rules(it).paper_counts is counts
    assert kinds.rules(it).on_paper is (item_id != "PH")


@pytest.mark.parametrize("item_id, value, words", [
    ("PF", PASS, "符合"), ("PF", FAIL, "不符合"), ("PF", NA, "不适用"), ("PF", None, "未填"),
    ("TI", 1, "中"), ("QH", 92.5, "实测 92.5 %"), ("QH", 95, "实测 95 %"), ("DE", 2, "发现问题 2 处"),
    ("B1", 1, "1 项"), ("VE", PASS, "通过"), ("VE", FAIL, "否决"), ("TX", "台账不全", "台账不全"),
    ("PH", [HASH, HASH], "照片 2 张"),
    ("TI", 7, "7"), ("PF", "maybe", "maybe"),  # values that do not fit the item are shown as they are
])
def test_answers_in_words(item_id, value, words):
    assert kinds.describe(item(item_id), value) == words


B, TICK = False, True  # tick boxes: empty, ticked


@pytest.mark.parametrize("item_id, value, blank, lines, most", [
    ("PF", PASS, False, [(("符合", TICK), ("不符合", B)), (("不适用", B),)], "4"),
    ("PF", NA, False, [(("符合", B), ("不符合", B)), (("不适用", TICK),)], "4"),
    ("TI", 1, False, [(("好", B),), (("中", TICK),), (("差", B),)], "8"),
    ("QH", 92.5, False, ["实测值 92.5 %"], "10"),
    ("QH", 92.5, True, ["实测值 ________ %"], "10"),
    ("QL", NA, False, ["实测值 ________ 起", (("不适用", TICK),)], "10"),
    ("DE", 2, False, ["发现问题 2 处", "每处扣 4 分"], "30"),
    ("B1", None, False, ["________ 项", "每项加 2 分，最多 3 分"], "+3"),
    ("VE", FAIL, False, [(("通过", B), ("否决", TICK))], "否决"),
    ("TX", "台账不全", False, ["台账不全"], "—"),
    ("TX", "台账不全", True, ["记录："], "—"),
    ("PH", [HASH], False, ["照片 1 张，见证据清单"], "—"),
    ("PH", None, True, ["照片 ________ 张"], "—"),
])
def test_how_a_sheet_shows_the_answer(item_id, value, blank, lines, most):
    assert kinds.sheet_lines(item(item_id), value, blank) == lines
    assert kinds.max_text(item(item_id)) == most


@pytest.mark.parametrize("item_id, form", [
    ("PF", kinds.PaperForm(boxes=("符合", "不符合"))),
    ("VE", kinds.PaperForm(boxes=("通过", "否决"))),
    ("TI", kinds.PaperForm(tiers=True)),
    ("QH", kinds.PaperForm(prompt="实测值（%）：", blank_lines=1)),
    ("QL", kinds.PaperForm(prompt="实测值（起）：", blank_lines=1)),
    ("DE", kinds.PaperForm(prompt="发现问题处数：", blank_lines=1, note="每处扣 4 分")),
    ("B1", kinds.PaperForm(prompt="项数：", blank_lines=1, note="每项加 2 分，最多 3 分")),
    ("TX", kinds.PaperForm(prompt="记录：", blank_lines=3)),
    ("PH", kinds.PaperForm(prompt="照片张数：", blank_lines=1)),
])
def test_how_a_blank_paper_round_form_asks_for_each_kind(item_id, form):
    assert kinds.paper_form(item(item_id)) == form


@pytest.mark.parametrize("item_id, control, choices", [
    ("PF", "choice", [(PASS, "符合（4 分）"), (FAIL, "不符合（0 分）"), (NA, "不适用")]),
    ("TI", "choice", [(0, "好（8 分）"), (1, "中（5 分）"), (2, "差（0 分）")]),
    ("VE", "choice", [(PASS, "通过"), (FAIL, "不通过（一票否决）")]),
    ("QH", "number", []), ("QL", "number", [(NA, "不适用")]),
    ("DE", "count", []), ("B1", "count", []), ("TX", "text", []), ("PH", "photo", []),
])
def test_how_the_editor_offers_each_kind(item_id, control, choices):
    it = item(item_id)
    assert kinds.rules(it).control == control
    # the digit keys pick the choices in this order; not applicable is offered wherever the item allows it
    assert [(c.value, c.words.say()) for c in kinds.editor_choices(it)] == choices


@pytest.mark.parametrize("item_id, value, hint", [
    ("QH", None, "≥ 95 % → 10 分  ≥ 90 % → 6 分"),
    ("QH", 93, "达到 ≥ 90 % 档，得 6 分"),
    ("QH", 80, "未达到最低档（≥ 90 %），不得分"),
    ("QL", 0, "达到 ≤ 0 起 档，得 10 分"),
    ("QL", NA, "≤ 0 起 → 10 分  ≤ 2 起 → 4 分"),
    ("DE", None, "每处扣 4 分，本项 30 分扣完为止"),
    ("B1", None, "每个加 2 分，本项最多加 3 分"),
    ("PF", PASS, ""), ("TX", "x", ""),
])
def test_the_editor_hint_beside_the_control(item_id, value, hint):
    assert "  ".join(w.say() for w in kinds.rules(item(item_id)).hint(item(item_id), value)) == hint


@pytest.mark.parametrize("item_id, value, status, points, label", [
    ("PF", None, "open", 0, "未填 · 满分 4"), ("PF", NA, "na", 0, "不适用"), ("TI", 1, "scored", 5, "5 / 8 分"),
    ("DE", 1, "scored", 26, "扣 4 分，得 26 / 30 分"), ("DE", None, "open", 0, "未填 · 满分 30"),
    ("B1", 1, "scored", 2, "加 2 分"), ("B1", None, "open", 0, "未填 · 最多加 3"),
    ("VE", PASS, "veto-pass", 0, "通过"), ("VE", FAIL, "veto-fail", 0, "一票否决"), ("VE", None, "open", 0, "未填"),
    ("TX", "x", "info", 0, "不计分"), ("PH", [HASH, HASH], "info", 0, "2 张照片"), ("PH", None, "info", 0, "不计分"),
])
def test_the_editor_score_label(item_id, value, status, points, label):
    it = item(item_id)
    words = kinds.rules(it).score_words(it, value, status, points, it.max_points)
    assert isinstance(words, Words) and words.say() == label


def test_words_write_points_as_a_person_does_unless_told_otherwise():
    words = Words("{0} / {1} 分", (7.5, 10.0))
    assert words.say() == "7.5 / 10 分"
    assert Words("{0}", (87.254,)).say() == "87.25" and Words("{0}", (87.254,)).say(lambda x: f"{x:g}") == "87.254"


@pytest.mark.parametrize("item_id", list(KIND_OF))
def test_demo_samples_are_answers_the_kind_accepts(item_id):
    it, rng = item(item_id), random.Random(7)
    for quality in (0.0, 0.5, 1.0):
        for _ in range(50):
            value, rectify = kinds.rules(it).sample(it, quality, rng)
            kinds.check_answer(it, value)
            assert rectify in (True, False)


@pytest.mark.parametrize("kind, fields, may_be_na, required", [
    (ItemKind.PASSFAIL, {"points"}, True, True), (ItemKind.TIERED, {"tiers"}, True, True),
    (ItemKind.QUANTITY, {"thresholds", "range"}, True, True), (ItemKind.DEDUCTION, {"points", "per"}, True, True),
    (ItemKind.BONUS, {"points", "per"}, False, False), (ItemKind.VETO, set(), False, True),
    (ItemKind.TEXT, set(), False, False), (ItemKind.PHOTO, set(), False, False),
])
def test_what_a_template_gives_each_kind(kind, fields, may_be_na, required):
    assert (set(KINDS[kind].fields), KINDS[kind].may_be_na, KINDS[kind].required_by_default) == \
        (fields, may_be_na, required)
