"""The what-if: set-based SQL checked against a plain per-budget calculation on a small caseload."""

import random

import pytest
from django.urls import reverse

from pbudget.lifecycle import Status
from pbudget.money import WEEKS_PER_YEAR
from ras.calculation import calculate
from ras.models import Allocation
from ras.selectors import answer_lines_for
from ras.whatif import BUCKETS, allocation_whatif
from tests.ras.factories import case, table

SECTIONS = ["care", "home", "people"]


def answers(rng):
    return [(SECTIONS[n % 3], f"q{n}", rng.choice(["a", "b", "c"]), rng.randint(0, 12)) for n in range(8)]


@pytest.fixture
def caseload(p):
    rng = random.Random(4)
    live = table(p.northshire, price_per_point_pence=850, floor_weekly_pence=5_000)
    groups = ["older_people", "learning_disability", "mental_health"]
    for n in range(40):
        case(team=p.north, live=live, answers=answers(rng), actor=p.wendy, client_group=groups[n % 3])
    closed = case(team=p.north, live=live, answers=answers(rng), actor=p.wendy, status=Status.CLOSED)
    return live, closed


def bucket_of(before, after):
    if after is None:
        return "complex case"
    change = after - before
    for limit, down, up in ((5, 0, 6), (10, 1, 5), (20, 2, 4)):
        if limit * abs(change) > before:
            return BUCKETS[down] if change < 0 else BUCKETS[up]
    return "within 5%"


def by_hand(draft, *, groups):
    """The straightforward way: each open budget's newest record, worked out again in Python."""
    newest = {}
    for allocation in Allocation.objects.exclude(budget__status=Status.CLOSED).select_related("budget__person").order_by("pk"):
        newest[allocation.budget_id] = allocation
    totals, histogram = {}, dict.fromkeys(BUCKETS, 0)
    for allocation in newest.values():
        group = allocation.budget.person.client_group
        if group not in groups:
            continue
        after = calculate(answers=answer_lines_for(allocation), table=draft.rules()).weekly_pence
        before = allocation.weekly_pence
        t = totals.setdefault(group, [0, 0, 0])
        t[0] += 1
        t[1] += before * WEEKS_PER_YEAR
        t[2] += (after if after is not None else before) * WEEKS_PER_YEAR
        histogram[bucket_of(before, after)] += 1
    return totals, histogram


DRAFTS = [
    {"price_per_point_pence": 900, "floor_weekly_pence": 6_000},
    {"price_per_point_pence": 833, "section_weights": {"care": "1.5", "home": "0.333"}, "ceiling_weekly_pence": 60_000},
    {"method": "bands", "price_per_point_pence": None, "bands": [
        {"from_points": 0, "to_points": 30, "weekly_pence": 20_000}, {"from_points": 30, "to_points": 50, "weekly_pence": 40_000},
        {"from_points": 50, "to_points": 70, "weekly_pence": 55_000}]},
    {"price_per_point_pence": 800, "adjustments": [
        {"question_key": "q1", "option_key": "a", "weekly_pence": -3_000, "label": "Family help"},
        {"question_key": "q2", "option_key": "b", "weekly_pence": 7_500, "label": "Night support"}]},
]


@pytest.mark.parametrize("rules", DRAFTS)
@pytest.mark.parametrize("group", ["", "older_people"])
def test_the_sql_agrees_with_the_per_budget_calculation(p, caseload, rules, group):
    draft = table(p.northshire, client_group=group, version=2, published=False, **rules)
    result = allocation_whatif(table=draft)
    groups = ["older_people"] if group else ["older_people", "physical_disability", "learning_disability", "mental_health"]
    totals, histogram = by_hand(draft, groups=groups)
    assert {g.client_group: [g.people, g.before_yearly_pence, g.after_yearly_pence] for g in result.groups} == totals
    assert result.total.histogram == histogram
    assert result.total.people == sum(t[0] for t in totals.values()) == (40 if not group else 14)
    assert result.total.up + result.total.down + result.total.within + result.total.complex == result.total.people
    changes = sorted((abs(row[4]) for row in result.largest), reverse=True)
    assert len(result.largest) == min(10, result.total.people - result.total.complex) and changes == [abs(r[4]) for r in result.largest]


def test_nothing_is_saved(p, caseload):
    before = list(Allocation.objects.values_list("pk", "weekly_pence"))
    allocation_whatif(table=table(p.northshire, version=2, published=False, price_per_point_pence=1))
    assert list(Allocation.objects.values_list("pk", "weekly_pence")) == before


def test_the_page_shows_the_figures_and_a_chart(client, p, caseload, django_assert_max_num_queries):
    draft = table(p.northshire, version=2, published=False, price_per_point_pence=900)
    client.force_login(p.mandy)
    # The what-if's own statement runs in a savepoint with JIT off: three of these queries.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("ras_tables:whatif", args=[draft.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and "What if version 2 were live?" in page
    assert "<svg" in page and "Total yearly cost by client group" in page and "The largest changes" in page
    assert "Alice" not in page
    result = allocation_whatif(table=draft)
    assert f"{result.total.up}</span> would go up over 5%" in page
