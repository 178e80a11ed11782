"""
Writing a draft plan: starting it, editing its parts, submitting it for sign-off.

Every edit takes the `lock_version` the editor's form was opened with. The budget row and then
the plan row are locked, the version compared, and the change refused with `PlanChanged` (which
lists what others saved since) if someone else saved in between; a successful edit bumps the
version and writes a `PlanChange` row and an AuditEntry. Only a draft is written to, only while
the budget is at support planning, and only by the person, their representative, staff in their
team, or a planner holding a live invitation.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from pbudget.audit import audit_change
from pbudget.care_act import CareActOutcome
from pbudget.lifecycle import MoveNotAllowed, Status, budget_move
from pbudget.models import PersonalBudget
from pbudget.money import MAX_WEEKLY_PENCE, format_pence
from signoff.services import signoff_request_open
from support_planning.access import is_planner, require_plan_worker
from support_planning.calculation import LineCost, line_weekly_pence
from support_planning.models import (
    HOURS_IN_A_WEEK, LINE_MONEY_MANAGEMENT, LedBy, MoneyManagement, PaidBy, PlanChange, PlanOutcome, PlanOutcomeLink,
    PlanStatus, ProviderKind, SupportLine, SupportPlan,
)
from support_planning.selectors import plan_costs, plan_missing

STALE = "This plan was changed by someone else since you opened it. Check the latest version and try again."
LINE_METHODS = {value for value, _ in LINE_MONEY_MANAGEMENT}


class PlanChanged(MoveNotAllowed):
    """A save from a stale form: nothing was saved. Carries what others saved since, and the version now."""

    def __init__(self, *, changes, lock_version, go_to=None):
        super().__init__(STALE, go_to=go_to)
        self.changes, self.lock_version = changes, lock_version


def _plan_for_edit(*, plan, actor, lock_version) -> SupportPlan:
    """Lock the budget row, then the plan row (the order every service uses), and check the plan may be edited by `actor` from version `lock_version`."""
    PersonalBudget.objects.select_for_update().get(pk=plan.budget_id)
    locked = SupportPlan.objects.select_for_update(of=("self",)).select_related("budget__person").get(pk=plan.pk)
    require_plan_worker(actor, locked.budget)
    if locked.status != PlanStatus.DRAFT or locked.budget.status != Status.PLANNING:
        raise MoveNotAllowed("This plan can't be changed now: it is not being written.")
    try:
        opened = int(lock_version)
    except (TypeError, ValueError):
        opened = -1
    if opened != locked.lock_version:
        since = PlanChange.objects.filter(plan=locked, lock_version__gt=max(opened, 0)).select_related("by")
        raise PlanChanged(changes=list(since), lock_version=locked.lock_version)
    return locked


def _saved(*, plan, actor, what, part, fields=()):
    """Save the given fields, bump the lock version, and record the change (PlanChange and audit)."""
    plan.lock_version = F("lock_version") + 1
    plan.save(update_fields=[*fields, "lock_version"])
    plan.refresh_from_db(fields=["lock_version"])
    PlanChange.objects.create(plan=plan, lock_version=plan.lock_version, part=part, what=what[:200], by=actor)
    audit_change(user=actor, person=plan.budget.person, what=f"Support plan: {what}")
    return plan


PLAN_FIELDS = (
    "led_by", "what_matters", "money_management", "provider_name", "payment_frequency", "contingency", "risks",
    "risk_management", "over_budget_reason",
)
LINE_FIELDS = (
    "description", "provider_kind", "provider", "unit_cost_pence", "units_per_week", "one_off", "paid_by",
    "money_management", "isf_provider",
)


def plan_copy(*, source: SupportPlan, target: SupportPlan) -> None:
    """Copy a plan version's content, outcomes and lines into a new draft, each item remembering its original."""
    for field in PLAN_FIELDS:
        setattr(target, field, getattr(source, field))
    target.previous = source
    target.save()
    new_outcome = {}
    for outcome in source.outcomes.prefetch_related("links"):
        new_outcome[outcome.pk] = PlanOutcome.objects.create(
            plan=target, order=outcome.order, description=outcome.description, copied_from=outcome,
        )
    PlanOutcomeLink.objects.bulk_create(
        PlanOutcomeLink(outcome=new_outcome[link.outcome_id], care_act_outcome=link.care_act_outcome)
        for link in PlanOutcomeLink.objects.filter(outcome__plan=source)
    )
    SupportLine.objects.bulk_create(
        SupportLine(
            plan=target, outcome=new_outcome.get(line.outcome_id), copied_from=line,
            **{field: getattr(line, field) for field in LINE_FIELDS},
        )
        for line in source.lines.all()
    )


@transaction.atomic
def plan_start(*, budget, actor) -> SupportPlan:
    """
    Start the budget's plan, or return the one already in progress. Guarantees at most one
    plan in progress (the budget row is locked; a database constraint backs it). A new plan is
    numbered after the last one and, when an approved plan exists, starts as a copy of it:
    that is how a plan is varied after a review.
    """
    locked = PersonalBudget.objects.select_for_update(of=("self",)).select_related("person").get(pk=budget.pk)
    require_plan_worker(actor, locked)
    if locked.status != Status.PLANNING:
        raise MoveNotAllowed(f"A plan can't be started now: the budget is at “{locked.get_status_display()}”.")
    plans = SupportPlan.objects.filter(budget=locked)
    in_progress = plans.filter(status__in=[PlanStatus.DRAFT, PlanStatus.SUBMITTED]).first()
    if in_progress is not None:
        return in_progress
    last = plans.order_by("-number").first()
    plan = SupportPlan.objects.create(budget=locked, number=(last.number + 1) if last else 1, created_by=actor)
    approved = plans.filter(status=PlanStatus.APPROVED).order_by("-number").first()
    if approved is not None:
        plan_copy(source=approved, target=plan)
    audit_change(user=actor, person=locked.person, what=f"Started support plan version {plan.number}")
    return plan


@transaction.atomic
def plan_update_about(*, plan, actor, lock_version, what_matters, led_by) -> SupportPlan:
    """
    Set what matters to the person and who is leading the plan. A change of lead is recorded as
    its own PlanChange. The person, their representative or staff choose the lead; a planner may
    write what matters but not change who leads.
    """
    plan = _plan_for_edit(plan=plan, actor=actor, lock_version=lock_version)
    if led_by not in LedBy.values:
        raise MoveNotAllowed("Select who is leading this plan.")
    lead_changed = led_by != plan.led_by
    if lead_changed and is_planner(actor):
        raise MoveNotAllowed("Only the person, their representative or the council can change who leads the plan.")
    plan.what_matters, plan.led_by = what_matters.strip(), led_by
    if lead_changed:
        return _saved(plan=plan, actor=actor, what=f"now led by: {LedBy(led_by).label}", part="led_by", fields=["what_matters", "led_by"])
    return _saved(plan=plan, actor=actor, what="what matters", part="what_matters", fields=["what_matters"])


def _checked_links(care_act_outcomes) -> list[str]:
    """The Care Act outcomes an outcome addresses: known values only, each once, in the regulations' order."""
    chosen = set(care_act_outcomes or ())
    if chosen - set(CareActOutcome.values):
        raise MoveNotAllowed("Select only areas of life from the list.")
    return [value for value in CareActOutcome.values if value in chosen]


def _link(outcome, care_act_outcomes):
    """Make the outcome's links exactly these (values already checked)."""
    PlanOutcomeLink.objects.filter(outcome=outcome).exclude(care_act_outcome__in=care_act_outcomes).delete()
    have = set(PlanOutcomeLink.objects.filter(outcome=outcome).values_list("care_act_outcome", flat=True))
    PlanOutcomeLink.objects.bulk_create(PlanOutcomeLink(outcome=outcome, care_act_outcome=v) for v in care_act_outcomes if v not in have)


@transaction.atomic
def plan_outcome_add(*, plan, actor, lock_version, description, care_act_outcomes=()) -> PlanOutcome:
    """Add an outcome at the end of the plan's list, linked to the Care Act outcomes (assessed needs) it addresses."""
    plan = _plan_for_edit(plan=plan, actor=actor, lock_version=lock_version)
    links = _checked_links(care_act_outcomes)
    order = (plan.outcomes.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    outcome = PlanOutcome.objects.create(plan=plan, order=order, description=description.strip())
    _link(outcome, links)
    _saved(plan=plan, actor=actor, what=f"outcome added: {outcome.description[:80]}", part=f"outcome:{outcome.pk}")
    return outcome


def _own(item, plan):
    """An outcome or line must belong to the plan being edited (never another person's)."""
    if item.plan_id != plan.pk:
        raise MoveNotAllowed("That part belongs to another plan.")
    return item


@transaction.atomic
def plan_outcome_update(*, outcome, actor, lock_version, description, care_act_outcomes=()) -> PlanOutcome:
    """Change an outcome's words and the Care Act outcomes it addresses (the links become exactly those given)."""
    plan = _plan_for_edit(plan=outcome.plan, actor=actor, lock_version=lock_version)
    outcome = _own(outcome, plan)
    links = _checked_links(care_act_outcomes)
    outcome.description = description.strip()
    outcome.save(update_fields=["description"])
    _link(outcome, links)
    _saved(plan=plan, actor=actor, what=f"outcome changed: {outcome.description[:80]}", part=f"outcome:{outcome.pk}")
    return outcome


@transaction.atomic
def plan_outcome_remove(*, outcome, actor, lock_version) -> None:
    """Remove an outcome and the support lines that meet it (the page warns of both)."""
    plan = _plan_for_edit(plan=outcome.plan, actor=actor, lock_version=lock_version)
    outcome = _own(outcome, plan)
    outcome.lines.all().delete()
    outcome.delete()
    _saved(plan=plan, actor=actor, what=f"outcome removed: {outcome.description[:80]}", part="outcomes")


def _checked_line(*, plan, outcome, unit_cost_pence, units_per_week, one_off=False, paid_by=PaidBy.PERSONAL_BUDGET,
                  money_management="", isf_provider="", provider_kind="", **text) -> dict:
    """The line's fields, normalised, or MoveNotAllowed with a message a person can act on."""
    if outcome is not None:
        _own(outcome, plan)
    if paid_by not in PaidBy.values:
        raise MoveNotAllowed("Select how the support is paid for.")
    if provider_kind not in {*ProviderKind.values, ""}:
        raise MoveNotAllowed("Select who provides the support.")
    if not isinstance(unit_cost_pence, int) or isinstance(unit_cost_pence, bool) or unit_cost_pence < 0:
        raise MoveNotAllowed("Enter a cost of £0 or more, in pounds and pence.")
    if one_off:
        units_per_week = Decimal(1)
    if units_per_week is None or not isinstance(units_per_week, (int, Decimal)):
        raise MoveNotAllowed("Enter how many times a week, as a number.")
    units_per_week = Decimal(units_per_week)
    if not units_per_week.is_finite() or units_per_week <= 0:
        raise MoveNotAllowed("Enter how many times a week, more than 0.")
    if units_per_week != units_per_week.quantize(Decimal("0.01")):
        raise MoveNotAllowed("Enter how many times a week to 2 decimal places at most.")
    if units_per_week > HOURS_IN_A_WEEK:
        raise MoveNotAllowed(f"Enter at most {HOURS_IN_A_WEEK} times a week: there are {HOURS_IN_A_WEEK} hours in a week.")
    if paid_by == PaidBy.FREE:
        unit_cost_pence = 0  # free support costs the budget nothing, whatever was typed
    cost = LineCost(unit_cost_pence=unit_cost_pence, units_per_week=units_per_week)
    if (unit_cost_pence if one_off else line_weekly_pence(cost)) > MAX_WEEKLY_PENCE:
        raise MoveNotAllowed(f"One line of support can cost at most {format_pence(MAX_WEEKLY_PENCE)}{'' if one_off else ' a week'}. Check the cost and how many times a week.")
    money_management, isf_provider = money_management or "", (isf_provider or "").strip()
    if money_management not in LINE_METHODS | {""}:
        raise MoveNotAllowed("Select how the money for this support is managed.")
    if money_management == MoneyManagement.INDIVIDUAL_SERVICE_FUND and not isf_provider:
        raise MoveNotAllowed("Enter the name of the provider who will hold the money for this support.")
    return {
        "outcome": outcome, "unit_cost_pence": unit_cost_pence, "units_per_week": units_per_week, "one_off": bool(one_off),
        "paid_by": paid_by, "money_management": money_management,
        "isf_provider": isf_provider if money_management == MoneyManagement.INDIVIDUAL_SERVICE_FUND else "",
        "provider_kind": provider_kind, **{k: (v or "").strip() for k, v in text.items()},
    }


@transaction.atomic
def plan_line_add(*, plan, actor, lock_version, description, outcome, unit_cost_pence, units_per_week, provider="", **more) -> SupportLine:
    """
    Add a costed support line meeting one outcome of this plan: unit cost (pence) x units a week
    (at most 168, 2 decimal places), or a one-off cost; paid from the personal budget, other funding,
    or free; with its own way of managing the money when the plan's is a mix.
    """
    plan = _plan_for_edit(plan=plan, actor=actor, lock_version=lock_version)
    fields = _checked_line(plan=plan, outcome=outcome, unit_cost_pence=unit_cost_pence, units_per_week=units_per_week,
                           description=description, provider=provider, **more)
    line = SupportLine.objects.create(plan=plan, **fields)
    _saved(plan=plan, actor=actor, what=f"support added: {line.description[:80]}", part=f"line:{line.pk}")
    return line


@transaction.atomic
def plan_line_update(*, line, actor, lock_version, description, outcome, unit_cost_pence, units_per_week, provider="", **more) -> SupportLine:
    plan = _plan_for_edit(plan=line.plan, actor=actor, lock_version=lock_version)
    line = _own(line, plan)
    fields = _checked_line(plan=plan, outcome=outcome, unit_cost_pence=unit_cost_pence, units_per_week=units_per_week,
                           description=description, provider=provider, **more)
    for name, value in fields.items():
        setattr(line, name, value)
    line.save()
    _saved(plan=plan, actor=actor, what=f"support changed: {line.description[:80]}", part=f"line:{line.pk}")
    return line


@transaction.atomic
def plan_line_remove(*, line, actor, lock_version) -> None:
    plan = _plan_for_edit(plan=line.plan, actor=actor, lock_version=lock_version)
    line = _own(line, plan)
    line.delete()
    _saved(plan=plan, actor=actor, what=f"support removed: {line.description[:80]}", part="lines")


@transaction.atomic
def plan_set_money_management(
    *, plan, actor, lock_version, method, provider_name="", payment_frequency=None
) -> SupportPlan:
    """Choose how the money is managed; an individual service fund names the provider holding it."""
    plan = _plan_for_edit(plan=plan, actor=actor, lock_version=lock_version)
    if method not in MoneyManagement.values:
        raise MoveNotAllowed("Select how the money will be managed.")
    provider_name = (provider_name or "").strip()
    if method == MoneyManagement.INDIVIDUAL_SERVICE_FUND and not provider_name:
        raise MoveNotAllowed("Enter the name of the provider who will hold the money.")
    plan.money_management, plan.provider_name = method, provider_name
    if payment_frequency:
        plan.payment_frequency = payment_frequency
    return _saved(
        plan=plan, actor=actor, what="how the money is managed", part="money",
        fields=["money_management", "provider_name", "payment_frequency"],
    )


@transaction.atomic
def plan_update_contingency(*, plan, actor, lock_version, contingency) -> SupportPlan:
    """Say what happens if things go wrong (a carer is ill, a provider lets the person down)."""
    plan = _plan_for_edit(plan=plan, actor=actor, lock_version=lock_version)
    plan.contingency = contingency.strip()
    return _saved(plan=plan, actor=actor, what="if things go wrong", part="contingency", fields=["contingency"])


@transaction.atomic
def plan_update_risks(*, plan, actor, lock_version, risks, risk_management) -> SupportPlan:
    """Record the risks the person chooses to take and how they will be managed."""
    plan = _plan_for_edit(plan=plan, actor=actor, lock_version=lock_version)
    plan.risks, plan.risk_management = risks.strip(), risk_management.strip()
    return _saved(plan=plan, actor=actor, what="risks I choose to take", part="risks", fields=["risks", "risk_management"])


@transaction.atomic
def plan_update_over_budget_reason(*, plan, actor, lock_version, over_budget_reason) -> SupportPlan:
    """Say why the plan costs more than the indicative budget (sign-off reads it)."""
    plan = _plan_for_edit(plan=plan, actor=actor, lock_version=lock_version)
    plan.over_budget_reason = over_budget_reason.strip()
    return _saved(plan=plan, actor=actor, what="why it costs more than the indicative budget", part="over_budget_reason", fields=["over_budget_reason"])


@transaction.atomic
def plan_submit(*, plan, actor, lock_version) -> SupportPlan:
    """
    Submit a complete draft for sign-off; it is then a frozen version. Refuses an incomplete plan
    (listing what is missing, including a reason when it costs more than the indicative budget)
    and changes nothing. Otherwise marks the plan submitted, moves the budget to sign-off
    (`submit_plan`, which writes the event) and opens the sign-off request (which queues the
    summary sheet after commit), in one transaction. Planners help write the plan;
    the person, their representative or the council submit it.
    """
    plan = _plan_for_edit(plan=plan, actor=actor, lock_version=lock_version)
    if is_planner(actor):
        raise MoveNotAllowed("Only the person, their representative or the council can submit the plan. Tell them it is ready.")
    missing = plan_missing(plan=plan)
    if missing:
        raise MoveNotAllowed("The plan is not ready to submit: " + "; ".join(m.text.lower() for m in missing) + ".")
    if plan_costs(plan=plan).weekly_pence > MAX_WEEKLY_PENCE:
        raise MoveNotAllowed(f"A plan can cost at most {format_pence(MAX_WEEKLY_PENCE)} a week. Check the costs of its support.")
    plan.status, plan.submitted_at = PlanStatus.SUBMITTED, timezone.now()
    _saved(plan=plan, actor=actor, what="submitted for sign-off", part="status", fields=["status", "submitted_at"])
    budget_move(budget=plan.budget, move="submit_plan", actor=actor)
    # Sign-off's rules set the level and refuse a plan missing what sign-off needs.
    signoff_request_open(budget=plan.budget, plan=plan, actor=actor)
    return plan
