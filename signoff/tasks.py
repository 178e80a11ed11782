"""Sign-off background work: ids in, a service call out."""

from celery import shared_task

from signoff.services import summary_sheet_render


@shared_task
def render_summary_sheet(sheet_id):
    summary_sheet_render(sheet_id=sheet_id)
