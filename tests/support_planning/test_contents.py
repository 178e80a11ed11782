"""Plan contents: totals, bad input refused with nothing changed, the running total, query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from pbudget.lifecycle import MoveNotAllowed, Status
from support_planning import services
from support_planning.calculation import LineCost, against_budget, direct_payment_weekly_pence, plan_totals
from support_planning.models import PlanOutcome, PlanOutcomeLink, PlanStatus, SupportLine, SupportPlan
from support_planning.selectors import needs_without_outcome
from tests.factories import BudgetFactory
from tests.support_planning.factories import plan
from tests.support_planning.test_plan import budget, url  # noqa: F401 - the same fixture and helper


def test_totals_count_only_the_personal_budget_and_add_one_offs_to_the_year():
    totals = plan_totals([
        LineCost(2500, Decimal("4")),                                   # £100 a week
        LineCost(30000, Decimal("1"), one_off=True),                    # a £300 grab rail, once
        LineCost(1000, Decimal("2"), paid_by="other_funding"),          # £20 a week from elsewhere
        LineCost(0, Decimal("7"), paid_by="free"),                      # a neighbour, free
        LineCost(5000, Decimal("1"), one_off=True, paid_by="other_funding"),
    ])
    assert (totals.weekly_pence, totals.one_off_pence, totals.yearly_pence) == (10000, 30000, 10000 * 52 + 30000)
    assert (totals.other_weekly_pence, totals.other_one_off_pence) == (2000, 5000)
    # £100 a week against £105: under by £5 a week, but the one-off takes the year over by £40.
    compared = against_budget(totals, 10500)
    assert (compared.over, compared.weekly_difference_pence, compared.yearly_difference_pence) == (True, -500, 4000)
    assert not against_budget(plan_totals([LineCost(2500, Decimal("4"))]), 10000).over  # exactly the budget is not over


def test_a_mix_pays_as_a_direct_payment_only_the_lines_managed_that_way():
    lines = [(LineCost(2500, Decimal("4")), "direct_payment"), (LineCost(1000, Decimal("3")), "council_managed"),
             (LineCost(9999, Decimal("1"), one_off=True), "direct_payment"), (LineCost(500, Decimal("2"), paid_by="free"), "direct_payment")]
    assert direct_payment_weekly_pence(lines, "mixed") == 10000
    assert direct_payment_weekly_pence([(LineCost(1000, Decimal("3")), "")], "direct_payment") == 3000


@given(st.lists(st.tuples(st.integers(0, 10_000_00), st.integers(1, 16800), st.booleans(), st.sampled_from(["personal_budget", "other_funding", "free"])), max_size=30))
def test_totals_are_whole_pence_and_the_year_is_52_weeks_plus_one_offs(rows):
    lines = [LineCost(c, Decimal(u) / 100, one_off=o, paid_by=b) for c, u, o, b in rows]
    totals = plan_totals(lines)
    assert all(isinstance(x, int) for x in (totals.weekly_pence, totals.yearly_pence, totals.one_off_pence))
    assert totals.yearly_pence == totals.weekly_pence * 52 + totals.one_off_pence
    assert totals.one_off_pence == sum(c for c, _, o, b in rows if o and b == "personal_budget")


def _line(made, **over):
    fields = {"plan": made, "actor": made.created_by, "lock_version": made.lock_version, "description": "PA",
              "outcome": made.outcomes.get(), "unit_cost_pence": 1500, "units_per_week": Decimal("2")}
    return {**fields, **over}


@pytest.mark.parametrize(("over", "message"), [
    ({"unit_cost_pence": -1}, "£0 or more"),
    ({"unit_cost_pence": 1.5}, "£0 or more"),
    ({"unit_cost_pence": 50_000_01}, "at most £50,000.00"),
    ({"units_per_week": Decimal("168.01")}, "168 hours in a week"),
    ({"units_per_week": Decimal("0")}, "more than 0"),
    ({"units_per_week": Decimal("-2")}, "more than 0"),
    ({"units_per_week": Decimal("1.005")}, "2 decimal places"),
    ({"units_per_week": Decimal("NaN")}, "more than 0"),
    ({"paid_by": "the council, somehow"}, "how the support is paid for"),
    ({"money_management": "isf"}, "provider who will hold the money"),
    ({"money_management": "mixed"}, "how the money for this support is managed"),
])
def test_bad_lines_are_refused_by_the_service_and_nothing_changes(p, budget, over, message):
    made = plan(budget=budget, actor=p.alice)
    with pytest.raises(MoveNotAllowed, match=message):
        services.plan_line_add(**_line(made, **over))
    made.refresh_from_db()
    assert made.lines.count() == 1 and made.lock_version == 0


@pytest.mark.parametrize(("cost", "units", "message"), [
    ("-5", "2", "Enter an amount of £0 or more"),
    ("12.345", "2", "Enter an amount to the nearest penny"),
    ("1000001", "1", "£1,000,000 or less"),
    ("1e3", "1", "pounds and pence"),
    ("15", "169", "at most 168 times a week"),
    ("15", "1.234", "2 decimal places at most"),
    ("15", "", "Enter how many times a week"),
])
def test_bad_lines_typed_on_the_page_get_a_message_and_keep_what_was_typed(client, p, budget, cost, units, message):
    made = plan(budget=budget, actor=p.alice)
    client.force_login(p.alice)
    response = client.post(url("line_add", budget), {
        "lock_version": 0, "description": "Typed with care", "outcome": made.outcomes.get().pk,
        "unit_cost_pence": cost, "units_per_week": units, "paid_by": "personal_budget", "one_off": "weekly",
    })
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page and message in page
    assert 'value="Typed with care"' in page
    assert made.lines.count() == 1


def test_a_line_cannot_be_attached_to_another_persons_plan(client, p, budget):
    made = plan(budget=budget, actor=p.alice)
    bobs = plan(budget=BudgetFactory(person=p.bob_person, status=Status.PLANNING), actor=p.bob)
    client.force_login(p.alice)
    response = client.post(url("line_add", budget), {
        "lock_version": 0, "description": "Sneaky", "outcome": bobs.outcomes.get().pk, "unit_cost_pence": "10", "units_per_week": "1",
    })
    assert "Select one of this plan" in response.content.decode()
    with pytest.raises(MoveNotAllowed, match="another plan"):
        services.plan_line_add(**_line(made, outcome=bobs.outcomes.get()))
    with pytest.raises(MoveNotAllowed, match="not allowed"):  # Bob's line is in Bob's plan: not Alice's to change
        services.plan_line_update(line=bobs.lines.get(), actor=p.alice, lock_version=0, description="x", outcome=None, unit_cost_pence=1, units_per_week=Decimal(1))
    assert SupportLine.objects.filter(plan=bobs).get().description == "Personal assistant 1"
    assert made.lines.count() == 1


def test_a_submitted_version_cannot_be_edited(client, p, budget):
    made = plan(budget=budget, actor=p.alice, status=PlanStatus.SUBMITTED)
    type(budget).objects.filter(pk=budget.pk).update(status=Status.SIGN_OFF)
    with pytest.raises(MoveNotAllowed, match="not being written"):
        services.plan_update_contingency(plan=made, actor=p.alice, lock_version=0, contingency="changed")
    with pytest.raises(MoveNotAllowed, match="not being written"):
        services.plan_line_add(**_line(made))
    client.force_login(p.wendy)
    response = client.post(url("contingency", budget), {"lock_version": 0, "contingency": "changed"})
    assert response.status_code == 302 and response["Location"] == url("plan", budget)
    made.refresh_from_db()
    assert made.contingency == "Call my daughter Rita" and made.lines.count() == 1


def test_one_off_other_funded_and_free_lines_on_the_page(client, p, budget):
    made = plan(budget=budget, actor=p.alice)  # £100 a week
    client.force_login(p.alice)
    outcome = made.outcomes.get().pk
    for fields in (
        {"description": "Grab rails", "unit_cost_pence": "300", "one_off": "one_off", "units_per_week": "", "provider_kind": "organisation"},
        {"description": "Day centre", "unit_cost_pence": "40", "units_per_week": "1", "paid_by": "other_funding"},
        {"description": "Neighbour shops", "unit_cost_pence": "12", "units_per_week": "1", "paid_by": "free", "provider_kind": "family"},
    ):
        version = SupportPlan.objects.get(pk=made.pk).lock_version
        assert client.post(url("line_add", budget), {"lock_version": version, "outcome": outcome, **fields}).status_code == 302
    rails, centre, neighbour = made.lines.order_by("pk")[1:]
    assert (rails.one_off, rails.units_per_week, rails.unit_cost_pence) == (True, Decimal(1), 30000)
    assert (neighbour.paid_by, neighbour.unit_cost_pence) == ("free", 0)  # free costs the budget nothing
    page = client.get(url("plan", budget)).content.decode()
    assert "£300.00 once" in page and "Other funding" in page and "Free" in page and "A family member or friend" in page
    assert "£5,500.00" in page  # 52 x £100 + £300: the first year
    assert "£40.00 a week" in page  # paid from other funding, shown apart


def test_over_the_indicative_budget_needs_a_reason_which_is_shown_for_sign_off(client, p, budget):
    made = plan(budget=budget, actor=p.alice, lines=((2500, "10"),))  # £250 a week against £200
    client.force_login(p.alice)
    page = client.get(url("plan", budget)).content.decode()
    assert "£50.00</span> a week over your indicative budget" in page and "Say why" in page
    page = client.get(url("check", budget)).content.decode()
    assert "Say why the plan costs more than the indicative budget" in page
    with pytest.raises(MoveNotAllowed, match="say why the plan costs more"):
        services.plan_submit(plan=made, actor=p.alice, lock_version=0)
    client.post(url("over_budget", budget), {"lock_version": 0, "over_budget_reason": "I need two carers to move safely"})
    made.refresh_from_db()
    assert made.over_budget_reason == "I need two carers to move safely"
    services.plan_submit(plan=made, actor=p.alice, lock_version=made.lock_version)
    assert SupportPlan.objects.get(pk=made.pk).status == PlanStatus.SUBMITTED


def test_a_mix_needs_each_budget_line_to_say_how_its_money_is_managed(client, p, budget):
    made = plan(budget=budget, actor=p.alice, money="mixed")
    client.force_login(p.alice)
    assert "For a mix, choose how the money is managed" in client.get(url("check", budget)).content.decode()
    line = made.lines.get()
    client.post(url("line_edit", budget, line.pk), {
        "lock_version": 0, "description": "PA", "outcome": line.outcome_id, "unit_cost_pence": "25", "units_per_week": "4",
        "money_management": "direct_payment",
    })
    page = client.get(url("plan", budget)).content.decode()
    assert "£400.00 every 4 weeks" in page  # the direct-payment part of the mix, and how often
    assert "For a mix" not in client.get(url("check", budget)).content.decode()


def test_needs_with_no_outcome_are_a_warning_not_a_block(client, p, budget, monkeypatch):
    made = plan(budget=budget, actor=p.alice)  # one outcome, about the community
    assert needs_without_outcome(plan=made, needs=["community", "nutrition", "hygiene"]) == [
        "Managing and maintaining nutrition", "Maintaining personal hygiene"]
    monkeypatch.setattr("support_planning.views.assessed_needs", lambda budget: ["community", "nutrition"])
    client.force_login(p.alice)
    page = client.get(url("plan", budget)).content.decode()
    assert "No outcome in the plan is about: Managing and maintaining nutrition" in page
    assert "Making use of necessary facilities or services in the local community" in page  # the assessment summary
    assert "Submit for sign-off" in client.get(url("check", budget)).content.decode()


def test_the_line_page_shows_the_running_total_for_scripts_to_update(client, p, budget):
    plan(budget=budget, actor=p.alice, lines=((2500, "4"), (30000, "1")))
    client.force_login(p.alice)
    page = client.get(url("line_add", budget)).content.decode()
    assert 'data-others-weekly="40000"' in page and 'data-indicative-weekly="20000"' in page
    assert "worked out when you save" in page and "nonce=" in page


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_the_plan_page_runs_the_same_queries_with_1_and_30_lines(client, p, budget):
    made = plan(budget=budget, actor=p.alice)
    client.force_login(p.alice)
    _queries(client, url("plan", budget))
    one = _queries(client, url("plan", budget))
    # 29 more lines spread over 10 outcomes, each outcome linked to two assessed needs.
    outcomes = [made.outcomes.get(), *PlanOutcome.objects.bulk_create(
        PlanOutcome(plan=made, order=n + 2, description=f"Outcome {n + 2}") for n in range(9))]
    PlanOutcomeLink.objects.bulk_create(
        PlanOutcomeLink(outcome=o, care_act_outcome=need) for o in outcomes[1:] for need in ("nutrition", "hygiene"))
    SupportLine.objects.bulk_create(
        SupportLine(plan=made, outcome=outcomes[n % 10], description=f"Line {n}", unit_cost_pence=100 + n, units_per_week=Decimal(1),
                    paid_by=["personal_budget", "other_funding", "free"][n % 3], one_off=n % 5 == 0)
        for n in range(29)
    )
    thirty = _queries(client, url("plan", budget))
    assert one == thirty, f"the plan page ran {one} queries for 1 line but {thirty} for 30"
    assert one <= 25
