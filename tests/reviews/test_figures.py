"""Review figures for managers, against answers worked out by hand (today is 10 March 2027)."""

import datetime

import pytest

from reviews.models import Review, ReviewKind, ReviewStatus
from reviews.selectors import review_figures
from tests.factories import PersonFactory
from tests.reviews.factories import active_budget, london

TODAY = datetime.date(2027, 3, 10)
D = datetime.date


def _budget(team):
    return active_budget(PersonFactory(team=team))


def _open(team, due):
    return Review.objects.create(budget=_budget(team), kind=ReviewKind.ANNUAL, due_date=due)


def _done(team, due, completed_at, next_step, before=10000, after=None, after_known=False, **ratings):
    return Review.objects.create(
        budget=_budget(team), kind=ReviewKind.ANNUAL, due_date=due, status=ReviewStatus.COMPLETED,
        completed_at=completed_at, outcomes_met="partly", next_step=next_step, held_how="phone",
        budget_before_pence=before, budget_after_pence=after if after_known else None,
        budget_after_at=completed_at if after_known else None, **ratings,
    )


@pytest.fixture
def reviews(p):
    _open(p.north, D(2027, 3, 20))  # due soon
    _open(p.north, D(2027, 3, 5))  # 5 days overdue
    _open(p.south, D(2027, 1, 1))  # 68 days overdue
    _open(p.north, D(2026, 11, 1))  # 129 days overdue
    _open(p.north, D(2027, 6, 1))  # not due for months
    _open(p.vale, D(2027, 3, 1))  # another council: never counted
    _done(p.north, D(2027, 2, 1), london(2027, 1, 28, 10, 0), "continue", after=10000, after_known=True,
          quality_of_life=4, health=2)
    _done(p.north, D(2027, 2, 1), london(2027, 2, 5, 10, 0), "vary", after=12000, after_known=True, quality_of_life=2)
    _done(p.south, D(2027, 2, 10), london(2027, 2, 10, 23, 30), "reassess", after=6000, after_known=True,
          quality_of_life=3)
    _done(p.south, D(2027, 3, 1), london(2027, 3, 1, 9, 0), "vary")  # the new plan not yet agreed
    _done(p.north, D(2026, 12, 1), london(2026, 12, 20, 9, 0), "continue")  # before the period


def figures(p, **kwargs):
    return review_figures(council_id=p.northshire.pk, start=D(2027, 1, 1), end=D(2027, 4, 1), today=TODAY, **kwargs)


def as_tuple(team):
    return (team.due_soon, team.overdue, list(team.overdue_bands.values()), team.longest_overdue_days,
            team.completed, team.completed_on_time)


def test_due_overdue_and_on_time_by_team(p, reviews):
    teams = {t.team_id: t for t in figures(p)["teams"]}
    assert set(teams) == {p.north.pk, p.south.pk, None}
    assert as_tuple(teams[p.north.pk]) == (1, 2, [1, 0, 1], 129, 2, 1)
    assert as_tuple(teams[p.south.pk]) == (0, 1, [0, 1, 0], 68, 2, 2)
    assert as_tuple(teams[None]) == (1, 3, [1, 1, 1], 129, 4, 3)
    assert teams[None].on_time_share == 0.75


def test_what_completed_reviews_led_to_by_route(p, reviews):
    assert figures(p)["changes"] == [
        {"route": "carried on", "change": "no change", "count": 1, "share": 0.25},
        {"route": "plan variation", "change": "awaiting sign-off", "count": 1, "share": 0.25},
        {"route": "plan variation", "change": "increase", "count": 1, "share": 0.25},
        {"route": "reassessment", "change": "decrease", "count": 1, "share": 0.25},
    ]


def test_ratings_by_month(p, reviews):
    months = figures(p)["ratings"]
    assert [(m["month"], m["reviews"], m["quality_of_life"], m["quality_of_life_answers"], m["health"]) for m in months] == [
        (D(2027, 1, 1), 1, 4.0, 1, 2.0),
        (D(2027, 2, 1), 2, 2.5, 2, None),
        (D(2027, 3, 1), 1, None, 0, None),
    ]


def test_some_teams_only(p, reviews):
    teams = {t.team_id: t for t in figures(p, team_ids=[p.south.pk])["teams"]}
    assert set(teams) == {p.south.pk, None}
    assert as_tuple(teams[None]) == (0, 1, [0, 1, 0], 68, 2, 2)


def test_nothing_to_count(p):
    result = figures(p)
    assert [as_tuple(t) for t in result["teams"]] == [(0, 0, [0, 0, 0], None, 0, 0)]
    assert result["changes"] == [] and result["ratings"] == []


@pytest.mark.parametrize("extra", [0, 20])
def test_two_queries_whatever_the_size(p, reviews, extra, django_assert_num_queries):
    for i in range(extra):
        _open(p.north if i % 2 else p.south, D(2027, 3, 1) + datetime.timedelta(days=i))
        _done(p.north, D(2027, 2, 1), london(2027, 2, 1 + i % 20, 10, 0), "vary", after=9000 + i, after_known=True)
    with django_assert_num_queries(2):
        figures(p)
