"""The RAS formula, unit-tested directly: no database, no Django."""

import pytest

from ras.calculation import AnswerLine, calculate

TABLE = {"price_per_point_pence": 850, "floor_weekly_pence": 5_000, "ceiling_weekly_pence": 120_000}


def lines(*points):
    return [AnswerLine(f"Question {n}", f"Answer {n}", p) for n, p in enumerate(points, start=1)]


def test_points_times_price():
    result = calculate(answers=lines(5, 6, 0, 29), **TABLE)
    assert result.total_points == 40
    assert [line.pence for line in result.lines] == [4_250, 5_100, 0, 24_650]
    assert result.uncapped_weekly_pence == 34_000
    assert result.weekly_pence == 34_000 and result.yearly_pence == 34_000 * 52
    assert not result.floor_applied and not result.ceiling_applied
    assert result.steps == (
        "3 of the 4 answers add points: 40 points in all.",
        "Each point is worth £8.50 a week, so 40 points × £8.50 = £340.00 a week.",
        "That is between the smallest (£50.00) and the largest (£1,200.00) weekly budget, so it stays as it is.",
        "A year is counted as 52 weeks: £340.00 × 52 = £17,680.00 a year.",
    )


def test_the_floor_raises_a_small_figure():
    result = calculate(answers=lines(2, 3), **TABLE)
    assert result.uncapped_weekly_pence == 4_250
    assert result.floor_applied and not result.ceiling_applied
    assert result.weekly_pence == 5_000 and result.yearly_pence == 260_000
    assert "raised to £50.00 a week" in result.steps[2]


def test_zero_points_gets_the_floor():
    result = calculate(answers=lines(0, 0, 0), **TABLE)
    assert result.total_points == 0 and result.uncapped_weekly_pence == 0
    assert result.weekly_pence == 5_000 and result.floor_applied
    assert result.steps[0] == "0 of the 3 answers add points: 0 points in all."


def test_the_ceiling_holds_a_large_figure():
    result = calculate(answers=lines(100, 50), **TABLE)
    assert result.uncapped_weekly_pence == 127_500
    assert result.ceiling_applied and not result.floor_applied
    assert result.weekly_pence == 120_000 and result.yearly_pence == 6_240_000
    assert "A larger budget can still be agreed" in result.steps[2]


def test_exactly_at_the_floor_or_ceiling_is_not_capped():
    at_floor = calculate(answers=lines(1), price_per_point_pence=5_000, floor_weekly_pence=5_000, ceiling_weekly_pence=9_000)
    assert at_floor.weekly_pence == 5_000 and not at_floor.floor_applied
    at_ceiling = calculate(answers=lines(1), price_per_point_pence=9_000, floor_weekly_pence=5_000, ceiling_weekly_pence=9_000)
    assert at_ceiling.weekly_pence == 9_000 and not at_ceiling.ceiling_applied


def test_the_same_input_gives_the_same_pence():
    first = calculate(answers=lines(3, 7, 11), **TABLE)
    assert calculate(answers=lines(3, 7, 11), **TABLE) == first
    assert all(isinstance(x, int) for x in (first.weekly_pence, first.yearly_pence, *(line.pence for line in first.lines)))


def test_breakdown_is_plain_data_for_storing():
    result = calculate(answers=lines(4), **TABLE)
    assert result.breakdown() == [{"question": "Question 1", "answer": "Answer 1", "points": 4, "pence": 3_400}]


@pytest.mark.parametrize(
    "table",
    [
        {"price_per_point_pence": 0, "floor_weekly_pence": 0, "ceiling_weekly_pence": 1},
        {"price_per_point_pence": 1, "floor_weekly_pence": 2, "ceiling_weekly_pence": 1},
    ],
)
def test_a_nonsense_table_is_refused(table):
    with pytest.raises(ValueError):
        calculate(answers=lines(1), **table)


def test_the_module_imports_no_django():
    import ast
    import pathlib

    import ras.calculation

    tree = ast.parse(pathlib.Path(ras.calculation.__file__).read_text())
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [name for name in names if name.startswith("django")]
