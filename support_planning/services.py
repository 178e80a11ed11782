"""
Support plan services: starting a plan, editing its parts, submitting it for sign-off.

Every edit takes the `lock_version` the editor's form was opened with. The plan row is locked,
the version compared, and the change refused if someone else saved in between; a successful edit
bumps the version. Edits are allowed only to a draft plan while the budget is at support planning,
by the person, their representative, or staff in their team.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from pbudget.access import require_relationship
from pbudget.audit import audit_change
from pbudget.fields import LONG_TEXT
from pbudget.lifecycle import ANYONE, STAFF, MoveNotAllowed, Status, budget_move
from pbudget.models import PersonalBudget
from pbudget.money import MAX_WEEKLY_PENCE, format_pence
from signoff.services import signoff_request_open
from support_planning.calculation import LineCost, line_weekly_pence
from support_planning.models import (
    COMMENT_ITEM_PARTS, COMMENT_PARTS, MoneyManagement, PlanComment, PlanOutcome, PlanStatus, SupportLine, SupportPlan,
)
from support_planning.selectors import plan_costs, plan_missing

STALE = "This plan was changed by someone else since you opened it. Check the latest version and try again."


def _plan_for_edit(*, plan, actor, lock_version) -> SupportPlan:
    """Lock the budget row, then the plan row (the order every service uses), and check the plan may be edited by `actor` from version `lock_version`."""
    PersonalBudget.objects.select_for_update().get(pk=plan.budget_id)
    locked = SupportPlan.objects.select_for_update(of=("self",)).select_related("budget__person").get(pk=plan.pk)
    require_relationship(actor, locked.budget.person, ANYONE)
    if locked.status != PlanStatus.DRAFT or locked.budget.status != Status.PLANNING:
        raise MoveNotAllowed("This plan can't be changed now: it is not being written.")
    if lock_version is None or int(lock_version) != locked.lock_version:
        raise MoveNotAllowed(STALE)
    return locked


def _saved(*, plan, actor, what, fields=()):
    """Save the given fields, bump the lock version and audit the change."""
    plan.lock_version = F("lock_version") + 1
    plan.save(update_fields=[*fields, "lock_version"])
    plan.refresh_from_db(fields=["lock_version"])
    audit_change(user=actor, person=plan.budget.person, what=f"Support plan: {what}")
    return plan


def _copy_from(*, source: SupportPlan, target: SupportPlan):
    """Copy a previous plan's content, outcomes and lines into a new draft (varying a plan)."""
    for field in ("led_by", "what_matters", "money_management", "provider_name", "payment_frequency", "contingency"):
        setattr(target, field, getattr(source, field))
    target.save()
    new_outcome = {}
    for outcome in source.outcomes.all():
        new_outcome[outcome.pk] = PlanOutcome.objects.create(
            plan=target, order=outcome.order, description=outcome.description,
            care_act_outcome=outcome.care_act_outcome,
        )
    SupportLine.objects.bulk_create(
        SupportLine(
            plan=target, outcome=new_outcome.get(line.outcome_id), description=line.description,
            provider=line.provider, unit_cost_pence=line.unit_cost_pence, units_per_week=line.units_per_week,
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
    require_relationship(actor, locked.person, ANYONE)
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
        _copy_from(source=approved, target=plan)
    audit_change(user=actor, person=locked.person, what=f"Started support plan version {plan.number}")
    return plan


@transaction.atomic
def plan_update_about(*, plan, actor, lock_version, what_matters, led_by) -> SupportPlan:
    """Set what matters to the person and who is leading the plan."""
    plan = _plan_for_edit(plan=plan, actor=actor, lock_version=lock_version)
    plan.what_matters, plan.led_by = what_matters.strip(), led_by
    return _saved(plan=plan, actor=actor, what="what matters", fields=["what_matters", "led_by"])


@transaction.atomic
def plan_outcome_add(*, plan, actor, lock_version, description, care_act_outcome="") -> PlanOutcome:
    """Add an outcome at the end of the plan's list."""
    plan = _plan_for_edit(plan=plan, actor=actor, lock_version=lock_version)
    order = (plan.outcomes.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    outcome = PlanOutcome.objects.create(
        plan=plan, order=order, description=description.strip(), care_act_outcome=care_act_outcome
    )
    _saved(plan=plan, actor=actor, what="outcome added")
    return outcome


@transaction.atomic
def plan_outcome_update(*, outcome, actor, lock_version, description, care_act_outcome="") -> PlanOutcome:
    plan = _plan_for_edit(plan=outcome.plan, actor=actor, lock_version=lock_version)
    outcome.description, outcome.care_act_outcome = description.strip(), care_act_outcome
    outcome.save(update_fields=["description", "care_act_outcome"])
    _saved(plan=plan, actor=actor, what="outcome changed")
    return outcome


@transaction.atomic
def plan_outcome_remove(*, outcome, actor, lock_version) -> None:
    """Remove an outcome and the support lines that meet it (the page warns of both)."""
    plan = _plan_for_edit(plan=outcome.plan, actor=actor, lock_version=lock_version)
    outcome.lines.all().delete()
    outcome.delete()
    _saved(plan=plan, actor=actor, what="outcome removed")


def _check_line(*, plan, outcome, unit_cost_pence, units_per_week):
    if outcome is not None and outcome.plan_id != plan.pk:
        raise MoveNotAllowed("Select an outcome from this plan.")
    if unit_cost_pence is None or unit_cost_pence < 0:
        raise MoveNotAllowed("Enter a cost of £0 or more.")
    if units_per_week is None or units_per_week <= 0:
        raise MoveNotAllowed("Enter how many times a week, more than 0.")
    weekly = line_weekly_pence(LineCost(unit_cost_pence=unit_cost_pence, units_per_week=units_per_week))
    if weekly > MAX_WEEKLY_PENCE:
        raise MoveNotAllowed(f"One line of support can cost at most {format_pence(MAX_WEEKLY_PENCE)} a week. Check the cost and how many times a week.")


@transaction.atomic
def plan_line_add(
    *, plan, actor, lock_version, description, outcome, unit_cost_pence, units_per_week, provider=""
) -> SupportLine:
    """Add a costed support line: unit cost (pence) x units a week, meeting one outcome."""
    plan = _plan_for_edit(plan=plan, actor=actor, lock_version=lock_version)
    _check_line(plan=plan, outcome=outcome, unit_cost_pence=unit_cost_pence, units_per_week=units_per_week)
    line = SupportLine.objects.create(
        plan=plan, outcome=outcome, description=description.strip(), provider=provider.strip(),
        unit_cost_pence=unit_cost_pence, units_per_week=units_per_week,
    )
    _saved(plan=plan, actor=actor, what="support line added")
    return line


@transaction.atomic
def plan_line_update(
    *, line, actor, lock_version, description, outcome, unit_cost_pence, units_per_week, provider=""
) -> SupportLine:
    plan = _plan_for_edit(plan=line.plan, actor=actor, lock_version=lock_version)
    _check_line(plan=plan, outcome=outcome, unit_cost_pence=unit_cost_pence, units_per_week=units_per_week)
    line.description, line.provider, line.outcome = description.strip(), provider.strip(), outcome
    line.unit_cost_pence, line.units_per_week = unit_cost_pence, units_per_week
    line.save()
    _saved(plan=plan, actor=actor, what="support line changed")
    return line


@transaction.atomic
def plan_line_remove(*, line, actor, lock_version) -> None:
    plan = _plan_for_edit(plan=line.plan, actor=actor, lock_version=lock_version)
    line.delete()
    _saved(plan=plan, actor=actor, what="support line removed")


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
        plan=plan, actor=actor, what="how the money is managed",
        fields=["money_management", "provider_name", "payment_frequency"],
    )


@transaction.atomic
def plan_update_contingency(*, plan, actor, lock_version, contingency) -> SupportPlan:
    """Say what happens if things go wrong (a carer is ill, a provider lets the person down)."""
    plan = _plan_for_edit(plan=plan, actor=actor, lock_version=lock_version)
    plan.contingency = contingency.strip()
    return _saved(plan=plan, actor=actor, what="if things go wrong", fields=["contingency"])


@transaction.atomic
def plan_submit(*, plan, actor, lock_version) -> SupportPlan:
    """
    Submit a complete draft for sign-off. Refuses an incomplete plan, listing what is missing,
    and changes nothing. Otherwise marks the plan submitted and moves the budget to sign-off
    (`submit_plan`, which writes the event) and opens the sign-off request (which queues the
    summary sheet after commit), in one transaction.
    """
    plan = _plan_for_edit(plan=plan, actor=actor, lock_version=lock_version)
    missing = plan_missing(plan=plan)
    if missing:
        raise MoveNotAllowed("The plan is not ready to submit: " + "; ".join(m.text.lower() for m in missing) + ".")
    if plan_costs(plan=plan).weekly_pence > MAX_WEEKLY_PENCE:
        raise MoveNotAllowed(f"A plan can cost at most {format_pence(MAX_WEEKLY_PENCE)} a week. Check the costs of its support.")
    plan.status, plan.submitted_at = PlanStatus.SUBMITTED, timezone.now()
    _saved(plan=plan, actor=actor, what="submitted for sign-off", fields=["status", "submitted_at"])
    budget_move(budget=plan.budget, move="submit_plan", actor=actor)
    # Sign-off's rules set the level and refuse a plan missing what sign-off needs.
    signoff_request_open(budget=plan.budget, plan=plan, actor=actor)
    return plan


def _comment_part_valid(plan, part) -> bool:
    """A fixed part name, or "outcome:<id>" / "line:<id>" naming an item of this very plan version."""
    if part in COMMENT_PARTS:
        return True
    kind, _, pk = part.partition(":")
    if kind not in COMMENT_ITEM_PARTS or not pk.isdigit():
        return False
    items = plan.outcomes if kind == "outcome" else plan.lines
    return items.filter(pk=int(pk)).exists()


@transaction.atomic
def plan_comments_record(*, plan, comments: dict[str, str], actor) -> list[PlanComment]:
    """
    Record comments on parts of a plan version (sign-off calls this when it returns a plan).

    `comments` maps a part ("what_matters", "outcome:<id>", "line:<id>", "money", "contingency",
    "risks", "over_budget_reason", "general") to its text; blank texts are skipped. Guarantees:
    only staff in the person's team may comment; every part must name this plan or one of its own
    outcomes and lines, else MoveNotAllowed and nothing is written. Joins the caller's transaction
    and writes one AuditEntry. The plan editor shows the comments beside the parts they concern.
    """
    require_relationship(actor, plan.budget.person, STAFF)
    cleaned = {part: (text or "").strip() for part, text in comments.items()}
    cleaned = {part: text for part, text in cleaned.items() if text}
    for part, text in cleaned.items():
        if not _comment_part_valid(plan, part):
            raise MoveNotAllowed(f"A comment was for a part of the plan that isn't in this version ({part[:40]}).")
        if len(text) > LONG_TEXT or "\x00" in text:
            raise MoveNotAllowed(f"A comment can be at most {LONG_TEXT:,} characters.")
    made = PlanComment.objects.bulk_create(
        PlanComment(plan=plan, part=part, text=text, author=actor) for part, text in cleaned.items()
    )
    if made:
        audit_change(user=actor, person=plan.budget.person, what=f"Comments on support plan version {plan.number}: {len(made)}")
    return made
