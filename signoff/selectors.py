"""Public reads of the sign-off stage."""

from dataclasses import dataclass

from django.utils import timezone

from pbudget.lifecycle import Status
from pbudget.models import PersonalBudget
from ras.selectors import indicative_budget
from signoff.delegation import required_level
from signoff.models import DelegationLimit, SignoffDecision, SummarySheet
from support_planning.selectors import plan_costs_of_lines, plans_submitted_prefetch


def decision_latest(*, budget) -> SignoffDecision | None:
    return SignoffDecision.objects.filter(budget=budget).select_related("decided_by").order_by("-decided_at", "-pk").first()


def summary_sheet_latest(*, budget) -> SummarySheet | None:
    """The newest summary sheet, without loading its PDF bytes."""
    return SummarySheet.objects.filter(budget=budget).defer("pdf").order_by("-decision__decided_at", "-pk").first()


def delegation_limit_current(*, council) -> DelegationLimit | None:
    return DelegationLimit.objects.filter(council=council).first()


def delegation_limit_pence(*, council) -> int:
    """The council's social worker limit a year; with none set, every plan goes to a manager."""
    limit = delegation_limit_current(council=council)
    return limit.social_worker_yearly_limit_pence if limit else 0


def signoff_level(*, budget, plan_yearly_pence) -> tuple[str, str]:
    """(level, reason in words) for signing off `plan_yearly_pence` a year on this budget."""
    indicative = indicative_budget(budget=budget)
    return required_level(
        plan_yearly_pence, indicative.yearly_pence if indicative else None, delegation_limit_pence(council=budget.council)
    )


@dataclass
class QueueRow:
    budget: PersonalBudget
    plan: object
    days_waiting: int
    weekly_pence: int
    indicative_weekly_pence: int | None
    level: str
    level_reason: str


def signoff_queue(*, user) -> list[QueueRow]:
    """Budgets at sign-off that `user` may see, oldest first. A fixed number of queries."""
    budgets = (
        PersonalBudget.objects.visible_to(user).filter(status=Status.SIGN_OFF)
        .select_related("person", "person__team", "person__allocated_worker")
        # The indicative budgets come by the budget's reverse relation, so the page stays at a
        # fixed number of queries; ras.selectors.indicative_budget would be one query a row.
        .prefetch_related(plans_submitted_prefetch(), "allocations")
        .order_by("status_changed_at", "pk")
    )
    limit = delegation_limit_pence(council=user.council_id)
    now = timezone.now()
    rows = []
    for budget in budgets:
        plan = budget.submitted_plans[0] if budget.submitted_plans else None
        totals = plan_costs_of_lines(plan.lines.all() if plan else [])
        newest = max(budget.allocations.all(), key=lambda a: (a.calculated_at, a.pk), default=None)
        level, reason = required_level(totals.yearly_pence, newest.yearly_pence if newest else None, limit)
        rows.append(QueueRow(
            budget=budget, plan=plan, days_waiting=(now - budget.status_changed_at).days,
            weekly_pence=totals.weekly_pence, indicative_weekly_pence=newest.weekly_pence if newest else None,
            level=level, level_reason=reason,
        ))
    return rows


def decisions_for_budgets(*, budget_ids) -> list[SignoffDecision]:
    """Every sign-off decision on these budgets with the plan version it was about (one query)."""
    return list(
        SignoffDecision.objects.filter(budget_id__in=budget_ids)
        .select_related("decided_by", "plan").order_by("decided_at", "pk")
    )
