"""The audit log is append-only, and a person can see who has looked at their record."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from pbudget.audit import audit_change, audit_view
from pbudget.models import AuditEntry, AuditLogIsAppendOnly


@pytest.fixture
def entry(p):
    audit_view(user=p.wendy, person=p.alice_person, what="Person record")
    return AuditEntry.objects.get()


def test_the_application_cannot_change_or_delete_an_entry(entry):
    entry.what = "Nothing to see"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(what="Nothing to see")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    entry.refresh_from_db()
    assert entry.what == "Person record"


def test_the_database_refuses_too_whoever_asks(entry):
    for sql in (
        "UPDATE pbudget_auditentry SET what = 'Nothing to see' WHERE id = %s",
        "DELETE FROM pbudget_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.what == "Person record"


def test_the_person_sees_who_looked_by_role_not_by_name(client, p):
    client.force_login(p.wendy)
    client.get(f"/people/{p.alice_person.pk}/")
    audit_change(user=p.mandy, person=p.alice_person, what="Reallocated to Wendy Worker")
    client.force_login(p.alice)
    page = client.get(reverse("record_access", args=[p.alice_person.pk])).content.decode()
    assert "A social worker" in page and "Viewed: Person record" in page
    assert "A team manager" in page
    assert "Wendy Worker" not in page.split("Newest first")[0]  # the table names roles
    assert "Mandy" not in page
    assert "You" in page  # opening this page is itself recorded
    assert "Who has looked at your record" in client.get("/").content.decode()


def test_a_representative_sees_it_too_and_outsiders_see_nothing(client, p):
    client.force_login(p.rita)
    assert "Who has looked at Alice Adams" in client.get(reverse("record_access", args=[p.alice_person.pk])).content.decode()
    for outsider in (p.bob, p.walter, p.xavier, p.adam):
        client.force_login(outsider)
        assert client.get(reverse("record_access", args=[p.alice_person.pk])).status_code == 404
    assert not AuditEntry.objects.filter(person=p.alice_person, user__in=[p.bob, p.walter, p.xavier, p.adam]).exists()


def test_the_page_costs_the_same_however_long_the_log(client, p, django_assert_num_queries):
    client.force_login(p.alice)
    url = reverse("record_access", args=[p.alice_person.pk])
    client.get(url)
    with django_assert_num_queries(8) as small:
        client.get(url)
    AuditEntry.objects.bulk_create(
        AuditEntry(user=p.wendy, council=p.northshire, person=p.alice_person, action="view", what="Person record")
        for _ in range(200)
    )
    with django_assert_num_queries(len(small.captured_queries)):
        assert "Older" in client.get(url).content.decode()
