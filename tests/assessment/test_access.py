"""Forbidden access to every assessment page: anonymous, outsiders, and the wrong role."""

import pytest
from django.urls import reverse

from assessment.models import Answer, Assessment, EligibilityDecision
from pbudget.lifecycle import Status
from pbudget.models import AuditEntry
from tests.assessment.factories import answered, submitted

PAGES = [
    ("start", {}),
    ("question", {"key": "food-and-drink"}),
    ("check", {}),
    ("submitted", {}),
    ("answers", {}),
    ("eligibility", {}),
]
GET_ONLY = {"submitted", "answers"}
OUTSIDERS = ["bob", "walter", "xavier", "adam"]


def url(name, budget, **kwargs):
    return reverse(f"assessment:{name}", kwargs={"budget_id": budget.pk, **kwargs})


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_anonymous_is_sent_to_sign_in(client, budget, name, kwargs):
    for response in (client.get(url(name, budget, **kwargs)), client.post(url(name, budget, **kwargs))):
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("outsider", OUTSIDERS)
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_people_without_a_relationship_get_404(client, p, budget, name, kwargs, outsider):
    answered(budget=budget, actor=p.alice, upto=2)
    client.force_login(getattr(p, outsider))
    assert client.get(url(name, budget, **kwargs)).status_code == 404
    option = budget.assessments.get().questionnaire.questions.get(order=1).options.first()
    data = {"answer": option.pk, "continue": "", "confirm": "on"}
    # GET-only pages answer 405 to any POST before looking anything up: nothing leaks.
    assert client.post(url(name, budget, **kwargs), data).status_code == (405 if name in GET_ONLY else 404)
    assert Assessment.objects.count() == 1 and Answer.objects.count() == 2


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_after_submission_too(client, p, budget, outsider):
    submitted(budget=budget, actor=p.alice)
    client.force_login(getattr(p, outsider))
    for name in ("answers", "submitted", "eligibility"):
        assert client.get(url(name, budget)).status_code == 404


@pytest.mark.parametrize("who", ["alice", "rita"])
def test_the_person_and_representative_get_404_on_the_eligibility_page(client, p, budget, who):
    submitted(budget=budget, actor=p.alice)
    client.force_login(getattr(p, who))
    assert client.get(url("eligibility", budget)).status_code == 404
    data = {"impairment": "yes", "unable_two_or_more": "yes", "significant_impact": "yes", "reasons": "I say so"}
    assert client.post(url("eligibility", budget), data).status_code == 404
    assert not EligibilityDecision.objects.exists()
    budget.refresh_from_db()
    assert budget.status == Status.ELIGIBILITY


def test_an_unknown_budget_is_404(client, p, budget):
    client.force_login(p.alice)
    assert client.get(reverse("assessment:start", kwargs={"budget_id": 999999})).status_code == 404


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_every_page_logs_the_view(client, p, budget, name, kwargs):
    submitted(budget=budget, actor=p.alice)
    client.force_login(p.wendy)
    client.get(url(name, budget, **kwargs))
    assert AuditEntry.objects.filter(user=p.wendy, person=p.alice_person, action="view").exists()
