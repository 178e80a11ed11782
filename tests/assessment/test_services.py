"""The assessment services and the default questionnaire, called directly."""

import pytest

from assessment.defaults import default_questionnaire
from assessment.models import Answer, AnswerOption, Assessment, Questionnaire
from assessment.selectors import answers_for, outcomes_unable, questions_for
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
    assert {q.outcome for q in questions} == set(CareActOutcome.values)
    for question in questions:
        options = list(question.options.all())
        assert 3 <= len(options) <= 4
        assert options[0].points == 0 and not options[0].unable and "I manage on my own" in options[0].label
        assert any(o.unable for o in options)
        assert question.hint and question.why_we_ask
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
    assessment = answered(budget=budget, actor=p.alice, upto=9)
    with pytest.raises(MoveNotAllowed, match="1 question has no answer yet"):
        assessment_submit(assessment=assessment, actor=p.alice)
    budget.refresh_from_db()
    assert budget.status == Status.ASSESSMENT


def test_answers_for_lists_pairs_in_question_order(p, budget, questionnaire):
    assessment = submitted(budget=budget, actor=p.alice, pick=-1)
    pairs = answers_for(assessment=assessment)
    assert [q.order for q, _ in pairs] == list(range(1, 11))
    assert all(isinstance(o, AnswerOption) and o.question_id == q.pk for q, o in pairs)
    assert outcomes_unable(pairs=pairs) == CareActOutcome.values
