"""The person's timeline on the staff record: every cycle, every step, who and when, with links."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pbudget.lifecycle import Status, budget_move
from pbudget.models import PersonalBudget
from pbudget.services import budget_open
from signoff import services as signoff_services
from support_planning.models import PlanStatus
from tests.factories import BudgetFactory
from tests.support_planning.factories import indicative, plan


def _approved_cycle(p):
    """Alice's budget opened, indicative budget, a plan submitted and signed off by Wendy."""
    from signoff.defaults import default_delegation_rules

    default_delegation_rules(council=p.northshire)
    budget = budget_open(person=p.alice_person, actor=p.wendy)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    submitted = plan(budget=budget, actor=p.alice, status=PlanStatus.SUBMITTED)
    BudgetFactory._meta.model.objects.filter(pk=budget.pk).update(status=Status.SIGN_OFF)  # the stages' own moves are theirs to test
    budget.refresh_from_db()
    signoff_services.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=submitted.lock_version)
    return budget


def test_timeline_shows_every_step_with_who_and_links(client, p):
    old = budget_open(person=p.alice_person, actor=p.wendy)
    budget_move(budget=old, move="close", actor=p.mandy, reason="Moved away for a while")
    budget = _approved_cycle(p)
    client.force_login(p.mandy)
    body = client.get(f"/people/{p.alice_person.pk}/").content.decode()
    timeline = body[body.index('id="timeline"'):]
    assert timeline.count("<caption") == 2  # two cycles, the newest first
    assert timeline.index("budget in place") < timeline.index("closed since")
    for text in ("Budget opened, at assessment", "Moved away for a while", "Mandy Manager",
                 "Indicative budget worked out: <span class=\"app-money\">£200.00</span> a week",
                 "Support plan version 1 started", "Led by: me, the person", "Plan version 1 signed off (social worker level)",
                 "First review scheduled, due", "Assessment started (online"):
        assert text in timeline, text
    for url in (f"/budgets/{budget.pk}/indicative-budget/", f"/budgets/{budget.pk}/support-plan/",
                f"/sign-off/{budget.pk}/summary-sheet/", f"/reviews/{budget.pk}/"):
        assert f'href="{url}"' in timeline, url


def test_timeline_costs_the_same_queries_however_many_cycles(client, p):
    _approved_cycle(p)
    client.force_login(p.mandy)
    url = f"/people/{p.alice_person.pk}/"
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    current = PersonalBudget.objects.get(person=p.alice_person)
    budget_move(budget=current, move="close", actor=p.mandy, reason="Ended")
    _approved_cycle(p)
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).content.decode().count("<caption") == 2
    assert len(one) == len(two)


@pytest.mark.parametrize("who", ["walter", "xavier", "adam", "bob"])
def test_outsiders_never_see_the_timeline(client, p, who):
    _approved_cycle(p)
    client.force_login(getattr(p, who))
    response = client.get(f"/people/{p.alice_person.pk}/")
    assert response.status_code == 404
    assert "Indicative budget worked out" not in response.content.decode()
