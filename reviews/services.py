"""
Review services: scheduling, starting and completing reviews, and the reminders about them.

A review looks at whether the plan is working for the person. It never changes the agreed
budget (DESIGN.md section 5): a reduction needs a reassessment, an increase a plan variation.
"""

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from pbudget.audit import audit_change
from pbudget.lifecycle import MoveNotAllowed, budget_move
from reviews.calendar import first_review_due, next_review_due
from reviews.models import NextStep, OutcomesMet, Review, ReviewKind, ReviewSettings, ReviewStatus
from reviews.reminders import reminder_send  # noqa: F401  (the reminder services, by their old address)
from reviews.sweep import reminders_record_due  # noqa: F401

# Councils in England keep the English calendar: due dates are dates there, whatever UTC says.
LOCAL_TZ = ZoneInfo("Europe/London")

NEXT_STEP_MOVES = {
    NextStep.CONTINUE: "continue_after_review",
    NextStep.VARY: "vary_plan",
    NextStep.REASSESS: "reassess",
    NextStep.END: "end_after_review",
}


def local_today() -> datetime.date:
    return timezone.localdate(timezone=LOCAL_TZ)


def review_schedule_first(*, budget, plan_start: datetime.date) -> Review:
    """
    Schedule the first review the council's `first_review_weeks` (default 8) after the plan
    starts. Called by sign-off inside its approval transaction. The database allows one open
    review per budget, so calling this twice for the same budget fails loudly rather than
    scheduling two.
    """
    weeks = ReviewSettings.for_council(budget.council_id).first_review_weeks
    with transaction.atomic():
        return Review.objects.create(budget=budget, kind=ReviewKind.FIRST, due_date=first_review_due(plan_start, weeks))


def _locked_open_review(review, expected_status) -> Review:
    """The review row, locked; refused unless it is at `expected_status`. Call after budget_move
    (which locks the budget first: always budget, then review, so two services never deadlock)."""
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if locked.status != expected_status:
        raise MoveNotAllowed(f"This can't be done now: the review is “{locked.get_status_display()}”.")
    return locked


@transaction.atomic
def review_start(*, review, actor) -> Review:
    """
    Start a scheduled review: the budget moves ACTIVE -> REVIEW (locked, checked, event written)
    and the review is marked in progress. Staff only (the lifecycle checks it). Audited.
    """
    budget = budget_move(budget=review.budget, move="start_review", actor=actor)
    locked = _locked_open_review(review, ReviewStatus.SCHEDULED)
    locked.status = ReviewStatus.IN_PROGRESS
    locked.started_at = timezone.now()
    locked.save(update_fields=["status", "started_at"])
    audit_change(user=actor, person=budget.person, what=f"{locked.get_kind_display()} started")
    return locked


@transaction.atomic
def review_complete(*, review, actor, outcomes_met: str, notes: str, next_step: str) -> Review:
    """
    Record the outcome of a review in progress and make the move its next step names:
    continue (back to ACTIVE, and the next annual review is scheduled 12 months from today,
    London date), vary (to PLANNING), reassess (to ASSESSMENT) or end (CLOSED, the notes
    being the reason). Locks budget then review; writes the budget event and an audit row;
    never touches the agreed budget. Refuses bad input and changes nothing.
    """
    notes = (notes or "").strip()
    if outcomes_met not in OutcomesMet.values:
        raise MoveNotAllowed("Select whether the outcomes in the plan were met.")
    if next_step not in NextStep.values:
        raise MoveNotAllowed("Select what happens next.")
    if not notes:
        raise MoveNotAllowed("Enter notes about the review.")
    reason = notes if next_step == NextStep.END else ""
    budget = budget_move(budget=review.budget, move=NEXT_STEP_MOVES[next_step], actor=actor, reason=reason)
    locked = _locked_open_review(review, ReviewStatus.IN_PROGRESS)
    locked.status = ReviewStatus.COMPLETED
    locked.completed_at = timezone.now()
    locked.completed_by = actor
    locked.outcomes_met, locked.notes, locked.next_step = outcomes_met, notes, next_step
    locked.save(update_fields=["status", "completed_at", "completed_by", "outcomes_met", "notes", "next_step"])
    # Only "continue" keeps this plan running: varying it goes back through sign-off (which
    # schedules the new plan's first review); reassessing or ending starts or stops the cycle.
    if next_step == NextStep.CONTINUE:
        months = ReviewSettings.for_council(budget.council_id).annual_review_months
        Review.objects.create(budget=budget, kind=ReviewKind.ANNUAL, due_date=next_review_due(local_today(), months))
    audit_change(
        user=actor, person=budget.person,
        what=f"{locked.get_kind_display()} completed: {locked.get_next_step_display()}",
    )
    return locked
