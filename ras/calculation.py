"""
The resource allocation calculation, in plain functions with no Django: the same answers under
the same table always give the same pence, and every step is written out so every pound can be
explained.

A table turns answer points into a weekly amount by one of two methods:
  points: the points, each section's optionally weighted, times a price per point;
  bands:  the (weighted) points fall in a band, and the band gives the amount.
Then adjustments are added (a specific need, such as night support) or taken off (informal
support actually provided), each tied to one answer (question key, option key). The floor
raises a small figure; above the ceiling there is no figure at all: the case is complex and a
worker costs it.

Rounding is stated and applied once: amounts are worked out exactly (Decimal pence) and the
weekly figure is rounded to the nearest penny, halves up. The yearly figure is the weekly one
times 52, which needs no rounding.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from pbudget.money import WEEKS_PER_YEAR, format_pence

POINTS, BANDS = "points", "bands"
ONE = Decimal(1)
ROUNDING = "Amounts are worked out exactly and the weekly figure is rounded to the nearest penny (halves up), once, at the end."


@dataclass(frozen=True)
class AnswerLine:
    """One answer as the RAS sees it: words for people, keys for the table's rules."""

    question: str
    answer: str
    points: int
    section: str = ""  # the section key, for section weights
    question_key: str = ""
    option_key: str = ""


@dataclass(frozen=True)
class Band:
    """Weighted points from `from_points` up to but not including `to_points` (None: no end)."""

    from_points: int
    to_points: int | None
    weekly_pence: int


@dataclass(frozen=True)
class Adjustment:
    """Added to (positive) or taken off (negative) the weekly amount when this answer is given."""

    question_key: str
    option_key: str
    weekly_pence: int
    label: str


@dataclass(frozen=True)
class Table:
    method: str = POINTS
    price_per_point_pence: int | None = None
    bands: tuple[Band, ...] = ()
    section_weights: dict = field(default_factory=dict)  # section key -> Decimal; missing means 1
    adjustments: tuple[Adjustment, ...] = ()
    floor_weekly_pence: int = 0
    ceiling_weekly_pence: int | None = None

    def weight(self, section: str) -> Decimal:
        return Decimal(self.section_weights.get(section, ONE))


@dataclass(frozen=True)
class Line:
    question: str
    answer: str
    points: int
    section: str
    weight: Decimal
    pence: Decimal  # this answer's exact share of the points amount (0 under bands)


@dataclass(frozen=True)
class Step:
    """One step of the explanation. The `pence` of all steps add up to the weekly figure."""

    kind: str  # base, adjustment, floor, rounding, ceiling, year
    text: str
    pence: Decimal = Decimal(0)


@dataclass(frozen=True)
class Result:
    total_points: int
    weighted_points: Decimal
    lines: tuple[Line, ...]
    steps: tuple[Step, ...]
    base_pence: Decimal
    uncapped_weekly_pence: Decimal  # after adjustments, before floor, ceiling and rounding
    floor_applied: bool
    complex_case: bool  # above the ceiling: no figure, a worker costs it
    weekly_pence: int | None
    yearly_pence: int | None
    price_per_point_pence: int | None = None

    @property
    def ceiling_applied(self) -> bool:
        return self.complex_case

    def breakdown(self) -> list[dict]:
        """The lines as stored on an Allocation (JSON): pence to the nearest penny, for reading."""
        return [
            {
                "question": line.question, "answer": line.answer, "points": line.points, "section": line.section,
                "weight": str(line.weight), "pence": round_pence(line.pence),
            }
            for line in self.lines
        ]

    def steps_data(self) -> list[dict]:
        return [{"kind": s.kind, "text": s.text, "pence": str(s.pence)} for s in self.steps]


def round_pence(amount: Decimal) -> int:
    """The one rounding rule: to the nearest penny, halves up."""
    return int(Decimal(amount).quantize(ONE, rounding=ROUND_HALF_UP))


def _points(n) -> str:
    n = Decimal(n).normalize() if isinstance(n, Decimal) else n
    if isinstance(n, Decimal) and n == n.to_integral_value():
        n = int(n)
    return f"{n} point" if n == 1 else f"{n:,} points" if isinstance(n, int) else f"{n} points"


def _money(pence) -> str:
    """Exact pence for the explanation: whole pence as pounds, a fraction of a penny shown."""
    pence = Decimal(pence)
    if pence == pence.to_integral_value():
        return format_pence(int(pence))
    return f"{'-' if pence < 0 else ''}£{abs(pence) / 100:,.4f}".rstrip("0")


def band_problems(bands) -> list[tuple[int, str]]:
    """(band number from 1, problem) for bands that leave gaps, overlap or go down."""
    problems = []
    if not bands:
        return [(0, "A banded table needs at least one band.")]
    for n, band in enumerate(bands, start=1):
        if band.from_points < 0 or band.weekly_pence < 0:
            problems.append((n, "Points and amounts can't be negative."))
        if band.to_points is not None and band.to_points <= band.from_points:
            problems.append((n, f"The band ends at {band.to_points} points, which is not above where it starts ({band.from_points})."))
        if band.to_points is None and n < len(bands):
            problems.append((n, "Only the last band can be open-ended."))
    if bands[0].from_points != 0:
        problems.append((1, f"The first band starts at {bands[0].from_points} points: it must start at 0, or lower scores are in no band."))
    for n, (before, band) in enumerate(zip(bands, bands[1:]), start=2):
        if before.to_points is None:
            continue
        if band.from_points > before.to_points:
            problems.append((n, f"Gap: band {n - 1} ends at {before.to_points} points but band {n} starts at {band.from_points}."))
        elif band.from_points < before.to_points:
            problems.append((n, f"Overlap: band {n} starts at {band.from_points} points, inside band {n - 1} (up to {before.to_points})."))
        if band.weekly_pence < before.weekly_pence:
            problems.append((n, f"The amount goes down from band {n - 1} to band {n}: more need must never get less."))
    return problems


def table_problems(table: Table) -> list[str]:
    """Everything wrong with a table, in plain English (empty when it can be used)."""
    problems = []
    if table.method not in (POINTS, BANDS):
        problems.append(f"The method must be “{POINTS}” or “{BANDS}”.")
    if table.method == POINTS and (table.price_per_point_pence is None or table.price_per_point_pence <= 0):
        problems.append("The price per point must be more than nothing.")
    if table.method == BANDS:
        problems += [f"Band {n}: {text}" if n else text for n, text in band_problems(table.bands)]
    for section, weight in table.section_weights.items():
        if Decimal(weight) < 0:
            problems.append(f"The weight of section “{section}” can't be negative.")
        elif Decimal(weight).normalize().as_tuple().exponent < -3:
            # Thousandths keep the what-if's integer SQL exact, penny for penny, with this code.
            problems.append(f"The weight of section “{section}” can have at most 3 decimal places.")
    if table.floor_weekly_pence < 0:
        problems.append("The floor can't be negative.")
    if table.ceiling_weekly_pence is not None and table.floor_weekly_pence > table.ceiling_weekly_pence:
        problems.append("The floor must not be above the ceiling.")
    seen = set()
    for adjustment in table.adjustments:
        key = (adjustment.question_key, adjustment.option_key)
        if key in seen:
            problems.append(f"The answer {key[0]} / {key[1]} has two adjustments: give it one.")
        seen.add(key)
    return problems


def calculate(*, answers, table: Table | None = None, **legacy) -> Result:
    """
    The indicative weekly and yearly budget for these answers under this table, with every
    step. `legacy` keywords (price_per_point_pence, floor_weekly_pence, ceiling_weekly_pence)
    describe a plain points table. Raises ValueError when the table or answers can't be used.
    """
    if table is None:
        table = Table(method=POINTS, **legacy)
    problems = table_problems(table)
    if problems:
        raise ValueError(" ".join(problems))
    lines = []
    for a in answers:
        if int(a.points) < 0:
            raise ValueError("Points can't be negative")
        weight = table.weight(a.section)
        share = int(a.points) * weight * (table.price_per_point_pence or 0) if table.method == POINTS else Decimal(0)
        lines.append(Line(a.question, a.answer, int(a.points), a.section, weight, share))
    total = sum(line.points for line in lines)
    weighted = sum((line.points * line.weight for line in lines), Decimal(0))
    steps = [Step("count", _counting(lines, total, weighted, table))]

    if table.method == POINTS:
        price = table.price_per_point_pence
        base = weighted * price
        steps.append(Step("base", f"Each point is worth {_money(price)} a week, so {_points(weighted)} × {_money(price)} = {_money(base)} a week.", base))
    else:
        band = next((b for b in table.bands if b.from_points <= weighted and (b.to_points is None or weighted < b.to_points)), None)
        if band is None:
            return _complex(lines, total, weighted, steps, Decimal(0), f"{_points(weighted)} is above the council's highest band.", table)
        base = Decimal(band.weekly_pence)
        upper = f"up to {band.to_points}" if band.to_points is not None else "and over"
        steps.append(Step("base", f"{_points(weighted)} falls in the band from {band.from_points} {upper} points, which gives {_money(base)} a week.", base))

    amount = base
    given = {(a.question_key, a.option_key) for a in answers}
    for adjustment in table.adjustments:
        if (adjustment.question_key, adjustment.option_key) in given:
            amount += adjustment.weekly_pence
            verb = "adds" if adjustment.weekly_pence >= 0 else "takes off"
            steps.append(Step("adjustment", f"{adjustment.label}: this {verb} {_money(abs(adjustment.weekly_pence))} a week.", Decimal(adjustment.weekly_pence)))

    uncapped = amount
    ceiling = table.ceiling_weekly_pence
    if ceiling is not None and amount > ceiling:
        return _complex(lines, total, weighted, steps, uncapped, f"That is {_money(amount)} a week, more than the highest weekly figure this table gives ({_money(ceiling)}).", table)
    floor_applied = amount < table.floor_weekly_pence
    if floor_applied:
        raise_by = table.floor_weekly_pence - amount
        steps.append(Step("floor", f"That is less than the smallest weekly budget the council sets, {_money(table.floor_weekly_pence)}, so it is raised to {_money(table.floor_weekly_pence)} (+{_money(raise_by)}).", raise_by))
        amount = Decimal(table.floor_weekly_pence)
    weekly = round_pence(amount)
    if weekly != amount:
        steps.append(Step("rounding", f"Rounded to the nearest penny: {_money(amount)} becomes {format_pence(weekly)}.", weekly - amount))
    yearly = weekly * WEEKS_PER_YEAR
    steps.append(Step("year", f"A year is counted as {WEEKS_PER_YEAR} weeks: {format_pence(weekly)} × {WEEKS_PER_YEAR} = {format_pence(yearly)} a year."))
    return Result(
        total_points=total, weighted_points=weighted, lines=tuple(lines), steps=tuple(steps), base_pence=base,
        uncapped_weekly_pence=uncapped, floor_applied=floor_applied, complex_case=False,
        weekly_pence=weekly, yearly_pence=yearly, price_per_point_pence=table.price_per_point_pence,
    )


def _counting(lines, total, weighted, table) -> str:
    scoring = sum(1 for line in lines if line.points)
    text = f"{scoring} of the {len(lines)} answers add points: {_points(total)} in all."
    if weighted != total:
        text += f" Some sections count more or less than others, which makes {_points(weighted)}."
    return text


def _complex(lines, total, weighted, steps, uncapped, why, table) -> Result:
    """Above the ceiling: no figure. The steps so far stay, so the worker sees how it got there."""
    steps = [*steps, Step("ceiling", f"{why} This is a complex case: a social worker works out the budget with you instead of a table.")]
    return Result(
        total_points=total, weighted_points=weighted, lines=tuple(lines), steps=tuple(steps),
        base_pence=sum((s.pence for s in steps if s.kind == "base"), Decimal(0)), uncapped_weekly_pence=uncapped,
        floor_applied=False, complex_case=True, weekly_pence=None, yearly_pence=None,
        price_per_point_pence=table.price_per_point_pence,
    )
