"""Review tasks: the hourly reminder sweep (beat) and sending one reminder (worker)."""

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from reviews.selectors import reminder_ids_to_send
from reviews.services import local_today, reminder_send, reminders_record_due

logger = logging.getLogger(__name__)


@shared_task
def review_reminder_sweep():
    """
    Record what is due today (London date), then queue a send for every reminder not yet sent
    whose claim is free or expired: a worker that died mid-send, a broker that was down, or a
    missed sweep are all caught up here. Idempotent: running it twice sends nothing twice.
    """
    with transaction.atomic():
        reminders_record_due(today=local_today())
    ids = reminder_ids_to_send(now=timezone.now())
    transaction.on_commit(lambda: _queue_sends(ids))
    return len(ids)


def _queue_sends(ids):
    for reminder_id in ids:
        try:
            send_review_reminder.delay(reminder_id)
        except Exception:
            # A broker that refuses (kombu OperationalError, a socket error) or, with tasks run
            # inline, a failed send: log it and carry on. The row stays unsent and the next
            # sweep queues it again, so nothing is lost.
            logger.exception("Could not queue review reminder %s; the next sweep will retry", reminder_id)


@shared_task(soft_time_limit=240, time_limit=300)  # well inside the 15-minute claim
def send_review_reminder(reminder_id):
    return reminder_send(reminder_id=reminder_id)
