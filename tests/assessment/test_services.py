"""The assessment services and the default questionnaire, called directly."""

import pytest

from assessment.defaults import default_questionnaire
from assessment.models import Answer, AnswerOption, Assessment, Question, Questionnaire
from assessment.selectors import answers_for, outcomes_unable, question_next, questions_for
from assessment.services import assessment_answer, assessment_start, assessment_submit
from pbudget.care_act import CareActOutcome
from pbudget.lifecycle import MoveNotAllowed, Status
from tests.assessment.factories import answered, submitted
from tests.factories import BudgetFactory


def test_default_questionnaire_covers_the_ten_outcomes_and_is_idempotent(p, questionnaire):
    assert default_questionnaire(council=p.northshire) == questionnaire
    assert Questionnaire.objects.filter(council=p.northshire).count() == 1
    assert questionnaire.published_at is not None
    questions = questions_for(questionnaire=questionnaire)
    assert 10 <= len(questions) <= 15
    covered = {outcome for q in questions for o in q.options.all() for outcome in o.outcomes}
    assert covered == set(CareActOutcome.values)
    assert [s.key for s in questionnaire.sections.all()] == ["looking-after-yourself", "your-home", "people-and-places"]
    assert len({q.key for q in questions}) == len(questions)
    for question in questions:
        options = list(question.options.all())
        assert 2 <= len(options) <= 4 and len({o.key for o in options}) == len(options)
        assert question.hint.startswith("Think about a typical week") and question.why_we_ask
        if len(options) > 2:
            assert options[0].points == 0 and not options[0].unable and "I manage on my own" in options[0].label
            assert any(o.unable for o in options)
    conditional = [q for q in questions if q.shown_when.exists()]
    assert [(q.key, [(o.question.key, o.key) for o in q.shown_when.all()]) for q in conditional] == [
        ("caring-for-child", [("child", "yes")])
    ]
    # Another council gets its own.
    assert default_questionnaire(council=p.southvale) != questionnaire


def test_start_is_refused_away_from_assessment_and_for_outsiders(p, questionnaire):
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    with pytest.raises(MoveNotAllowed):
        assessment_start(budget=budget, actor=p.alice)
    budget = BudgetFactory(person=p.bob_person, status=Status.ASSESSMENT)
    for outsider in (p.alice, p.walter, p.xavier, p.adam):
        with pytest.raises(MoveNotAllowed):
            assessment_start(budget=budget, actor=outsider)
    assert not Assessment.objects.exists()


def test_start_twice_returns_the_same_assessment(p, budget):
    first = assessment_start(budget=budget, actor=p.alice)
    assert assessment_start(budget=budget, actor=p.wendy) == first


def test_an_answer_must_fit_the_question_and_the_questionnaire(p, budget, questionnaire):
    assessment = assessment_start(budget=budget, actor=p.alice)
    q1, q2 = questions_for(questionnaire=questionnaire)[:2]
    with pytest.raises(MoveNotAllowed):
        assessment_answer(assessment=assessment, question=q1, option=q2.options.first(), actor=p.alice)
    other = questions_for(questionnaire=default_questionnaire(council=p.southvale))[0]
    with pytest.raises(MoveNotAllowed):
        assessment_answer(assessment=assessment, question=other, option=other.options.first(), actor=p.alice)
    assert not Answer.objects.exists()


def test_answering_again_changes_the_answer(p, budget, questionnaire):
    assessment = assessment_start(budget=budget, actor=p.alice)
    question = questions_for(questionnaire=questionnaire)[0]
    first, last = question.options.first(), question.options.last()
    assessment_answer(assessment=assessment, question=question, option=first, actor=p.alice)
    assessment_answer(assessment=assessment, question=question, option=last, actor=p.rita)
    answer = Answer.objects.get()
    assert (answer.option, answer.answered_by) == (last, p.rita)


def test_no_answer_after_submission_or_once_the_budget_moves_on(p, budget, questionnaire):
    assessment = submitted(budget=budget, actor=p.alice, pick=0)
    question = questions_for(questionnaire=questionnaire)[0]
    with pytest.raises(MoveNotAllowed, match="can't be changed now"):
        assessment_answer(assessment=assessment, question=question, option=question.options.last(), actor=p.alice)
    with pytest.raises(MoveNotAllowed):
        assessment_submit(assessment=assessment, actor=p.alice)
    assert Answer.objects.get(question=question).option == question.options.first()


def test_submit_names_how_many_are_missing(p, budget):
    assessment = answered(budget=budget, actor=p.alice, upto=8)
    with pytest.raises(MoveNotAllowed, match="2 questions have no answer yet"):
        assessment_submit(assessment=assessment, actor=p.alice)
    budget.refresh_from_db()
    assert budget.status == Status.ASSESSMENT


def test_answers_for_lists_pairs_in_question_order(p, budget, questionnaire):
    assessment = submitted(budget=budget, actor=p.alice, pick=0)
    pairs = answers_for(assessment=assessment)
    assert [q.order for q, _ in pairs] == list(range(1, 12))
    assert all(isinstance(o, AnswerOption) and o.question_id == q.pk for q, o in pairs)
    assert pairs[0][0].section.key == "looking-after-yourself" and pairs[0][0].key == "food-and-drink"
    assert pairs[0][1].key == "own" and pairs[0][1].points == 0
    assert outcomes_unable(pairs=pairs) == []


def test_a_conditional_question_is_asked_only_after_the_answer_that_reveals_it(p, budget, questionnaire):
    assessment = answered(budget=budget, actor=p.alice, upto=9, pick=2)
    child, caring = (Question.objects.get(questionnaire=questionnaire, key=k) for k in ("child", "caring-for-child"))
    no, yes = child.options.get(key="no"), child.options.get(key="yes")
    # Not asked yet: answering it is refused.
    with pytest.raises(MoveNotAllowed, match="doesn't apply"):
        assessment_answer(assessment=assessment, question=caring, option=caring.options.first(), actor=p.alice)
    assessment_answer(assessment=assessment, question=child, option=yes, actor=p.alice)
    assert question_next(assessment=assessment) == caring
    assessment_answer(assessment=assessment, question=caring, option=caring.options.last(), actor=p.alice)
    assert "caring" in outcomes_unable(pairs=answers_for(assessment=assessment))
    # Changing the answer to No removes the answer it made relevant.
    assessment_answer(assessment=assessment, question=child, option=no, actor=p.alice)
    assert not Answer.objects.filter(question=caring).exists()
    assert question_next(assessment=assessment) is None
    assessment_submit(assessment=assessment, actor=p.alice)
    assert [q.key for q, _ in answers_for(assessment=assessment)][-1] == "child"


def test_one_answer_can_bear_on_several_outcomes(p, budget, questionnaire):
    assessment = answered(budget=budget, actor=p.alice, pick=0)
    moving = Question.objects.get(questionnaire=questionnaire, key="moving-around")
    assessment_answer(assessment=assessment, question=moving, option=moving.options.get(key="all-help"), actor=p.alice)
    assert outcomes_unable(pairs=answers_for(assessment=assessment)) == ["toilet", "home_safety"]


def test_pick_two_everywhere_skips_the_child_question(p, budget):
    assessment = submitted(budget=budget, actor=p.alice, pick=2)
    pairs = answers_for(assessment=assessment)
    assert len(pairs) == 10 and sum(o.points for _, o in pairs) == 47
    assert "caring" not in outcomes_unable(pairs=pairs)
