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


@pytest.fixture
def assessments(p, frozen):
    """North, this month: Alice's assessment (with Wendy, face to face) sent 30 minutes after it began;
    Bob's (by phone) stopped after two answers."""
    import time_machine

    from assessment.defaults import default_questionnaire
    from assessment.selectors import question_next
    from assessment.services import assessment_answer, assessment_start, assessment_submit
    from tests.assessment.factories import answered

    default_questionnaire(council=p.northshire)
    alice = waiting(p.alice_person, Status.ASSESSMENT, 1)
    sent = answered(budget=alice, actor=p.wendy)
    with time_machine.travel(frozen + datetime.timedelta(minutes=30), tick=False):
        assessment_submit(assessment=sent, actor=p.wendy)
    bob = waiting(p.bob_person, Status.ASSESSMENT, 1)
    in_progress = assessment_start(budget=bob, actor=p.wendy, channel="phone")
    for _ in range(2):
        question = question_next(assessment=in_progress)
        assessment_answer(assessment=in_progress, question=question, option=list(question.options.all())[-1], actor=p.wendy)
    return question  # the question Bob's assessment last saved


def test_assessment_channels_and_completion_for_a_manager(client, p, assessments):
    client.force_login(p.mandy)
    section = {s.slug: s for s in client.get(URL).context["sections"]}["assessments"]
    # Hand-computed: one assessment started and sent per channel; Alice's took 30 minutes.
    assert section.rows == [
        ["Version 1: With a social worker, face to face", "1", "1", "100.0%", "30.0"],
        ["Version 1: By phone, with a social worker", "1", "0", "0.0%", "–"],
    ]
    stops = section.more[0]
    assert len(stops.rows) == 1 and stops.rows[0][0] == "Version 1: By phone, with a social worker" and stops.rows[0][2] == "1"
    assert stops.rows[0][1] == f"{assessments.order}. {assessments.text}"
    assert 'id="chart-assessments-title"' in section.svg
    rows = list(csv.reader(io.StringIO(client.get("/caseload/figures.csv").content.decode())))
    assert ["assessments", "Version 1: With a social worker, face to face", "whole period", "median minutes to complete", "30.0"] in rows


def test_assessment_figures_hide_a_few_from_an_administrator(client, p, assessments):
    client.force_login(p.adam)
    section = {s.slug: s for s in client.get(URL).context["sections"]}["assessments"]
    assert all(row[1] == "fewer than 5" and row[3:] == ["–", "–"] for row in section.rows)
    assert all(row[2] == "fewer than 5" for row in section.more[0].rows)


@pytest.fixture
def ratings(p, frozen):
    """Two reviews completed this month (quality of life 4 and 2; health 3 and answered once), one last month (1)."""
    for first, when, quality, health in (("Cara", 2, 4, 3), ("Dan", 3, 2, None), ("Eve", 40, 1, None)):
        budget = waiting(PersonFactory(team=p.north, first_name=first), Status.ACTIVE, 100)
        Review.objects.create(budget=budget, kind=ReviewKind.ANNUAL, due_date=frozen.date(), status="completed",
                              completed_at=frozen - datetime.timedelta(days=when), outcomes_met="met", next_step="continue",
                              quality_of_life=quality, health=health)


def test_review_ratings_by_month(client, p, ratings):
    client.force_login(p.mandy)
    section = {s.slug: s for s in client.get(URL).context["sections"]}["ratings"]
    rows = {row[0]: row for row in section.rows}
    quality, health = section.columns.index("Your quality of life"), section.columns.index("Your physical and mental health")
    june, may = rows["Jun 2026"], rows["May 2026"]
    assert (june[1], june[quality], june[health], june[-1]) == ("2", "3.0", "3.0", "3.0")  # (4 + 2 + 3) / 3 answers
    assert (may[1], may[quality], may[-1]) == ("1", "1.0", "1.0")
    assert rows["Apr 2026"][1:] == ["0", "–", "–", "–", "–", "–", "–"]
    assert 'id="chart-ratings-title"' in section.svg and "<polyline" in section.svg
    csv_rows = list(csv.reader(io.StringIO(client.get("/caseload/figures.csv").content.decode())))
    assert ["review ratings", "", "2026-06", "Your quality of life: average rating", "3.0"] in csv_rows
    client.force_login(p.adam)
    rows = {row[0]: row for row in {s.slug: s for s in client.get(URL).context["sections"]}["ratings"].rows}
    assert rows["Jun 2026"][1:] == ["fewer than 5", "–", "–", "–", "–", "–", "–"]


def test_who_led_the_plans_by_team_and_month(client, p):
    _approved_cycle(p)  # Alice's own plan, North, signed off this month
    client.force_login(p.mandy)
    section = {s.slug: s for s in client.get(URL).context["sections"]}["plans-by-team"]
    this_month = section.rows[11][0].split(", ")[1]
    person = section.columns.index("Me, the person")
    rows = {row[0]: row for row in section.rows}
    assert rows[f"All teams, {this_month}"][1] == "1" and rows[f"All teams, {this_month}"][person] == "100.0%"
    assert rows[f"{p.north.name}, {this_month}"][person] == "100.0%"
    assert 'id="chart-plans-by-month-title"' in section.svg
    csv_rows = list(csv.reader(io.StringIO(client.get("/caseload/figures.csv").content.decode())))
    assert ["plans: who led, by team and month", p.north.name, section.csv[-1][2], "Me, the person: share (%)", "100.0"] in csv_rows
    client.force_login(p.adam)
    section = {s.slug: s for s in client.get(URL).context["sections"]}["plans-by-team"]
    assert all(row[0].startswith("All teams") for row in section.rows)  # no team's small numbers to subtract
    assert {row[1] for row in section.rows} <= {"0", "fewer than 5"} and all(v == "–" for row in section.rows for v in row[2:])
