"""
Sending review reminders, each at most once, and reconciling what was recorded but not sent.

PostgreSQL holds the truth: a `ReviewReminder` row is recorded by the sweep (reviews.sweep), handed
to the broker (`queued_at`), claimed by the worker that sends it (`claimed_at`) and marked sent
(`sent_at`). Redis only carries the ids, so a lost message, a dead worker or a broker that was
down loses nothing: reconciliation hands the row over again after a time limit.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone

from pbudget.dates import LONDON
from reviews.models import OPEN_REVIEW_STATUSES, ReminderKind, ReviewReminder
from reviews.sweep import REMINDED_STATUSES


def claim_expires_after() -> datetime.timedelta:
    """A claim older than this was made by a worker that died mid-send: the row may be claimed again."""
    return datetime.timedelta(seconds=settings.REVIEW_REMINDER_CLAIM_SECONDS)


def requeue_after() -> datetime.timedelta:
    """A reminder handed to the broker this long ago and still unsent is handed over again."""
    return datetime.timedelta(seconds=settings.REVIEW_REMINDER_REQUEUE_SECONDS)


def reminder_claim_expired_before(now: datetime.datetime) -> datetime.datetime:
    return now - claim_expires_after()


def reminders_to_queue(*, now: datetime.datetime):
    """
    Reminders to hand to the broker: recorded but not sent, never handed over or handed over more
    than the requeue limit ago, with no live claim, for reviews still open on budgets in place.
    """
    return (
        ReviewReminder.objects.filter(sent_at__isnull=True)
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - requeue_after()))
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=reminder_claim_expired_before(now)))
        .filter(review__status__in=OPEN_REVIEW_STATUSES, review__budget__status__in=REMINDED_STATUSES)
    )


def reminders_mark_queued(*, now: datetime.datetime) -> list[int]:
    """
    Mark the reminders to queue as handed over now and return their ids (two queries). Marked in
    the sweep's transaction, queued after it commits; `reminder_queue_failed` unmarks any the
    broker refused, so the next sweep hands them over at once.
    """
    ids = list(reminders_to_queue(now=now).order_by("pk").values_list("pk", flat=True))
    if ids:
        ReviewReminder.objects.filter(pk__in=ids).update(queued_at=now)
    return ids


def reminder_queue_failed(*, reminder_id: int) -> None:
    ReviewReminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(queued_at=None)


def reminder_send(*, reminder_id: int) -> bool:
    """
    Send one reminder at most once. Claims the row with one conditional UPDATE (unsent, and
    unclaimed or its claim expired) and goes on only if exactly that row changed, so two workers
    never both send it. Sends outside any transaction; then records sent_at (at least once: see
    the comment there). If sending fails, the claim is released and the error re-raised: the
    next sweep tries again. Returns whether an email went out.
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
    if reminder.review.status not in OPEN_REVIEW_STATUSES or reminder.review.budget.status not in REMINDED_STATUSES:
        # Completed or closed since it was recorded: nothing to remind anyone of. Unclaimed and
        # unsent, it is out of reconciliation's sight (which looks at open reviews only).
        ReviewReminder.objects.filter(pk=reminder_id, claimed_at=now).update(claimed_at=None)
        return False
    subject, body = reminder_message(reminder)
    email = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [reminder.email],
                         headers={"Message-ID": reminder_message_id(reminder)})
    try:
        email.send()
    except Exception:
        # Release our claim (only if it is still ours) and the hand-over, so the next sweep retries.
        ReviewReminder.objects.filter(pk=reminder_id, claimed_at=now, sent_at__isnull=True).update(
            claimed_at=None, queued_at=None
        )
        raise
    # The one at-least-once window: if this process dies after the mail server accepted the
    # message and before this UPDATE commits (milliseconds), the claim expires and the reminder
    # is sent again, once, with the same Message-ID, which mail systems can recognise as a repeat.
    # Marking it sent before sending would close the window by losing the reminder instead.
    ReviewReminder.objects.filter(pk=reminder_id).update(sent_at=timezone.now())
    return True


def reminder_message_id(reminder) -> str:
    """The same Message-ID every time this reminder is sent, so a repeat is recognisably the same email."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "localhost"
    return f"<review-reminder-{reminder.pk}-{reminder.review_id}@{domain}>"


def reminder_message(reminder, *, today: datetime.date | None = None) -> tuple[str, str]:
    """
    The plain-English subject and body of a reminder, for who receives it and for how the review
    stands on the day it is sent (`today`, a London date; default now): due by a date still to
    come, due today, or overdue since a date gone by. The kind says who is told and why it was
    recorded, not what the date is by the time it goes out: a reminder recorded on time can be
    sent late (a missed sweep, a broker that was down), and a window missed altogether is caught
    up after the due date, so an UPCOMING reminder can go out once the review is overdue.
    """
    review = reminder.review
    person = review.budget.person
    today = today or timezone.localdate(timezone=LONDON)
    due = dateformat.format(review.due_date, "j F Y")
    days_late = (today - review.due_date).days
    if days_late < 0:
        when, subject_when = "due", f"due by {due}"
    elif days_late == 0:
        when, subject_when = "today", f"is due today ({due})"
    else:
        late = "1 day" if days_late == 1 else f"{days_late} days"
        when, subject_when = "overdue", f"is overdue: it was due on {due} ({late} ago)"
    subject = f"Review of {person.full_name}'s personal budget {subject_when}"
    is_staff = reminder.recipient is not None and reminder.recipient.is_council_staff
    if reminder.kind == ReminderKind.OVERDUE:
        template = "reviews/emails/reminder_overdue.txt"
    elif reminder.kind == ReminderKind.DUE or is_staff:
        template = "reviews/emails/reminder_staff.txt"
    else:
        template = "reviews/emails/reminder_person.txt"
    link = settings.SITE_URL.rstrip("/") + reverse("reviews:review", kwargs={"budget_id": review.budget_id})
    body = render_to_string(template, {
        "review": review, "person": person, "due": due, "when": when, "days_late": days_late, "link": link,
    })
    return subject, body
