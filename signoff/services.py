"""
Sign-off services: opening the request when a plan is submitted, and the decisions on it:
approve (alone, or as one of a panel of two), return with comments, decline with reasons.
Each decision locks the budget and plan rows, checks the plan is the version the approver
opened, and records who, when, the rule, the level and the plan version.
"""

import datetime
import logging
from functools import partial

from django.db import transaction
from django.utils import timezone

from assessment.selectors import assessment_latest_submitted
from pbudget.access import NOT_ALLOWED, require_relationship
from pbudget.audit import audit_change
from pbudget.lifecycle import PANEL as PANEL_MEMBER, SIGNERS, MoveNotAllowed, Status, budget_move
from pbudget.models import PersonalBudget
from pbudget.money import MAX_WEEKLY_PENCE, WEEKS_PER_YEAR, format_pence
from reviews.services import local_today, review_schedule_first
from signoff.checklist import missing
from signoff.access import may_decide
from signoff.delegation import PANEL, SOCIAL_WORKER, TEAM_MANAGER, Facts
from signoff.models import PARTS_ONLY, Decision, PanelApproval, SignoffDecision, SignoffRequest
from signoff.selectors import level_for, plan_facts, signoff_level
from signoff.sheets import summary_sheet_request
from support_planning.models import PlanStatus, SupportPlan
from support_planning.selectors import plan_costs

log = logging.getLogger(__name__)

PLAN_CHANGED = "The plan changed after you opened it. Look at the latest version before you decide."
RANK = {SOCIAL_WORKER: 0, TEAM_MANAGER: 1, PANEL: 2}
CHALLENGE_INFORMATION = (
    "If you disagree with this decision you can ask us to look at it again: reply to your social worker, or use the "
    "council's complaints procedure. If you are still unhappy after that, you can ask the Local Government and Social "
    "Care Ombudsman to look at it."
)


@transaction.atomic
def signoff_request_open(*, budget, plan, actor) -> SignoffRequest:
    """
    Open the sign-off request for a plan being submitted (called by `plan_submit`, inside its
    transaction, with the budget and plan rows locked there). Refuses, changing nothing, a plan
    missing anything sign-off needs. The delegation rules in force decide the level; the request
    records it with the rule version and the reason. Queues the summary sheet after commit.
    """
    _, checklist_facts = plan_facts(budget=budget, plan=plan)
    gaps = missing(checklist_facts)
    if gaps:
        raise MoveNotAllowed("The plan is not ready for sign-off: " + "; ".join(g.text[0].lower() + g.text[1:] for g in gaps) + ".")
    request = _request_create(budget=budget, plan=plan, requested_by=actor)
    summary_sheet_request(budget=budget, plan=plan)
    return request


def _request_create(*, budget, plan, requested_by) -> SignoffRequest:
    """The rules in force decide the level; a request left open by an earlier submission no longer stands."""
    SignoffRequest.objects.filter(budget=budget, closed_at__isnull=True).update(closed_at=timezone.now())
    rule_set, outcome, facts = signoff_level(budget=budget, plan=plan)
    return SignoffRequest.objects.create(
        budget=budget, plan=plan, plan_lock_version=plan.lock_version, rule_set=rule_set, level=outcome.level,
        rule=outcome.rule[:100], reason=outcome.reason, plan_yearly_pence=facts.plan_yearly_pence,
        indicative_yearly_pence=facts.indicative_yearly_pence, risk_flag=facts.risk_flag, requested_by=requested_by,
    )


def _submitted_plan(*, budget, actor, plan_lock_version):
    """
    Lock the budget, its submitted plan and open request; check the actor may act on it (staff of
    the person's team, or a senior manager when the plan waits for the panel) and the plan is unchanged.
    """
    locked = PersonalBudget.objects.select_for_update(of=("self",)).select_related("person", "council").get(pk=budget.pk)
    relationship = require_relationship(actor, locked.person, SIGNERS)
    if locked.status != Status.SIGN_OFF:
        raise MoveNotAllowed(f"This plan is not waiting for sign-off: the budget is at “{locked.get_status_display()}”.")
    plan = SupportPlan.objects.select_for_update().filter(budget=locked, status=PlanStatus.SUBMITTED).first()
    if plan is None:
        raise MoveNotAllowed("There is no submitted plan to decide on.")
    if plan_lock_version is None or int(plan_lock_version) != plan.lock_version:
        raise MoveNotAllowed(PLAN_CHANGED)
    request = SignoffRequest.objects.select_for_update().filter(budget=locked, closed_at__isnull=True).first()
    if request is None or request.plan_id != plan.pk or request.plan_lock_version != plan.lock_version:
        # A plan submitted before requests were recorded: the rules in force decide it now.
        request = _request_create(budget=locked, plan=plan, requested_by=plan.created_by)
    if relationship == PANEL_MEMBER and request.level != PANEL:
        # A senior manager from another team reaches only the plans waiting for the panel.
        raise MoveNotAllowed(NOT_ALLOWED)
    return locked, plan, relationship, request


def _required(request, yearly_pence):
    """The request's level, or higher if the amount being agreed needs it (agreeing more can't dodge a rule)."""
    facts = Facts(max(request.plan_yearly_pence, yearly_pence), request.indicative_yearly_pence, request.risk_flag)
    outcome = level_for(request.rule_set, facts)
    if RANK[outcome.level] > RANK[request.level]:
        return outcome.level, outcome.rule, outcome.reason
    return request.level, request.rule, request.reason


def _check_authority(*, actor, relationship, request, level, reason):
    if not may_decide(actor, relationship, level):
        raise MoveNotAllowed(f"You can't make this decision. {reason}")
    if level == PANEL and actor.pk == request.requested_by_id:
        raise MoveNotAllowed("You submitted this plan, so you can't be one of the panel who signs it off.")


def _decide(*, budget, plan, request, actor, decision, level, rule, reason, **fields) -> SignoffDecision:
    """Write the one decision on this request and close it (its OneToOne makes a second impossible)."""
    now = timezone.now()
    made = SignoffDecision.objects.create(
        budget=budget, plan=plan, request=request, rule_set=request.rule_set, rule=rule, plan_lock_version=plan.lock_version,
        level=level, level_reason=reason, decision=decision, decided_by=actor, decided_at=now, **fields,
    )
    request.closed_at = now
    request.save(update_fields=["closed_at"])
    transaction.on_commit(partial(_notify, decision_id=made.pk))
    return made


def _notify(*, decision_id):
    from signoff.tasks import notify_decision  # tasks import this module

    try:
        notify_decision.delay(decision_id)
    except Exception:
        log.exception("Could not queue the emails for sign-off decision %s", decision_id)


def signoff_notifications_requeue(*, now) -> int:
    """
    Queue again the emails of decisions made in the last two days, at least 10 minutes ago, that
    were never sent (their message was lost: a broker that was down). The task claims each
    decision before sending, so a message queued twice sends once. How many were queued.
    """
    waiting = SignoffDecision.objects.filter(
        notified_at__isnull=True, decided_at__lt=now - datetime.timedelta(minutes=10),
        decided_at__gt=now - datetime.timedelta(days=2),
    )
    ids = list(waiting.values_list("pk", flat=True))
    for decision_id in ids:
        _notify(decision_id=decision_id)
    return len(ids)


@transaction.atomic
def signoff_approve(*, budget, actor, plan_lock_version, agreed_weekly_pence=None, reason="") -> SignoffDecision | None:
    """
    Sign off the submitted plan and agree the budget, or, at panel level, record this panel
    member's approval (returning None until a second, different member approves the same amount).

    Guarantees, in one transaction with the budget, plan and request rows locked: the plan is the
    version the signer opened; the signer's level meets the rules (re-worked on the larger of the
    plan's cost and the agreed amount); an agreed amount that differs from the plan's cost has a
    reason; no cut after a review without a reassessment. Writes the decision, marks the plan
    approved (an older approved plan superseded), sets the agreed budget, moves the budget to
    active (`approve_plan`), schedules the first review, and after commit queues the summary
    sheet (again, now with who signed off) and the emails.
    """
    budget, plan, relationship, request = _submitted_plan(budget=budget, actor=actor, plan_lock_version=plan_lock_version)
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
    # The first year, as the plan counts it: 52 agreed weeks and the plan's one-off costs, agreed with them.
    agreed_first_year = agreed * WEEKS_PER_YEAR + totals.one_off_pence
    level, rule, level_reason = _required(request, agreed_first_year)
    _check_authority(actor=actor, relationship=relationship, request=request, level=level, reason=level_reason)
    first = None
    if level == PANEL:
        first = _panel_first(
            request=request, actor=actor, agreed=agreed, reason=reason, person=budget.person, rule=rule, level_reason=level_reason
        )
        if first is None:
            return None

    decision = _decide(
        budget=budget, plan=plan, request=request, actor=actor, decision=Decision.APPROVED, level=level, rule=rule,
        reason=level_reason, comments=reason, agreed_weekly_pence=agreed, agreed_yearly_pence=agreed_first_year,
        panel_first_approver=first,
    )
    SupportPlan.objects.filter(budget=budget, status=PlanStatus.APPROVED).update(status=PlanStatus.SUPERSEDED)
    plan.status, plan.approved_at, plan.approved_in_team_id = PlanStatus.APPROVED, decision.decided_at, budget.person.team_id
    plan.save(update_fields=["status", "approved_at", "approved_in_team"])
    # Only the agreed amount: the status is written by budget_move alone.
    PersonalBudget.objects.filter(pk=budget.pk).update(agreed_weekly_pence=agreed)
    budget_move(budget=budget, move="approve_plan", actor=actor, reason=reason)
    review_schedule_first(budget=budget, plan_start=local_today())
    _end_planners_access(budget=budget, actor=actor)
    summary_sheet_request(budget=budget, plan=plan, decision=decision)
    audit_change(user=actor, person=budget.person, what=f"Signed off support plan version {plan.number} at {format_pence(agreed)} a week")
    return decision


def _panel_first(*, request, actor, agreed, reason, person, rule, level_reason):
    """
    The first panel member who approved, if it was someone else and they agreed the same amount;
    otherwise record this member's approval and return None (the plan waits for a second).
    """
    approvals = list(request.panel_approvals.all())
    if any(a.approver_id == actor.pk for a in approvals):
        raise MoveNotAllowed("You have already approved this plan. A second senior manager must approve it too.")
    other = next((a for a in approvals if a.approver_id != actor.pk), None)
    if other is None:
        if request.level != PANEL:
            # Agreeing more than the plan costs took it above the team manager limit: from now on it
            # waits for a second senior manager, in the panel's queue.
            request.level, request.rule, request.reason = PANEL, rule[:100], level_reason
            request.save(update_fields=["level", "rule", "reason"])
        PanelApproval.objects.create(request=request, approver=actor, agreed_weekly_pence=agreed, reason=reason)
        audit_change(user=actor, person=person, what=f"Approved the support plan as one of the panel at {format_pence(agreed)} a week")
        return None
    if other.agreed_weekly_pence != agreed:
        raise MoveNotAllowed(
            f"The first panel member agreed {format_pence(other.agreed_weekly_pence)} a week. Agree the same amount, or "
            "return the plan with comments."
        )
    return other.approver


def _end_planners_access(*, budget, actor):
    """Brokers, user-led organisations and peer supporters helped write the plan: their access ends at sign-off."""
    from support_planning.services import planner_invitations_end  # imported here: its plan_submit calls us

    planner_invitations_end(budget=budget, actor=actor)


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


def _back_to_draft(*, budget, plan, actor, move, reason):
    """The submitted version is kept as it was sent; support planning starts a new draft copied from it."""
    from support_planning.services import plan_reopen  # imported here: its plan_submit calls us

    plan_reopen(plan=plan, actor=actor)
    budget_move(budget=budget, move=move, actor=actor, reason=reason)


@transaction.atomic
def signoff_return(*, budget, actor, plan_lock_version, comments, part_comments=None) -> SignoffDecision:
    """
    Send the submitted plan back to the person with comments, overall and on parts of the plan
    (keys as in support planning's plan comments: "outcome:<id>", "money", ...). Same checks and
    locks as approval; any staff member in the person's team may return a plan. The plan goes back
    to draft and the budget to support planning (`return_plan`, the comments as its reason).
    """
    comments = (comments or "").strip()
    parts = {k: v.strip() for k, v in (part_comments or {}).items() if v and v.strip()}
    if not comments and not parts:
        raise MoveNotAllowed("Enter comments saying what needs to change.")
    budget, plan, _, request = _submitted_plan(budget=budget, actor=actor, plan_lock_version=plan_lock_version)
    summary = comments or PARTS_ONLY
    decision = _decide(
        budget=budget, plan=plan, request=request, actor=actor, decision=Decision.RETURNED, level=request.level,
        rule=request.rule, reason=request.reason, comments=summary, part_comments=parts,
    )
    _record_part_comments(plan=plan, comments={**parts, **({"general": comments} if comments else {})}, actor=actor)
    _back_to_draft(budget=budget, plan=plan, actor=actor, move="return_plan", reason=summary)
    audit_change(user=actor, person=budget.person, what=f"Returned support plan version {plan.number} with comments")
    return decision


def _record_part_comments(*, plan, comments, actor):
    """Hand the comments to support planning, which shows them beside the parts they concern."""
    from support_planning.services import plan_comments_record  # imported here: its plan_submit calls us

    plan_comments_record(plan=plan, comments=comments, actor=actor)


@transaction.atomic
def signoff_decline(*, budget, actor, plan_lock_version, reasons, challenge_information=CHALLENGE_INFORMATION) -> SignoffDecision:
    """
    Decline the submitted plan, with reasons and how to challenge the decision. Only someone who
    could have signed it off may decline it (for a panel plan, a senior manager who did not submit it).
    The plan goes back to draft and the budget to support planning (`decline_plan`).
    """
    reasons = (reasons or "").strip()
    if not reasons:
        raise MoveNotAllowed("Enter the reasons for declining the plan.")
    budget, plan, relationship, request = _submitted_plan(budget=budget, actor=actor, plan_lock_version=plan_lock_version)
    _check_authority(actor=actor, relationship=relationship, request=request, level=request.level, reason=request.reason)
    decision = _decide(
        budget=budget, plan=plan, request=request, actor=actor, decision=Decision.DECLINED, level=request.level,
        rule=request.rule, reason=request.reason, comments=reasons,
        challenge_information=(challenge_information or CHALLENGE_INFORMATION).strip(),
    )
    _back_to_draft(budget=budget, plan=plan, actor=actor, move="decline_plan", reason=reasons)
    audit_change(user=actor, person=budget.person, what=f"Declined support plan version {plan.number}")
    return decision
