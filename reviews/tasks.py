"""Review tasks: the reminder sweep (beat) and sending one reminder (worker). Ids only."""

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from reviews.reminders import reminder_queue_failed, reminder_send, reminders_mark_queued
from reviews.services import local_today
from reviews.sweep import reminders_record_due

logger = logging.getLogger(__name__)


@shared_task
def review_reminder_sweep():
    """
    Record what is due today (London date), then hand to the broker every reminder recorded and
    not sent that was never handed over, or was handed over too long ago (a lost message, a
    worker that died, a broker that was down, a missed sweep). Idempotent: running it twice,
    or two at once, sends nothing twice. Returns how many sends were queued.
    """
    now = timezone.now()
    with transaction.atomic():
        reminders_record_due(today=local_today())
        ids = reminders_mark_queued(now=now)
        transaction.on_commit(lambda: _queue_sends(ids))
    return len(ids)


def _queue_sends(ids):
    for reminder_id in ids:
        try:
            send_review_reminder.delay(reminder_id)
        except Exception:
            # A broker that refuses (kombu OperationalError, a socket error) or, with tasks run
            # inline, a failed send: log it and carry on. The row goes back to "not handed over",
            # so the next sweep queues it again and nothing is lost.
            logger.exception("Could not queue review reminder %s; the next sweep will retry", reminder_id)
            reminder_queue_failed(reminder_id=reminder_id)


@shared_task(soft_time_limit=240, time_limit=300)  # well inside the 15-minute claim
def send_review_reminder(reminder_id):
    return reminder_send(reminder_id=reminder_id)
