"""Each plan outcome is linked to every assessed need (Care Act outcome) it addresses, not just one."""

import re

import pytest
from django.template.loader import render_to_string

from pbudget.lifecycle import MoveNotAllowed, Status
from signoff.defaults import default_delegation_rules
from signoff.models import SummarySheet
from signoff.sheets import summary_context
from support_planning import services
from support_planning.compare import plan_compare
from support_planning.models import PlanOutcomeLink, PlanStatus
from support_planning.selectors import needs_without_outcome, plan_printable
from tests.factories import BudgetFactory
from tests.migrations import migrate, newest_afterwards
from tests.support_planning.factories import indicative, plan
from tests.support_planning.test_plan import budget, url  # noqa: F401 - the same fixture and helper

NEEDS = ["hygiene", "clothing", "community"]


def lock(made):
    made.refresh_from_db()
    return made.lock_version


@pytest.fixture
def needs(monkeypatch):
    """Alice's assessment found her unable to wash, dress and get out into her community."""
    monkeypatch.setattr("support_planning.views.assessed_needs", lambda budget: NEEDS)
    return NEEDS


def test_one_outcome_links_to_several_needs_listed_first_and_the_plan_shows_them_all(client, p, budget, needs):
    made = services.plan_start(budget=budget, actor=p.alice)
    client.force_login(p.alice)
    form = client.get(url("outcome_add", budget)).content.decode()
    # GOV.UK checkboxes, the assessed needs first and marked, then the other areas of life.
    assert form.count('type="checkbox"') == 10 and 'class="govuk-checkboxes' in form
    positions = [form.index(label) for label in (
        "Maintaining personal hygiene (from the assessment)", "Being appropriately clothed (from the assessment)",
        "Making use of necessary facilities or services in the local community (from the assessment)",
        "Managing and maintaining nutrition",
    )]
    assert positions == sorted(positions)

    response = client.post(url("outcome_add", budget), {
        "lock_version": lock(made), "description": "I get up, washed and dressed by 9", "care_act_outcomes": ["hygiene", "clothing"],
    })
    assert response.status_code == 302
    outcome = made.outcomes.get()
    assert outcome.care_act_outcomes == ["hygiene", "clothing"]

    page = client.get(url("plan", budget)).content.decode()
    assert "Helps with: Maintaining personal hygiene; Being appropriately clothed" in page
    # Both links count: only the community is left without an outcome.
    assert "No outcome in the plan is about: Making use of necessary facilities or services in the local community." in page
    assert "No outcome in the plan is about: Maintaining personal hygiene" not in page

    edit = client.get(url("outcome_edit", budget, outcome.pk)).content.decode()
    assert re.findall(r'value="(\w+)"[^>]*\schecked', edit) == ["hygiene", "clothing"]
    client.post(url("outcome_edit", budget, outcome.pk), {
        "lock_version": lock(made), "description": "I get up, washed and dressed by 9",
        "care_act_outcomes": ["clothing", "community"],
    })
    assert outcome.care_act_outcomes == ["clothing", "community"]
    assert needs_without_outcome(plan=made, needs=NEEDS) == ["Maintaining personal hygiene"]


def test_a_need_not_in_the_list_is_refused_and_nothing_changes(client, p, budget, needs):
    made = plan(budget=budget, actor=p.alice)
    outcome = made.outcomes.get()
    client.force_login(p.alice)
    response = client.post(url("outcome_edit", budget, outcome.pk), {
        "lock_version": lock(made), "description": "Changed", "care_act_outcomes": ["community", "flying"],
    })
    page = response.content.decode()
    assert response.status_code == 200 and "Select only needs from the list" in page
    assert page.count("Select only needs from the list") == 2  # the error summary and the field, once each
    outcome.refresh_from_db()
    assert (outcome.description, outcome.care_act_outcomes) == ("Get out to the allotment", ["community"])
    with pytest.raises(MoveNotAllowed, match="only areas of life"):
        services.plan_outcome_add(plan=made, actor=p.alice, lock_version=lock(made), description="x", care_act_outcomes=["flying"])
    assert made.outcomes.count() == 1 and PlanOutcomeLink.objects.count() == 1


def test_links_are_copied_to_a_new_version_and_the_comparison_shows_changes(p, budget):
    made = plan(budget=budget, actor=p.alice)
    outcome = made.outcomes.get()
    services.plan_outcome_update(
        outcome=outcome, actor=p.alice, lock_version=lock(made), description=outcome.description,
        care_act_outcomes=["community", "relationships"],
    )
    made.refresh_from_db()
    made.status = PlanStatus.APPROVED
    made.save()
    budget.refresh_from_db()
    budget_planning = type(budget).objects.get(pk=budget.pk)
    assert budget_planning.status == Status.PLANNING
    second = services.plan_start(budget=budget_planning, actor=p.alice)
    copied = second.outcomes.get()
    assert copied.care_act_outcomes == ["relationships", "community"]
    services.plan_outcome_update(
        outcome=copied, actor=p.alice, lock_version=lock(second), description=copied.description, care_act_outcomes=["community"],
    )
    differences = plan_compare(plan=second, previous=made)["differences"]
    changed = [d for d in differences if d.what.startswith("Outcome")]
    assert len(changed) == 1 and changed[0].change == "changed"
    assert "helps with: Developing and maintaining family or other personal relationships; Making use" in changed[0].before
    assert changed[0].after.endswith("(helps with: Making use of necessary facilities or services in the local community)")


def test_the_printable_plan_and_the_summary_sheet_show_every_link(p):
    default_delegation_rules(council=p.northshire)
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    made = plan(budget=budget, actor=p.alice)
    made.outcomes.get().links.create(care_act_outcome="relationships")
    html = render_to_string("support_planning/plan_pdf.html", plan_printable(plan=made))
    both = "Helps with: Developing and maintaining family or other personal relationships; Making use of necessary facilities"
    assert both in html
    services.plan_submit(plan=made, actor=p.alice, lock_version=lock(made))
    sheet = SummarySheet.objects.get(plan=made)
    assert both in render_to_string("signoff/summary_sheet_pdf.html", summary_context(sheet))


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_each_outcomes_one_link():
    with newest_afterwards():
        old = migrate([("support_planning", "0004_plan_contents_planners_versions")])
        council = old.get_model("pbudget", "Council").objects.create(name="Oldshire", slug="oldshire")
        User = old.get_model("pbudget", "User")
        user = User.objects.create(email="o@example.org", council=council)
        team = old.get_model("pbudget", "Team").objects.create(council=council, name="Old team")
        person = old.get_model("pbudget", "Person").objects.create(council=council, team=team, first_name="O", last_name="Ld")
        budget = old.get_model("pbudget", "PersonalBudget").objects.create(person=person, council=council)
        made = old.get_model("support_planning", "SupportPlan").objects.create(budget=budget, created_by=user)
        Outcome = old.get_model("support_planning", "PlanOutcome")
        linked = Outcome.objects.create(plan=made, description="Washed", care_act_outcome="hygiene")
        unlinked = Outcome.objects.create(plan=made, description="Nothing in particular", care_act_outcome="")

        new = migrate([("support_planning", "0005_outcome_links")])
        Link = new.get_model("support_planning", "PlanOutcomeLink")
        assert list(Link.objects.filter(outcome_id__in=[linked.pk, unlinked.pk]).values_list("outcome_id", "care_act_outcome")) == [
            (linked.pk, "hygiene")]
