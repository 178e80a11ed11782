"""
Resilience of forms that create records: the same form sent twice (a double click, a resent
request) makes one record; a database error between a service's writes leaves none of them.
Forms guarded elsewhere: plan edits carry lock_version (a stale second submission gets the
conflict message, tests/support_planning/); sign-off has one decision per request (a OneToOne);
one open budget per person, one open review per budget and one open help request per budget are
database constraints (tests/test_lifecycle.py, tests/reviews/, tests/support_planning/).
"""

import pytest
from django.db import DatabaseError
from django.urls import reverse

from pbudget.models import AuditEntry, SubjectAccessExport
from ras.models import Allocation, AllocationAnswer
from ras.services import allocation_share
from tests.ras.conftest import eligible_budget


@pytest.fixture
def shared(p):
    from ras.defaults import default_allocation_table

    default_allocation_table(council=p.northshire)
    budget = eligible_budget(p)
    allocation_share(budget=budget, actor=p.wendy)
    return budget


def test_an_indicative_budget_change_sent_twice_makes_one_record(client, p, shared):
    client.force_login(p.wendy)
    url = reverse("ras:override", kwargs={"budget_id": shared.pk})
    for _ in range(2):
        assert client.post(url, {"weekly_pence": "420", "reason": "Night checks"}).status_code == 302
    assert Allocation.objects.filter(budget=shared).count() == 2  # the shared one and one change
    assert AuditEntry.objects.filter(what__startswith="Changed the indicative budget to £420.00").count() == 1
    client.post(url, {"weekly_pence": "430", "reason": "Night checks"})  # a different change is a new record
    assert Allocation.objects.filter(budget=shared).count() == 3


def test_a_subject_access_request_sent_twice_makes_one_export(client, p):
    client.force_login(p.wendy)
    url = reverse("subject_access", args=[p.alice_person.pk])
    for _ in range(2):
        assert client.post(url).status_code == 302  # the task is queued on commit, which a test doesn't reach
    assert SubjectAccessExport.objects.filter(person=p.alice_person).count() == 1
    SubjectAccessExport.objects.update(state="draft")  # once prepared, asking again is a new export
    client.post(url)
    assert SubjectAccessExport.objects.filter(person=p.alice_person).count() == 2


def test_a_database_error_between_writes_leaves_nothing_half_written(client, p, shared, monkeypatch):
    """The override writes the allocation, its answers, then the audit row: fail the answers, and
    the allocation is not there either; fail the audit, and neither are the others."""
    client.force_login(p.wendy)
    client.raise_request_exception = False
    url = reverse("ras:override", kwargs={"budget_id": shared.pk})
    before = (Allocation.objects.count(), AllocationAnswer.objects.count(), AuditEntry.objects.count())

    def fail(*args, **kwargs):
        raise DatabaseError("the database went away mid-request")

    for where in ("ras.services.allocation_answers_keep", "ras.services.audit_change"):
        with monkeypatch.context() as patched:
            patched.setattr(where, fail)
            assert client.post(url, {"weekly_pence": "420", "reason": "Night checks"}).status_code == 500
        assert (Allocation.objects.count(), AllocationAnswer.objects.count(), AuditEntry.objects.count()) == before, where

    with monkeypatch.context() as patched:
        patched.setattr("pbudget.subject_access.audit_change", fail)
        assert client.post(reverse("subject_access", args=[p.alice_person.pk])).status_code == 500
    assert not SubjectAccessExport.objects.exists()
