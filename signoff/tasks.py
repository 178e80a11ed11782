"""Sign-off background work: ids in, a service call out."""

from celery import shared_task

from django.utils import timezone

from signoff.services import summary_sheet_render, summary_sheets_requeue_stale


@shared_task
def render_summary_sheet(sheet_id):
    summary_sheet_render(sheet_id=sheet_id)


@shared_task
def summary_sheet_sweep():
    """Beat: queue again any sheet whose message was lost (broker down, worker died)."""
    summary_sheets_requeue_stale(now=timezone.now())
