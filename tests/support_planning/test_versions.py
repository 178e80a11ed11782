"""Versions: a returned plan is kept as sent, a new draft starts from it with the comments beside its parts; comparison; the printable plan; figures."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from pbudget.lifecycle import Status
from signoff import services as signoff_services
from signoff.defaults import default_delegation_rules
from support_planning import services
from support_planning.models import PlanDocument, PlanStatus, SupportPlan
from support_planning.selectors import plan_figures
from tests.factories import BudgetFactory, PersonFactory
from tests.support_planning.factories import indicative, plan


@pytest.fixture
def returned(p):
    """Alice's plan, submitted and returned by Wendy with comments on two of its parts."""
    default_delegation_rules(council=p.northshire)
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    first = plan(budget=budget, actor=p.alice)
    services.plan_submit(plan=first, actor=p.alice, lock_version=0)
    first.refresh_from_db()
    line = first.lines.get()
    signoff_services.signoff_return(
        budget=budget, actor=p.wendy, plan_lock_version=first.lock_version, comments="Nearly there.",
        part_comments={f"line:{line.pk}": "Is 4 times a week enough?", "money": "Who will be the employer?"},
    )
    return budget, first


def url(name, budget, *args):
    return reverse(f"support_planning:{name}", args=[budget.pk, *args])


def test_a_returned_version_is_kept_and_the_new_draft_shows_the_comments_beside_its_parts(client, p, returned):
    budget, first = returned
    first.refresh_from_db()
    draft = SupportPlan.objects.get(budget=budget, status=PlanStatus.DRAFT)
    assert first.status == PlanStatus.RETURNED and (draft.number, draft.previous) == (2, first)
    assert draft.lines.get().copied_from == first.lines.get()
    client.force_login(p.alice)
    page = client.get(url("plan", budget)).content.decode()
    assert "Version 2" in page and "Nearly there." in page
    assert page.index("Personal assistant 1") < page.index("Is 4 times a week enough?") < page.index("How the money is managed") < page.index("Who will be the employer?")
    line = draft.lines.get()
    assert "Is 4 times a week enough?" in client.get(url("line_edit", budget, line.pk)).content.decode()
    # The returned version can't be written to.
    from pbudget.lifecycle import MoveNotAllowed

    with pytest.raises(MoveNotAllowed):
        services.plan_update_contingency(plan=first, actor=p.alice, lock_version=first.lock_version, contingency="x")


def test_every_version_is_viewable_and_compared_with_the_one_before(client, p, returned):
    budget, first = returned
    draft = SupportPlan.objects.get(budget=budget, status=PlanStatus.DRAFT)
    line = draft.lines.get()
    services.plan_line_update(line=line, actor=p.alice, lock_version=0, description="Personal assistant 1", outcome=line.outcome,
                              unit_cost_pence=2500, units_per_week=Decimal("6"), provider="Helping Hands")
    services.plan_line_add(plan=draft, actor=p.alice, lock_version=1, description="Taxi", outcome=line.outcome,
                           unit_cost_pence=1200, units_per_week=Decimal("2"))
    services.plan_update_contingency(plan=draft, actor=p.alice, lock_version=2, contingency="Call Rita, then the agency")
    client.force_login(p.rita)
    page = client.get(url("versions", budget)).content.decode()
    assert "Version 1" in page and "Returned with comments" in page and "Version 2" in page
    page = client.get(url("version", budget, 2)).content.decode()
    assert "What changed since version 1" in page
    assert "£100.00</span> before, <span class=\"app-money\">£174.00</span> now" in page
    assert "Support: Personal assistant 1 <span class=\"govuk-body-s\">(changed)</span>" in page and "x 6 a week = £150.00" in page
    assert "Support: Taxi <span class=\"govuk-body-s\">(added)</span>" in page
    assert "If things go wrong <span class=\"govuk-body-s\">(changed)</span>" in page and "Call my daughter Rita" in page
    page = client.get(url("version", budget, 1)).content.decode()
    assert "Who will be the employer?" in page and "What changed" not in page
    assert client.get(url("version", budget, 3)).status_code == 404


@pytest.mark.parametrize("outsider", ["bob", "walter", "xavier", "adam"])
def test_versions_and_the_printable_plan_are_404_to_outsiders(client, p, returned, outsider):
    budget, _ = returned
    client.force_login(getattr(p, outsider))
    for name, args in (("versions", []), ("version", [1]), ("document", [])):
        assert client.get(url(name, budget, *args)).status_code == 404
    assert client.post(url("document_request", budget)).status_code == 404
    assert not PlanDocument.objects.exists()


def test_the_printable_plan_is_rendered_by_the_worker_and_downloaded(client, p, returned, django_capture_on_commit_callbacks):
    budget, _ = returned
    client.force_login(p.alice)
    assert client.get(url("document", budget)).status_code == 404  # nothing asked for yet
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("document_request", budget))
    document = PlanDocument.objects.get()
    assert document.state == PlanDocument.State.READY and document.plan.number == 2
    response = client.get(url("document", budget))
    assert response["Content-Type"] == "application/pdf" and bytes(response.content).startswith(b"%PDF")
    assert "Download the plan (PDF)" in client.get(url("plan", budget)).content.decode()
    draft = document.plan
    services.plan_update_contingency(plan=draft, actor=p.alice, lock_version=draft.lock_version, contingency="Changed")
    page = client.get(url("plan", budget)).content.decode()
    assert "Make a printable copy" in page  # the copy was of the plan before this change


def test_a_failed_render_is_marked_failed_and_can_be_asked_for_again(client, p, returned, monkeypatch, django_capture_on_commit_callbacks):
    budget, _ = returned
    monkeypatch.setattr("support_planning.services.document.render_to_string", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("no fonts")))
    client.force_login(p.alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("document_request", budget))
    assert PlanDocument.objects.get().state == PlanDocument.State.FAILED
    assert "could not be prepared" in client.get(url("plan", budget)).content.decode()


def _signed_off(p, team, led_by, money, when):
    person = PersonFactory(team=team)
    budget = BudgetFactory(person=person, status=Status.ACTIVE)
    made = plan(budget=budget, actor=p.wendy, status=PlanStatus.APPROVED, money=money)
    SupportPlan.objects.filter(pk=made.pk).update(led_by=led_by, approved_at=when, approved_in_team=team)
    return made


def test_plan_figures_by_team_and_month_in_two_queries(p, django_assert_num_queries):
    london = datetime.timezone.utc  # winter: London is on UTC
    jan, feb = datetime.datetime(2026, 1, 15, 12, tzinfo=london), datetime.datetime(2026, 2, 10, 12, tzinfo=london)
    for led_by, money, when, team in [
        ("person", "direct_payment", jan, p.north), ("person", "direct_payment", jan, p.north),
        ("broker", "isf", jan, p.north), ("council", "council_managed", jan, p.north),
        ("person", "mixed", feb, p.north), ("council", "council_managed", jan, p.south),
        ("person", "direct_payment", datetime.datetime(2025, 12, 31, 23, 30, tzinfo=london), p.north),  # December
    ]:
        _signed_off(p, team, led_by, money, when)
    plan(budget=BudgetFactory(person=PersonFactory(team=p.north), status=Status.PLANNING), actor=p.wendy)  # not signed off
    with django_assert_num_queries(2):
        figures = plan_figures(council=p.northshire, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 2, 28))
    north_jan = {r.key: (r.count, r.total, str(r.share_percent)) for r in figures["led_by"] if r.team_id == p.north.pk and r.month == datetime.date(2026, 1, 1)}
    assert north_jan == {"person": (2, 4, "50.0"), "broker": (1, 4, "25.0"), "council": (1, 4, "25.0")}
    all_jan = {r.key: (r.count, r.total, str(r.share_percent)) for r in figures["led_by"] if r.team_id is None and r.month == datetime.date(2026, 1, 1)}
    assert all_jan == {"person": (2, 5, "40.0"), "broker": (1, 5, "20.0"), "council": (2, 5, "40.0")}
    money_feb = [(r.team, r.key, r.count, str(r.share_percent)) for r in figures["money"] if r.month == datetime.date(2026, 2, 1)]
    assert money_feb == [("North adults team", "mixed", 1, "100.0"), ("All teams", "mixed", 1, "100.0")]
    only_south = plan_figures(council=p.northshire, teams=[p.south])
    assert [(r.team, r.key, r.count) for r in only_south["led_by"]] == [("South adults team", "council", 1), ("All teams", "council", 1)]
    assert plan_figures(council=p.southvale) == {"led_by": [], "money": []}


def test_a_plan_counts_in_the_team_it_was_signed_off_in_and_the_month(p, django_capture_on_commit_callbacks):
    """
    By hand: North signs off two plans in March (one led by the person, one by a broker) and South
    one in March, led by the council. Then the broker-led plan's person moves to South, and South
    signs off a new version of that plan in April, led by the person.
    North, March: person 1/2 = 50.0%, broker 1/2 = 50.0%. South, March: council 1/1 = 100.0%.
    South, April: person 1/1 = 100.0%. All teams, March: person 1/3 = 33.3%, broker 33.3%, council 33.3%.
    """
    default_delegation_rules(council=p.northshire)
    march, april = datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC), datetime.datetime(2026, 4, 2, 12, tzinfo=datetime.UTC)
    _signed_off(p, p.north, "person", "direct_payment", march)
    moved = _signed_off(p, p.north, "broker", "isf", march)
    _signed_off(p, p.south, "council", "council_managed", march)
    person = moved.budget.person
    person.team = p.south
    person.save(update_fields=["team"])
    # A new version (varied after a review) goes through sign-off for real, which records the team.
    budget = moved.budget
    type(budget).objects.filter(pk=budget.pk).update(status=Status.PLANNING)  # test set-up: as after a review
    budget.refresh_from_db()
    indicative(budget=budget, weekly_pence=20000, actor=p.walter)
    again = plan(budget=budget, actor=p.walter, number=2)
    services.plan_submit(plan=again, actor=p.walter, lock_version=again.lock_version)
    again.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        signoff_services.signoff_approve(budget=budget, actor=p.walter, plan_lock_version=again.lock_version)
    again.refresh_from_db()
    assert again.approved_in_team == p.south
    SupportPlan.objects.filter(pk=again.pk).update(approved_at=april)

    rows = plan_figures(council=p.northshire)["led_by"]
    shares = {(r.team, r.month.month, r.key): (r.count, r.total, str(r.share_percent)) for r in rows}
    assert shares == {
        ("North adults team", 3, "person"): (1, 2, "50.0"), ("North adults team", 3, "broker"): (1, 2, "50.0"),
        ("South adults team", 3, "council"): (1, 1, "100.0"), ("South adults team", 4, "person"): (1, 1, "100.0"),
        ("All teams", 3, "broker"): (1, 3, "33.3"), ("All teams", 3, "council"): (1, 3, "33.3"),
        ("All teams", 3, "person"): (1, 3, "33.3"), ("All teams", 4, "person"): (1, 1, "100.0"),
    }
    # Only North: the moved person's March plan still counts there; April's is South's.
    north = plan_figures(council=p.northshire, teams=[p.north])["led_by"]
    assert sorted((r.team, r.month.month, r.key, r.count) for r in north) == [
        ("All teams", 3, "broker", 1), ("All teams", 3, "person", 1),
        ("North adults team", 3, "broker", 1), ("North adults team", 3, "person", 1),
    ]
