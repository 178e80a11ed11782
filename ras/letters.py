"""
The indicative budget letter: the figure, which answers added how much, what "indicative" means
and how to challenge it, and the technical steps, as a PDF. Rendered by a worker (never in a web
request), after the same pattern as sign-off's summary sheet.
"""

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from pbudget.access import require_relationship
from pbudget.audit import audit_change
from pbudget.lifecycle import ANYONE, MoveNotAllowed
from pbudget.models import PersonalBudget
from pbudget.money import WEEKS_PER_YEAR
from ras.calculation import ROUNDING
from ras.models import AllocationLetter
from ras.selectors import indicative_budget

log = logging.getLogger(__name__)


def allocation_letter_queue(*, letter_id) -> None:
    """Hand a letter to the worker. Never raises: a broker that is down leaves it QUEUED to ask again."""
    from ras.tasks import render_allocation_letter  # tasks import this module

    try:
        render_allocation_letter.delay(letter_id)
    except Exception:
        log.exception("Indicative budget letter %s could not be queued or rendered now", letter_id)


@transaction.atomic
def allocation_letter_request(*, budget, actor) -> AllocationLetter:
    """
    Ask for the letter of the budget's current indicative budget: the person, their
    representative or staff in their team. Budget row locked; one letter per indicative budget
    (asking again for a failed one queues it again). Queues the render after commit.
    """
    locked = PersonalBudget.objects.select_for_update(of=("self",)).select_related("person").get(pk=budget.pk)
    require_relationship(actor, locked.person, ANYONE)
    allocation = indicative_budget(budget=locked)
    if allocation is None:
        raise MoveNotAllowed("There is no indicative budget to write a letter about yet.")
    letter, created = AllocationLetter.objects.get_or_create(allocation=allocation)
    if not created:
        if letter.state == AllocationLetter.State.READY:
            return letter
        AllocationLetter.objects.filter(pk=letter.pk).update(state=AllocationLetter.State.QUEUED, requested_at=timezone.now())
    audit_change(user=actor, person=locked.person, what="Asked for the indicative budget letter")
    transaction.on_commit(partial(allocation_letter_queue, letter_id=letter.pk))
    return letter


def allocation_letter_render(*, letter_id) -> AllocationLetter:
    """Render the letter and store it (READY). A READY letter is left alone; a failure marks it FAILED and re-raises."""
    from weasyprint import HTML  # heavy import, only where it is used

    letter = AllocationLetter.objects.defer("pdf").select_related(
        "allocation__budget__person__council", "allocation__table", "allocation__calculated_by", "allocation__budget__person__allocated_worker",
    ).get(pk=letter_id)
    if letter.state == AllocationLetter.State.READY:
        return letter
    allocation = letter.allocation
    person = allocation.budget.person
    context = {
        "allocation": allocation, "person": person, "council": person.council, "table": allocation.table,
        "weeks_per_year": WEEKS_PER_YEAR, "rounding": ROUNDING, "today": timezone.localdate(),
        "rules_url": f"{getattr(settings, 'SITE_URL', '').rstrip('/')}/allocation-rules/{person.council.slug}/",
    }
    try:
        pdf = HTML(string=render_to_string("ras/letter_pdf.html", context), base_url=str(settings.BASE_DIR)).write_pdf()
    except Exception:
        AllocationLetter.objects.filter(pk=letter.pk).exclude(state=AllocationLetter.State.READY).update(state=AllocationLetter.State.FAILED)
        log.exception("Indicative budget letter %s could not be rendered", letter.pk)
        raise
    AllocationLetter.objects.filter(pk=letter.pk).exclude(state=AllocationLetter.State.READY).update(
        pdf=pdf, state=AllocationLetter.State.READY, rendered_at=timezone.now(),
    )
    letter.refresh_from_db()
    return letter
