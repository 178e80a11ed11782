"""Public reads of the support planning stage."""

from dataclasses import dataclass

from pbudget.models import BudgetEvent
from support_planning.calculation import LineCost, PlanTotals, line_weekly_pence, plan_totals
from support_planning.models import PAYMENT_WEEKS, MoneyManagement, PlanComment, PlanStatus, SupportPlan


def plan_current(*, budget) -> SupportPlan | None:
    """The budget's newest plan version (draft, submitted or approved)."""
    return SupportPlan.objects.filter(budget=budget).order_by("-number").first()


def plan_submitted(*, budget) -> SupportPlan | None:
    """The plan waiting for sign-off, if any."""
    return SupportPlan.objects.filter(budget=budget, status=PlanStatus.SUBMITTED).first()


def plan_costs(*, plan) -> PlanTotals:
    lines = [LineCost(unit_cost_pence=c, units_per_week=u) for c, u in plan.lines.values_list("unit_cost_pence", "units_per_week")]
    return plan_totals(lines)


def plan_costs_of_lines(lines) -> PlanTotals:
    """Totals of lines already loaded (for example prefetched), with no query."""
    return plan_totals([LineCost(unit_cost_pence=x.unit_cost_pence, units_per_week=x.units_per_week) for x in lines])


@dataclass(frozen=True)
class Missing:
    """Something a plan needs before it can be submitted, and which part of the plan fixes it."""

    text: str
    part: str  # "outcome", "line" or "money"


def plan_missing(*, plan) -> list[Missing]:
    """What stops this plan being submitted for sign-off, in the order a person would fix it."""
    missing = []
    if not plan.outcomes.exists():
        missing.append(Missing("Add at least one outcome", "outcome"))
    if not plan.lines.filter(unit_cost_pence__gt=0).exists():
        missing.append(Missing("Add at least one support line with a cost", "line"))
    if not plan.money_management:
        missing.append(Missing("Choose how the money will be managed", "money"))
    elif plan.money_management == MoneyManagement.INDIVIDUAL_SERVICE_FUND and not plan.provider_name.strip():
        missing.append(Missing("Name the provider who will hold the money for an individual service fund", "money"))
    return missing


@dataclass(frozen=True)
class OutcomeView:
    outcome: object
    lines: list
    weekly_pence: int


def plan_overview(*, plan) -> dict:
    """A plan's outcomes with their lines and weekly costs, lines not tied to an outcome, totals."""
    outcomes = list(plan.outcomes.all())
    lines = list(plan.lines.all())
    for line in lines:
        line.weekly_pence = line_weekly_pence(LineCost(line.unit_cost_pence, line.units_per_week))
    grouped = []
    for outcome in outcomes:
        mine = [x for x in lines if x.outcome_id == outcome.pk]
        grouped.append(OutcomeView(outcome, mine, sum(x.weekly_pence for x in mine)))
    return {
        "outcomes": grouped,
        "unlinked_lines": [x for x in lines if x.outcome_id is None],
        "lines": lines,
        "totals": plan_costs_of_lines(lines),
    }


def direct_payment(*, plan, weekly_pence) -> dict | None:
    """For a direct payment, the amount paid each time and how often (the plan must say both)."""
    if plan.money_management != MoneyManagement.DIRECT_PAYMENT:
        return None
    weeks = PAYMENT_WEEKS.get(plan.payment_frequency, 4)
    return {"amount_pence": weekly_pence * weeks, "weeks": weeks, "label": plan.get_payment_frequency_display()}


def plan_return_comments(*, budget) -> str:
    """The sign-off comments when the plan has come back from sign-off and not been resubmitted."""
    last = BudgetEvent.objects.filter(budget=budget).order_by("-at", "-pk").first()
    if last is not None and last.move == "return_plan":
        return last.reason
    return ""


def plans_submitted_prefetch(to_attr="submitted_plans"):
    """For a list of budgets: each one's submitted plan with its lines, in two queries in all."""
    from django.db.models import Prefetch

    return Prefetch(
        "plans", queryset=SupportPlan.objects.filter(status=PlanStatus.SUBMITTED).prefetch_related("lines"), to_attr=to_attr
    )


def plan_comments_by_part(*, plan) -> dict[str, list[PlanComment]]:
    """
    The comments to show beside the parts of this plan, by part ("money", "outcome:<id>"...): the
    comments on this version itself (one query, authors selected).
    """
    by_part: dict[str, list[PlanComment]] = {}
    for comment in PlanComment.objects.filter(plan=plan).select_related("author").order_by("created", "pk"):
        by_part.setdefault(comment.part, []).append(comment)
    return by_part


def plans_for_budgets(*, budget_ids) -> list[SupportPlan]:
    """Every plan version of these budgets, oldest first (one query). For a person's timeline."""
    return list(SupportPlan.objects.filter(budget_id__in=budget_ids).select_related("created_by").order_by("created_at", "pk"))


def plan_agreed_outcomes(*, budget) -> list:
    """The outcomes of the budget's signed-off plan, in the plan's order (one query). For reviews."""
    from support_planning.models import PlanOutcome

    return list(
        PlanOutcome.objects.filter(plan__budget=budget, plan__status=PlanStatus.APPROVED).order_by("order", "pk")
    )
