"""Asking the council for help with planning: it shows on the team's work list until answered."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pbudget.lifecycle import MoveNotAllowed, Status
from pbudget.models import AuditEntry
from support_planning import services
from support_planning.models import PlanHelpRequest
from tests.factories import BudgetFactory, PersonFactory
from tests.support_planning.factories import indicative


@pytest.fixture
def budget(p):
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    return budget


def test_alice_asks_for_help_and_it_is_on_wendys_work_list_until_answered(client, p, budget):
    client.force_login(p.alice)
    page = client.get(reverse("support_planning:plan", args=[budget.pk])).content.decode()
    assert "Ask the council for help with planning" in page
    client.post(reverse("support_planning:ask_for_help", args=[budget.pk]), {"message": "I find the costs confusing"})
    request = PlanHelpRequest.objects.get()
    assert (request.budget, request.requested_by, request.message, request.answered_at) == (budget, p.alice, "I find the costs confusing", None)
    assert AuditEntry.objects.filter(user=p.alice, what="Asked the council for help with planning").exists()
    assert "You asked the council for help on" in client.get(reverse("support_planning:plan", args=[budget.pk])).content.decode()
    client.post(reverse("support_planning:ask_for_help", args=[budget.pk]), {"message": "again"})
    assert PlanHelpRequest.objects.count() == 1  # asking twice keeps one open request

    client.force_login(p.wendy)
    page = client.get(reverse("home")).content.decode()
    assert "Asked for help with planning" in page and "I find the costs confusing" in page and "Alice Adams" in page
    client.force_login(p.walter)  # another team's worker
    assert "Asked for help with planning" not in client.get(reverse("home")).content.decode()
    assert client.post(reverse("support_planning:help_answered", args=[budget.pk, request.pk])).status_code == 404

    client.force_login(p.wendy)
    client.post(reverse("support_planning:help_answered", args=[budget.pk, request.pk]))
    request.refresh_from_db()
    assert request.answered_by == p.wendy and request.answered_at is not None
    assert "Asked for help with planning" not in client.get(reverse("home")).content.decode()


def test_a_representative_may_ask_and_only_the_team_may_answer(p, budget):
    request = services.plan_help_request(budget=budget, actor=p.rita)
    assert request.requested_by == p.rita
    for who in (p.wendy, p.bob, p.xavier):
        with pytest.raises(MoveNotAllowed):
            services.plan_help_request(budget=budget, actor=who)
    for who in (p.alice, p.bob, p.walter, p.xavier):
        with pytest.raises(MoveNotAllowed):
            services.plan_help_answer(help_request=request, actor=who)
    request.refresh_from_db()
    assert request.answered_at is None


def test_help_can_be_asked_only_while_planning(p, budget):
    type(budget).objects.filter(pk=budget.pk).update(status=Status.SIGN_OFF)
    with pytest.raises(MoveNotAllowed, match="while the plan is being written"):
        services.plan_help_request(budget=budget, actor=p.alice)
    assert not PlanHelpRequest.objects.exists()


def _asks(p, n, start=0):
    for i in range(start, start + n):
        person = PersonFactory(team=p.north, first_name="Person", last_name=f"Number {i}")
        PlanHelpRequest.objects.create(budget=BudgetFactory(person=person, status=Status.PLANNING), requested_by=p.alice, message=f"Help {i}")


def test_the_work_list_costs_the_same_with_1_or_20_requests(client, p, django_assert_num_queries):
    client.force_login(p.wendy)
    _asks(p, 1)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("home")).content.decode().count("Mark as answered") == 1
    _asks(p, 19, start=1)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(reverse("home")).content.decode().count("Mark as answered") == 20
