"""Plan totals: pure arithmetic on integer pence, no Django. Rounding is stated and applied once."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pbudget.money import WEEKS_PER_YEAR  # plain Python, no Django


@dataclass(frozen=True)
class LineCost:
    unit_cost_pence: int
    units_per_week: Decimal


@dataclass(frozen=True)
class PlanTotals:
    weekly_pence: int
    yearly_pence: int


def line_weekly_pence(line: LineCost) -> int:
    """Unit cost x units a week, rounded half up to the penny."""
    exact = Decimal(line.unit_cost_pence) * Decimal(line.units_per_week)
    return int(exact.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def plan_totals(lines: list[LineCost]) -> PlanTotals:
    """Weekly total is the sum of each line's rounded weekly cost; yearly is 52 weeks of it."""
    weekly = sum(line_weekly_pence(line) for line in lines)
    return PlanTotals(weekly_pence=weekly, yearly_pence=weekly * WEEKS_PER_YEAR)
