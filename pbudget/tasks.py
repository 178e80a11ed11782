"""Core background work: ids in, a service call out."""

from celery import shared_task
from django.utils import timezone


@shared_task
def prepare_subject_access_export(export_id):
    from pbudget.subject_access import subject_access_prepare

    subject_access_prepare(export_id=export_id)


@shared_task
def retention_sweep():
    """Beat, daily: anonymise records past their council's retention period (idempotent)."""
    from pbudget.retention import retention_anonymise_due

    retention_anonymise_due(now=timezone.now())


@shared_task
def queued_work_sweep():
    """Beat, every 10 minutes: hand over again work whose message was lost (broker down, worker died)."""
    from pbudget.queued import queued_work_requeue

    queued_work_requeue(now=timezone.now())
