"""The worker's eligibility decision on the three Care Act conditions."""

import pytest
from django.urls import reverse

from assessment.models import EligibilityDecision
from assessment.services import eligibility_decide
from pbudget.lifecycle import MoveNotAllowed, Status
from pbudget.models import BudgetEvent
from tests.assessment.factories import answered, submitted

YES_TO_ALL = {
    "impairment": "yes", "significant_impact": "yes", "wellbeing_areas": ["health", "control"],
    "outcomes_unable": ["nutrition", "hygiene", "toilet"],
}


def url(budget):
    return reverse("assessment:eligibility", kwargs={"budget_id": budget.pk})


def test_the_page_shows_the_answers_by_outcome_and_counts_in_words(client, p, budget):
    # The second option everywhere ("I manage, but it's hard") means "unable" under the
    # regulations; the second answer to "Do you look after a child?" is No, which skips caring.
    submitted(budget=budget, actor=p.alice, pick=1)
    client.force_login(p.wendy)
    page = client.get(url(budget)).content.decode()
    assert "Eligibility decision" in page
    assert "cannot achieve <strong>nine of the ten outcomes</strong>" in page
    assert "Managing and maintaining nutrition" in page
    assert "How do you manage food and drink?" in page
    assert page.count("Cannot achieve</strong>") == 9
    assert "Do the needs arise from a physical or mental impairment or illness?" in page
    assert "Reasons for the decision" in page


def test_an_outcome_covered_only_by_a_question_that_did_not_apply_says_why_it_was_not_asked(client, p, budget):
    submitted(budget=budget, actor=p.alice, pick=1)  # No to "Do you look after a child?"
    client.force_login(p.wendy)
    page = client.get(url(budget)).content.decode()
    caring = page[page.index("Carrying out any caring responsibilities for a child"):]
    caring = caring[:caring.index("</dl>")]
    assert "How do you manage looking after your child?" in caring
    assert (
        "Not asked, because of an earlier answer. This question is only asked if the answer to "
        "“Do you look after a child?” is “Yes”, and Alice’s answer was “No”." in caring
    )
    assert "No question" not in page and "No answer was about" not in page


def test_when_the_question_applied_its_answer_is_shown_and_nothing_is_said_about_skipping(client, p, budget):
    submitted(budget=budget, actor=p.alice, pick=0)  # Yes: the child question is asked
    client.force_login(p.wendy)
    page = client.get(url(budget)).content.decode()
    assert "How do you manage looking after your child?" in page and "Not asked" not in page


def test_the_count_follows_the_unable_options(client, p, budget):
    submitted(budget=budget, actor=p.alice, pick=0)  # "I manage on my own" everywhere
    client.force_login(p.mandy)
    page = client.get(url(budget)).content.decode()
    assert "cannot achieve <strong>none of the ten outcomes</strong>" in page
    assert page.count("Can achieve</strong>") == 10


def test_wendy_decides_alice_is_eligible(client, p, budget):
    assessment = submitted(budget=budget, actor=p.alice, pick=2)
    client.force_login(p.wendy)
    response = client.post(url(budget), {**YES_TO_ALL, "reasons": "Needs help with personal care every day."})
    assert response.url == reverse("person_detail", kwargs={"person_id": p.alice_person.pk})
    page = client.get(response.url).content.decode()
    assert "Alice Adams is eligible for support" in page
    decision = EligibilityDecision.objects.get(assessment=assessment)
    assert decision.eligible and decision.decided_by == p.wendy
    budget.refresh_from_db()
    assert budget.status == Status.ALLOCATION
    event = BudgetEvent.objects.filter(budget=budget).last()
    assert (event.move, event.actor, event.reason) == ("decide_eligible", p.wendy, "Needs help with personal care every day.")
    # Decided once: the page now shows the decision, and no form.
    page = client.get(url(budget)).content.decode()
    assert "Eligible for support" in page and "Record the decision" not in page


def test_mandy_decides_alice_is_not_eligible_and_alice_sees_it_closed(client, p, budget, django_capture_on_commit_callbacks):
    assessment = submitted(budget=budget, actor=p.alice, pick=0)
    client.force_login(p.mandy)
    reasons = "Alice manages every outcome on her own at the moment."
    # The answers suggest no outcome; Mandy agrees (none ticked), so the second condition fails.
    with django_capture_on_commit_callbacks(execute=True):  # the written decision PDF, inline here
        response = client.post(url(budget), {**YES_TO_ALL, "outcomes_unable": [], "reasons": reasons})
    assert response.status_code == 302
    decision = EligibilityDecision.objects.get(assessment=assessment)
    assert not decision.eligible and not decision.unable_two_or_more and decision.outcomes_unable == []
    budget.refresh_from_db()
    assert budget.status == Status.CLOSED and budget.closed_at is not None
    event = BudgetEvent.objects.filter(budget=budget).last()
    assert (event.move, event.reason) == ("decide_not_eligible", reasons)
    assert reasons in client.get(response.url).content.decode()  # on the timeline
    client.force_login(p.alice)
    home = client.get(reverse("home")).content.decode()
    assert "you are not eligible for care and support" in home
    assert reasons in home
    # The written decision: a page with other help, and a PDF rendered by the worker.
    page = client.get(reverse("assessment:decision", args=[budget.pk])).content.decode()
    assert "Your eligibility decision" in page and reasons in page and "Other help you can get" in page
    assert "Download the written decision (PDF)" in page
    pdf = client.get(reverse("assessment:decision_pdf", args=[budget.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.force_login(p.rita)
    assert "Alice's eligibility decision" in client.get(reverse("assessment:decision", args=[budget.pk])).content.decode()


def test_wendy_confirms_or_changes_the_drafted_view_outcome_by_outcome(client, p, budget):
    assessment = submitted(budget=budget, actor=p.alice, pick=2)  # nine outcomes suggested
    client.force_login(p.wendy)
    page = client.get(url(budget)).content.decode()
    assert page.count('checked') >= 9 and "suggests cannot achieve" in page
    client.post(url(budget), {
        "impairment": "yes", "significant_impact": "yes", "wellbeing_areas": ["dignity"],
        "outcomes_unable": ["hygiene", "caring"], "reasons": "Needs help with washing; struggles with her grandson.",
    })
    decision = EligibilityDecision.objects.get(assessment=assessment)
    assert decision.eligible and decision.outcomes_unable == ["hygiene", "caring"] and decision.wellbeing_areas == ["dignity"]
    assessment.refresh_from_db()
    assert len([e for e in assessment.eligibility_draft if e["unable"]]) == 9  # the draft is kept as it was
    page = client.get(url(budget)).content.decode()
    assert "Personal dignity" in page and "Carrying out any caring responsibilities for a child" in page


def test_one_outcome_is_not_enough_and_impact_needs_wellbeing_areas(client, p, budget):
    assessment = submitted(budget=budget, actor=p.alice, pick=2)
    client.force_login(p.wendy)
    page = client.post(url(budget), {**YES_TO_ALL, "wellbeing_areas": [], "reasons": "x"}).content.decode()
    assert "Select the areas of wellbeing affected" in page and not EligibilityDecision.objects.exists()
    client.post(url(budget), {**YES_TO_ALL, "outcomes_unable": ["toilet"], "reasons": "Only the toilet."})
    decision = EligibilityDecision.objects.get(assessment=assessment)
    assert not decision.eligible and not decision.unable_two_or_more


def test_no_written_decision_for_the_eligible(client, p, budget):
    submitted(budget=budget, actor=p.alice)
    client.force_login(p.wendy)
    client.post(url(budget), {**YES_TO_ALL, "reasons": "Needs help every day"})
    client.force_login(p.alice)
    assert client.get(reverse("assessment:decision", args=[budget.pk])).status_code == 404


def test_every_field_is_required(client, p, budget):
    submitted(budget=budget, actor=p.alice)
    client.force_login(p.wendy)
    response = client.post(url(budget), {})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Select yes if the needs arise from a physical or mental impairment or illness" in page
    assert "Enter the reasons for the decision" in page
    assert not EligibilityDecision.objects.exists()
    budget.refresh_from_db()
    assert budget.status == Status.ELIGIBILITY


def test_nothing_to_decide_before_the_answers_are_sent(client, p, budget):
    answered(budget=budget, actor=p.alice, upto=3)
    client.force_login(p.wendy)
    assert "No assessment answers have been sent yet" in client.get(url(budget)).content.decode()
    response = client.post(url(budget), {**YES_TO_ALL, "reasons": "x"}, follow=True)
    assert "not waiting for a decision" in response.content.decode()
    assert not EligibilityDecision.objects.exists()


def test_a_second_click_on_the_decision_says_it_is_decided(client, p, budget):
    submitted(budget=budget, actor=p.alice)
    client.force_login(p.wendy)
    client.post(url(budget), {**YES_TO_ALL, "reasons": "Needs help every day"})
    response = client.post(url(budget), {**YES_TO_ALL, "reasons": "Needs help every day"}, follow=True)
    assert response.status_code == 200
    assert "already been decided" in response.content.decode()
    assert EligibilityDecision.objects.count() == 1


def test_the_service_refuses_a_second_decision(p, budget):
    assessment = submitted(budget=budget, actor=p.alice)
    eligibility_decide(assessment=assessment, actor=p.wendy, impairment=True, unable_two_or_more=True, significant_impact=True, reasons="Yes")
    with pytest.raises(MoveNotAllowed):
        eligibility_decide(assessment=assessment, actor=p.wendy, impairment=False, unable_two_or_more=True, significant_impact=True, reasons="No")
    assert EligibilityDecision.objects.count() == 1


def test_the_service_refuses_the_person_and_blank_reasons(p, budget):
    assessment = submitted(budget=budget, actor=p.alice)
    with pytest.raises(MoveNotAllowed, match="reasons"):
        eligibility_decide(assessment=assessment, actor=p.wendy, impairment=True, unable_two_or_more=True, significant_impact=True, reasons="  ")
    with pytest.raises(MoveNotAllowed):
        eligibility_decide(assessment=assessment, actor=p.alice, impairment=True, unable_two_or_more=True, significant_impact=True, reasons="I decide")
    assert not EligibilityDecision.objects.exists()
    budget.refresh_from_db()
    assert budget.status == Status.ELIGIBILITY
