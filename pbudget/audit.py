"""The audit log: every view of a person's record and every change, with who and when."""

from pbudget.models import AuditEntry


def audit_view(*, user, person, what: str) -> None:
    AuditEntry.objects.create(
        user=user, council_id=person.council_id, person=person, action=AuditEntry.Action.VIEW, what=what[:200]
    )


def audit_change(*, user, person, what: str) -> None:
    AuditEntry.objects.create(
        user=user, council_id=person.council_id, person=person, action=AuditEntry.Action.CHANGE, what=what[:200]
    )


def audit_views(*, user, people, what: str) -> None:
    """One view entry per person shown on a page that lists several, in one INSERT."""
    AuditEntry.objects.bulk_create(
        AuditEntry(user=user, council_id=person.council_id, person=person, action=AuditEntry.Action.VIEW, what=what[:200])
        for person in people
    )
