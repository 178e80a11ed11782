"""The self-assessment journey through the pages: online (Alice) and assisted (Wendy)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from assessment.models import Answer, Assessment, Channel
from assessment.selectors import questions_for
from pbudget.lifecycle import Status, budget_move
from pbudget.models import AuditEntry, BudgetEvent
from tests.assessment.factories import answered, submitted
from tests.factories import BudgetFactory


def url(name, budget, **kwargs):
    return reverse(f"assessment:{name}", kwargs={"budget_id": budget.pk, **kwargs})


# The default questionnaire's questions in order; "caring-for-child" is asked only after "Yes" to "child".
KEYS = [
    "food-and-drink", "washing", "toilet", "dressing", "moving-around", "keeping-house",
    "seeing-people", "work-and-learning", "getting-out", "child", "caring-for-child",
]


def q(budget, number):
    """The page of question `number` (1-based, in the questionnaire's order)."""
    return url("question", budget, key=KEYS[number - 1])


def first_option(questionnaire, number, index=0):
    question = questions_for(questionnaire=questionnaire)[number - 1]
    return question, list(question.options.all())[index]


def flashed(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_start_page_explains_what_happens(client, p, budget):
    client.force_login(p.alice)
    page = client.get(url("start", budget)).content.decode()
    assert "<h1" in page and "Tell us about a typical week" in page
    assert "about 15 minutes" in page
    assert "saved as you go" in page
    assert "Other ways to do it" in page
    assert "Start now" in page
    assert not Assessment.objects.exists()  # looking starts nothing


def test_alice_answers_online_from_start_to_sent(client, p, budget, questionnaire):
    client.force_login(p.alice)
    response = client.post(url("start", budget))
    assert response.status_code == 302 and response.url == q(budget, 1)
    assessment = Assessment.objects.get(budget=budget)
    assert assessment.channel == Channel.ONLINE and assessment.started_by == p.alice
    assert assessment.questionnaire == questionnaire

    page = client.get(response.url).content.decode()
    question, option = first_option(questionnaire, 1, index=2)
    assert "Question 1 of 10" in page
    assert f'<h1 class="govuk-fieldset__heading">\n      {question.text}' in page
    assert question.hint in page
    assert "Why we ask" in page and question.why_we_ask in page
    assert "Save and come back later" in page
    assert f'href="{url("start", budget)}" class="govuk-back-link"' in page

    response = client.post(q(budget, 1), {"answer": option.pk, "continue": ""})
    assert response.url == q(budget, 2)
    answer = Answer.objects.get(assessment=assessment)
    assert (answer.question, answer.option, answer.answered_by) == (question, option, p.alice)

    page = client.get(q(budget, 2)).content.decode()
    assert "Question 2 of 10" in page
    assert f'href="{q(budget, 1)}" class="govuk-back-link"' in page

    for number in range(2, 11):  # "Yes" to looking after a child asks one more question
        _, option = first_option(questionnaire, number, index=0)
        response = client.post(q(budget, number), {"answer": option.pk, "continue": ""})
    assert response.url == q(budget, 11)
    assert "Question 11 of 11" in client.get(response.url).content.decode()
    _, option = first_option(questionnaire, 11, index=0)
    response = client.post(q(budget, 11), {"answer": option.pk, "continue": ""})
    # After each part, an optional "anything else" page.
    assert response.url == url("note", budget, section_key="people-and-places")
    page = client.get(response.url).content.decode()
    assert "Is there anything else you want us to know?" in page and "Optional" in page
    response = client.post(response.url, {"text": "My daughter helps on Sundays."})
    assert response.url == url("check", budget)
    assert Answer.objects.filter(assessment=assessment).count() == 11
    assert assessment.notes.get().text == "My daughter helps on Sundays."

    page = client.get(url("check", budget)).content.decode()
    assert "Check your answers before sending them" in page
    assert page.count(">Change<") == 12 and page.count(">Add<") == 2  # 11 answers, 1 note; 2 parts without
    assert "My daughter helps on Sundays." in page
    assert "I confirm my answers are true to the best of my knowledge" in page
    assert f'{q(budget, 4)}?change=1' in page

    response = client.post(url("check", budget), {"confirm": "on"})
    assert response.url == url("submitted", budget)
    page = client.get(response.url).content.decode()
    assert "govuk-panel--confirmation" in page and "Answers sent" in page
    assert "What happens next" in page

    assessment.refresh_from_db()
    budget.refresh_from_db()
    assert assessment.submitted_by == p.alice and assessment.submitted_at is not None
    assert budget.status == Status.ELIGIBILITY
    event = BudgetEvent.objects.get(budget=budget)
    assert (event.move, event.actor) == ("submit_assessment", p.alice)
    assert AuditEntry.objects.filter(person=p.alice_person, action="change", what="Submitted the assessment").exists()


def test_wendy_fills_it_in_with_alice(client, p, budget, questionnaire):
    client.force_login(p.wendy)
    page = client.get(url("start", budget)).content.decode()
    assert "Fill in the assessment with Alice" in page and "How are you filling it in together?" in page
    page = client.post(url("start", budget)).content.decode()
    assert "Select face to face or by phone" in page and not Assessment.objects.exists()
    client.post(url("start", budget), {"channel": "assisted"})
    assessment = Assessment.objects.get(budget=budget)
    assert assessment.channel == Channel.ASSISTED and assessment.started_by == p.wendy

    page = client.get(q(budget, 1)).content.decode()
    assert "Question 1 of 10 · Alice Adams" in page
    for number in range(1, 11):  # "No" to looking after a child skips the last question
        _, option = first_option(questionnaire, number, index=1)
        client.post(q(budget, number), {"answer": option.pk, "continue": ""})
    page = client.get(url("check", budget)).content.decode()
    assert "I confirm these are Alice&#x27;s answers" in page
    response = client.post(url("check", budget), {"confirm": "on"})
    assert response.url == url("submitted", budget)
    assert "Alice Adams's assessment has been sent" in client.get(response.url).content.decode()
    budget.refresh_from_db()
    assert budget.status == Status.ELIGIBILITY
    assert Answer.objects.filter(assessment=assessment, answered_by=p.wendy).count() == 10
    assert BudgetEvent.objects.get(budget=budget).actor == p.wendy


def test_rita_answers_for_her_mother_online(client, p, budget, questionnaire):
    client.force_login(p.rita)
    page = client.get(url("start", budget)).content.decode()
    assert "Tell us about Alice's typical week" in page and "We record that you answered for them" in page
    client.post(url("start", budget))
    assessment = Assessment.objects.get(budget=budget)
    assert (assessment.channel, assessment.started_by) == (Channel.ONLINE_REPRESENTATIVE, p.rita)
    page = client.get(q(budget, 1)).content.decode()
    assert "Question 1 of 10 · Alice Adams" in page and "in these questions “you” means Alice, and in the answers “I” means Alice" in page
    answered(budget=budget, actor=p.rita)
    page = client.get(url("check", budget)).content.decode()
    assert "About Alice Adams" in page and "I confirm these answers are true of Alice, to the best of my knowledge" in page
    client.post(url("check", budget), {"confirm": "on"})
    assert "Alice Adams's assessment has been sent" in client.get(url("submitted", budget)).content.decode()
    assessment.refresh_from_db()
    assert assessment.submitted_by == p.rita
    assert set(Answer.objects.filter(assessment=assessment).values_list("answered_by", flat=True)) == {p.rita.pk}


def test_alice_is_spoken_to_as_you(client, p, budget):
    client.force_login(p.alice)
    client.post(url("start", budget))
    page = client.get(q(budget, 1)).content.decode()
    assert "Question 1 of 10</span>" in page and "means Alice" not in page


def test_returning_resumes_at_the_first_unanswered_question(client, p, budget):
    answered(budget=budget, actor=p.alice, upto=3)
    client.force_login(p.alice)
    page = client.get(url("start", budget)).content.decode()
    assert "Continue" in page and "Start now" not in page
    response = client.post(url("start", budget))
    assert response.url == q(budget, 4)
    assert Assessment.objects.filter(budget=budget).count() == 1


def test_returning_with_everything_answered_goes_to_check_answers(client, p, budget):
    answered(budget=budget, actor=p.alice)
    client.force_login(p.alice)
    assert client.post(url("start", budget)).url == url("check", budget)


def test_a_saved_answer_is_shown_chosen(client, p, budget, questionnaire):
    answered(budget=budget, actor=p.alice, upto=1, pick=2)
    _, option = first_option(questionnaire, 1, index=2)
    client.force_login(p.alice)
    page = client.get(q(budget, 1)).content.decode()
    assert f'value="{option.pk}"\n    \n      checked="checked"' in page


def test_save_and_come_back_later(client, p, budget, questionnaire):
    answered(budget=budget, actor=p.alice, upto=4)
    client.force_login(p.alice)
    question, option = first_option(questionnaire, 5, index=3)
    response = client.post(q(budget, 5), {"answer": option.pk, "save_later": ""})
    assert response.url == reverse("home")
    assert "Your answers are saved. You can come back and carry on at any time." in flashed(response)
    assert Answer.objects.get(question=question).option == option
    assert client.post(url("start", budget)).url == q(budget, 6)


def test_save_and_come_back_later_with_nothing_chosen_saves_nothing_and_leaves(client, p, budget):
    answered(budget=budget, actor=p.alice, upto=4)
    client.force_login(p.alice)
    response = client.post(q(budget, 5), {"save_later": ""})
    assert response.url == reverse("home")
    assert Answer.objects.count() == 4


def test_a_worker_saving_for_later_goes_back_to_the_persons_record(client, p, budget, questionnaire):
    answered(budget=budget, actor=p.wendy, upto=1)
    client.force_login(p.wendy)
    _, option = first_option(questionnaire, 2)
    response = client.post(q(budget, 2), {"answer": option.pk, "save_later": ""})
    assert response.url == reverse("person_detail", kwargs={"person_id": p.alice_person.pk})
    assert Answer.objects.count() == 2


def test_continue_with_no_option_shows_the_error_summary_and_saves_nothing(client, p, budget):
    answered(budget=budget, actor=p.alice, upto=2)
    client.force_login(p.alice)
    response = client.post(q(budget, 3), {"continue": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and "There is a problem" in page
    assert "Select the answer that best fits a typical week" in page
    assert "<title>Error: " in page
    assert Answer.objects.count() == 2


def test_an_option_of_another_question_is_refused(client, p, budget, questionnaire):
    answered(budget=budget, actor=p.alice, upto=0)
    _, other = first_option(questionnaire, 2)
    client.force_login(p.alice)
    response = client.post(q(budget, 1), {"answer": other.pk, "continue": ""})
    assert response.status_code == 200
    assert "Select one of the answers shown" in response.content.decode()
    assert not Answer.objects.exists()


@pytest.mark.parametrize("key", ["no-such-question", "caring-for-child", "0"])
def test_a_question_not_asked_is_404(client, p, budget, key):
    """Not in this questionnaire, or not asked given the answers so far."""
    answered(budget=budget, actor=p.alice, upto=0)
    client.force_login(p.alice)
    assert client.get(url("question", budget, key=key)).status_code == 404


def test_question_pages_before_starting_go_to_the_start_page(client, p, budget):
    client.force_login(p.alice)
    assert client.get(q(budget, 1)).url == url("start", budget)
    assert client.get(url("check", budget)).url == url("start", budget)


def test_change_link_returns_to_check_answers(client, p, budget, questionnaire):
    answered(budget=budget, actor=p.alice)
    client.force_login(p.alice)
    question, option = first_option(questionnaire, 4, index=0)
    page = client.get(q(budget, 4) + "?change=1").content.decode()
    assert f'href="{url("check", budget)}" class="govuk-back-link"' in page
    response = client.post(q(budget, 4) + "?change=1", {"answer": option.pk, "continue": ""})
    assert response.url == url("check", budget)
    assert Answer.objects.get(question=question).option == option


def test_submit_is_refused_while_questions_are_unanswered(client, p, budget):
    answered(budget=budget, actor=p.alice, upto=7)
    client.force_login(p.alice)
    page = client.get(url("check", budget)).content.decode()
    assert "3 questions have no answer yet" in page
    assert page.count("Not answered yet") == 3
    response = client.post(url("check", budget), {"confirm": "on"}, HTTP_REFERER=url("check", budget))
    assert response.url == url("check", budget)
    assert "Answer every question before you send your answers: 3 questions have no answer yet." in flashed(response)
    budget.refresh_from_db()
    assert budget.status == Status.ASSESSMENT
    assert Assessment.objects.get().submitted_at is None
    assert not BudgetEvent.objects.exists()


def test_submit_needs_the_declaration(client, p, budget):
    answered(budget=budget, actor=p.alice)
    client.force_login(p.alice)
    response = client.post(url("check", budget), {})
    assert response.status_code == 200
    assert "Confirm that the answers are true to the best of your knowledge" in response.content.decode()
    budget.refresh_from_db()
    assert budget.status == Status.ASSESSMENT


def test_after_submitting_the_answers_are_locked(client, p, budget, questionnaire):
    assessment = submitted(budget=budget, actor=p.alice, pick=-1)
    question, option = first_option(questionnaire, 1, index=0)
    client.force_login(p.alice)
    for response in (
        client.get(q(budget, 1)),
        client.post(q(budget, 1), {"answer": option.pk, "continue": ""}),
        client.get(url("check", budget)),
        client.post(url("check", budget), {"confirm": "on"}),
    ):
        assert response.url == url("answers", budget)
        assert "These answers have been sent, so they can't be changed now." in flashed(response)
    assert Answer.objects.get(assessment=assessment, question=question).option != option
    page = client.get(url("answers", budget)).content.decode()
    assert "The answers that were sent" in page and ">Change<" not in page
    assert Assessment.objects.count() == 1
    assert BudgetEvent.objects.count() == 1
    # The start page now links to them rather than starting again.
    page = client.get(url("start", budget)).content.decode()
    assert "Start now" not in page and url("answers", budget) in page


def test_start_refused_without_a_published_questionnaire(client, p):
    budget = BudgetFactory(person=p.alice_person, status=Status.ASSESSMENT)
    client.force_login(p.alice)
    response = client.post(url("start", budget))
    assert response.status_code == 302
    assert any("has not published an assessment questionnaire" in m for m in flashed(response))
    assert not Assessment.objects.exists()


def test_check_answers_runs_a_fixed_number_of_queries(client, p, budget, django_assert_num_queries):
    """Pinned: 3 answers or 11, the page costs the same (the questionnaire is one fixed set)."""
    assessment = answered(budget=budget, actor=p.alice, upto=3)
    client.force_login(p.alice)
    client.get(url("check", budget))  # warm the session
    with django_assert_num_queries(11):
        assert client.get(url("check", budget)).status_code == 200
    answered(budget=budget, actor=p.alice, pick=0)
    assert Answer.objects.filter(assessment=assessment).count() == 11
    with django_assert_num_queries(11):
        assert client.get(url("check", budget)).status_code == 200


def test_a_reassessment_starts_a_fresh_assessment(client, p, questionnaire):
    """Back round the cycle: the last round's sent answers stay, and a new assessment starts."""
    budget = BudgetFactory(person=p.alice_person, status=Status.REVIEW)
    old = Assessment.objects.create(  # the last round, as a fixture shortcut
        budget=budget, questionnaire=questionnaire, channel=Channel.ONLINE, started_by=p.alice,
        submitted_at=timezone.now(), submitted_by=p.alice,
    )
    budget_move(budget=budget, move="reassess", actor=p.wendy)
    client.force_login(p.alice)
    assert client.get(q(budget, 1)).url == url("start", budget)
    assert "Start now" in client.get(url("start", budget)).content.decode()
    assert client.post(url("start", budget)).url == q(budget, 1)
    new = Assessment.objects.exclude(pk=old.pk).get()
    assert new.submitted_at is None and new.budget == budget


def test_a_closed_budget_offers_nothing_to_fill_in(client, p, budget):
    answered(budget=budget, actor=p.alice, upto=2)
    budget_move(budget=budget, move="close", actor=p.wendy, reason="Moved away")
    client.force_login(p.alice)
    assert client.get(q(budget, 3)).url == url("start", budget)
    page = client.get(url("start", budget)).content.decode()
    assert "There is no assessment to fill in at this stage" in page and "Start now" not in page
