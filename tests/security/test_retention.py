"""Retention: anonymised 8 years (the council's setting) after care ended, unless on legal hold; twice is once."""

import datetime

from django.conf import settings
from django.utils import timezone

from pbudget.lifecycle import Status
from pbudget.models import AuditEntry, Person, SubjectAccessExport
from pbudget.retention import retention_anonymise_due
from signoff.models import SummarySheet
from support_planning.models import SupportPlan
from tests.test_no_leaks import alice_everywhere  # noqa: F401  (a fixture)

NOW = timezone.now()


def _care_ended(budget, years_ago):
    """Close the budget as if care had ended that long ago (a fixture shortcut, not a move)."""
    type(budget).objects.filter(pk=budget.pk).update(status=Status.CLOSED, closed_at=NOW - datetime.timedelta(days=365 * years_ago + 3))


def test_eight_years_after_care_ended_the_record_is_anonymised(p, alice_everywhere):  # noqa: F811
    budget, made = alice_everywhere
    SubjectAccessExport.objects.create(person=p.alice_person, requested_by=p.wendy, html="Alice Adams")
    audit = list(AuditEntry.objects.values_list("pk", "what"))
    _care_ended(budget, 7)
    assert retention_anonymise_due(now=NOW) == 0
    _care_ended(budget, 8)
    assert retention_anonymise_due(now=NOW) == 1

    person = Person.objects.get(pk=p.alice_person.pk)
    assert (person.first_name, person.date_of_birth, person.email) == ("Anonymised", None, "")
    assert person.anonymised_at is not None
    plan = SupportPlan.objects.get(pk=made.pk)
    assert plan.what_matters == plan.contingency == "[removed]"
    assert all(not sheet.pdf for sheet in SummarySheet.objects.filter(budget=budget))
    p.alice.refresh_from_db()
    assert not p.alice.is_active and "alice" not in p.alice.email and not p.alice.has_usable_password()
    assert not p.alice_person.representatives.filter(ended_at__isnull=True).exists()
    assert not SubjectAccessExport.objects.exists()
    assert list(AuditEntry.objects.values_list("pk", "what")) == audit  # the log is kept as it was
    budget.refresh_from_db()
    assert budget.agreed_weekly_pence  # the council's figures keep their numbers

    before = Person.objects.values().get(pk=person.pk)
    assert retention_anonymise_due(now=NOW + datetime.timedelta(days=1)) == 0  # twice changes nothing more
    assert Person.objects.values().get(pk=person.pk) == before


def test_a_legal_hold_stops_it_and_an_open_budget_means_care_goes_on(p, alice_everywhere):  # noqa: F811
    budget, _ = alice_everywhere
    _care_ended(budget, 10)
    Person.objects.filter(pk=p.alice_person.pk).update(legal_hold=True)
    assert retention_anonymise_due(now=NOW) == 0
    Person.objects.filter(pk=p.alice_person.pk).update(legal_hold=False)
    from tests.factories import BudgetFactory

    BudgetFactory(person=p.alice_person, status=Status.ASSESSMENT)  # she came back
    assert retention_anonymise_due(now=NOW) == 0
    assert Person.objects.get(pk=p.alice_person.pk).first_name == "Alice"


def test_the_period_is_the_councils_setting(p, alice_everywhere):  # noqa: F811
    budget, _ = alice_everywhere
    _care_ended(budget, 6)
    assert retention_anonymise_due(now=NOW) == 0
    p.northshire.retention_years = 5
    p.northshire.save(update_fields=["retention_years"])
    assert retention_anonymise_due(now=NOW) == 1


def test_beat_runs_it_daily():
    assert settings.CELERY_BEAT_SCHEDULE["retention-sweep"]["task"] == "pbudget.tasks.retention_sweep"
