"""Public reads of the support planning stage."""

from support_planning.calculation import LineCost, PlanTotals, plan_totals
from support_planning.models import SupportPlan


def plan_current(*, budget) -> SupportPlan | None:
    """The budget's newest plan version (draft, submitted or approved)."""
    return SupportPlan.objects.filter(budget=budget).order_by("-number").first()


def plan_costs(*, plan) -> PlanTotals:
    lines = [LineCost(unit_cost_pence=c, units_per_week=u) for c, u in plan.lines.values_list("unit_cost_pence", "units_per_week")]
    return plan_totals(lines)
