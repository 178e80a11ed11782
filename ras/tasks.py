"""RAS background work: ids in, a service call out."""

from celery import shared_task

from ras.letters import allocation_letter_render


@shared_task
def render_allocation_letter(letter_id):
    allocation_letter_render(letter_id=letter_id)
