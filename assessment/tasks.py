"""Assessment background work: ids in, a service call out."""

from celery import shared_task

from assessment.documents import document_render


@shared_task(bind=True, max_retries=2)
def render_document(self, document_id):
    """A failed render is retried (30 s, then 60 s); the document stays FAILED meanwhile."""
    try:
        document_render(document_id=document_id)
    except Exception as error:
        raise self.retry(exc=error, countdown=30 * (self.request.retries + 1)) from error
