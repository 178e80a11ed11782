"""Public reads of the support planning stage."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from assessment.selectors import answers_for, assessment_latest_submitted, outcomes_unable
from pbudget.care_act import CareActOutcome
from pbudget.models import BudgetEvent
from support_planning.calculation import (
    LineCost, PlanTotals, direct_payment_one_off_pence, direct_payment_weekly_pence, line_one_off_pence, line_weekly_pence,
    plan_totals,
)
from support_planning.figures import plan_figures  # noqa: F401 - part of this module's public reads
from support_planning.models import (
    PAYMENT_WEEKS, LedBy, MoneyManagement, PaidBy, PlanComment, PlanHelpRequest, PlannerInvitation, PlanOutcome, PlanOutcomeLink,
    PlanStatus, SupportLine, SupportPlan,
)

LINE_COST_FIELDS = ("unit_cost_pence", "units_per_week", "one_off", "paid_by")


def plan_current(*, budget) -> SupportPlan | None:
    """The budget's newest plan version (draft, submitted, returned or approved)."""
    return SupportPlan.objects.filter(budget=budget).order_by("-number").first()


def plan_submitted(*, budget) -> SupportPlan | None:
    """The plan waiting for sign-off, if any."""
    return SupportPlan.objects.filter(budget=budget, status=PlanStatus.SUBMITTED).first()


def plan_version(*, budget, number) -> SupportPlan | None:
    return SupportPlan.objects.filter(budget=budget, number=number).select_related("created_by").first()


def plan_versions(*, budget) -> list[SupportPlan]:
    """Every version of the budget's plan, newest first (one query)."""
    return list(SupportPlan.objects.filter(budget=budget).order_by("-number"))


def _cost(line) -> LineCost:
    return LineCost(unit_cost_pence=line.unit_cost_pence, units_per_week=line.units_per_week, one_off=line.one_off, paid_by=line.paid_by)


def plan_costs(*, plan) -> PlanTotals:
    lines = [LineCost(*row) for row in plan.lines.values_list(*LINE_COST_FIELDS)]
    return plan_totals(lines)


def plan_costs_of_lines(lines) -> PlanTotals:
    """Totals of lines already loaded (for example prefetched), with no query."""
    return plan_totals([_cost(x) for x in lines])


@dataclass(frozen=True)
class Missing:
    """Something a plan needs before it can be submitted, and which part of the plan fixes it."""

    text: str
    part: str  # "outcome", "line", "money" or "over_budget_reason"


def plan_missing(*, plan, lines=None, indicative_weekly_pence=None) -> list[Missing]:
    """What stops this plan being submitted for sign-off, in the order a person would fix it."""
    from ras.selectors import indicative_budget  # an earlier stage, read through its selectors

    lines = list(plan.lines.all()) if lines is None else lines
    missing = []
    if not plan.outcomes.exists():
        missing.append(Missing("Add at least one outcome", "outcome"))
    if not any(x.unit_cost_pence > 0 and x.paid_by == PaidBy.PERSONAL_BUDGET for x in lines):
        missing.append(Missing("Add at least one support line paid from the personal budget, with a cost", "line"))
    if not plan.money_management:
        missing.append(Missing("Choose how the money will be managed", "money"))
    elif plan.money_management == MoneyManagement.INDIVIDUAL_SERVICE_FUND and not plan.provider_name.strip():
        missing.append(Missing("Name the provider who will hold the money for an individual service fund", "money"))
    elif plan.money_management == MoneyManagement.MIXED:
        if any(x.paid_by == PaidBy.PERSONAL_BUDGET and not x.money_management for x in lines):
            missing.append(Missing("For a mix, choose how the money is managed for each line paid from the personal budget", "line_money"))
    if indicative_weekly_pence is None:
        indicative = indicative_budget(budget=plan.budget)
        indicative_weekly_pence = indicative.weekly_pence if indicative else None
    if indicative_weekly_pence is not None and not plan.over_budget_reason.strip():
        from support_planning.calculation import against_budget

        if against_budget(plan_costs_of_lines(lines), indicative_weekly_pence).over:
            missing.append(Missing("Say why the plan costs more than the indicative budget", "over_budget_reason"))
    return missing


@dataclass(frozen=True)
class OutcomeView:
    outcome: object
    lines: list
    weekly_pence: int


def plan_overview(*, plan) -> dict:
    """
    A plan's outcomes (each with the Care Act outcomes it addresses) with their lines and costs, lines
    not tied to an outcome, and totals. Three queries.
    """
    outcomes = list(plan.outcomes.prefetch_related("links"))
    lines = list(plan.lines.all())
    for line in lines:
        cost = _cost(line)
        line.weekly_pence, line.one_off_pence = line_weekly_pence(cost), line_one_off_pence(cost)
    grouped = []
    for outcome in outcomes:
        mine = [x for x in lines if x.outcome_id == outcome.pk]
        grouped.append(OutcomeView(outcome, mine, sum(x.weekly_pence for x in mine if x.paid_by == PaidBy.PERSONAL_BUDGET)))
    return {
        "outcomes": grouped,
        "unlinked_lines": [x for x in lines if x.outcome_id is None],
        "lines": lines,
        "totals": plan_costs_of_lines(lines),
    }


def direct_payment(*, plan, weekly_pence=None, lines=None) -> dict | None:
    """
    For a direct payment, what is paid and how often (the plan must say both): `amount_pence` every
    `weeks` weeks, plus `one_off_pence` once with the first payment (the one-off costs managed as a
    direct payment); `first_payment_pence` and `first_year_pence` (52 weeks and the one-off) follow.
    For a whole-plan direct payment, `weekly_pence` (an agreed budget, say) replaces the weekly cost
    of the lines; for a mix, the amounts are those of the lines managed as a direct payment. Reads
    the lines unless given (one query). None when nothing is paid as a direct payment.
    """
    from pbudget.money import WEEKS_PER_YEAR

    if plan.money_management not in (MoneyManagement.DIRECT_PAYMENT, MoneyManagement.MIXED):
        return None
    lines = list(plan.lines.all()) if lines is None else lines
    mixed = plan.money_management == MoneyManagement.MIXED
    pairs = [(_cost(x), x.money_management if mixed else "") for x in lines]
    weekly = direct_payment_weekly_pence(pairs, plan.money_management)
    one_off = direct_payment_one_off_pence(pairs, plan.money_management)
    if not mixed and weekly_pence is not None:
        weekly = weekly_pence
    if mixed and weekly == 0 and one_off == 0:
        return None
    weeks = PAYMENT_WEEKS.get(plan.payment_frequency, 4)
    return {
        "amount_pence": weekly * weeks, "weeks": weeks, "label": plan.get_payment_frequency_display(),
        "weekly_pence": weekly, "one_off_pence": one_off, "first_payment_pence": weekly * weeks + one_off,
        "first_year_pence": weekly * WEEKS_PER_YEAR + one_off,
    }


@dataclass(frozen=True)
class PlanMoney:
    """
    What a plan costs the personal budget, counted the one way every page and document counts it
    (see support_planning.calculation): the weekly total, the one-off costs, and the first year
    (52 weeks + one-off). `weekly_pence` is the agreed weekly budget when one is given.
    """

    weekly_pence: int
    one_off_pence: int
    first_year_pence: int
    direct_payment: dict | None


def plan_money(*, plan, lines=None, agreed_weekly_pence=None) -> PlanMoney:
    """
    The plan's cost and direct payment for sign-off and the summary sheet (the same figures the plan
    page shows). `lines` already loaded (say from plan_overview) are used; otherwise one query.
    With `agreed_weekly_pence`, the weekly figure (and a whole-plan direct payment) is the agreed one;
    the plan's one-off costs are agreed with it.
    """
    from pbudget.money import WEEKS_PER_YEAR

    lines = list(plan.lines.all()) if lines is None else lines
    totals = plan_costs_of_lines(lines)
    weekly = totals.weekly_pence if agreed_weekly_pence is None else agreed_weekly_pence
    return PlanMoney(
        weekly_pence=weekly, one_off_pence=totals.one_off_pence, first_year_pence=weekly * WEEKS_PER_YEAR + totals.one_off_pence,
        direct_payment=direct_payment(plan=plan, weekly_pence=agreed_weekly_pence, lines=lines),
    )


def plan_return_comments(*, budget) -> str:
    """The sign-off comments when the plan has come back from sign-off and not been resubmitted."""
    last = BudgetEvent.objects.filter(budget=budget).order_by("-at", "-pk").first()
    if last is not None and last.move == "return_plan":
        return last.reason
    return ""


def plans_submitted_prefetch(to_attr="submitted_plans"):
    """For a list of budgets: each one's submitted plan with its lines, in two queries in all."""
    return Prefetch(
        "plans", queryset=SupportPlan.objects.filter(status=PlanStatus.SUBMITTED).prefetch_related("lines"), to_attr=to_attr
    )


def plan_comments_by_part(*, plan, carried=True) -> dict[str, list[PlanComment]]:
    """
    The comments to show beside the parts of this plan, by part ("money", "outcome:<id>"...): those
    on this version, and (`carried`) those on the returned version it was copied from, moved onto
    the copies of the outcomes and lines they were about. At most three queries.
    """
    mine = Q(plan=plan)
    if carried and plan.previous_id:
        mine |= Q(plan_id=plan.previous_id, plan__status=PlanStatus.RETURNED)
    comments = list(PlanComment.objects.filter(mine).select_related("author").order_by("created", "pk"))
    moved = {}
    if any(c.plan_id != plan.pk for c in comments):
        moved.update((f"outcome:{old}", f"outcome:{new}") for old, new in PlanOutcome.objects.filter(plan=plan, copied_from__isnull=False).values_list("copied_from_id", "pk"))
        moved.update((f"line:{old}", f"line:{new}") for old, new in SupportLine.objects.filter(plan=plan, copied_from__isnull=False).values_list("copied_from_id", "pk"))
    by_part: dict[str, list[PlanComment]] = {}
    for comment in comments:
        part = comment.part if comment.plan_id == plan.pk else moved.get(comment.part, comment.part)
        if ":" in part and comment.plan_id != plan.pk and part == comment.part:
            part = "general"  # the item it was about has since been removed: show it with the general comments
        by_part.setdefault(part, []).append(comment)
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


def assessed_needs(*, budget) -> list[str]:
    """The Care Act outcomes the latest submitted assessment says the person cannot achieve (values)."""
    assessment = assessment_latest_submitted(budget=budget)
    if assessment is None:
        return []
    return outcomes_unable(pairs=answers_for(assessment=assessment))


def needs_without_outcome(*, plan, needs) -> list[str]:
    """Labels of assessed needs that no outcome of the plan addresses (through any of its links): a warning, never a block."""
    addressed = set(PlanOutcomeLink.objects.filter(outcome__plan=plan).values_list("care_act_outcome", flat=True))
    return [CareActOutcome(need).label for need in needs if need not in addressed]


def invitations_for(*, budget) -> list[PlannerInvitation]:
    """Every invitation to help with this budget's plan, newest first, with who invited and who accepted."""
    return list(PlannerInvitation.objects.filter(budget=budget).select_related("invited_by", "planner"))


def planner_plans(*, user) -> list:
    """For a planner's home page: the budgets they may help with now, with the person (one query)."""
    from support_planning.access import planner_budgets

    return list(planner_budgets(user).select_related("person", "council").order_by("person__last_name", "pk"))


def help_request_open(*, budget) -> PlanHelpRequest | None:
    return PlanHelpRequest.objects.filter(budget=budget, answered_at__isnull=True).first()


def help_requests_open(*, budgets, limit=25) -> list[PlanHelpRequest]:
    """Open requests for help with planning among these budgets, the `limit` oldest, with the person (one query)."""
    return list(
        PlanHelpRequest.objects.filter(budget__in=budgets, answered_at__isnull=True)
        .select_related("budget__person", "requested_by").order_by("requested_at", "pk")[:limit]
    )


def plan_printable(*, plan) -> dict:
    """Everything the printable plan shows, for the PDF template."""
    from django.utils import timezone

    from pbudget.money import WEEKS_PER_YEAR
    from ras.selectors import indicative_budget

    overview = plan_overview(plan=plan)
    budget = plan.budget
    return {
        "plan": plan, "person": budget.person, "council": budget.person.council, **overview,
        "direct_payment": plan_money(
            plan=plan, lines=overview["lines"],
            agreed_weekly_pence=budget.agreed_weekly_pence if plan.status == PlanStatus.APPROVED else None,
        ).direct_payment,
        "indicative": indicative_budget(budget=budget), "weeks_per_year": WEEKS_PER_YEAR, "printed_at": timezone.now(),
    }


def plan_document_latest(*, plan):
    """The printable copy of this plan as it stands now (its lock_version), if one was asked for."""
    from support_planning.models import PlanDocument

    return PlanDocument.objects.defer("pdf").filter(plan=plan, lock_version=plan.lock_version).first()


def plan_leaders() -> list[tuple[str, str]]:
    """Who can lead writing a plan (the person, family, user-led organisation, broker, peer, council), in order."""
    return list(LedBy.choices)
