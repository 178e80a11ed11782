"""Support planning background work: ids in, a service call out."""

from celery import shared_task

from support_planning.services.document import plan_document_render


@shared_task
def render_plan_document(document_id):
    plan_document_render(document_id=document_id)
