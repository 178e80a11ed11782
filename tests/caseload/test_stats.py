"""The pure calculations behind the figures, with properties checked by hypothesis."""

import datetime

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pbudget.caseload import charts, stats

T0 = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


# The machine the suite runs on may be busy: the generation time is not what is tested.
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1), st.floats(min_value=0, max_value=1))
def test_percentile_lies_between_the_smallest_and_largest(values, q):
    assert min(values) - 1e-6 <= stats.percentile(values, q) <= max(values) + 1e-6


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=12))
def test_spells_of_one_budget_add_up_to_its_whole_timeline(gaps):
    moments = [T0]
    for gap in gaps:
        moments.append(moments[-1] + datetime.timedelta(hours=gap))
    events = [stats.Event(1, at, i, "", f"s{i}", "m") for i, at in enumerate(moments)]
    spells = stats.stage_spells(reversed(events))  # in any order
    assert len(spells) == len(gaps)
    assert sum(s.days for s in spells) * 24 == pytest.approx(sum(gaps))
    assert [s.stage for s in spells] == [f"s{i}" for i in range(len(gaps))]


def test_a_journey_ends_at_the_first_sign_off_after_each_start():
    day = datetime.timedelta(days=1)
    events = [
        stats.Event(1, T0, 1, "", "assessment", "open"),
        stats.Event(1, T0 + 10 * day, 2, "sign_off", "active", "approve_plan"),
        stats.Event(1, T0 + 20 * day, 3, "sign_off", "active", "approve_plan"),  # after a varied plan: not a new journey
        stats.Event(1, T0 + 30 * day, 4, "review", "assessment", "reassess"),
        stats.Event(1, T0 + 35 * day, 5, "sign_off", "active", "approve_plan"),
        stats.Event(2, T0, 6, "sign_off", "active", "approve_plan"),  # no start seen: not counted
    ]
    assert [j.days for j in stats.journeys(events)] == [10, 5]


def test_small_cells_are_hidden_only_when_asked():
    assert stats.hide_small(stats.cell([1, 2])) == stats.Cell(2, None, None, suppressed=True)
    assert stats.hide_small(stats.cell([1] * 5)).median == 1
    assert not stats.cell([1]).suppressed


def test_nice_ceiling_and_line_breaks_where_a_month_has_no_figure():
    assert [charts.nice_ceiling(v) for v in (0, 0.7, 3, 38.8, 120)] == [1, 1, 5, 50, 200]
    chart = charts.line_chart(labels=["a", "b", "c", "d"], series=[charts.Series("m", [1, None, 2, 3])])
    assert len(chart.lines[0].paths) == 2 and len(chart.lines[0].points) == 3
    assert chart.y_ticks[-1][1] == "5" and not chart.empty
    assert charts.line_chart(labels=["a"], series=[charts.Series("m", [None])]).empty
