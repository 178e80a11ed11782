"""
Sign-off services: approving or returning a submitted plan, the council's delegation limit,
and rendering the one-page summary sheet (in a worker, never inside the approval transaction).
"""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from assessment.selectors import assessment_latest_submitted
from pbudget.access import require_relationship
from pbudget.audit import audit_change
from pbudget.lifecycle import MANAGER, STAFF, MoveNotAllowed, Status, budget_move
from pbudget.models import PersonalBudget, Role
from pbudget.money import MAX_WEEKLY_PENCE, WEEKS_PER_YEAR, format_pence
from reviews.selectors import review_open
from reviews.services import local_today, review_schedule_first
from signoff.delegation import SOCIAL_WORKER, TEAM_MANAGER, may_sign_off
from signoff.models import Decision, DelegationLimit, SignoffDecision, SignoffLevel, SummarySheet
from signoff.selectors import signoff_level
from support_planning.models import PlanStatus, SupportPlan
from support_planning.selectors import direct_payment, plan_costs, plan_overview

log = logging.getLogger(__name__)

PLAN_CHANGED = "The plan changed after you opened it. Look at the latest version before you decide."


def _submitted_plan(*, budget, actor, plan_lock_version):
    """Lock the budget and its submitted plan; check the actor is staff and the plan unchanged."""
    locked = PersonalBudget.objects.select_for_update(of=("self",)).select_related("person", "council").get(pk=budget.pk)
    relationship = require_relationship(actor, locked.person, STAFF)
    if locked.status != Status.SIGN_OFF:
        raise MoveNotAllowed(f"This plan is not waiting for sign-off: the budget is at “{locked.get_status_display()}”.")
    plan = SupportPlan.objects.select_for_update().filter(budget=locked, status=PlanStatus.SUBMITTED).first()
    if plan is None:
        raise MoveNotAllowed("There is no submitted plan to decide on.")
    if plan_lock_version is None or int(plan_lock_version) != plan.lock_version:
        raise MoveNotAllowed(PLAN_CHANGED)
    return locked, plan, relationship


@transaction.atomic
def signoff_approve(*, budget, actor, plan_lock_version, agreed_weekly_pence=None, reason="") -> SignoffDecision:
    """
    Sign off the submitted plan and agree the budget.

    Guarantees, in one transaction with the budget and plan rows locked: the plan is the version
    the signer opened; the signer's level meets the delegation rule (worked out on the larger of
    the plan's cost and the agreed amount, so agreeing more can't dodge it); an agreed amount that
    differs from the plan's cost has a reason. Writes the decision, marks the plan approved (and an
    older approved plan superseded), sets the agreed budget, moves the budget to active
    (`approve_plan`), schedules the first review and queues the summary sheet after commit.
    """
    budget, plan, relationship = _submitted_plan(budget=budget, actor=actor, plan_lock_version=plan_lock_version)
    totals = plan_costs(plan=plan)
    agreed = totals.weekly_pence if agreed_weekly_pence is None else int(agreed_weekly_pence)
    reason = (reason or "").strip()
    if agreed <= 0:
        raise MoveNotAllowed("Enter an agreed budget of more than £0 a week.")
    if agreed > MAX_WEEKLY_PENCE:
        raise MoveNotAllowed(f"Enter an agreed budget of at most {format_pence(MAX_WEEKLY_PENCE)} a week.")
    _refuse_a_cut_without_reassessment(budget=budget, agreed=agreed)
    if agreed != totals.weekly_pence and not reason:
        raise MoveNotAllowed(
            f"Give a reason for agreeing {format_pence(agreed)} a week when the plan costs {format_pence(totals.weekly_pence)}."
        )
    level, level_reason = signoff_level(budget=budget, plan_yearly_pence=max(totals.weekly_pence, agreed) * WEEKS_PER_YEAR)
    if not may_sign_off(level, TEAM_MANAGER if relationship == MANAGER else SOCIAL_WORKER):
        raise MoveNotAllowed(f"You can't sign off this plan. {level_reason}")

    now = timezone.now()
    decision = SignoffDecision.objects.create(
        budget=budget, plan=plan, plan_lock_version=plan.lock_version, level=level, level_reason=level_reason[:300],
        decision=Decision.APPROVED, comments=reason, agreed_weekly_pence=agreed,
        agreed_yearly_pence=agreed * WEEKS_PER_YEAR, decided_by=actor, decided_at=now,
    )
    SupportPlan.objects.filter(budget=budget, status=PlanStatus.APPROVED).update(status=PlanStatus.SUPERSEDED)
    plan.status, plan.approved_at = PlanStatus.APPROVED, now
    plan.save(update_fields=["status", "approved_at"])
    # Only the agreed amount: the status is written by budget_move alone.
    PersonalBudget.objects.filter(pk=budget.pk).update(agreed_weekly_pence=agreed)
    budget_move(budget=budget, move="approve_plan", actor=actor, reason=reason)
    review_schedule_first(budget=budget, plan_start=local_today())
    sheet = SummarySheet.objects.create(budget=budget, decision=decision, requested_at=now)
    audit_change(user=actor, person=budget.person, what=f"Signed off support plan version {plan.number} at {format_pence(agreed)} a week")

    transaction.on_commit(partial(summary_sheet_queue, sheet_id=sheet.pk))
    return decision


def _refuse_a_cut_without_reassessment(*, budget, agreed):
    """
    The Care Act guidance: a review must not reduce a budget arbitrarily; a reduction needs a
    reassessment showing needs have changed. So a plan re-agreed after a review may not come in
    below the budget agreed before, unless an assessment was submitted since that agreement.
    """
    previous = (
        SignoffDecision.objects.filter(budget=budget, decision=Decision.APPROVED).order_by("-decided_at", "-pk").first()
    )
    if previous is None or agreed >= previous.agreed_weekly_pence:
        return
    assessment = assessment_latest_submitted(budget=budget)
    if assessment is None or assessment.submitted_at < previous.decided_at:
        raise MoveNotAllowed(
            f"The budget agreed before was {format_pence(previous.agreed_weekly_pence)} a week. It can only go "
            "down after a reassessment shows that needs have changed: reassess first."
        )


# How long a sheet may wait in the queue before the sweep queues it again (a lost message, a
# broker that was down, a worker that died mid-render).
SHEET_REQUEUE_AFTER = datetime.timedelta(minutes=10)


def summary_sheet_queue(*, sheet_id) -> None:
    """
    Hand a sheet to the worker. Never raises: the approval it follows has committed, and a
    broker that is down (or, with tasks inline, a render that failed) must not turn it into an
    error page. The sheet stays QUEUED or FAILED in the database, where the sweep and the
    "prepare again" button find it.
    """
    from signoff.tasks import render_summary_sheet  # tasks import this module

    try:
        render_summary_sheet.delay(sheet_id)
    except Exception:
        log.exception("Summary sheet %s could not be queued or rendered now; the sweep will retry", sheet_id)


def summary_sheets_requeue_stale(*, now) -> int:
    """
    Queue again every sheet that has waited longer than SHEET_REQUEUE_AFTER. Each is claimed
    with a conditional update of requested_at, so overlapping sweeps queue it once.
    """
    cutoff = now - SHEET_REQUEUE_AFTER
    queued = 0
    stale = SummarySheet.objects.filter(state=SummarySheet.State.QUEUED, requested_at__lt=cutoff)
    for sheet_id, requested_at in stale.values_list("pk", "requested_at"):
        claimed = SummarySheet.objects.filter(
            pk=sheet_id, state=SummarySheet.State.QUEUED, requested_at=requested_at
        ).update(requested_at=now)
        if claimed == 1:
            summary_sheet_queue(sheet_id=sheet_id)
            queued += 1
    return queued


@transaction.atomic
def summary_sheet_request_again(*, budget, actor) -> SummarySheet:
    """Staff ask for a sheet that failed (or waited too long) to be prepared again."""
    locked = PersonalBudget.objects.select_for_update(of=("self",)).select_related("person").get(pk=budget.pk)
    require_relationship(actor, locked.person, STAFF)
    sheet = SummarySheet.objects.select_for_update().filter(budget=locked).order_by("-decision__decided_at", "-pk").first()
    if sheet is None or sheet.state == SummarySheet.State.READY:
        raise MoveNotAllowed("The summary sheet is ready: there is nothing to prepare again.")
    now = timezone.now()
    if sheet.state == SummarySheet.State.QUEUED and sheet.requested_at > now - SHEET_REQUEUE_AFTER:
        raise MoveNotAllowed("The summary sheet is already being prepared. Check again in a few minutes.")
    SummarySheet.objects.filter(pk=sheet.pk).update(state=SummarySheet.State.QUEUED, requested_at=now)
    audit_change(user=actor, person=locked.person, what="Asked for the summary sheet to be prepared again")
    transaction.on_commit(partial(summary_sheet_queue, sheet_id=sheet.pk))
    sheet.refresh_from_db()
    return sheet


@transaction.atomic
def signoff_return(*, budget, actor, plan_lock_version, comments) -> SignoffDecision:
    """
    Send the submitted plan back to the person with comments. Same checks and locks as approval
    (any staff member in the person's team may return a plan); the plan goes back to draft and the
    budget back to support planning (`return_plan`, with the comments as the event's reason).
    """
    comments = (comments or "").strip()
    if not comments:
        raise MoveNotAllowed("Enter comments saying what needs to change.")
    budget, plan, _ = _submitted_plan(budget=budget, actor=actor, plan_lock_version=plan_lock_version)
    level, level_reason = signoff_level(budget=budget, plan_yearly_pence=plan_costs(plan=plan).yearly_pence)
    decision = SignoffDecision.objects.create(
        budget=budget, plan=plan, plan_lock_version=plan.lock_version, level=level, level_reason=level_reason[:300],
        decision=Decision.RETURNED, comments=comments, decided_by=actor,
    )
    plan.status, plan.submitted_at = PlanStatus.DRAFT, None
    plan.save(update_fields=["status", "submitted_at"])
    budget_move(budget=budget, move="return_plan", actor=actor, reason=comments)
    audit_change(user=actor, person=budget.person, what=f"Returned support plan version {plan.number} with comments")
    return decision


@transaction.atomic
def delegation_limit_set(*, council, actor, yearly_limit_pence) -> DelegationLimit:
    """Set how much a year a social worker may sign off. Council administrators only."""
    if actor.role != Role.COUNCIL_ADMIN or actor.council_id != council.pk:
        raise MoveNotAllowed("Only a council administrator can change the delegation limit.")
    limit, _ = DelegationLimit.objects.update_or_create(
        council=council, defaults={"social_worker_yearly_limit_pence": yearly_limit_pence, "updated_at": timezone.now()},
    )
    log.info("Delegation limit for %s set to %s by user %s", council, format_pence(yearly_limit_pence), actor.pk)
    return limit


def summary_sheet_render(*, sheet_id) -> SummarySheet:
    """
    Render a summary sheet to PDF and store it (READY). Runs in the worker, outside any
    approval transaction. Rendering a READY sheet again does nothing; a failure marks the sheet
    FAILED and re-raises so the worker logs it.
    """
    from weasyprint import HTML  # heavy import, only where it is used

    sheet = SummarySheet.objects.defer("pdf").select_related(
        "budget__person__council", "decision__plan", "decision__decided_by",
    ).get(pk=sheet_id)
    if sheet.state == SummarySheet.State.READY:
        return sheet
    try:
        html = render_to_string("signoff/summary_sheet_pdf.html", _summary_context(sheet))
        pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    except Exception:
        SummarySheet.objects.filter(pk=sheet.pk).exclude(state=SummarySheet.State.READY).update(state=SummarySheet.State.FAILED)
        log.exception("Summary sheet %s could not be rendered", sheet.pk)
        raise
    # A conditional update: a sheet another run already finished is left alone.
    SummarySheet.objects.filter(pk=sheet.pk).exclude(state=SummarySheet.State.READY).update(
        pdf=pdf, state=SummarySheet.State.READY, rendered_at=timezone.now()
    )
    sheet.refresh_from_db()
    return sheet


def _summary_context(sheet) -> dict:
    decision, budget = sheet.decision, sheet.budget
    plan = decision.plan
    return {
        "sheet": sheet, "decision": decision, "budget": budget, "person": budget.person, "council": budget.person.council,
        "plan": plan, "overview": plan_overview(plan=plan), "review": review_open(budget=budget),
        "direct_payment": direct_payment(plan=plan, weekly_pence=decision.agreed_weekly_pence),
        "level_label": SignoffLevel(decision.level).label, "weeks_per_year": WEEKS_PER_YEAR,
    }
