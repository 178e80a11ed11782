"""
PDFs of the assessment stage, rendered by the worker (WeasyPrint), never in a web request:
the paper questionnaire of a published version, and the written decision for a person found
not eligible. Requests are rows queued after commit; a broker that is down leaves the row
QUEUED (asking again re-queues it), so nothing is lost and no page fails because of it.
"""

import datetime
import logging
from functools import partial

from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from assessment.models import Document, WellbeingArea
from pbudget.access import require_relationship
from pbudget.audit import audit_change
from pbudget.care_act import CareActOutcome
from pbudget.lifecycle import STAFF, MoveNotAllowed

log = logging.getLogger(__name__)


def _queue(*, document_id) -> None:
    """Hand a document to the worker. Never raises: what asked for it has committed."""
    from assessment.tasks import render_document  # tasks import this module

    try:
        render_document.delay(document_id)
    except Exception:
        log.exception("Assessment document %s could not be queued or rendered now", document_id)


def document_request_decision(*, decision) -> Document:
    """The written decision for `decision` (inside the caller's transaction), queued after commit."""
    document = Document.objects.create(kind=Document.Kind.DECISION, decision=decision)
    transaction.on_commit(partial(_queue, document_id=document.pk))
    return document


def document_request_questionnaire(*, questionnaire) -> Document:
    """
    The paper form of a published version: made once (the version never changes), and queued
    again when it isn't ready (lost message or failure).
    """
    with transaction.atomic():
        document, _ = Document.objects.defer("pdf").get_or_create(
            kind=Document.Kind.QUESTIONNAIRE, questionnaire=questionnaire,
        )
        if document.state != Document.State.READY:
            transaction.on_commit(partial(_queue, document_id=document.pk))
    return document


AGAIN_AFTER = datetime.timedelta(minutes=10)


def document_request_again(*, document, actor) -> Document:
    """
    Staff ask for a written decision that could not be prepared (or has waited too long) to be
    prepared again: the attempts start again from nought and it is queued after commit. Refuses a
    ready document, and one queued in the last ten minutes (it is on its way).
    """
    person = document.decision.assessment.budget.person
    require_relationship(actor, person, STAFF)
    with transaction.atomic():
        locked = Document.objects.defer("pdf").select_for_update().get(pk=document.pk)
        now = timezone.now()
        if locked.state == Document.State.READY:
            raise MoveNotAllowed("The written decision is ready: there is nothing to prepare again.")
        if locked.state == Document.State.QUEUED and locked.requested_at > now - AGAIN_AFTER:
            raise MoveNotAllowed("The written decision is already being prepared. Check again in a few minutes.")
        Document.objects.filter(pk=locked.pk).update(state=Document.State.QUEUED, requested_at=now, attempts=0, last_error="")
        audit_change(user=actor, person=person, what="Asked for the written eligibility decision to be prepared again")
        transaction.on_commit(partial(_queue, document_id=locked.pk))
    locked.refresh_from_db(fields=["state", "requested_at", "attempts", "last_error"])
    return locked


def _questionnaire_context(questionnaire):
    from assessment.selectors import questions_for

    questions = questions_for(questionnaire=questionnaire)
    key_of = {q.pk: q for q in questions}
    return {
        "questionnaire": questionnaire, "council": questionnaire.council,
        "rows": [{"question": q, "revealed_by": [(key_of[o.question_id], o) for o in q.shown_when.all()]} for q in questions],
    }


def _decision_context(decision):
    outcomes, areas = dict(CareActOutcome.choices), dict(WellbeingArea.choices)
    person = decision.assessment.budget.person
    return {
        "decision": decision, "person": person, "council": person.council,
        "outcomes": [outcomes[v] for v in decision.outcomes_unable],
        "areas": [areas[v] for v in decision.wellbeing_areas],
    }


def document_render(*, document_id) -> Document:
    """
    Render a document to PDF and store it (READY). Runs in the worker; a READY document is left
    alone. Every attempt is counted; a failure records the error, marks the document FAILED
    (what staff see until a retry succeeds) and re-raises so the task retries.
    """
    from weasyprint import HTML  # heavy import, only where it is used

    document = Document.objects.defer("pdf").select_related(
        "questionnaire__council", "decision__assessment__budget__person__council", "decision__decided_by",
    ).get(pk=document_id)
    if document.state == Document.State.READY:
        return document
    try:
        if document.kind == Document.Kind.QUESTIONNAIRE:
            html = render_to_string("assessment/questionnaire_pdf.html", _questionnaire_context(document.questionnaire))
        else:
            html = render_to_string("assessment/decision_pdf.html", _decision_context(document.decision))
        pdf = HTML(string=html).write_pdf()
    except Exception as error:
        Document.objects.filter(pk=document.pk).update(
            state=Document.State.FAILED, attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:300],
        )
        log.exception("Assessment document %s could not be rendered", document.pk)
        raise
    Document.objects.filter(pk=document.pk).update(
        state=Document.State.READY, pdf=pdf, rendered_at=timezone.now(), attempts=F("attempts") + 1, last_error="",
    )
    document.state = Document.State.READY
    return document
