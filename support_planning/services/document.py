"""The printable plan: a plain-English PDF of one plan version, rendered by a Celery worker."""

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from pbudget.audit import audit_change
from support_planning.access import require_plan_worker
from support_planning.models import PlanDocument, SupportPlan

log = logging.getLogger(__name__)


def plan_document_queue(*, document_id) -> None:
    """Hand the document to the worker. Never raises: a broker that is down leaves it QUEUED, and asking again re-queues it."""
    from support_planning.tasks import render_plan_document  # tasks import this module

    try:
        render_plan_document.delay(document_id)
    except Exception:  # noqa: BLE001
        log.exception("Plan document %s could not be queued or rendered now", document_id)


@transaction.atomic
def plan_document_request(*, plan, actor) -> PlanDocument:
    """
    Ask for a printable copy of the plan as it stands now (its lock_version). One document per
    version of the plan's content: asking again for the same content returns the one there is,
    re-queued if it failed or is still waiting. Rendering is queued after commit, never done here.
    """
    plan = SupportPlan.objects.select_related("budget__person").get(pk=plan.pk)
    require_plan_worker(actor, plan.budget)
    document, created = PlanDocument.objects.get_or_create(
        plan=plan, lock_version=plan.lock_version, defaults={"requested_by": actor}
    )
    if created or document.state != PlanDocument.State.READY:
        PlanDocument.objects.filter(pk=document.pk).update(state=PlanDocument.State.QUEUED, requested_at=timezone.now())
        audit_change(user=actor, person=plan.budget.person, what=f"Asked for a printable copy of support plan version {plan.number}")
        transaction.on_commit(partial(plan_document_queue, document_id=document.pk))
    document.refresh_from_db()
    return document


def plan_document_render(*, document_id) -> PlanDocument:
    """
    Render the plan version to PDF and store it (READY). Runs in the worker. A READY document is
    left alone; a failure marks it FAILED and re-raises so the worker logs it.
    """
    from weasyprint import HTML  # heavy import, only where it is used

    from support_planning.selectors import plan_printable

    document = PlanDocument.objects.defer("pdf").select_related("plan__budget__person__council").get(pk=document_id)
    if document.state == PlanDocument.State.READY:
        return document
    try:
        html = render_to_string("support_planning/plan_pdf.html", plan_printable(plan=document.plan))
        pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    except Exception:
        PlanDocument.objects.filter(pk=document.pk).exclude(state=PlanDocument.State.READY).update(state=PlanDocument.State.FAILED)
        log.exception("Plan document %s could not be rendered", document.pk)
        raise
    PlanDocument.objects.filter(pk=document.pk).exclude(state=PlanDocument.State.READY).update(
        pdf=pdf, state=PlanDocument.State.READY, rendered_at=timezone.now()
    )
    document.refresh_from_db()
    return document
