"""
Review services, scheduling side: the first review when a plan is signed off, the next one when a
review is completed, unplanned reviews asked for by the person, their representative or a worker,
who carries each review out, and the council's timings. Holding the review is in reviews.conduct.

A review looks at whether the plan is working for the person. It never changes the agreed
budget (DESIGN.md section 5): a reduction needs a reassessment, an increase a plan variation.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from assessment.selectors import eligibility_latest
from pbudget.access import require_relationship
from pbudget.audit import audit_change
from pbudget.dates import LONDON as LOCAL_TZ  # due dates are dates in the council's calendar
from pbudget.lifecycle import ANYONE, MANAGER, MoveNotAllowed, Status
from pbudget.models import AuditEntry, Role, User
from ras.selectors import indicative_budget
from reviews.calendar import first_review_due, next_review_due
from reviews.models import (
    OPEN_REVIEW_STATUSES, NextStep, Review, ReviewKind, ReviewSettings, ReviewStatus, Trigger,
)
from reviews.reminders import reminder_send  # noqa: F401  (the reminder services, by their old address)
from reviews.sweep import reminders_record_due  # noqa: F401
from reviews.sweep import reviews_set_next_reminder

def local_today() -> datetime.date:
    return timezone.localdate(timezone=LOCAL_TZ)


def _may_review(user, person) -> bool:
    return (
        user is not None and user.is_active and user.role == Role.SOCIAL_WORKER and user.team_id == person.team_id
    )


def review_default_reviewer(*, budget):
    """The worker who decided the assessment, else the person's allocated worker, else None (the team)."""
    person = budget.person
    decision = eligibility_latest(budget=budget)
    for candidate in (decision.decided_by if decision else None, person.allocated_worker):
        if _may_review(candidate, person):
            return candidate
    return None


def review_schedule_first(*, budget, plan_start: datetime.date) -> Review:
    """
    Schedule the first review the council's `first_review_weeks` (default 8) after the plan
    starts, allocated to the worker who assessed. Called by sign-off inside its approval
    transaction, which is also when a plan that a review led to (varied or after reassessment)
    is agreed: that review gets the budget (and needs) after. The database allows one open review
    per budget, so calling this twice for the same budget fails loudly rather than scheduling two.
    """
    weeks = ReviewSettings.for_council(budget.council_id).first_review_weeks
    with transaction.atomic():
        _record_what_the_last_review_led_to(budget=budget)
        return Review.objects.create(
            budget=budget, kind=ReviewKind.FIRST, due_date=first_review_due(plan_start, weeks),
            reviewer=review_default_reviewer(budget=budget),
        )


def _record_what_the_last_review_led_to(*, budget) -> None:
    """The newly agreed budget (and, after a reassessment, the needs) on the review that led to it."""
    review = (
        Review.objects.select_for_update()
        .filter(budget=budget, status=ReviewStatus.COMPLETED, next_step__in=[NextStep.VARY, NextStep.REASSESS],
                budget_after_at__isnull=True)
        .order_by("-completed_at", "-pk")
        .first()
    )
    if review is None:
        return
    agreed = type(budget).objects.values_list("agreed_weekly_pence", flat=True).get(pk=budget.pk)
    review.budget_after_pence, review.budget_after_at = agreed, timezone.now()
    fields = ["budget_after_pence", "budget_after_at"]
    if review.next_step == NextStep.REASSESS:
        allocation = indicative_budget(budget=budget)
        if allocation is not None:
            review.needs_after_points, review.needs_after_weekly_pence = allocation.total_points, allocation.weekly_pence
            fields += ["needs_after_points", "needs_after_weekly_pence"]
    review.save(update_fields=fields)


def review_schedule_next(*, review, earlier_months: int | None, earlier_reason: str, earlier_details: str) -> Review:
    """
    The next review after `review` (called by review_complete, in its transaction): the council's
    `annual_review_months` from today (London date), or sooner when the worker gives a reason.
    Kept with the same reviewer.
    """
    budget = review.budget
    usual = ReviewSettings.for_council(budget.council_id).annual_review_months
    months = usual
    if earlier_months:
        if not 1 <= earlier_months < usual:
            raise MoveNotAllowed(f"A sooner review must be within {usual - 1} months.")
        if not earlier_reason:
            raise MoveNotAllowed("Say why the next review should be sooner than usual.")
        months = earlier_months
    return Review.objects.create(
        budget=budget, kind=ReviewKind.ANNUAL, due_date=next_review_due(local_today(), months),
        reviewer=review.reviewer, earlier_reason=earlier_reason if earlier_months else "",
        earlier_details=(earlier_details or "").strip() if earlier_months else "",
    )


@transaction.atomic
def review_request(*, budget, actor, trigger: str, details: str) -> Review:
    """
    Ask for an unplanned review (the person, their representative, or staff for the person). The
    budget's scheduled review becomes the unplanned one, due within the council's days for how
    urgent the trigger is (`ReviewSettings.unplanned_review_days`: by default 2 for safeguarding,
    7 for hospital or a carer who can no longer care, 14 otherwise), never later than it was; it lands on the team's work list and its reminders are worked
    out again by the next sweep. Locks the budget row then the review. Audited. Refused while a
    review is already under way or already asked for, or the budget is not in place.
    """
    from pbudget.models import PersonalBudget

    locked_budget = PersonalBudget.objects.select_for_update().select_related("person").get(pk=budget.pk)
    require_relationship(actor, locked_budget.person, ANYONE)
    if trigger not in Trigger.values:
        raise MoveNotAllowed("Select what has happened.")
    details = (details or "").strip()
    if not details:
        raise MoveNotAllowed("Say briefly what has happened.")
    if locked_budget.status != Status.ACTIVE:
        raise MoveNotAllowed("A review can be asked for only while the budget is in place.")
    review = Review.objects.select_for_update().filter(budget=budget, status__in=OPEN_REVIEW_STATUSES).first()
    if review is not None and (review.status != ReviewStatus.SCHEDULED or review.kind == ReviewKind.UNPLANNED):
        raise MoveNotAllowed("A review has already been asked for. The worker will be in touch.")
    days = ReviewSettings.for_council(locked_budget.council_id).unplanned_review_days(trigger)
    due = local_today() + datetime.timedelta(days=days)
    if review is None:
        review = Review(budget=locked_budget, reviewer=review_default_reviewer(budget=locked_budget), due_date=due)
    review.kind, review.trigger, review.request_details = ReviewKind.UNPLANNED, trigger, details
    review.requested_by, review.requested_at = actor, timezone.now()
    review.due_date = min(review.due_date, due)
    review.next_reminder_on = None  # the sweep works the reminders out again from the new date
    review.save()
    audit_change(user=actor, person=locked_budget.person, what=f"Unplanned review asked for: {review.get_trigger_display()}")
    return review


def reviews_close_with_budget(*, budget, move: str, actor) -> int:
    """
    Close the budget's open review because the budget has closed (moved away, died, no longer
    eligible): registered with `pbudget.lifecycle.on_close`, so it runs inside the closing move's
    transaction, with the budget row locked. From then on no reminder can be recorded for it (the
    sweep looks at open reviews only) and none recorded before is sent (`reminder_send` checks).
    Ending support at a review (`end_after_review`) is left alone: `review_complete`, which made
    that move, completes the review itself. Returns how many reviews were closed (0 or 1).
    """
    if move == "end_after_review":
        return 0
    return Review.objects.filter(budget_id=budget.pk, status__in=OPEN_REVIEW_STATUSES).update(status=ReviewStatus.CLOSED)


@transaction.atomic
def review_reallocate(*, review, actor, reviewer: User | None) -> Review:
    """
    A manager of the person's team gives the review to one of the team's social workers, or to
    the team as a whole (None). Locks the review. Audited.
    """
    locked = Review.objects.select_for_update().select_related("budget__person").get(pk=review.pk)
    person = locked.budget.person
    require_relationship(actor, person, {MANAGER})
    if locked.status not in OPEN_REVIEW_STATUSES:
        raise MoveNotAllowed("This review is finished: there is nothing to reallocate.")
    if reviewer is not None and not _may_review(reviewer, person):
        raise MoveNotAllowed("Choose a social worker in the person's team.")
    locked.reviewer = reviewer
    locked.save(update_fields=["reviewer"])
    audit_change(user=actor, person=person, what=f"Review allocated to {reviewer.full_name if reviewer else 'the team'}")
    return locked


SETTINGS_FIELDS = (
    "first_review_weeks", "annual_review_months", "reminder_lead_days",
    "most_urgent_review_days", "urgent_review_days", "soon_review_days",
)


@transaction.atomic
def review_settings_save(*, council, actor, first_review_weeks: int, annual_review_months: int,
                         reminder_lead_days: int, most_urgent_review_days: int | None = None,
                         urgent_review_days: int | None = None, soon_review_days: int | None = None) -> ReviewSettings:
    """
    Save a council's review timings (its council administrators only); an unplanned-review day
    count left as None keeps its value. Refuses values outside the law or out of order
    (`ValidationError`, nothing saved). Locks the council's row. Reviews already scheduled keep
    their due dates; reminder windows not yet open move to the new lead days (set-based).
    Audited against the council (the settings name nobody), saying what changed from what.
    """
    if actor.role != Role.COUNCIL_ADMIN or actor.council_id != council.pk:
        raise MoveNotAllowed("Only the council's administrators can change review settings.")
    row, _ = ReviewSettings.objects.select_for_update().get_or_create(council=council)
    given = {
        "first_review_weeks": first_review_weeks, "annual_review_months": annual_review_months,
        "reminder_lead_days": reminder_lead_days, "most_urgent_review_days": most_urgent_review_days,
        "urgent_review_days": urgent_review_days, "soon_review_days": soon_review_days,
    }
    before = {name: getattr(row, name) for name in SETTINGS_FIELDS}
    for name, value in given.items():
        if value is not None:
            setattr(row, name, value)
    row.full_clean(exclude=["council"])  # the check constraints too: nothing is saved if one fails
    changed = [f"{name.replace('_', ' ')} {before[name]} to {getattr(row, name)}"
               for name in SETTINGS_FIELDS if getattr(row, name) != before[name]]
    if not changed:
        return row
    row.save()
    AuditEntry.objects.create(
        user=actor, council_id=council.pk, action=AuditEntry.Action.CHANGE,
        what=f"Review settings changed: {'; '.join(changed)}"[:200],
    )
    if before["reminder_lead_days"] != row.reminder_lead_days:
        Review.objects.filter(budget__council=council, next_reminder_on__gt=local_today()).update(next_reminder_on=None)
        reviews_set_next_reminder()
    return row
