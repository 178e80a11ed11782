"""The stage apps' figures on the figures page: laid out, in the CSV, and hidden when too few."""

import csv
import datetime
import io

import pytest

from pbudget.lifecycle import Status
from pbudget.models import Role
from reviews.models import Review, ReviewKind
from tests.caseload.conftest import waiting
from tests.caseload.test_timeline import _approved_cycle
from tests.factories import PersonFactory, UserFactory

URL = "/caseload/figures/"


def test_signoff_figures_for_a_manager(client, p):
    _approved_cycle(p)  # Wendy, a social worker, signs Alice's plan off this month
    client.force_login(p.mandy)
    response = client.get(URL)
    section = {s.slug: s for s in response.context["sections"]}["signoff"]
    assert section.rows[-2][1:] == ["1", "100.0%", section.rows[-2][3], "0.0%"]  # this month
    assert section.rows[-1][:2] == ["Whole period", "1"]
    body = response.content.decode()
    assert 'id="chart-signoff-title"' in body and "Sign-off: who signs plans off" in body
    rows = list(csv.reader(io.StringIO(client.get("/caseload/figures.csv").content.decode())))
    assert ["sign-off", "", "whole period", "signed off by a social worker (%)", "100.0"] in rows


def test_signoff_figures_hide_a_single_decision_from_an_administrator(client, p):
    _approved_cycle(p)
    client.force_login(p.adam)
    section = {s.slug: s for s in client.get(URL).context["sections"]}["signoff"]
    assert section.rows[-1] == ["Whole period", "fewer than 5", "–", "–", "–"]
    assert all(row[2] == "–" for row in section.rows)


def test_signoff_figures_stay_in_their_council(client, p):
    _approved_cycle(p)
    other = UserFactory(council=p.southvale, role=Role.COUNCIL_ADMIN)
    client.force_login(other)
    section = {s.slug: s for s in client.get(URL).context["sections"]}["signoff"]
    assert section.rows[-1][1] == "0"


@pytest.fixture
def reviews(p, frozen):
    """North: Alice's review due in 10 days, Bob's 3 days overdue, Cara's completed on time (carried on)."""
    today = frozen.date()
    alice = waiting(p.alice_person, Status.ACTIVE, 100)
    Review.objects.create(budget=alice, kind=ReviewKind.ANNUAL, due_date=today + datetime.timedelta(days=10))
    bob = waiting(p.bob_person, Status.ACTIVE, 100)
    Review.objects.create(budget=bob, kind=ReviewKind.ANNUAL, due_date=today - datetime.timedelta(days=3))
    cara = waiting(PersonFactory(team=p.north, first_name="Cara"), Status.ACTIVE, 100)
    Review.objects.create(budget=cara, kind=ReviewKind.FIRST, due_date=today + datetime.timedelta(days=5), status="completed",
                          completed_at=frozen - datetime.timedelta(days=2), outcomes_met="met", next_step="continue")


def _reviews(client):
    section = {s.slug: s for s in client.get(URL).context["sections"]}["reviews"]
    summary, led_to = section.tables
    return dict(summary.rows), led_to.rows, section


def test_review_figures_for_a_manager(client, p, reviews):
    client.force_login(p.mandy)
    summary, led_to, section = _reviews(client)
    assert summary["Due in the next 30 days"] == "1" and summary["Overdue today"] == "1"
    assert summary["Longest overdue (days)"] == "3" and summary["Overdue up to 4 weeks"] == "1"
    assert summary["Completed in the period"] == "1" and summary["Completed by their due date"] == "100.0%"
    assert led_to == [["Carried on: no change", "1", "100.0%"]]
    assert 'id="chart-reviews-title"' in section.svg


def test_review_figures_hide_small_numbers_from_an_administrator(client, p, reviews):
    client.force_login(p.adam)
    summary, led_to, _ = _reviews(client)
    assert summary["Overdue today"] == "fewer than 5" and summary["Longest overdue (days)"] == "–"
    assert summary["Completed by their due date"] == "–"
    assert led_to == [["Carried on: no change", "fewer than 5", "–"]]


def test_calibration_by_client_group(client, p):
    _approved_cycle(p)  # indicative £200 a week, the plan agreed at £100 a week
    client.force_login(p.mandy)
    section = {s.slug: s for s in client.get(URL).context["sections"]}["calibration"]
    assert section.rows == [["Older people", "1", "50.0%", "0.0%", "-50.0%"], ["All client groups", "1", "50.0%", "0.0%", "-50.0%"]]
    assert 'id="chart-calibration-title"' in section.svg
    client.force_login(p.adam)
    section = {s.slug: s for s in client.get(URL).context["sections"]}["calibration"]
    assert section.rows[0] == ["Older people", "fewer than 5", "–", "–", "–"]


def test_who_led_the_plans_and_how_the_money_is_managed(client, p):
    _approved_cycle(p)  # Alice's own plan (led by her), paid as a direct payment, signed off this month
    client.force_login(p.mandy)
    response = client.get(URL)
    section = {s.slug: s for s in response.context["sections"]}["plans"]
    led, money = section.more
    assert led.rows == [["Me, the person", "1", "100.0%"]]
    assert money.rows == [["Direct payment: the money is paid to me", "1", "100.0%"]]
    assert 'id="chart-plans-title"' in response.content.decode()
    rows = list(csv.reader(io.StringIO(client.get("/caseload/figures.csv").content.decode())))
    assert ["plans: who led", "", "whole period", "Me, the person: share (%)", "100.0"] in rows


def test_who_led_the_plans_hides_one_plan_from_an_administrator(client, p):
    _approved_cycle(p)
    client.force_login(p.adam)
    led, _ = {s.slug: s for s in client.get(URL).context["sections"]}["plans"].more
    assert led.rows == [["Me, the person", "fewer than 5", "–"]]
