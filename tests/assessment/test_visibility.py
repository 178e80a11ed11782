"""Which questions are asked: the pure rule, by example and by property."""

from hypothesis import given
from hypothesis import strategies as st

from assessment.visibility import visible_ids

# 1: do you look after a child? (options 11 yes, 12 no); 2: how do you manage? (only after 11);
# 3: always; 4: only after option 21 of question 2 (hidden with it).
RULES = [(1, frozenset()), (2, frozenset({11})), (3, frozenset()), (4, frozenset({21}))]


def test_unanswered_hides_conditional_questions():
    assert visible_ids(RULES, {}) == [1, 3]


def test_the_revealing_answer_shows_it():
    assert visible_ids(RULES, {1: 11}) == [1, 2, 3]
    assert visible_ids(RULES, {1: 12}) == [1, 3]


def test_hiding_a_question_hides_those_that_depend_on_it():
    assert visible_ids(RULES, {1: 11, 2: 21}) == [1, 2, 3, 4]
    assert visible_ids(RULES, {1: 12, 2: 21}) == [1, 3]


def test_a_condition_on_a_later_question_never_holds():
    rules = [(1, frozenset({21})), (2, frozenset())]
    assert visible_ids(rules, {2: 21}) == [2]


rules_strategy = st.lists(
    st.frozensets(st.integers(min_value=1, max_value=40), max_size=3), min_size=1, max_size=10
).map(lambda needs: [(n, need) for n, need in enumerate(needs, start=1)])


@given(rules=rules_strategy, chosen=st.dictionaries(st.integers(1, 10), st.integers(1, 40)))
def test_always_asked_questions_are_always_asked_in_order(rules, chosen):
    shown = visible_ids(rules, chosen)
    assert [q for q, need in rules if not need] == [q for q in shown if not dict(rules)[q]]
    assert shown == sorted(shown)


@given(rules=rules_strategy, chosen=st.dictionaries(st.integers(1, 10), st.integers(1, 40)))
def test_answers_to_hidden_questions_change_nothing(rules, chosen):
    shown = visible_ids(rules, chosen)
    assert visible_ids(rules, {q: o for q, o in chosen.items() if q in shown}) == shown
