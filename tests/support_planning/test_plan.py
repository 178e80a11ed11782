"""Writing a support plan through its pages, the lock that stops lost updates, and submitting it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from pbudget.lifecycle import MoveNotAllowed, Status
from pbudget.models import AuditEntry, BudgetEvent
from support_planning import services
from support_planning.models import MoneyManagement, PlanStatus, SupportLine, SupportPlan
from support_planning.selectors import plan_costs
from tests.factories import BudgetFactory
from tests.support_planning.factories import indicative, plan


@pytest.fixture
def budget(p):
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    return budget


def url(name, budget, *args):
    return reverse(f"support_planning:{name}", args=[budget.pk, *args])


def lock(budget):
    return SupportPlan.objects.get(budget=budget, status=PlanStatus.DRAFT).lock_version


def test_alice_writes_her_plan_through_the_pages_and_submits_it(client, p, budget):
    client.force_login(p.alice)
    page = client.get(url("plan", budget)).content.decode()
    assert "Start your plan" in page and "£200.00 a week" in page

    response = client.post(url("start", budget))
    assert response.status_code == 302
    draft = SupportPlan.objects.get(budget=budget)
    assert (draft.number, draft.status, draft.created_by) == (1, PlanStatus.DRAFT, p.alice)

    response = client.post(url("about", budget), {"lock_version": lock(budget), "what_matters": "Seeing my friends", "led_by": "representative"})
    assert response.status_code == 302
    client.post(url("outcome_add", budget), {"lock_version": lock(budget), "description": "Go to the lunch club", "care_act_outcomes": ["community"]})
    outcome = draft.outcomes.get()
    response = client.post(url("line_add", budget), {
        "lock_version": lock(budget), "description": "Taxi there and back", "outcome": outcome.pk,
        "provider": "Ace Cars", "unit_cost_pence": "25.50", "units_per_week": "3",
    })
    assert response.status_code == 302
    client.post(url("money", budget), {"lock_version": lock(budget), "money_management": "direct_payment", "payment_frequency": "four_weekly"})
    client.post(url("contingency", budget), {"lock_version": lock(budget), "contingency": "Rita drives me"})

    page = client.get(url("plan", budget)).content.decode()
    assert "Seeing my friends" in page and "Go to the lunch club" in page and "Taxi there and back" in page
    assert "£76.50" in page and "£3,978.00" in page  # 3 x £25.50 a week, 52 weeks
    assert "£123.50</span> a week under your indicative budget of <span class=\"app-money\">£200.00" in page
    assert "£306.00 every 4 weeks" in page  # a direct payment shows amount and frequency
    assert "Rita drives me" in page and "Change" in page

    page = client.get(url("check", budget)).content.decode()
    assert "not ready" not in page and "Submit for sign-off" in page
    response = client.post(url("check", budget), {"lock_version": lock(budget)})
    assert response.status_code == 302

    draft.refresh_from_db()
    budget.refresh_from_db()
    assert draft.status == PlanStatus.SUBMITTED and draft.submitted_at is not None
    assert budget.status == Status.SIGN_OFF
    event = BudgetEvent.objects.get(budget=budget)
    assert (event.move, event.actor) == ("submit_plan", p.alice)
    assert plan_costs(plan=draft).weekly_pence == 7650
    assert AuditEntry.objects.filter(person=p.alice_person, action="change", what__startswith="Support plan").count() >= 6

    page = client.get(url("plan", budget)).content.decode()
    assert "Submitted for sign-off" in page and ">Change<" not in page and "Submit for sign-off" not in page
    response = client.get(url("about", budget))  # read-only once submitted
    assert response.status_code == 302
    assert SupportPlan.objects.get(pk=draft.pk).what_matters == "Seeing my friends"


def test_totals_are_in_pence_rounded_half_up_per_line(p, budget):
    made = plan(budget=budget, actor=p.alice, lines=((1333, "1.5"), (999, "0.5"), (2000, "7")))
    totals = plan_costs(plan=made)
    # 1999.5 -> 2000, 499.5 -> 500, 14000
    assert (totals.weekly_pence, totals.yearly_pence) == (16500, 16500 * 52)


def test_a_stale_lock_version_is_refused_and_nothing_changes(client, p, budget):
    made = plan(budget=budget, actor=p.alice)
    opened_at = made.lock_version
    services.plan_update_contingency(plan=made, actor=p.wendy, lock_version=opened_at, contingency="Wendy's change")

    client.force_login(p.rita)
    response = client.post(url("contingency", budget), {"lock_version": opened_at, "contingency": "Rita's change"})
    page = response.content.decode()
    # Refused, and said so: what Rita typed is still there, with who changed what since she opened it.
    assert response.status_code == 200 and "your changes have not been saved yet" in page
    assert "Rita&#x27;s change</textarea>" in page and "Wendy Worker saved if things go wrong" in page
    assert f'name="lock_version" value="{opened_at + 1}"' in page  # saving again is a decision
    made.refresh_from_db()
    assert made.contingency == "Wendy's change" and made.lock_version == opened_at + 1
    client.post(url("contingency", budget), {"lock_version": opened_at + 1, "contingency": "Rita's change"})
    made.refresh_from_db()
    assert made.contingency == "Rita's change" and made.lock_version == opened_at + 2
    with pytest.raises(MoveNotAllowed, match="changed by someone else"):
        services.plan_line_remove(line=made.lines.get(), actor=p.alice, lock_version=opened_at)
    assert made.lines.count() == 1


def test_an_incomplete_plan_is_refused_with_what_is_missing(client, p, budget):
    client.force_login(p.alice)
    client.post(url("start", budget))
    page = client.get(url("check", budget)).content.decode()
    assert "Add at least one outcome" in page and f'href="{url("outcome_add", budget)}"' in page
    assert "Add at least one support line paid from the personal budget, with a cost" in page and f'href="{url("line_add", budget)}"' in page
    assert "Choose how the money will be managed" in page and f'href="{url("money", budget)}"' in page
    # One list, what the plan needs and what sign-off needs together, each thing once, with a count.
    assert "There are 4 things to do" in page and page.count('govuk-tag--red">To do') == 4
    assert "Say what happens if things go wrong" in page and "govuk-error-summary" not in page

    response = client.post(url("check", budget), {"lock_version": lock(budget)}, HTTP_REFERER="http://testserver" + url("check", budget), follow=True)
    assert "The plan is not ready to submit" in response.content.decode()
    budget.refresh_from_db()
    assert budget.status == Status.PLANNING
    assert SupportPlan.objects.get(budget=budget).status == PlanStatus.DRAFT
    assert not BudgetEvent.objects.filter(budget=budget).exists()


def test_an_individual_service_fund_needs_its_provider(client, p, budget):
    made = plan(budget=budget, actor=p.alice)
    client.force_login(p.alice)
    response = client.post(url("money", budget), {"lock_version": made.lock_version, "money_management": "isf", "provider_name": " "})
    assert response.status_code == 200
    assert "Enter the name of the provider who will hold the money" in response.content.decode()
    with pytest.raises(MoveNotAllowed, match="provider"):
        services.plan_set_money_management(plan=made, actor=p.alice, lock_version=made.lock_version, method="isf")
    SupportPlan.objects.filter(pk=made.pk).update(money_management=MoneyManagement.INDIVIDUAL_SERVICE_FUND)
    made.refresh_from_db()
    with pytest.raises(MoveNotAllowed, match="provider who will hold the money"):
        services.plan_submit(plan=made, actor=p.alice, lock_version=made.lock_version)


def test_form_errors_are_shown_in_plain_english(client, p, budget):
    made = plan(budget=budget, actor=p.alice)
    client.force_login(p.alice)
    response = client.post(url("outcome_add", budget), {"lock_version": made.lock_version, "description": ""})
    assert "Enter what you want to achieve" in response.content.decode()
    response = client.post(url("line_add", budget), {
        "lock_version": made.lock_version, "description": "Cleaner", "outcome": made.outcomes.get().pk,
        "unit_cost_pence": "twelve", "units_per_week": "0",
    })
    page = response.content.decode()
    assert "Enter an amount in pounds and pence" in page and "more than 0" in page
    assert made.lines.count() == 1


def test_removing_an_outcome_removes_its_support(client, p, budget):
    made = plan(budget=budget, actor=p.alice)
    outcome = made.outcomes.get()
    client.force_login(p.wendy)
    page = client.get(url("outcome_edit", budget, outcome.pk)).content.decode()
    assert "also removes the 1 support line" in page
    client.post(url("outcome_remove", budget, outcome.pk), {"lock_version": made.lock_version})
    assert not made.outcomes.exists() and not SupportLine.objects.filter(plan=made).exists()


def test_changing_a_line_recalculates_the_plan(client, p, budget):
    made = plan(budget=budget, actor=p.alice)
    line = made.lines.get()
    client.force_login(p.rita)
    assert "2.5" not in client.get(url("line_edit", budget, line.pk)).content.decode()
    client.post(url("line_edit", budget, line.pk), {
        "lock_version": made.lock_version, "description": "PA", "outcome": line.outcome_id,
        "unit_cost_pence": "20", "units_per_week": "2.5",
    })
    line.refresh_from_db()
    assert (line.unit_cost_pence, line.units_per_week) == (2000, Decimal("2.5"))
    assert "£50.00" in client.get(url("plan", budget)).content.decode()


def test_starting_after_an_approved_plan_copies_it_as_a_new_version(p, budget):
    approved = plan(budget=budget, actor=p.alice, status=PlanStatus.APPROVED, lines=((1000, "2"), (500, "1")))
    draft = services.plan_start(budget=budget, actor=p.wendy)
    assert draft.number == 2 and draft.status == PlanStatus.DRAFT
    assert draft.what_matters == approved.what_matters and draft.money_management == approved.money_management
    assert [o.description for o in draft.outcomes.all()] == ["Get out to the allotment"]
    assert sorted(line.outcome.plan_id for line in draft.lines.all()) == [draft.pk, draft.pk]
    assert plan_costs(plan=draft) == plan_costs(plan=approved)
    assert services.plan_start(budget=budget, actor=p.alice) == draft  # returns the draft in progress


def test_a_plan_cannot_be_started_outside_planning(p):
    budget = BudgetFactory(person=p.alice_person, status=Status.ALLOCATION)
    with pytest.raises(MoveNotAllowed):
        services.plan_start(budget=budget, actor=p.alice)
    assert not SupportPlan.objects.exists()


@pytest.mark.parametrize("name", ["plan", "about", "check", "money"])
def test_anonymous_is_sent_to_sign_in(client, p, budget, name):
    plan(budget=budget, actor=p.alice)
    response = client.get(url(name, budget))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("outsider", ["bob", "walter", "xavier", "adam"])
@pytest.mark.parametrize("name", ["plan", "about", "check", "contingency"])
def test_people_without_a_relationship_get_404(client, p, budget, outsider, name):
    made = plan(budget=budget, actor=p.alice)
    client.force_login(getattr(p, outsider))
    assert client.get(url(name, budget)).status_code == 404
    if name != "plan":
        assert client.post(url(name, budget), {"lock_version": made.lock_version, "contingency": "x"}).status_code == 404
    assert client.post(url("start", budget)).status_code == 404
    made.refresh_from_db()
    assert made.contingency == "Call my daughter Rita" and made.lock_version == 0


@pytest.mark.parametrize("outsider", ["bob", "walter", "xavier", "adam"])
def test_services_refuse_people_without_a_relationship(p, budget, outsider):
    made = plan(budget=budget, actor=p.alice)
    with pytest.raises(MoveNotAllowed):
        services.plan_update_contingency(plan=made, actor=getattr(p, outsider), lock_version=0, contingency="x")


@pytest.mark.parametrize("who", ["alice", "rita", "wendy", "mandy"])
def test_everyone_with_a_relationship_may_work_on_the_plan(client, p, budget, who):
    made = plan(budget=budget, actor=p.alice)
    client.force_login(getattr(p, who))
    assert client.get(url("plan", budget)).status_code == 200
    client.post(url("contingency", budget), {"lock_version": 0, "contingency": f"Ask {who}"})
    made.refresh_from_db()
    assert made.contingency == f"Ask {who}"


def test_removing_a_line_and_ids_from_elsewhere_are_404(client, p, budget):
    made = plan(budget=budget, actor=p.alice, lines=((1000, "1"), (2000, "1")))
    first, second = made.lines.all()
    other = plan(budget=BudgetFactory(person=p.bob_person, status=Status.PLANNING), actor=p.bob)
    client.force_login(p.alice)
    assert client.get(url("line_edit", budget, other.lines.get().pk)).status_code == 404
    assert client.post(url("line_remove", budget, other.lines.get().pk), {"lock_version": 0}).status_code == 404
    assert client.get(url("outcome_edit", budget, other.outcomes.get().pk)).status_code == 404
    client.post(url("line_remove", budget, first.pk), {"lock_version": made.lock_version})
    assert list(made.lines.all()) == [second] and other.lines.count() == 1
    assert "£20.00" in client.get(url("plan", budget)).content.decode()


def test_after_a_review_a_new_version_can_be_started_from_the_approved_plan(client, p, budget):
    plan(budget=budget, actor=p.alice, status=PlanStatus.APPROVED)
    client.force_login(p.wendy)
    page = client.get(url("plan", budget)).content.decode()
    assert "Start a new version of the plan" in page and ">Change<" not in page
    client.post(url("start", budget))
    assert SupportPlan.objects.get(budget=budget, status=PlanStatus.DRAFT).number == 2
    assert ">Change<" in client.get(url("plan", budget)).content.decode()


def test_a_line_costing_more_than_any_real_package_is_refused_with_a_message(client, p, budget):
    made = plan(budget=budget, actor=p.alice)
    client.force_login(p.alice)
    response = client.post(url("line_add", budget), {
        "lock_version": made.lock_version, "description": "Mistyped", "outcome": made.outcomes.get().pk,
        "unit_cost_pence": "1000000", "units_per_week": "1",
    }, follow=True)
    assert response.status_code == 200 and response.redirect_chain == []
    page = response.content.decode()
    assert "at most £50,000.00 a week" in page and "govuk-error-summary" in page
    assert page.count("One line of support can cost at most") == 1  # said once, in the error summary
    assert 'value="Mistyped"' in page  # what was typed is kept
    assert made.lines.count() == 1


def test_the_smallest_frequency_is_accepted(client, p, budget):
    made = plan(budget=budget, actor=p.alice)
    client.force_login(p.alice)
    client.post(url("line_add", budget), {
        "lock_version": made.lock_version, "description": "Annual gardening visit", "outcome": made.outcomes.get().pk,
        "unit_cost_pence": "52", "units_per_week": "0.01",
    })
    assert made.lines.filter(units_per_week=Decimal("0.01")).exists()


@pytest.mark.parametrize("outcome", ["²", "9" * 5000, "-1", "abc"])
def test_nonsense_outcome_in_the_address_is_ignored(client, p, budget, outcome):
    plan(budget=budget, actor=p.alice)
    client.force_login(p.alice)
    response = client.get(url("line_add", budget) + "?outcome=" + outcome)
    assert response.status_code == 200
    assert "What is the support?" in response.content.decode()


def test_a_remove_with_a_tampered_version_says_so_and_removes_nothing(client, p, budget):
    made = plan(budget=budget, actor=p.alice)
    client.force_login(p.alice)
    response = client.post(url("line_remove", budget, made.lines.get().pk), {"lock_version": "abc"}, follow=True)
    assert "changed by someone else" in response.content.decode()
    assert made.lines.count() == 1
