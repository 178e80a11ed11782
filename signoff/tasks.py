"""Sign-off background work: ids in, a service call out."""

from celery import shared_task
from django.utils import timezone

from signoff.notify import signoff_decision_notify
from signoff.sheets import MAX_ATTEMPTS, summary_sheet_render, summary_sheets_requeue_stale


@shared_task(bind=True, max_retries=MAX_ATTEMPTS - 1)
def render_summary_sheet(self, sheet_id):
    """A failed render is retried (30 s, then 60 s); each attempt is counted on the sheet."""
    try:
        summary_sheet_render(sheet_id=sheet_id)
    except Exception as error:
        raise self.retry(exc=error, countdown=30 * (self.request.retries + 1)) from error


@shared_task(bind=True, max_retries=3)
def notify_decision(self, decision_id):
    try:
        signoff_decision_notify(decision_id=decision_id)
    except Exception as error:
        raise self.retry(exc=error, countdown=60) from error


@shared_task
def summary_sheet_sweep():
    """Beat: queue again any sheet, or decision email, whose message was lost (broker down, worker died)."""
    from signoff.services import signoff_notifications_requeue

    summary_sheets_requeue_stale(now=timezone.now())
    signoff_notifications_requeue(now=timezone.now())
