"""Calibration: the statistics worked by hand, the selector, the page and the suggested draft."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from pbudget.lifecycle import Status
from pbudget.models import BudgetEvent
from ras.calibration import calibration_pairs
from ras.calibration_math import Pair, calibrate, suggested_price
from ras.models import Allocation, AllocationTable
from ras.selectors import allocation_calibration
from ras.services import allocation_answers_keep
from tests.ras.factories import case, table

NOW = datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC)


def test_statistics_worked_by_hand():
    pairs = [Pair(1, 10_000, 11_000, Decimal(10)), Pair(2, 20_000, 18_000, Decimal(20)), Pair(3, 10_000, 30_000, Decimal(10))]
    c = calibrate(pairs)
    # ratios 1.1, 0.9, 3.0 -> median 1.1; |errors| / agreed: 1000/11000, 2000/18000, 20000/30000
    assert c.count == 3 and c.median_ratio == Decimal("1.10")
    assert c.mape_percent == Decimal("29.0")  # (9.0909 + 11.1111 + 66.6667) / 3 = 28.956
    assert c.within_10_percent == Decimal("66.7")  # 1.1 and 0.9 are within 10%
    assert c.bias_percent == Decimal("66.7")  # (10 - 10 + 200) / 3
    assert [o.budget_id for o in c.outliers] == [3]
    # (10 x 11000 + 20 x 18000 + 10 x 30000) / (100 + 400 + 100) = 770000 / 600
    assert c.suggested_price_per_point_pence == 1283


def test_no_pairs_no_figures():
    assert calibrate([]).count == 0 and calibrate([]).median_ratio is None
    assert suggested_price([Pair(1, 100, 100, Decimal(0))]) is None


@pytest.fixture
def agreed(p):
    live = table(p.northshire, price_per_point_pence=1_000)
    made = []
    with time_machine.travel(NOW, tick=False):
        for n, (points, agreed_pence) in enumerate([(10, 11_000), (20, 18_000), (10, 30_000)]):
            made.append(case(team=p.north, live=live, actor=p.wendy, answers=[("care", "q", "o", points)],
                             agreed_weekly_pence=agreed_pence, at=NOW - datetime.timedelta(days=60 * n)))
        case(team=p.north, live=live, actor=p.wendy, answers=[("care", "q", "o", 5)])  # not agreed yet: left out
    return made


def test_the_selector_pairs_indicative_with_agreed(p, agreed, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = allocation_calibration(council=p.northshire)
    assert figures["all"].count == 3 and figures["all"].median_ratio == Decimal("1.10")
    [older] = figures["groups"]
    assert older.client_group == "older_people" and older.figures.suggested_price_per_point_pence == 1283
    assert len(older.months) == 3
    recent = allocation_calibration(council=p.northshire, date_from=datetime.date(2026, 11, 1))
    assert recent["all"].count == 1
    assert allocation_calibration(council=p.southvale)["all"].count == 0


def test_the_page_shows_numbers_and_charts_without_names(client, p, agreed, django_assert_max_num_queries):
    client.force_login(p.mandy)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("ras_tables:calibration"))
    page = response.content.decode()
    assert response.status_code == 200 and "<svg" in page
    assert "1.10" in page and "29.0%" in page and "66.7%" in page and "£12.83" in page
    for a in agreed:
        assert a.budget.person.last_name not in page
    assert "Make a draft" not in page  # managers read; administrators act


def test_an_administrator_turns_the_suggestion_into_a_draft(client, p, agreed):
    client.force_login(p.adam)
    assert "Make a draft for older people at £12.83 a point" in client.get(reverse("ras_tables:calibration")).content.decode()
    response = client.post(reverse("ras_tables:calibration_draft"), {"client_group": "older_people", "price_per_point_pence": "1283"})
    draft = AllocationTable.objects.get(client_group="older_people")
    assert response.url == reverse("ras_tables:detail", args=[draft.pk])
    assert draft.published_at is None and draft.price_per_point_pence == 1283 and draft.version == 1
    response = client.post(reverse("ras_tables:calibration_draft"), {"client_group": "older_people", "price_per_point_pence": "x"})
    assert response.status_code == 302 and AllocationTable.objects.filter(client_group="older_people").count() == 1


def test_a_bad_period_shows_an_error_not_a_500(client, p, agreed):
    client.force_login(p.adam)
    response = client.get(reverse("ras_tables:calibration"), {"date_from": "2027-01-01", "date_to": "2026-01-01"})
    assert response.status_code == 200 and "The end of the period must be after its start" in response.content.decode()
    response = client.get(reverse("ras_tables:calibration"), {"date_from": "yesterday"})
    assert response.status_code == 200 and "Enter a valid date" in response.content.decode()


def test_overrides_are_reported_to_the_teams_manager(client, p, django_assert_max_num_queries):
    live = table(p.northshire, price_per_point_pence=10_000, ceiling_weekly_pence=50_000)
    complex_case = case(team=p.north, live=live, actor=p.wendy, answers=[("care", "q", "o", 9)])  # £900 > £500
    case(team=p.south, live=live, actor=p.walter, answers=[("care", "q", "o", 9)])  # another team's
    client.force_login(p.mandy)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("ras_tables:overrides")).content.decode()
    assert complex_case.budget.person.full_name in page and "Complex case" in page and "1 changed" in page
    client.force_login(p.adam)
    assert client.get(reverse("ras_tables:overrides")).status_code == 404


def test_the_selector_takes_a_set_of_teams(p, agreed):
    live = agreed[0].table
    case(team=p.south, live=live, actor=p.walter, answers=[("care", "q", "o", 10)], agreed_weekly_pence=10_000, at=NOW)
    assert allocation_calibration(council=p.northshire)["all"].count == 4
    assert allocation_calibration(council=p.northshire, teams=[p.south])["all"].count == 1
    assert allocation_calibration(council=p.northshire, teams=[p.north])["all"].count == 3


def test_band_amounts_by_least_squares_are_the_band_means():
    from ras.calibration_math import suggested_band_amounts

    pairs = [Pair(1, 1, 10_000, Decimal(5)), Pair(2, 1, 12_001, Decimal(9)), Pair(3, 1, 40_000, Decimal(25))]
    assert suggested_band_amounts(pairs, [(0, 10), (10, 20), (20, None)]) == [11_001, None, 40_000]  # 22001 / 2 = 11000.5


def test_an_administrator_turns_band_suggestions_into_a_draft(client, p):
    bands = [{"from_points": 0, "to_points": 20, "weekly_pence": 10_000}, {"from_points": 20, "to_points": None, "weekly_pence": 30_000}]
    live = table(p.northshire, client_group="older_people", method="bands", bands=bands, price_per_point_pence=None)
    with time_machine.travel(NOW, tick=False):
        case(team=p.north, live=live, actor=p.wendy, answers=[("care", "q", "o", 5)], agreed_weekly_pence=14_000, at=NOW)
        case(team=p.north, live=live, actor=p.wendy, answers=[("care", "q", "o", 8)], agreed_weekly_pence=16_000, at=NOW)
    client.force_login(p.adam)
    page = client.get(reverse("ras_tables:calibration")).content.decode()
    assert "£150.00" in page and "no cases: kept" in page
    client.post(reverse("ras_tables:calibration_draft"), {"client_group": "older_people", "band_pence": ["15000", "30000"]})
    draft = AllocationTable.objects.get(version=2)
    assert draft.published_at is None and [b["weekly_pence"] for b in draft.bands] == [15_000, 30_000]
    client.post(reverse("ras_tables:calibration_draft"), {"client_group": "older_people", "band_pence": ["1"]})  # wrong count
    assert AllocationTable.objects.count() == 2


def test_each_pair_is_the_newest_table_figure_before_the_latest_sign_off(p, django_assert_num_queries):
    """By hand: records after sign-off, complex cases and earlier sign-offs are not what was predicted."""
    live = table(p.northshire, price_per_point_pence=1_000, ceiling_weekly_pence=50_000)
    signed = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)  # 1 April in London (BST)
    first = case(team=p.north, live=live, actor=p.wendy, answers=[("care", "q", "o", 10)], agreed_weekly_pence=12_000, at=signed - datetime.timedelta(days=20))
    budget = first.budget
    BudgetEvent.objects.filter(budget=budget).update(at=signed - datetime.timedelta(days=15))  # an earlier sign-off

    def another(points, at, **extra):
        allocation = Allocation.objects.create(
            budget=budget, assessment=first.assessment, table=live, total_points=points, weighted_points=points,
            weekly_pence=extra.get("weekly", points * 1_000), yearly_pence=0, calculated_weekly_pence=extra.get("calculated", points * 1_000),
            complex_case=extra.get("complex", False), override_reason=extra.get("reason", ""), breakdown=[], steps=[],
            calculated_by=p.wendy, calculated_at=at,
        )
        allocation_answers_keep(allocation=allocation, answers=[("care", "q", "o", points)])

    another(14, signed - datetime.timedelta(days=5), weekly=15_000, reason="Night checks")  # the prediction: 14,000
    another(60, signed - datetime.timedelta(days=2), weekly=70_000, calculated=None, complex=True, reason="Costed")  # no prediction
    another(30, signed + datetime.timedelta(days=1))  # after sign-off
    BudgetEvent.objects.create(budget=budget, actor=p.mandy, move="approve_plan", from_status=Status.SIGN_OFF, to_status=Status.ACTIVE, at=signed)
    with django_assert_num_queries(1):
        [(group, at, pair)] = calibration_pairs(council=p.northshire)
    assert group == "older_people" and (pair.indicative_pence, pair.agreed_pence, pair.weighted_points) == (14_000, 12_000, 14)
    assert (at.year, at.month, at.day) == (2026, 4, 1)  # London's date, not UTC's
    assert len(calibration_pairs(council=p.northshire, date_from=datetime.date(2026, 4, 1), date_to=datetime.date(2026, 4, 1))) == 1
    assert calibration_pairs(council=p.northshire, date_to=datetime.date(2026, 3, 31)) == []
    assert calibration_pairs(council=p.northshire, teams=[]) == []


def test_the_calibration_reads_one_statement_however_many_budgets(p, django_assert_num_queries):
    live = table(p.northshire, price_per_point_pence=1_000)
    with time_machine.travel(NOW, tick=False):
        for n in range(30):
            case(team=p.north if n % 2 else p.south, live=live, actor=p.wendy, answers=[("care", "q", "o", 5 + n)],
                 agreed_weekly_pence=6_000 + 100 * n, at=NOW - datetime.timedelta(days=3 * n))
    with django_assert_num_queries(1):
        figures = allocation_calibration(council=p.northshire, teams=[p.north.pk, p.south.pk])
    assert figures["all"].count == 30 and sum(len(g.months) for g in figures["groups"]) >= 3
