"""The lean scoring path (total and grade only) gives what the full engine gives, over every shipped checklist."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qinspect.domain.checklist import parse_checklist
from qinspect.domain.item_kinds import ItemKind
from qinspect.domain.scoring import FAIL, NA, PASS, AnswerError, check_answer, score, total_and_grade
from qinspect.paths import shipped_checklists
from tests.unit.test_scoring import T

# The shipped checklists, and the engine's own test template: in it a category's items give more than its cap
# (brand: 12 of 10) and a not-applicable item scales a category by a fraction that is rounded.
FORMS = [parse_checklist(path.read_text(encoding="utf-8"), str(path)) for path in shipped_checklists()] + [T]

# Numbers well past any item: deductions beyond the item's points, bonus units past the ceiling.
COUNTS = st.integers(min_value=0, max_value=200)
NUMBERS = st.one_of(st.integers(min_value=-10, max_value=100_000),
                    st.floats(min_value=-10, max_value=100_000, allow_nan=False, allow_infinity=False))


def _values(item) -> st.SearchStrategy:
    kind = item.kind
    if kind == ItemKind.VETO:
        choices = st.sampled_from([PASS, FAIL])
    elif kind == ItemKind.PASSFAIL:
        choices = st.sampled_from([PASS, FAIL, NA])
    elif kind == ItemKind.TIERED:
        choices = st.one_of(st.integers(min_value=0, max_value=max(len(item.tiers) - 1, 0)), st.just(NA))
    elif kind == ItemKind.QUANTITY:
        choices = st.one_of(NUMBERS, st.just(NA))
    elif kind in (ItemKind.DEDUCTION, ItemKind.BONUS):
        choices = st.one_of(COUNTS, st.just(NA))
    elif kind == ItemKind.PHOTO:
        choices = st.lists(st.text(alphabet="0123456789abcdef", min_size=64, max_size=64), max_size=2)
    else:
        choices = st.text(max_size=4)
    # an answer the item refuses (not applicable where it may not be) is left open: the inspection stays scorable
    return st.one_of(st.none(), choices).map(lambda v: v if _takes(item, v) else None)


def _takes(item, value) -> bool:
    try:
        check_answer(item, value)
    except AnswerError:
        return False
    return True


def _answers(form) -> st.SearchStrategy:
    return st.fixed_dictionaries({item.id: _values(item) for item in form.items}).map(
        lambda answers: {k: v for k, v in answers.items() if v is not None})


def test_every_kind_is_answered_by_the_strategy():
    assert {item.kind for form in FORMS for item in form.items} == set(ItemKind)


@pytest.mark.parametrize("form", FORMS, ids=[f.ref for f in FORMS])
def test_lean_total_and_grade_are_the_engines(form):
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_answers(form))
    def check(answers):
        full = score(form, answers)
        assert total_and_grade(form, answers) == (full.total, full.grade)

    check()


@pytest.mark.parametrize("form", FORMS, ids=[f.ref for f in FORMS])
def test_worst_and_best_cases_agree(form):
    """Every veto failed, every bonus far past the ceiling, every deduction beyond its item, all not applicable."""
    cases = []
    for pick in (min, max):
        answers = {}
        for item in form.items:
            candidates = [v for v in (PASS, FAIL, NA, 0, 1, 3, 500, 0.5, 99_999) if _takes(item, v)]
            numbers = [v for v in candidates if not isinstance(v, str)]
            if item.kind == ItemKind.VETO:
                answers[item.id] = FAIL if pick is max else PASS
            elif numbers:
                answers[item.id] = pick(numbers)
            elif candidates:
                answers[item.id] = candidates[0]
        cases.append(answers)
    cases.append({item.id: NA for item in form.items if _takes(item, NA)})
    cases.append({})
    for answers in cases:
        full = score(form, answers)
        assert total_and_grade(form, answers) == (full.total, full.grade)


def test_an_unknown_item_is_refused_the_same_way():
    form = FORMS[0]
    with pytest.raises(AnswerError) as full:
        score(form, {"no-such-item": PASS})
    with pytest.raises(AnswerError) as lean:
        total_and_grade(form, {"no-such-item": PASS})
    assert str(lean.value) == str(full.value)
