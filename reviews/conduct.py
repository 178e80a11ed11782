"""
Review services, holding the review: the person's own part before the meeting, starting it, and
completing it outcome by outcome with what happens next.

No arbitrary cuts: nothing here touches the agreed budget. Continuing keeps it; varying the plan
goes back through planning and sign-off, where it cannot come in lower without a reassessment
(`signoff_approve`); reassessing records the needs before, and sign-off records them after.
"""

from django.db import transaction
from django.utils import timezone

from pbudget.access import require_relationship
from pbudget.audit import audit_change
from pbudget.lifecycle import PERSON, MoveNotAllowed, Status, budget_move
from ras.selectors import indicative_budget
from reviews.models import (
    OPEN_REVIEW_STATUSES, RATING_QUESTIONS, Achieved, HeldHow, NextStep, OutcomesMet, Rating, Review, ReviewOutcome,
    ReviewStatus,
)
from reviews.selectors import review_plan_outcomes
from reviews.services import review_schedule_next

NEXT_STEP_MOVES = {
    NextStep.CONTINUE: "continue_after_review",
    NextStep.VARY: "vary_plan",
    NextStep.REASSESS: "reassess",
    NextStep.END: "end_after_review",
}


def _locked_open_review(review, expected_statuses) -> Review:
    """The review row, locked; refused unless at one of `expected_statuses`. Call after budget_move
    (which locks the budget first: always budget, then review, so two services never deadlock)."""
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if locked.status not in expected_statuses:
        raise MoveNotAllowed(f"This can't be done now: the review is “{locked.get_status_display()}”.")
    return locked


def _clean_ratings(ratings: dict) -> dict:
    cleaned = {}
    for name in RATING_QUESTIONS:
        value = (ratings or {}).get(name)
        if value in (None, ""):
            cleaned[name] = None
            continue
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = None
        if value not in Rating.values:
            raise MoveNotAllowed("Choose an answer from the scale for each question.")
        cleaned[name] = value
    return cleaned


def _save_outcomes(review, outcomes: dict, fields: tuple[str, ...]) -> list[ReviewOutcome]:
    """Write `fields` of each plan outcome's row (created on first save), from {plan outcome id: {...}}."""
    plan_outcomes = review_plan_outcomes(budget=review.budget)
    existing = {row.plan_outcome_id: row for row in ReviewOutcome.objects.filter(review=review)}
    rows = []
    for plan_outcome in plan_outcomes:
        given = outcomes.get(plan_outcome.pk, {})
        row = existing.get(plan_outcome.pk) or ReviewOutcome(review=review, plan_outcome=plan_outcome)
        for field in fields:
            value = (given.get(field) or "").strip()
            if field.endswith("achieved") and value not in ("", *Achieved.values):
                raise MoveNotAllowed("Choose how far each outcome was achieved.")
            setattr(row, field, value)
        row.save()
        rows.append(row)
    return rows


@transaction.atomic
def review_person_part_save(*, review, actor, outcomes: dict, ratings: dict) -> Review:
    """
    The person or their representative says, before the meeting, how each outcome of their plan
    went in their own words, and answers the standard questions. Can be saved again until the
    review is completed. Locks the review. Audited.
    """
    locked = _locked_open_review(review, OPEN_REVIEW_STATUSES)
    person = locked.budget.person
    require_relationship(actor, person, {PERSON})
    if locked.budget.status not in (Status.ACTIVE, Status.REVIEW):
        raise MoveNotAllowed("This budget is not in place, so there is no review to prepare for.")
    _save_outcomes(locked, outcomes, ("person_achieved", "person_working", "person_not_working"))
    for name, value in _clean_ratings(ratings).items():
        setattr(locked, name, value)
    locked.person_part_at, locked.person_part_by = timezone.now(), actor
    locked.save()
    audit_change(user=actor, person=person, what="Their part of the review filled in")
    return locked


@transaction.atomic
def review_start(*, review, actor) -> Review:
    """
    Start a scheduled review: the budget moves ACTIVE -> REVIEW (locked, checked, event written)
    and the review is marked in progress. Staff only (the lifecycle checks it). Audited.
    """
    budget = budget_move(budget=review.budget, move="start_review", actor=actor)
    locked = _locked_open_review(review, [ReviewStatus.SCHEDULED])
    locked.status = ReviewStatus.IN_PROGRESS
    locked.started_at = timezone.now()
    locked.save(update_fields=["status", "started_at"])
    audit_change(user=actor, person=budget.person, what=f"{locked.get_kind_display()} started")
    return locked


def _overall(rows) -> str:
    achieved = {row.achieved for row in rows}
    if achieved == {Achieved.FULLY}:
        return OutcomesMet.MET
    if achieved == {Achieved.NOT}:
        return OutcomesMet.NOT_MET
    return OutcomesMet.PARTLY


@transaction.atomic
def review_complete(
    *, review, actor, outcomes: dict, held_how: str, notes: str, next_step: str, ratings: dict | None = None,
    outcomes_met: str = "", earlier_months: int | None = None, earlier_reason: str = "", earlier_details: str = "",
) -> Review:
    """
    Record a review in progress: for each outcome of the agreed plan, how far it was achieved
    (required) and the worker's notes; the standard questions (if the person did not answer
    them); how it was held; notes; and what happens next, making that move: continue (back to
    ACTIVE; the next review scheduled 12 months on, or sooner with a reason), vary (to PLANNING),
    reassess (to ASSESSMENT; the needs before are recorded) or end (CLOSED, the notes being the
    reason). Locks budget then review; writes the budget event and an audit row; records the
    agreed budget before, and never changes it. Refuses bad input and changes nothing.
    """
    notes = (notes or "").strip()
    if next_step not in NextStep.values:
        raise MoveNotAllowed("Select what happens next.")
    if held_how not in HeldHow.values:
        raise MoveNotAllowed("Select how the review was held.")
    if not notes:
        raise MoveNotAllowed("Enter notes about the review.")
    reason = notes if next_step == NextStep.END else ""
    budget = budget_move(budget=review.budget, move=NEXT_STEP_MOVES[next_step], actor=actor, reason=reason)
    locked = _locked_open_review(review, [ReviewStatus.IN_PROGRESS])
    rows = _save_outcomes(locked, outcomes, ("achieved", "worker_notes"))
    if any(not row.achieved for row in rows):
        raise MoveNotAllowed("Say how far each outcome in the plan was achieved.")
    if rows:
        outcomes_met = _overall(rows)
    elif outcomes_met not in OutcomesMet.values:
        raise MoveNotAllowed("Select whether the outcomes in the plan were met.")
    for name, value in _clean_ratings(ratings).items():
        if value is not None:  # the person's own answers stand unless the meeting gives new ones
            setattr(locked, name, value)
    locked.status, locked.completed_at, locked.completed_by = ReviewStatus.COMPLETED, timezone.now(), actor
    locked.outcomes_met, locked.notes, locked.next_step, locked.held_how = outcomes_met, notes, next_step, held_how
    locked.budget_before_pence = budget.agreed_weekly_pence
    if next_step in (NextStep.CONTINUE, NextStep.END):
        locked.budget_after_pence, locked.budget_after_at = budget.agreed_weekly_pence, locked.completed_at
    if next_step == NextStep.REASSESS:
        allocation = indicative_budget(budget=budget)
        if allocation is not None:
            locked.needs_before_points, locked.needs_before_weekly_pence = allocation.total_points, allocation.weekly_pence
    locked.save()
    # Only "continue" keeps this plan running: varying it goes back through sign-off (which
    # schedules the new plan's first review); reassessing or ending starts or stops the cycle.
    if next_step == NextStep.CONTINUE:
        review_schedule_next(
            review=locked, earlier_months=earlier_months, earlier_reason=earlier_reason, earlier_details=earlier_details,
        )
    audit_change(
        user=actor, person=budget.person,
        what=f"{locked.get_kind_display()} completed: {locked.get_next_step_display()}",
    )
    return locked
