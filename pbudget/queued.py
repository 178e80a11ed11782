"""
Work for the worker is a row in PostgreSQL before it is a message in Redis (a subject access
draft, a PDF to render): state QUEUED and when it was asked for. So a broker that is down loses
nothing. Handing a row to the broker never raises (the request that asked has committed; the
failure is logged), and beat's `pbudget.tasks.queued_work_sweep` hands over again every row still
QUEUED after REQUEUE_AFTER, claiming each with a conditional update, so overlapping sweeps hand
it over once. The tasks themselves leave a finished row alone, so a duplicate message is harmless.

`settings.QUEUED_WORK` names the kinds (model label -> task path), as strings, so the core
imports no stage app. Summary sheets have their own sweep (signoff.sheets), review reminders
theirs (reviews.sweep).
"""

import logging
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

REQUEUE_AFTER = timedelta(minutes=10)


def queue_safely(task, object_id) -> None:
    """Hand one row to the worker by id. Never raises: the sweep hands it over again."""
    try:
        task.delay(object_id)
    except Exception:  # noqa: BLE001 - a broker that is down, or with tasks inline a failure: the row stays QUEUED
        log.exception("%s %s could not be queued now; the sweep will hand it over again", task.name, object_id)


def queued_work_requeue(*, now) -> int:
    """Hand over again every row of every QUEUED_WORK kind waiting longer than REQUEUE_AFTER; how many."""
    handed = 0
    for label, task_path in settings.QUEUED_WORK.items():
        model, task = apps.get_model(label), import_string(task_path)
        waiting = model.objects.filter(state="queued", requested_at__lt=now - REQUEUE_AFTER)
        for pk, requested_at in waiting.values_list("pk", "requested_at"):
            if model.objects.filter(pk=pk, state="queued", requested_at=requested_at).update(requested_at=now) == 1:
                queue_safely(task, pk)
                handed += 1
    return handed
