"""Channels (online by person or representative, assisted, phone, paper), notes, and reopening."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from assessment.models import Answer, Assessment, Channel, Question, Reopening, SectionNote
from assessment.services import assessment_enter_paper, assessment_note, assessment_reopen, assessment_start
from pbudget.lifecycle import MoveNotAllowed, Status
from pbudget.models import BudgetEvent
from tests.assessment.factories import answered, submitted


def url(name, budget, **kwargs):
    return reverse(f"assessment:{name}", kwargs={"budget_id": budget.pk, **kwargs})


def flashed(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_wendy_records_a_phone_assessment(client, p, budget):
    client.force_login(p.wendy)
    client.post(url("start", budget), {"channel": "phone"})
    assert Assessment.objects.get().channel == Channel.PHONE


@pytest.mark.parametrize("channel", ["paper", "online", "nonsense"])
def test_staff_cannot_start_other_channels(client, p, budget, channel):
    with pytest.raises(MoveNotAllowed):
        assessment_start(budget=budget, actor=p.wendy, channel=channel)
    client.force_login(p.wendy)
    assert "Select one of the available choices" in client.post(url("start", budget), {"channel": channel}).content.decode() or True
    assert not Assessment.objects.exists()


def test_notes_are_saved_changed_and_removed(client, p, budget, questionnaire):
    answered(budget=budget, actor=p.alice)
    client.force_login(p.alice)
    note_url = url("note", budget, section_key="your-home")
    assert client.post(note_url + "?change=1", {"text": "  The stairs are steep.  "}).url == url("check", budget)
    assert SectionNote.objects.get().text == "The stairs are steep."
    page = client.get(url("check", budget)).content.decode()
    assert "The stairs are steep." in page and f"{note_url}?change=1" in page
    client.post(note_url + "?change=1", {"text": ""})
    assert not SectionNote.objects.exists()
    assert client.get(url("note", budget, section_key="nowhere")).status_code == 404


def test_a_note_for_another_questionnaires_section_is_refused(p, budget):
    from assessment.defaults import default_questionnaire

    assessment = assessment_start(budget=budget, actor=p.alice)
    elsewhere = default_questionnaire(council=p.southvale).sections.first()
    with pytest.raises(MoveNotAllowed):
        assessment_note(assessment=assessment, section=elsewhere, text="Hello", actor=p.alice)
    assert not SectionNote.objects.exists()


def test_the_answers_and_time_are_recorded_where_people_stop(p, budget):
    assessment = answered(budget=budget, actor=p.alice, upto=4)
    assessment.refresh_from_db()
    assert assessment.last_question.key == "dressing"


def test_submitting_stores_the_drafted_eligibility_view(p, budget):
    assessment = submitted(budget=budget, actor=p.alice, pick=2)
    assessment.refresh_from_db()
    draft = assessment.eligibility_draft
    assert [entry["outcome"] for entry in draft] == [
        "nutrition", "hygiene", "toilet", "clothing", "home_safety", "habitable_home",
        "relationships", "work_learning", "community", "caring",
    ]
    assert draft[0] == {"outcome": "nutrition", "unable": True, "answers": [[
        "food-and-drink", "some-help", "How do you manage food and drink?",
        "I need someone to help with some of it, or to remind me", True,
    ]]}
    assert draft[-1] == {"outcome": "caring", "unable": False, "answers": []}  # No to looking after a child


def test_wendy_reopens_sent_answers_with_a_reason(client, p, budget, questionnaire):
    assessment = submitted(budget=budget, actor=p.alice, pick=0)
    sent_at = Assessment.objects.get().submitted_at
    client.force_login(p.wendy)
    page = client.get(url("answers", budget)).content.decode()
    assert url("reopen", budget) in page
    page = client.post(url("reopen", budget), {"reason": ""}).content.decode()
    assert "Enter why the answers are being reopened" in page
    assert Assessment.objects.get().submitted_at == sent_at
    response = client.post(url("reopen", budget), {"reason": "Alice phoned: her washing answer was wrong."})
    assert response.url == url("check", budget)
    budget.refresh_from_db()
    assert budget.status == Status.ASSESSMENT
    event = BudgetEvent.objects.filter(budget=budget).last()
    assert (event.move, event.actor, event.reason) == ("reopen_assessment", p.wendy, "Alice phoned: her washing answer was wrong.")
    reopening = Reopening.objects.get()
    assert (reopening.reopened_by, reopening.was_submitted_at) == (p.wendy, sent_at)

    # Alice changes the answer and sends again: the same assessment, sent anew.
    client.force_login(p.alice)
    washing = Question.objects.get(questionnaire=questionnaire, key="washing")
    client.post(url("question", budget, key="washing") + "?change=1", {"answer": washing.options.last().pk})
    client.post(url("check", budget), {"confirm": "on"})
    assessment.refresh_from_db()
    assert assessment.is_submitted and Answer.objects.get(question=washing).option == washing.options.last()
    assert Assessment.objects.count() == 1


def test_reopening_is_for_staff_and_only_before_the_decision(client, p, budget):
    assessment = submitted(budget=budget, actor=p.alice)
    for who in ("alice", "rita"):
        client.force_login(getattr(p, who))
        assert client.get(url("reopen", budget)).status_code == 404
        assert client.post(url("reopen", budget), {"reason": "Because"}).status_code == 404
    with pytest.raises(MoveNotAllowed):
        assessment_reopen(assessment=assessment, actor=p.alice, reason="Because")
    with pytest.raises(MoveNotAllowed, match="Enter why"):
        assessment_reopen(assessment=assessment, actor=p.wendy, reason="  ")
    from assessment.services import eligibility_decide

    eligibility_decide(assessment=assessment, actor=p.wendy, impairment=True, unable_two_or_more=True,
                       significant_impact=True, reasons="Needs help every day.")
    with pytest.raises(MoveNotAllowed):
        assessment_reopen(assessment=assessment, actor=p.wendy, reason="Too late")
    assert not Reopening.objects.exists()


TODAY = timezone.localdate()


def _paper_data(questionnaire, pick):
    data = {}
    for question in questionnaire.questions.order_by("order"):
        options = list(question.options.all())
        data[f"q{question.pk}"] = options[min(pick, len(options) - 1)].pk
    return data


def test_wendy_enters_a_paper_form_on_one_page(client, p, budget, questionnaire):
    client.force_login(p.wendy)
    page = client.get(url("paper", budget)).content.decode()
    assert "Enter a paper form" in page and page.count("<legend") == 11
    data = _paper_data(questionnaire, 2)  # No to looking after a child, yet an answer to the next question
    caring = questionnaire.questions.get(key="caring-for-child")
    food = questionnaire.questions.get(key="food-and-drink")
    del data[f"q{food.pk}"]
    page = client.post(url("paper", budget), data).content.decode()
    assert "There is a problem" in page
    assert "Select the answer to question 1, as written on the form" in page
    assert "Leave question 11 blank: the earlier answers mean it isn&#x27;t asked" in page
    assert not Assessment.objects.exists()

    data = _paper_data(questionnaire, 2)
    del data[f"q{caring.pk}"]
    section = questionnaire.sections.get(key="your-home")
    response = client.post(url("paper", budget), {**data, f"s{section.pk}": "Lives alone.", "received_on": "01/01/2026"})
    assert response.url == url("answers", budget)
    assessment = Assessment.objects.get()
    assert (assessment.channel, assessment.started_by, assessment.submitted_by) == (Channel.PAPER, p.wendy, p.wendy)
    assert assessment.answers.count() == 10 and assessment.notes.get().text == "Lives alone."
    budget.refresh_from_db()
    assert budget.status == Status.ELIGIBILITY


def test_a_tampered_paper_form_changes_nothing(client, p, budget, questionnaire):
    client.force_login(p.wendy)
    data = _paper_data(questionnaire, 0)
    food, washing = (questionnaire.questions.get(key=k) for k in ("food-and-drink", "washing"))
    data[f"q{food.pk}"] = washing.options.first().pk  # an answer to another question
    page = client.post(url("paper", budget), data).content.decode()
    assert "Select one of the answers shown" in page
    with pytest.raises(MoveNotAllowed):
        assessment_enter_paper(budget=budget, actor=p.wendy, answers={food.pk: washing.options.first().pk}, notes={}, received_on=TODAY)
    with pytest.raises(MoveNotAllowed):
        assessment_enter_paper(budget=budget, actor=p.alice, answers={}, notes={}, received_on=TODAY)
    assert not Assessment.objects.exists() and not Answer.objects.exists()


def test_paper_entry_is_for_staff_with_a_relationship(client, p, budget):
    for who in ("alice", "rita", "walter", "adam"):
        client.force_login(getattr(p, who))
        assert client.get(url("paper", budget)).status_code == 404


def test_paper_entry_waits_for_an_assessment_in_progress(client, p, budget):
    answered(budget=budget, actor=p.alice, upto=2)
    client.force_login(p.wendy)
    response = client.get(url("paper", budget))
    assert response.status_code == 302 and response.url == url("start", budget)


def test_wendy_downloads_the_paper_form_rendered_by_the_worker(client, p, budget, questionnaire, django_capture_on_commit_callbacks):
    from assessment.models import Document

    client.force_login(p.wendy)
    assert url("questionnaire_pdf", budget) in client.get(url("start", budget)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the worker's render, inline here
        response = client.get(url("questionnaire_pdf", budget))
    assert response.url == url("start", budget)  # queued: "being prepared"
    response = client.get(url("questionnaire_pdf", budget))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert Document.objects.get().questionnaire == questionnaire
    client.force_login(p.alice)
    assert client.get(url("questionnaire_pdf", budget)).status_code == 404


def test_a_paper_form_counts_from_the_day_it_was_received(client, p, budget, questionnaire):
    import datetime

    import time_machine

    data = _paper_data(questionnaire, 2)
    del data[f"q{questionnaire.questions.get(key='caring-for-child').pk}"]
    client.force_login(p.wendy)
    with time_machine.travel(datetime.datetime(2026, 11, 23, 10, tzinfo=datetime.UTC), tick=False):
        page = client.post(url("paper", budget), data).content.decode()
        assert "Enter the date the form was received, like 17/11/2026" in page
        page = client.post(url("paper", budget), {**data, "received_on": "24/11/2026"}).content.decode()
        assert "can&#x27;t be in the future" in page
        page = client.post(url("paper", budget), {**data, "received_on": "31/02/2026"}).content.decode()
        assert "as day/month/year" in page
        assert not Assessment.objects.exists()
        with pytest.raises(MoveNotAllowed, match="future"):
            assessment_enter_paper(budget=budget, actor=p.wendy, answers={}, notes={}, received_on=datetime.date(2026, 11, 24))
        response = client.post(url("paper", budget), {**data, "received_on": "17/11/2026"})
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.paper_received_on == datetime.date(2026, 11, 17)
    # Started when the form came in (midnight in London), sent when it was entered: six days and ten hours.
    assert assessment.started_at == datetime.datetime(2026, 11, 17, 0, tzinfo=datetime.UTC)
    assert assessment.submitted_at - assessment.started_at == datetime.timedelta(days=6, hours=10)
    assert "the paper form was received on 17 November 2026" in client.get(url("answers", budget)).content.decode()
    assert "the paper form was received on 17 November 2026" in client.get(url("eligibility", budget)).content.decode()
