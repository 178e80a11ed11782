"""
A person writes their own plan in a real browser: three outcomes, five lines of support, the running
total going over the indicative budget as they type, a reason, and submission. axe-core on every page.
"""

import pytest
from django.urls import reverse

from pbudget.lifecycle import Status
from signoff.defaults import default_delegation_rules
from support_planning.models import PlanStatus, SupportPlan
from tests.browser.helpers import sign_in, submit, visit
from tests.factories import BudgetFactory
from tests.support_planning.factories import indicative

pytestmark = pytest.mark.browser

# Each outcome, and the areas of life (Care Act outcomes) it helps with: one may help with several.
OUTCOMES = [
    ("I get up and dressed in time for my day", ["Maintaining personal hygiene", "Being appropriately clothed"]),
    ("I eat a hot meal every day", ["Managing and maintaining nutrition"]),
    ("I see my friends at the lunch club", ["Making use of necessary facilities or services in the local community",
                                            "Developing and maintaining family or other personal relationships"]),
]
# (outcome, what, cost each time, times a week): £100 + £30 + £24 + £20, then £30 takes it over £200.
LINES = [
    (0, "Personal assistant in the morning", "25", "4"),
    (1, "Meals delivered", "15", "2"),
    (1, "Help to cook", "12", "2"),
    (2, "Taxi to the lunch club", "20", "1"),
    (2, "Lunch club place", "30", "1"),
]


def save(page):
    submit(page, "Save and go back to the plan")


def test_alice_writes_her_plan_goes_over_the_indicative_budget_says_why_and_submits(page, live_server, p, axe):
    default_delegation_rules(council=p.northshire)
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    sign_in(page, live_server, p.alice)
    visit(page, live_server, axe, reverse("support_planning:plan", args=[budget.pk]))
    submit(page, "Start your plan")
    axe(page)

    page.get_by_role("link", name="Change what matters").click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_label("What matters to you").fill("Staying in my own home and seeing my friends")
    page.get_by_label("Me, the person").check()
    save(page)

    for outcome, needs in OUTCOMES:
        page.get_by_role("link", name="Add an outcome").click()
        page.wait_for_load_state()
        axe(page)
        page.get_by_label("What do you want to achieve?").fill(outcome)
        for need in needs:
            page.get_by_label(need, exact=True).check()
        save(page)
    axe(page)
    assert "Helps with: Maintaining personal hygiene; Being appropriately clothed" in page.content()

    for n, (outcome, what, cost, times) in enumerate(LINES):
        page.get_by_role("link", name=f"Add support for outcome {outcome + 1}").click()
        page.wait_for_load_state()
        running = page.locator("[data-running-total]")
        page.get_by_label("What is the support?").fill(what)
        page.get_by_label("How much does it cost each time, in pounds?").fill(cost)
        page.get_by_label("If it is regular, how many times a week?").fill(times)
        if n < 4:
            assert "within the indicative budget" in running.inner_text()
        else:
            # The fifth line, as it is typed: £204 a week, over the £200 indicative budget.
            assert "With this support the plan costs £204.00 a week" in running.inner_text()
            assert "£208.00 a year over the indicative budget" in running.inner_text()
        axe(page)
        save(page)

    content = page.content()
    assert "£4.00</span> a week over your indicative budget" in content
    axe(page)

    page.get_by_role("link", name="Change how the money is managed").click()
    page.wait_for_load_state()
    page.get_by_label("Direct payment: the money is paid to me").check()
    axe(page)
    save(page)
    page.get_by_role("link", name="Change what happens if things go wrong").click()
    page.wait_for_load_state()
    page.get_by_label("If things go wrong").fill("My daughter Rita steps in")
    axe(page)
    save(page)

    page.get_by_role("link", name="Submit for sign-off").click()
    page.wait_for_load_state()
    assert "Say why the plan costs more than the indicative budget" in page.content()
    axe(page)
    page.get_by_role("link", name="Say why the plan costs more than the indicative budget").click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_label("Why does the plan cost more than the indicative budget?").fill("The lunch club is where I see my friends")
    save(page)
    assert "The lunch club is where I see my friends" in page.content()

    page.get_by_role("link", name="Submit for sign-off").click()
    page.wait_for_load_state()
    axe(page)
    submit(page, "Submit for sign-off")
    assert "sent for sign-off" in page.content()
    axe(page)

    submitted = SupportPlan.objects.get(budget=budget)
    assert submitted.status == PlanStatus.SUBMITTED and submitted.over_budget_reason == "The lunch club is where I see my friends"
    assert submitted.outcomes.count() == 3 and submitted.lines.count() == 5
    assert [o.care_act_outcomes for o in submitted.outcomes.prefetch_related("links")] == [
        ["hygiene", "clothing"], ["nutrition"], ["relationships", "community"]]
    budget.refresh_from_db()
    assert budget.status == Status.SIGN_OFF
    paths = {url.split("/support-plan/")[1].split("?")[0] for url in axe.checked}
    assert paths >= {"", "what-matters/", "outcomes/add/", "support/add/", "money/", "if-things-go-wrong/", "over-budget/", "check/"}


def test_helpers_versions_and_the_planner_pages_pass_axe(page, live_server, p, axe):
    from django.utils import timezone

    from pbudget.models import Role
    from signoff import services as signoff_services
    from support_planning import services
    from support_planning.models import PlannerInvitation
    from support_planning.services.planners import token_hash
    from tests.factories import UserFactory
    from tests.support_planning.factories import plan

    default_delegation_rules(council=p.northshire)
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    first = plan(budget=budget, actor=p.alice)
    services.plan_submit(plan=first, actor=p.alice, lock_version=0)
    first.refresh_from_db()
    signoff_services.signoff_return(budget=budget, actor=p.wendy, plan_lock_version=first.lock_version, comments="Nearly there.",
                                    part_comments={"money": "Who will be the employer?"})
    draft = SupportPlan.objects.get(budget=budget, status=PlanStatus.DRAFT)
    services.plan_update_contingency(plan=draft, actor=p.alice, lock_version=0, contingency="Rita steps in")
    services.planner_invite(budget=budget, actor=p.alice, email="bea@brokers.example", name="Bea Broker", kind="broker")
    PlannerInvitation.objects.update(token_hash=token_hash("a-known-token"))

    sign_in(page, live_server, p.alice)
    for name, args in [("plan", []), ("risks", []), ("invite", []), ("ask_for_help", []), ("versions", []), ("version", [1]), ("version", [2]),
                       ("money", []), ("line_edit", [draft.lines.get().pk])]:
        visit(page, live_server, axe, reverse(f"support_planning:{name}", args=[budget.pk, *args]))

    page.context.clear_cookies()
    visit(page, live_server, axe, reverse("planners:accept", args=["a-known-token"]))
    page.goto(live_server.url + reverse("planners:accept", args=["not-a-token"]))
    axe(page)
    bea = UserFactory(council=p.northshire, role=Role.PLANNER, email="bea.b@brokers.example", full_name="Bea Broker")
    PlannerInvitation.objects.update(planner=bea, accepted_at=timezone.now())
    sign_in(page, live_server, bea)
    visit(page, live_server, axe, reverse("home"))
    visit(page, live_server, axe, reverse("support_planning:plan", args=[budget.pk]))
    sign_in(page, live_server, p.wendy)
    services.plan_help_request(budget=budget, actor=p.alice, message="Please call me")
    visit(page, live_server, axe, reverse("home"))
    assert "Please call me" in page.content()
