"""
Retention: case records are kept for the council's retention period (8 years by default) after
care ended, then anonymised. A legal hold stops it. Running it twice changes nothing more.
"""

import datetime

from django.db import transaction
from django.db.models import Max

from pbudget.lifecycle import OPEN_STATUSES, Status
from pbudget.models import Council, Person, Representative, SubjectAccessExport


def people_due(*, now):
    """People whose care ended (every budget closed) over their council's retention period ago."""
    due = Person.objects.none()
    for council in Council.objects.only("pk", "retention_years"):
        cutoff = now - datetime.timedelta(days=round(365.25 * council.retention_years))
        due |= (
            Person.objects.filter(council=council, anonymised_at__isnull=True, legal_hold=False)
            .exclude(budgets__status__in=OPEN_STATUSES)
            .annotate(care_ended=Max("budgets__closed_at"))
            .filter(care_ended__lt=cutoff)
        )
    return due


def retention_anonymise_due(*, now) -> int:
    """Anonymise every person due; returns how many. Each in its own transaction."""
    count = 0
    for person_id in people_due(now=now).values_list("pk", flat=True):
        count += person_anonymise(person_id=person_id, now=now)
    return count


def person_anonymise(*, person_id, now) -> int:
    """
    Remove what identifies the person: their name, date of birth and email; their sign-in is closed;
    representations end; free text and files in every record about them (reasons, notes, plans,
    summary sheets) are replaced, and subject access drafts deleted.
    Amounts, dates and statuses stay, for the council's figures. The audit log is kept as it is.
    Locks the person row and checks again, so overlapping runs and a hold placed meanwhile are safe.
    Returns 1 if anonymised, 0 if not (already done, held, or care resumed).
    """
    from pbudget.person_data import NEVER_SCRUBBED, REMOVED, free_text_fields, person_models, rows_for

    with transaction.atomic():
        person = Person.objects.select_for_update().filter(pk=person_id, anonymised_at__isnull=True, legal_hold=False).first()
        if person is None or person.budgets.exclude(status=Status.CLOSED).exists():
            return 0
        for model, path in person_models().items():
            if model in NEVER_SCRUBBED or model is Person:
                continue
            fields = free_text_fields(model)
            if fields:
                rows_for(model, path, person).update(**fields)
        SubjectAccessExport.objects.filter(person=person).delete()  # copies of what was just removed
        Representative.objects.filter(person=person, ended_at__isnull=True).update(ended_at=now)
        Representative.objects.filter(person=person).update(relationship=REMOVED)
        if person.user_id:
            user = person.user
            user.email = f"anonymised-{person.pk}@invalid"
            user.full_name = "Anonymised"
            user.is_active = False
            user.set_unusable_password()
            user.save(update_fields=["email", "full_name", "is_active", "password"])
        Person.objects.filter(pk=person.pk).update(
            first_name="Anonymised", last_name=f"person {person.pk}", date_of_birth=None, email="", anonymised_at=now
        )
    return 1
