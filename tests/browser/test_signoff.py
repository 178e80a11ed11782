"""
From submission to approval at each sign-off level, in a real browser: Alice submits her plan
(seeing what sign-off needs first); the rules send it to a social worker, a team manager or a
panel of two; they find it in their queue, read why it is theirs and sign it off. axe-core
checks every page visited.
"""

import pytest
from django.urls import reverse

from pbudget.lifecycle import Status
from pbudget.models import PersonalBudget, Role
from signoff.defaults import default_delegation_rules
from signoff.models import SignoffDecision
from tests.browser.helpers import follow, sign_in, submit
from tests.factories import BudgetFactory, UserFactory
from tests.support_planning.factories import indicative, plan

pytestmark = pytest.mark.browser


def go(page, live_server, axe, url):
    response = page.goto(live_server.url + url)
    assert response.status == 200, url
    axe(page)


def sign_off(page, live_server, axe, approver, budget, expect):
    sign_in(page, live_server, approver)
    go(page, live_server, axe, reverse("signoff:queue"))
    assert "Alice Adams" in page.content()
    follow(page, "Alice Adams")
    axe(page)
    assert expect in page.content()
    page.get_by_label("Sign off the plan").check()
    submit(page, "Confirm decision")
    axe(page)


@pytest.mark.parametrize(("weekly_pence", "approvers", "expect"), [
    (10000, ["wendy"], "A social worker may sign this off"),
    (30000, ["mandy"], "A team manager must sign this off"),
    # Sam manages no team: the panel reaches her through the queue; Dan manages Alice's team.
    (100000, ["sam", "dan"], "A panel of two senior managers must sign this off"),
])
def test_submission_to_approval_at_each_level(page, live_server, p, axe, weekly_pence, approvers, expect):
    p.dan = UserFactory(
        council=p.northshire, role=Role.TEAM_MANAGER, full_name="Dan Director", email="dan@northshire.example", is_senior_manager=True,
    )
    p.north.managers.add(p.dan)
    p.sam = UserFactory(
        council=p.northshire, role=Role.TEAM_MANAGER, full_name="Sam Senior", email="sam@northshire.example", is_senior_manager=True,
    )
    default_delegation_rules(council=p.northshire)
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    # Going over the indicative budget needs a reason (the checklist would block submission).
    reason = "My care needs two people at night" if weekly_pence > 20000 else ""
    plan(budget=budget, actor=p.alice, lines=((weekly_pence, "1"),), over_budget_reason=reason)

    sign_in(page, live_server, p.alice)
    go(page, live_server, axe, reverse("support_planning:check", args=[budget.pk]))
    assert "What sign-off needs from your plan" in page.content()
    submit(page, "Submit for sign-off")
    axe(page)
    assert PersonalBudget.objects.get(pk=budget.pk).status == Status.SIGN_OFF

    for n, who in enumerate(approvers):
        sign_off(page, live_server, axe, getattr(p, who), budget, expect)
        if n < len(approvers) - 1:
            assert "A second senior manager must approve it too" in page.content()
            assert PersonalBudget.objects.get(pk=budget.pk).status == Status.SIGN_OFF
    assert "The plan is signed off" in page.content()
    decision = SignoffDecision.objects.get(budget=budget)
    assert decision.agreed_weekly_pence == weekly_pence and decision.decided_by == getattr(p, approvers[-1])

    sign_in(page, live_server, p.alice)
    go(page, live_server, axe, reverse("home"))
    assert "Signed off on" in page.content()
