"""
Review services: scheduling, starting and completing reviews, and the reminders about them.

A review looks at whether the plan is working for the person. It never changes the agreed
budget (DESIGN.md section 5): a reduction needs a reassessment, an increase a plan variation.
"""

import datetime
import logging
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone

from pbudget.audit import audit_change
from pbudget.lifecycle import MoveNotAllowed, Status, budget_move
from pbudget.models import Representative, Role, User
from reviews.models import NextStep, OutcomesMet, ReminderKind, Review, ReviewKind, ReviewReminder, ReviewStatus

logger = logging.getLogger(__name__)

FIRST_REVIEW_AFTER = datetime.timedelta(weeks=8)
NEXT_REVIEW_AFTER = relativedelta(months=12)
# Council-agnostic for now (issue 7 makes it a council setting).
REMINDER_DAYS_BEFORE = 14
# A claim older than this was made by a worker that died mid-send: the row may be claimed again.
CLAIM_EXPIRES_AFTER = datetime.timedelta(minutes=15)
# Councils in England keep the English calendar: due dates are dates there, whatever UTC says.
LOCAL_TZ = ZoneInfo("Europe/London")

NEXT_STEP_MOVES = {
    NextStep.CONTINUE: "continue_after_review",
    NextStep.VARY: "vary_plan",
    NextStep.REASSESS: "reassess",
    NextStep.END: "end_after_review",
}
# Reminders go out only while the budget is in place or under review.
REMINDED_STATUSES = [Status.ACTIVE, Status.REVIEW]


def local_today() -> datetime.date:
    return timezone.localdate(timezone=LOCAL_TZ)


def review_schedule_first(*, budget, plan_start: datetime.date) -> Review:
    """
    Schedule the first review 8 weeks after the plan starts. Called by sign-off inside its
    approval transaction. The database allows one open review per budget, so calling this
    twice for the same budget fails loudly rather than scheduling two.
    """
    with transaction.atomic():
        return Review.objects.create(budget=budget, kind=ReviewKind.FIRST, due_date=plan_start + FIRST_REVIEW_AFTER)


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
        Review.objects.create(budget=budget, kind=ReviewKind.ANNUAL, due_date=local_today() + NEXT_REVIEW_AFTER)
    audit_change(
        user=actor, person=budget.person,
        what=f"{locked.get_kind_display()} completed: {locked.get_next_step_display()}",
    )
    return locked


# --- Reminders -------------------------------------------------------------------------------


def _active_users(users):
    return [u for u in users if u.is_active and u.email]


def _person_recipients(person):
    """(user or None, email) for the person and their active representatives."""
    if person.email:
        yield person.user, person.email
    elif person.user is not None and person.user.is_active:
        yield person.user, person.user.email
    for rep in person.active_representatives:
        if rep.user.is_active:
            yield rep.user, rep.user.email


def _worker_recipients(person):
    worker = person.allocated_worker
    if worker is not None and worker.is_active:
        return [worker]
    return _active_users(person.team.social_workers)


def reminders_record_due(*, today: datetime.date) -> int:
    """
    Record (not send) every reminder due on `today`: UPCOMING, for open reviews due within
    REMINDER_DAYS_BEFORE days (or already past, so a missed window still tells them), to the
    person, their representatives and the allocated worker (else the team's workers);
    OVERDUE, for reviews past their due date, to the team's managers. Idempotent: the unique
    constraint on (review, kind, email) means running it twice records nothing twice.
    A fixed number of queries, whatever the number of reviews. Returns the rows considered.
    """
    reviews = (
        Review.objects.exclude(status=ReviewStatus.COMPLETED)
        .filter(due_date__lte=today + datetime.timedelta(days=REMINDER_DAYS_BEFORE))
        .filter(budget__status__in=REMINDED_STATUSES)
        .select_related("budget__person__user", "budget__person__allocated_worker", "budget__person__team")
        .prefetch_related(
            Prefetch(
                "budget__person__representatives",
                queryset=Representative.objects.filter(ended_at__isnull=True).select_related("user"),
                to_attr="active_representatives",
            ),
            Prefetch(
                "budget__person__team__workers",
                queryset=User.objects.filter(role=Role.SOCIAL_WORKER).order_by("pk"),
                to_attr="social_workers",
            ),
            Prefetch("budget__person__team__managers", queryset=User.objects.order_by("pk"), to_attr="all_managers"),
        )
    )
    rows = []
    for review in reviews:
        person = review.budget.person
        wanted = []
        wanted += [(ReminderKind.UPCOMING, user, email) for user, email in _person_recipients(person)]
        wanted += [(ReminderKind.UPCOMING, user, user.email) for user in _worker_recipients(person)]
        if review.due_date < today:
            wanted += [(ReminderKind.OVERDUE, user, user.email) for user in _active_users(person.team.all_managers)]
        seen = set()
        for kind, user, email in wanted:
            key = (kind, email.strip().lower())
            if key not in seen:
                seen.add(key)
                rows.append(ReviewReminder(review=review, kind=kind, recipient=user, email=key[1]))
    ReviewReminder.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def reminder_claim_expired_before(now: datetime.datetime) -> datetime.datetime:
    return now - CLAIM_EXPIRES_AFTER


def reminder_send(*, reminder_id: int) -> bool:
    """
    Send one reminder at most once. Claims the row with one conditional UPDATE (unsent, and
    unclaimed or its claim expired) and goes on only if exactly that row changed, so two workers
    never both send it. Sends outside any transaction; then records sent_at. If sending fails,
    the claim is released and the error re-raised: the next sweep tries again. Returns whether
    an email went out.
    """
    now = timezone.now()
    claimed = (
        ReviewReminder.objects.filter(pk=reminder_id, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=reminder_claim_expired_before(now)))
        .update(claimed_at=now)
    )
    if claimed != 1:
        return False
    reminder = ReviewReminder.objects.select_related(
        "review__budget__person__council", "review__budget__person__allocated_worker", "recipient"
    ).get(pk=reminder_id)
    if reminder.review.status == ReviewStatus.COMPLETED or reminder.review.budget.status not in REMINDED_STATUSES:
        # Completed since it was recorded: nothing to remind anyone of. Unclaimed and unsent,
        # it is out of the sweep's sight (the sweep looks at open reviews only).
        ReviewReminder.objects.filter(pk=reminder_id, claimed_at=now).update(claimed_at=None)
        return False
    subject, body = reminder_message(reminder)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reminder.email])
    except Exception:
        # Release our claim (only if it is still ours) so the next sweep retries at once.
        ReviewReminder.objects.filter(pk=reminder_id, claimed_at=now, sent_at__isnull=True).update(claimed_at=None)
        raise
    ReviewReminder.objects.filter(pk=reminder_id).update(sent_at=timezone.now())
    return True


def reminder_message(reminder) -> tuple[str, str]:
    """The plain-English subject and body of a reminder, for its kind and who receives it."""
    review = reminder.review
    person = review.budget.person
    due = dateformat.format(review.due_date, "j F Y")
    is_staff = reminder.recipient is not None and reminder.recipient.is_council_staff
    if reminder.kind == ReminderKind.OVERDUE:
        subject = f"Review of {person.full_name}'s personal budget is overdue (it was due by {due})"
        template = "reviews/emails/reminder_overdue.txt"
    else:
        subject = f"Review of {person.full_name}'s personal budget due by {due}"
        template = "reviews/emails/reminder_staff.txt" if is_staff else "reviews/emails/reminder_person.txt"
    link = settings.SITE_URL.rstrip("/") + reverse("reviews:review", kwargs={"budget_id": review.budget_id})
    body = render_to_string(template, {"review": review, "person": person, "due": due, "link": link})
    return subject, body
