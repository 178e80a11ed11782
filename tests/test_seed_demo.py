"""The demo data: made through the real services, and never against a production configuration."""

import io

import pytest
from django.core.management import CommandError, call_command

from pbudget.lifecycle import Status
from pbudget.models import Council, PersonalBudget, Representative, Role, User
from signoff.models import SummarySheet


def test_seed_demo_refuses_without_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not Council.objects.exists()


def test_seed_demo_builds_two_councils_with_people_at_every_stage(db, settings, django_capture_on_commit_callbacks):
    settings.DEMO_MODE = True
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=out)
    assert "wendy@northshire.demo" in out.getvalue() and "demo-password-2026" in out.getvalue()
    for slug in ("northshire", "southvale"):
        council = Council.objects.get(slug=slug)
        roles = list(User.objects.filter(council=council).values_list("role", flat=True))
        assert roles.count(Role.SOCIAL_WORKER) == 2 and roles.count(Role.TEAM_MANAGER) == 1
        assert Representative.objects.filter(person__council=council).exists()
        assert council.questionnaires.exists() and council.allocation_tables.exists()
        assert council.delegation_rule_sets.filter(published_at__isnull=False).exists()
    northshire = set(PersonalBudget.objects.filter(council__slug="northshire").values_list("status", flat=True))
    assert northshire == {Status.ASSESSMENT, Status.ELIGIBILITY, Status.ALLOCATION, Status.PLANNING, Status.SIGN_OFF, Status.ACTIVE}
    assert SummarySheet.objects.filter(state=SummarySheet.State.READY, decision__isnull=False).count() == 2
    # Running it again changes nothing.
    call_command("seed_demo", stdout=io.StringIO())
    assert Council.objects.count() == 2
