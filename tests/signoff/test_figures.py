"""Sign-off figures for managers, against figures worked out by hand."""

import datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pbudget.lifecycle import Status
from signoff.models import SignoffDecision, SignoffRequest
from signoff.selectors import signoff_figures
from support_planning.models import PlanStatus
from tests.factories import BudgetFactory, PersonFactory
from tests.support_planning.factories import plan

LONDON = ZoneInfo("Europe/London")


def decided(p, team, *, submitted, days, decision="approved", level="social_worker"):
    """A decision `days` after a submission at `submitted` (London time), in `team`."""
    person = PersonFactory(team=team)
    budget = BudgetFactory(person=person, status=Status.ACTIVE)
    made = plan(budget=budget, actor=p.wendy, status=PlanStatus.APPROVED)
    requested_at = submitted.replace(tzinfo=LONDON)
    request = SignoffRequest.objects.create(
        budget=budget, plan=made, plan_lock_version=0, level=level, rule="Rule", reason="Why", plan_yearly_pence=1,
        requested_by=p.wendy, requested_at=requested_at, closed_at=requested_at + datetime.timedelta(days=days),
    )
    agreed = {"agreed_weekly_pence": 100, "agreed_yearly_pence": 5200} if decision == "approved" else {}
    return SignoffDecision.objects.create(
        budget=budget, plan=made, request=request, plan_lock_version=0, level=level, level_reason="Why", decision=decision,
        comments="" if decision == "approved" else "Please change", decided_by=p.wendy, decided_at=request.closed_at, **agreed,
    )


@pytest.fixture
def history(p):
    """
    North, November 2026: approvals after 1, 3 and 8 days (two by a social worker, one by a manager)
    and a return after 2 days. South, November: one manager approval after 4 days. North, December:
    one return after 6 days. October 31st 23:30 London time counts in October; outside the range.
    """
    nov = datetime.datetime(2026, 11, 2, 9)
    decided(p, p.north, submitted=nov, days=1)
    decided(p, p.north, submitted=nov, days=3)
    decided(p, p.north, submitted=nov, days=8, level="team_manager")
    decided(p, p.north, submitted=nov, days=2, decision="returned")
    decided(p, p.south, submitted=nov, days=4, level="team_manager")
    decided(p, p.north, submitted=datetime.datetime(2026, 12, 1, 9), days=6, decision="returned")
    decided(p, p.north, submitted=datetime.datetime(2026, 10, 30, 23, 30), days=1)  # decided 31 October
    decided(p, p.vale, submitted=nov, days=1)  # another council


def test_figures_by_team_and_month_match_the_hand_worked_ones(p, history):
    figures = signoff_figures(council_id=p.northshire.pk, start=datetime.date(2026, 11, 1), end=datetime.date(2027, 1, 1))
    table = {(f.team_id, f.month): f for f in figures}
    nov, dec = datetime.date(2026, 11, 1), datetime.date(2026, 12, 1)
    assert set(table) == {(None, nov), (p.north.pk, nov), (p.south.pk, nov), (None, dec), (p.north.pk, dec)}

    north = table[(p.north.pk, nov)]
    assert (north.decisions, north.approvals, north.approvals_at_social_worker, north.returned) == (4, 3, 2, 1)
    assert north.social_worker_share == Fraction(2, 3) and north.returned_rate == Fraction(1, 4)
    assert north.median_days == 2.5  # 1, 2, 3, 8
    council = table[(None, nov)]
    assert (council.decisions, council.approvals, council.approvals_at_social_worker) == (5, 4, 2)
    assert council.social_worker_share == Fraction(1, 2) and council.returned_rate == Fraction(1, 5) and council.median_days == 3
    south = table[(p.south.pk, nov)]
    assert south.social_worker_share == 0 and south.returned_rate == 0 and south.median_days == 4
    december = table[(p.north.pk, dec)]
    assert december.social_worker_share is None and december.returned_rate == 1 and december.median_days == 6
    assert [f.month for f in figures] == sorted(f.month for f in figures)


def test_figures_for_some_teams_only(p, history):
    figures = signoff_figures(council_id=p.northshire.pk, team_ids=[p.south.pk], start=datetime.date(2026, 11, 1), end=datetime.date(2026, 12, 1))
    assert [(f.team_id, f.decisions, f.approvals_at_social_worker) for f in figures] == [(None, 1, 0), (p.south.pk, 1, 0)]


def test_the_figures_take_one_query_however_many_decisions(p, history):
    args = {"council_id": p.northshire.pk, "start": datetime.date(2026, 1, 1), "end": datetime.date(2027, 1, 1)}
    with CaptureQueriesContext(connection) as few:
        signoff_figures(**args)
    for i in range(20):
        decided(p, p.south, submitted=datetime.datetime(2026, 6, 1, 9), days=i)
    with CaptureQueriesContext(connection) as many:
        figures = signoff_figures(**args)
    assert len(few) == len(many) == 1
    june = next(f for f in figures if f.team_id == p.south.pk and f.month == datetime.date(2026, 6, 1))
    assert june.decisions == 20 and june.median_days == 9.5
