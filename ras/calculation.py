"""
The resource allocation calculation: points x price per point, held between a floor and a
ceiling. Pure functions on integers (pence), no Django: the same input always gives the same
pence, and every step is written out in plain English so every pound can be explained.
"""

from dataclasses import dataclass

from pbudget.money import WEEKS_PER_YEAR, format_pence


@dataclass(frozen=True)
class AnswerLine:
    question: str
    answer: str
    points: int


@dataclass(frozen=True)
class Line:
    question: str
    answer: str
    points: int
    pence: int  # points x price per point: this answer's share of the weekly figure


@dataclass(frozen=True)
class Result:
    total_points: int
    price_per_point_pence: int
    lines: tuple[Line, ...]
    uncapped_weekly_pence: int
    floor_applied: bool
    ceiling_applied: bool
    weekly_pence: int
    yearly_pence: int
    steps: tuple[str, ...]

    def breakdown(self) -> list[dict]:
        """The lines as stored on an Allocation (JSON)."""
        return [
            {"question": line.question, "answer": line.answer, "points": line.points, "pence": line.pence}
            for line in self.lines
        ]


def _points(n: int) -> str:
    return f"{n} point" if n == 1 else f"{n} points"


def calculate(*, answers, price_per_point_pence: int, floor_weekly_pence: int, ceiling_weekly_pence: int) -> Result:
    """The indicative weekly and yearly budget for these answer lines under this table."""
    if price_per_point_pence <= 0:
        raise ValueError("The price per point must be more than nothing")
    if floor_weekly_pence > ceiling_weekly_pence:
        raise ValueError("The floor must not be above the ceiling")
    lines = tuple(
        Line(a.question, a.answer, int(a.points), int(a.points) * price_per_point_pence) for a in answers
    )
    if any(line.points < 0 for line in lines):
        raise ValueError("Points can't be negative")
    total = sum(line.points for line in lines)
    uncapped = total * price_per_point_pence
    weekly = min(max(uncapped, floor_weekly_pence), ceiling_weekly_pence)
    floor_applied = uncapped < floor_weekly_pence
    ceiling_applied = uncapped > ceiling_weekly_pence
    yearly = weekly * WEEKS_PER_YEAR

    price, floor, ceiling = (format_pence(x) for x in (price_per_point_pence, floor_weekly_pence, ceiling_weekly_pence))
    scoring = sum(1 for line in lines if line.points)
    steps = [
        f"{scoring} of the {len(lines)} answers add points: {_points(total)} in all.",
        f"Each point is worth {price} a week, so {_points(total)} × {price} = {format_pence(uncapped)} a week.",
    ]
    if floor_applied:
        steps.append(
            f"That is less than the smallest weekly budget the council sets, {floor}, "
            f"so the indicative budget is raised to {floor} a week."
        )
    elif ceiling_applied:
        steps.append(
            f"That is more than the largest weekly budget this table gives, {ceiling}, so the indicative "
            f"budget is {ceiling} a week. A larger budget can still be agreed if the plan shows it is needed."
        )
    else:
        steps.append(f"That is between the smallest ({floor}) and the largest ({ceiling}) weekly budget, so it stays as it is.")
    steps.append(
        f"A year is counted as {WEEKS_PER_YEAR} weeks: {format_pence(weekly)} × {WEEKS_PER_YEAR} = {format_pence(yearly)} a year."
    )
    return Result(
        total_points=total, price_per_point_pence=price_per_point_pence, lines=lines,
        uncapped_weekly_pence=uncapped, floor_applied=floor_applied, ceiling_applied=ceiling_applied,
        weekly_pence=weekly, yearly_pence=yearly, steps=tuple(steps),
    )
