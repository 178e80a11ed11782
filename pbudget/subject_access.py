"""
Subject access: everything held about a person, as a draft (JSON and HTML) for a worker to review
and redact before release. Prepared by a Celery task; the draft is kept in PostgreSQL.
"""

from functools import partial

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from pbudget.audit import audit_change
from pbudget.models import Person, SubjectAccessExport
from pbudget.queued import queue_safely


def subject_access_request(*, person, actor) -> SubjectAccessExport:
    """Record the request (audited) and queue its preparation after commit, by id. A broker that is
    down doesn't fail the request: the export stays QUEUED and the sweep hands it over later.
    While one is being prepared for the person, asking again returns it."""
    from pbudget.tasks import prepare_subject_access_export

    with transaction.atomic():
        list(Person.objects.select_for_update().filter(pk=person.pk).values_list("pk"))  # two at once: one export
        waiting = SubjectAccessExport.objects.filter(person=person, state=SubjectAccessExport.State.QUEUED).first()
        if waiting is not None:
            return waiting  # asked twice (a double click) while one is being prepared: that one
        export = SubjectAccessExport.objects.create(person=person, requested_by=actor)
        audit_change(user=actor, person=person, what="Subject access export requested")
        transaction.on_commit(partial(queue_safely, prepare_subject_access_export, export.pk))
    return export


def subject_access_collect(*, person) -> dict:
    """{model label: [rows]} for every model holding data about the person, and their account."""
    from pbudget.person_data import person_models, row_dict, rows_for

    collected = {}
    for model, path in sorted(person_models().items(), key=lambda item: item[0]._meta.label):
        collected[model._meta.label] = [row_dict(row) for row in rows_for(model, path, person)]
    if person.user is not None:
        user = person.user
        collected["pbudget.User (their sign-in)"] = [
            {"email": user.email, "full_name": user.full_name, "date_joined": user.date_joined.isoformat(), "is_active": user.is_active}
        ]
    return collected


def subject_access_prepare(*, export_id) -> None:
    """Build the draft. Safe to run twice: a draft already prepared is left alone."""
    with transaction.atomic():
        export = SubjectAccessExport.objects.select_for_update().select_related("person").get(pk=export_id)
        if export.state == SubjectAccessExport.State.DRAFT:
            return
        data = subject_access_collect(person=export.person)
        export.data = data
        export.html = render_to_string("pbudget/subject_access_export.html", {"export": export, "data": data})
        export.state = SubjectAccessExport.State.DRAFT
        export.prepared_at = timezone.now()
        export.save(update_fields=["data", "html", "state", "prepared_at"])
