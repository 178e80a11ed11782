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
    for url in (f"/budgets/{budget.pk}/indicative-budget/", f"/budgets/{budget.pk}/support-plan/versions/1/",
                f"/sign-off/{budget.pk}/summary-sheet/", f"/reviews/{budget.pk}/"):
        assert f'href="{url}"' in timeline, url


def test_a_panel_decision_names_both_senior_managers(client, p):
    from signoff.models import SignoffDecision

    budget = _approved_cycle(p)
    SignoffDecision.objects.filter(budget=budget).update(level="panel", panel_first_approver=p.mandy)
    client.force_login(p.mandy)
    body = client.get(f"/people/{p.alice_person.pk}/").content.decode()
    timeline = body[body.index('id="timeline"'):]
    assert "Plan version 1 signed off (panel of two senior managers level)" in timeline
    assert "Mandy Manager and Wendy Worker" in timeline


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


def _assessed_cycle(p, reasons):
    """Alice's budget through an online assessment (sent) and an eligibility decision, then plan and sign-off."""
    from assessment.defaults import default_questionnaire
    from assessment.services import eligibility_decide
    from tests.assessment.factories import submitted

    default_questionnaire(council=p.northshire)
    budget = budget_open(person=p.alice_person, actor=p.wendy)
    assessment = submitted(budget=budget, actor=p.wendy)
    eligibility_decide(assessment=assessment, actor=p.wendy, impairment=True, unable_two_or_more=True,
                       significant_impact=True, wellbeing_areas=["dignity"], reasons=reasons)
    return budget


def _links(body):
    import re

    timeline = body[body.index('id="timeline"'):]
    return timeline, re.findall(r'<a class="govuk-link" href="([^"]+)">([^<]+)<', timeline)


def test_every_kind_of_record_on_the_timeline_has_a_link_that_opens(client, p):
    budget = _assessed_cycle(p, "Needs help with personal care and meals")
    from signoff.defaults import default_delegation_rules

    default_delegation_rules(council=p.northshire)
    budget.refresh_from_db()
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    submitted_plan = plan(budget=budget, actor=p.alice, status=PlanStatus.SUBMITTED)
    PersonalBudget.objects.filter(pk=budget.pk).update(status=Status.SIGN_OFF)
    budget.refresh_from_db()
    signoff_services.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=submitted_plan.lock_version)
    client.force_login(p.mandy)
    _, links = _links(client.get(f"/people/{p.alice_person.pk}/").content.decode())
    kinds = {text for _, text in links}
    assert {"Assessment answers", "Eligibility decision", "How the indicative budget was worked out",
            "Support plan version 1", "Summary sheet (PDF)", "Review"} <= kinds
    for url, text in links:
        assert client.get(url).status_code == 200, (text, url)


def test_sending_an_assessment_shows_once(client, p):
    _assessed_cycle(p, "Eligible")
    client.force_login(p.mandy)
    timeline, _ = _links(client.get(f"/people/{p.alice_person.pk}/").content.decode())
    assert timeline.count("Assessment answers sent") == 1
    assert "Assessment submitted" not in timeline
    # The eligibility decision and its move are one action too: the decision, with its link.
    assert timeline.count("Eligible for care and support") == 1 and "Eligible for support<" not in timeline


def test_long_eligibility_reasons_are_cut_short_with_a_link_to_the_whole_decision(client, p):
    reasons = "Needs help every morning and evening. " * 20 + "THE-END-OF-THE-REASONS"
    budget = _assessed_cycle(p, reasons)
    client.force_login(p.mandy)
    timeline, links = _links(client.get(f"/people/{p.alice_person.pk}/").content.decode())
    assert "Needs help every morning and evening." in timeline and "THE-END-OF-THE-REASONS" not in timeline
    assert (f"/budgets/{budget.pk}/assessment/eligibility/", "Eligibility decision") in links
    assert "THE-END-OF-THE-REASONS" in client.get(f"/budgets/{budget.pk}/assessment/eligibility/").content.decode()
