"""
Tampered forms are refused with a clear message and change nothing: an answer from another
question or another version, a question not in this questionnaire, someone else's assessment,
answering after sending. Plus the staff list of assessments, with its query count pinned.
"""

import pytest
from django.urls import reverse

from assessment.models import Answer, AnswerOption, Assessment, Question
from assessment.questionnaire_services import questionnaire_draft_start, questionnaire_publish
from assessment.services import assessment_answer, assessment_start
from pbudget.lifecycle import MoveNotAllowed, Status
from pbudget.models import AuditEntry
from tests.assessment.factories import answered, submitted
from tests.factories import BudgetFactory, PersonFactory


def url(name, budget, **kwargs):
    return reverse(f"assessment:{name}", kwargs={"budget_id": budget.pk, **kwargs})


def test_an_answer_from_another_version_is_refused(client, p, budget, questionnaire):
    assessment = assessment_start(budget=budget, actor=p.alice)
    newer = questionnaire_draft_start(council=p.northshire, actor=p.adam)
    questionnaire_publish(questionnaire=newer, actor=p.adam)
    same_key = AnswerOption.objects.get(question__questionnaire=newer, question__key="food-and-drink", key="own")
    client.force_login(p.alice)
    response = client.post(url("question", budget, key="food-and-drink"), {"answer": same_key.pk, "continue": ""})
    assert response.status_code == 200 and "Select one of the answers shown" in response.content.decode()
    with pytest.raises(MoveNotAllowed, match="doesn't belong"):
        assessment_answer(assessment=assessment, question=same_key.question, option=same_key, actor=p.alice)
    assert not Answer.objects.exists()


def test_a_question_not_in_this_questionnaire_is_refused(client, p, budget, questionnaire):
    from assessment.defaults import default_questionnaire

    assessment = assessment_start(budget=budget, actor=p.alice)
    elsewhere = Question.objects.get(questionnaire=default_questionnaire(council=p.southvale), key="washing")
    with pytest.raises(MoveNotAllowed):
        assessment_answer(assessment=assessment, question=elsewhere, option=elsewhere.options.first(), actor=p.alice)
    client.force_login(p.alice)
    assert client.post(url("question", budget, key="not-a-question"), {"answer": elsewhere.options.first().pk}).status_code == 404
    assert not Answer.objects.exists()


def test_a_garbled_answer_is_refused(client, p, budget):
    assessment_start(budget=budget, actor=p.alice)
    client.force_login(p.alice)
    for value in ("abc", "-1", "99999999", "1 OR 1=1", "\x00"):
        response = client.post(url("question", budget, key="food-and-drink"), {"answer": value, "continue": ""})
        assert response.status_code == 200 and "There is a problem" in response.content.decode(), value
    assert not Answer.objects.exists()


def test_someone_elses_assessment_is_404_and_unchanged(client, p, questionnaire):
    bobs = BudgetFactory(person=p.bob_person, status=Status.ASSESSMENT)
    assessment = answered(budget=bobs, actor=p.bob, upto=1)
    option = Question.objects.get(questionnaire=questionnaire, key="food-and-drink").options.first()  # Bob chose the last
    for who in ("alice", "rita", "walter", "xavier", "adam"):
        client.force_login(getattr(p, who))
        for name, kwargs in (("question", {"key": "food-and-drink"}), ("check", {}), ("note", {"section_key": "your-home"})):
            response = client.post(url(name, bobs, **kwargs), {"answer": option.pk, "confirm": "on", "text": "Hi"})
            assert response.status_code == 404, (who, name)
        with pytest.raises(MoveNotAllowed):
            assessment_answer(assessment=assessment, question=option.question, option=option, actor=getattr(p, who))
    answer = Answer.objects.get(assessment=assessment)
    assert answer.option != option and answer.answered_by == p.bob
    assert not assessment.notes.exists()
    assert not AuditEntry.objects.filter(person=p.bob_person).exclude(user=p.bob).exists()


def test_answering_after_sending_changes_nothing(client, p, budget, questionnaire):
    assessment = submitted(budget=budget, actor=p.alice, pick=0)
    question = Question.objects.get(questionnaire=questionnaire, key="food-and-drink")
    client.force_login(p.alice)
    response = client.post(url("question", budget, key="food-and-drink"), {"answer": question.options.last().pk})
    assert response.url == url("answers", budget)
    response = client.post(url("note", budget, section_key="your-home"), {"text": "Late note"})
    assert response.url == url("answers", budget)
    with pytest.raises(MoveNotAllowed, match="can't be changed now"):
        assessment_answer(assessment=assessment, question=question, option=question.options.last(), actor=p.alice)
    assert Answer.objects.get(assessment=assessment, question=question).option == question.options.first()
    assert not assessment.notes.exists()


def test_the_staff_list_of_assessments(client, p, budget):
    submitted(budget=budget, actor=p.alice)
    client.force_login(p.wendy)
    page = client.get(reverse("assessments:list")).content.decode()
    assert "Waiting for an eligibility decision (1)" in page and "Alice Adams" in page
    assert url("eligibility", budget) in page
    for who in ("alice", "rita", "adam"):
        client.force_login(getattr(p, who))
        assert client.get(reverse("assessments:list")).status_code == 404
    client.force_login(p.walter)  # another team
    assert "Alice" not in client.get(reverse("assessments:list")).content.decode()


def test_the_staff_list_runs_a_fixed_number_of_queries(client, p, questionnaire, django_assert_num_queries):
    def add(n):
        for _ in range(n):
            person = PersonFactory(team=p.north, allocated_worker=p.wendy)
            answered(budget=BudgetFactory(person=person, status=Status.ASSESSMENT), actor=p.wendy, upto=2)
            done = PersonFactory(team=p.north)
            submitted(budget=BudgetFactory(person=done, status=Status.ASSESSMENT), actor=p.wendy)

    add(1)
    client.force_login(p.wendy)
    client.get(reverse("assessments:list"))
    with django_assert_num_queries(5):
        assert client.get(reverse("assessments:list")).status_code == 200
    add(5)
    with django_assert_num_queries(5):
        page = client.get(reverse("assessments:list")).content.decode()
    assert "Being filled in (6)" in page and "Waiting for an eligibility decision (6)" in page
    assert Assessment.objects.count() == 12
