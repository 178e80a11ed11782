"""Properties of the RAS formula that must hold for every table and every set of answers."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ras.calculation import BANDS, POINTS, Adjustment, AnswerLine, Band, Table, calculate

SECTIONS = ["care", "home", "people"]


@st.composite
def tables(draw):
    """Monotone tables: positive prices, non-negative weights, ascending bands."""
    method = draw(st.sampled_from([POINTS, BANDS]))
    floor = draw(st.integers(0, 20_000))
    ceiling = draw(st.one_of(st.none(), st.integers(floor, 500_000)))
    weights = {s: Decimal(draw(st.integers(0, 40))) / 10 for s in draw(st.sets(st.sampled_from(SECTIONS)))}
    bands = ()
    if method == BANDS:
        cuts = sorted(draw(st.sets(st.integers(1, 200), min_size=0, max_size=6)))
        amounts = sorted(draw(st.lists(st.integers(0, 300_000), min_size=len(cuts) + 1, max_size=len(cuts) + 1)))
        starts = [0, *cuts]
        ends = [*cuts, None if draw(st.booleans()) else 250]
        bands = tuple(Band(s, e, a) for s, e, a in zip(starts, ends, amounts))
    adjustments = tuple(
        Adjustment(f"q{n}", "o", draw(st.integers(-20_000, 30_000)), f"Adjustment {n}")
        for n in range(draw(st.integers(0, 3)))
    )
    return Table(
        method=method, price_per_point_pence=draw(st.integers(1, 2_000)), bands=bands, section_weights=weights,
        adjustments=adjustments, floor_weekly_pence=floor, ceiling_weekly_pence=ceiling,
    )


answers_strategy = st.lists(
    st.tuples(st.sampled_from(SECTIONS), st.integers(0, 30), st.sampled_from(["o", "x"])), min_size=1, max_size=12,
)


def to_lines(raw):
    return [AnswerLine(f"Q{n}", "A", points, section=section, question_key=f"q{n}", option_key=key) for n, (section, points, key) in enumerate(raw)]


# The machine these run on is shared: slow generation or a slow example is not a failure.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def figure(result):
    """Complex cases rank above every figure: a worker costs them, with more than the table gives."""
    return float("inf") if result.complex_case else result.weekly_pence


@relaxed
@given(table=tables(), raw=answers_strategy, which=st.integers(0, 11), more=st.integers(1, 20))
def test_more_need_never_lowers_the_figure(table, raw, which, more):
    before = calculate(answers=to_lines(raw), table=table)
    section, points, key = raw[which % len(raw)]
    raised = list(raw)
    raised[which % len(raw)] = (section, points + more, key)
    after = calculate(answers=to_lines(raised), table=table)
    assert figure(after) >= figure(before)


@relaxed
@given(table=tables(), raw=answers_strategy)
def test_the_steps_add_up_to_the_figure(table, raw):
    result = calculate(answers=to_lines(raw), table=table)
    if not result.complex_case:
        assert sum(step.pence for step in result.steps) == result.weekly_pence
        assert result.yearly_pence == result.weekly_pence * 52
        assert result.weekly_pence >= table.floor_weekly_pence
    if table.ceiling_weekly_pence is not None and not result.complex_case:
        assert result.weekly_pence <= max(table.ceiling_weekly_pence, table.floor_weekly_pence)


@relaxed
@given(table=tables(), raw=answers_strategy)
def test_recalculating_gives_the_same_pence(table, raw):
    assert calculate(answers=to_lines(raw), table=table) == calculate(answers=to_lines(raw), table=table)
