"""
Plan totals: pure arithmetic on integer pence, no Django. Rounding is stated and applied once.

A line costs its unit cost x units a week (rounded half up to the penny), or, when it is a
one-off, its unit cost once. Only lines paid from the personal budget count against it; lines
paid from other funding are totalled apart, and free support costs the budget nothing.

How one-off costs count, everywhere (plan page, printable plan, sign-off, summary sheet): a plan
has a *weekly total* (regular support), *one-off costs* (paid once, at the start) and a
*first-year total* = 52 x weekly + one-off. The first-year total is what is compared with the
indicative budget (52 weeks of it) and what the delegation rules judge. A direct payment is the
weekly amount x the weeks between payments, every time, plus the one-off costs managed as a direct
payment, paid once with the first payment.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pbudget.money import WEEKS_PER_YEAR  # plain Python, no Django

PERSONAL_BUDGET, OTHER_FUNDING, FREE = "personal_budget", "other_funding", "free"


@dataclass(frozen=True)
class LineCost:
    unit_cost_pence: int
    units_per_week: Decimal
    one_off: bool = False
    paid_by: str = PERSONAL_BUDGET


@dataclass(frozen=True)
class PlanTotals:
    """What the plan costs the personal budget (weekly, one-off, the year) and what others pay."""

    weekly_pence: int
    yearly_pence: int
    one_off_pence: int = 0
    other_weekly_pence: int = 0
    other_one_off_pence: int = 0


@dataclass(frozen=True)
class AgainstBudget:
    """The plan's cost to the personal budget against the indicative budget, over a year."""

    over: bool
    weekly_difference_pence: int  # plan weekly minus indicative weekly (negative: under)
    yearly_difference_pence: int  # the same over 52 weeks, one-off costs included


def line_weekly_pence(line: LineCost) -> int:
    """Unit cost x units a week, rounded half up to the penny; a one-off line costs nothing a week."""
    if line.one_off:
        return 0
    exact = Decimal(line.unit_cost_pence) * Decimal(line.units_per_week)
    return int(exact.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def line_one_off_pence(line: LineCost) -> int:
    return line.unit_cost_pence if line.one_off else 0


def plan_totals(lines: list[LineCost]) -> PlanTotals:
    """
    Weekly total is the sum of each personal-budget line's rounded weekly cost; the year is 52 weeks
    of it plus the one-off costs. Other funding is summed apart; free support adds nothing.
    """
    mine = [x for x in lines if x.paid_by == PERSONAL_BUDGET]
    others = [x for x in lines if x.paid_by == OTHER_FUNDING]
    weekly = sum(line_weekly_pence(x) for x in mine)
    one_off = sum(line_one_off_pence(x) for x in mine)
    return PlanTotals(
        weekly_pence=weekly,
        yearly_pence=weekly * WEEKS_PER_YEAR + one_off,
        one_off_pence=one_off,
        other_weekly_pence=sum(line_weekly_pence(x) for x in others),
        other_one_off_pence=sum(line_one_off_pence(x) for x in others),
    )


def against_budget(totals: PlanTotals, indicative_weekly_pence: int) -> AgainstBudget:
    """Over means the year's cost (one-offs included) is above 52 weeks of the indicative budget."""
    yearly_difference = totals.yearly_pence - indicative_weekly_pence * WEEKS_PER_YEAR
    return AgainstBudget(
        over=yearly_difference > 0,
        weekly_difference_pence=totals.weekly_pence - indicative_weekly_pence,
        yearly_difference_pence=yearly_difference,
    )


def _paid_directly(lines: list[tuple[LineCost, str]], plan_method: str) -> list[LineCost]:
    return [line for line, method in lines if line.paid_by == PERSONAL_BUDGET and (method or plan_method) == "direct_payment"]


def direct_payment_weekly_pence(lines: list[tuple[LineCost, str]], plan_method: str) -> int:
    """
    The weekly amount paid as a direct payment: every personal-budget line when the whole plan is a
    direct payment, or, for a mix, the lines each managed as a direct payment.
    """
    return sum(line_weekly_pence(line) for line in _paid_directly(lines, plan_method))


def direct_payment_one_off_pence(lines: list[tuple[LineCost, str]], plan_method: str) -> int:
    """The one-off costs paid as a direct payment (with the first payment), chosen as for the weekly amount."""
    return sum(line_one_off_pence(line) for line in _paid_directly(lines, plan_method))
