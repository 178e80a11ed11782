"""The RAS formula, unit-tested directly with hand-worked examples: no database, no Django."""

from decimal import Decimal

import pytest

from ras.calculation import BANDS, Adjustment, AnswerLine, Band, Table, calculate, table_problems

TABLE = {"price_per_point_pence": 850, "floor_weekly_pence": 5_000, "ceiling_weekly_pence": 120_000}


def lines(*points):
    return [AnswerLine(f"Question {n}", f"Answer {n}", p) for n, p in enumerate(points, start=1)]


def sum_of_steps(result):
    return sum(step.pence for step in result.steps)


def test_points_times_price():
    result = calculate(answers=lines(5, 6, 0, 29), **TABLE)
    assert result.total_points == 40
    assert [line.pence for line in result.lines] == [4_250, 5_100, 0, 24_650]
    assert result.uncapped_weekly_pence == 34_000
    assert result.weekly_pence == 34_000 and result.yearly_pence == 34_000 * 52
    assert not result.floor_applied and not result.complex_case
    assert [step.text for step in result.steps] == [
        "3 of the 4 answers add points: 40 points in all.",
        "Each point is worth £8.50 a week, so 40 points × £8.50 = £340.00 a week.",
        "A year is counted as 52 weeks: £340.00 × 52 = £17,680.00 a year.",
    ]
    assert sum_of_steps(result) == 34_000


def test_the_floor_raises_a_small_figure():
    result = calculate(answers=lines(2, 3), **TABLE)  # 5 x £8.50 = £42.50
    assert result.uncapped_weekly_pence == 4_250
    assert result.floor_applied and not result.complex_case
    assert result.weekly_pence == 5_000 and result.yearly_pence == 260_000
    floor = [s for s in result.steps if s.kind == "floor"][0]
    assert floor.pence == 750 and "raised to £50.00" in floor.text
    assert sum_of_steps(result) == 5_000


def test_zero_points_gets_the_floor():
    result = calculate(answers=lines(0, 0, 0), **TABLE)
    assert result.total_points == 0 and result.uncapped_weekly_pence == 0
    assert result.weekly_pence == 5_000 and result.floor_applied
    assert result.steps[0].text == "0 of the 3 answers add points: 0 points in all."


def test_above_the_ceiling_is_a_complex_case_with_no_figure():
    result = calculate(answers=lines(100, 50), **TABLE)  # 150 x £8.50 = £1,275 > £1,200
    assert result.uncapped_weekly_pence == 127_500
    assert result.complex_case and result.weekly_pence is None and result.yearly_pence is None
    assert "complex case: a social worker works out the budget" in result.steps[-1].text
    assert "£1,275.00 a week, more than the highest weekly figure this table gives (£1,200.00)" in result.steps[-1].text


def test_exactly_at_the_floor_or_ceiling_is_not_capped():
    at_floor = calculate(answers=lines(1), price_per_point_pence=5_000, floor_weekly_pence=5_000, ceiling_weekly_pence=9_000)
    assert at_floor.weekly_pence == 5_000 and not at_floor.floor_applied
    at_ceiling = calculate(answers=lines(1), price_per_point_pence=9_000, floor_weekly_pence=5_000, ceiling_weekly_pence=9_000)
    assert at_ceiling.weekly_pence == 9_000 and not at_ceiling.complex_case


def test_section_weights_and_rounding_once():
    # Personal care counts 1.5 times, home 0.5 times: 7 x 1.5 + 3 x 0.5 + 4 = 16 points.
    # 16 x £8.33 = £133.28: no rounding. With 5 home points: 17 x 8.33 = 141.61. With 1 home point
    # and a 1.25 weight: 1.25 x 8.33 = 10.4125p... worked below.
    table = Table(price_per_point_pence=833, section_weights={"care": Decimal("1.5"), "home": Decimal("0.5")}, ceiling_weekly_pence=100_000)
    answers = [
        AnswerLine("Washing", "Some help", 7, section="care"),
        AnswerLine("Cleaning", "Some help", 3, section="home"),
        AnswerLine("Friends", "Some help", 4, section="people"),
    ]
    result = calculate(answers=answers, table=table)
    assert result.total_points == 14 and result.weighted_points == 16
    assert [line.pence for line in result.lines] == [Decimal("8746.5"), Decimal("1249.5"), 3_332]
    assert result.weekly_pence == 13_328
    assert "which makes 16 points" in result.steps[0].text
    assert not [s for s in result.steps if s.kind == "rounding"]
    # 1 point at 0.5: 0.5 x 833 = 416.5p, rounded once (halves up) to 417p.
    odd = calculate(answers=[AnswerLine("Cleaning", "Some help", 1, section="home")], table=table)
    assert odd.weekly_pence == 417
    rounding = [s for s in odd.steps if s.kind == "rounding"][0]
    assert rounding.pence == Decimal("0.5") and "£4.165 becomes £4.17" in rounding.text
    assert sum_of_steps(odd) == 417


def test_bands_give_the_amount_of_the_band():
    table = Table(
        method=BANDS, ceiling_weekly_pence=80_000,
        bands=(Band(0, 10, 10_000), Band(10, 30, 25_000), Band(30, None, 60_000)),
    )
    assert calculate(answers=lines(4, 5), table=table).weekly_pence == 10_000  # 9 points
    assert calculate(answers=lines(4, 6), table=table).weekly_pence == 25_000  # 10: the next band starts
    result = calculate(answers=lines(20, 20), table=table)
    assert result.weekly_pence == 60_000
    assert "40 points falls in the band from 30 and over points, which gives £600.00 a week." in result.steps[1].text


def test_points_above_the_top_band_are_a_complex_case():
    table = Table(method=BANDS, bands=(Band(0, 10, 10_000), Band(10, 20, 20_000)))
    result = calculate(answers=lines(25), table=table)
    assert result.complex_case and result.weekly_pence is None
    assert "above the council's highest band" in result.steps[-1].text


def test_adjustments_for_informal_support_and_specific_needs():
    table = Table(
        price_per_point_pence=1_000, floor_weekly_pence=2_000, ceiling_weekly_pence=50_000,
        adjustments=(
            Adjustment("carer", "daily", -8_000, "Your family helps every day"),
            Adjustment("nights", "waking", 15_000, "Night support"),
        ),
    )
    answers = [
        AnswerLine("Who helps you?", "Family, every day", 0, question_key="carer", option_key="daily"),
        AnswerLine("Nights", "Someone awake", 20, question_key="nights", option_key="waking"),
    ]
    result = calculate(answers=answers, table=table)
    # 20 x £10 = £200, - £80 informal support + £150 night support = £270.
    assert result.weekly_pence == 27_000
    texts = [s.text for s in result.steps if s.kind == "adjustment"]
    assert texts == ["Your family helps every day: this takes off £80.00 a week.", "Night support: this adds £150.00 a week."]
    # Another answer to the same question gets no adjustment.
    other = [AnswerLine("Who helps you?", "Nobody", 0, question_key="carer", option_key="none"), answers[1]]
    assert calculate(answers=other, table=table).weekly_pence == 35_000


def test_a_reduction_below_the_floor_is_raised_to_the_floor():
    table = Table(price_per_point_pence=1_000, floor_weekly_pence=5_000, adjustments=(Adjustment("carer", "daily", -8_000, "Family help"),))
    result = calculate(answers=[AnswerLine("Carer", "Daily", 10, question_key="carer", option_key="daily")], table=table)
    assert result.uncapped_weekly_pence == 2_000 and result.weekly_pence == 5_000 and result.floor_applied
    assert sum_of_steps(result) == 5_000


def test_an_addition_can_take_a_case_over_the_ceiling():
    table = Table(price_per_point_pence=1_000, ceiling_weekly_pence=30_000, adjustments=(Adjustment("nights", "waking", 15_000, "Night support"),))
    result = calculate(answers=[AnswerLine("Nights", "Awake", 20, question_key="nights", option_key="waking")], table=table)
    assert result.complex_case and result.uncapped_weekly_pence == 35_000


def test_the_same_input_gives_the_same_pence():
    first = calculate(answers=lines(3, 7, 11), **TABLE)
    assert calculate(answers=lines(3, 7, 11), **TABLE) == first
    assert all(isinstance(x, int) for x in (first.weekly_pence, first.yearly_pence))


def test_breakdown_is_plain_data_for_storing():
    result = calculate(answers=lines(4), **TABLE)
    assert result.breakdown() == [
        {"question": "Question 1", "answer": "Answer 1", "points": 4, "section": "", "weight": "1", "pence": 3_400}
    ]
    assert result.steps_data()[1] == {"kind": "base", "text": "Each point is worth £8.50 a week, so 4 points × £8.50 = £34.00 a week.", "pence": "3400"}


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        (Table(price_per_point_pence=0), "price per point must be more than nothing"),
        (Table(price_per_point_pence=1, floor_weekly_pence=2, ceiling_weekly_pence=1), "floor must not be above the ceiling"),
        (Table(method="guess"), "method must be"),
        (Table(method=BANDS), "needs at least one band"),
        (Table(method=BANDS, bands=(Band(5, 10, 1),)), "The first band starts at 5 points"),
        (Table(method=BANDS, bands=(Band(0, 10, 1), Band(12, None, 2))), "Band 2: Gap: band 1 ends at 10 points but band 2 starts at 12."),
        (Table(method=BANDS, bands=(Band(0, 10, 1), Band(8, None, 2))), "Band 2: Overlap: band 2 starts at 8 points, inside band 1"),
        (Table(method=BANDS, bands=(Band(0, 10, 5), Band(10, None, 2))), "Band 2: The amount goes down"),
        (Table(method=BANDS, bands=(Band(0, None, 5), Band(10, None, 6))), "Band 1: Only the last band can be open-ended."),
        (Table(method=BANDS, bands=(Band(0, 0, 5),)), "not above where it starts"),
        (Table(price_per_point_pence=1, section_weights={"care": Decimal(-1)}), "weight of section “care” can't be negative"),
        (Table(price_per_point_pence=1, adjustments=(Adjustment("q", "o", 1, "a"), Adjustment("q", "o", 2, "b"))), "two adjustments"),
    ],
)
def test_a_nonsense_table_is_refused_with_the_reason(table, problem):
    assert any(problem in text for text in table_problems(table)), table_problems(table)
    with pytest.raises(ValueError, match=problem[:20].replace("(", r"\(")):
        calculate(answers=lines(1), table=table)


def test_negative_points_are_refused():
    with pytest.raises(ValueError):
        calculate(answers=lines(-1), **TABLE)


def test_the_module_imports_no_django():
    import ast
    import pathlib

    import ras.calculation

    tree = ast.parse(pathlib.Path(ras.calculation.__file__).read_text())
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [name for name in names if name.startswith("django")]
