"""The demo data: made through the real services, and never against a production configuration."""

import io

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from pbudget.lifecycle import Status
from pbudget.models import Council, PersonalBudget, Representative, Role, User
from signoff.models import SignoffRequest, SummarySheet
from signoff.selectors import signoff_queue
from signoff.services import signoff_approve
from support_planning.models import PlannerInvitation
from support_planning.selectors import help_requests_open, planner_plans


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
        assert roles.count(Role.SOCIAL_WORKER) == 2 and roles.count(Role.TEAM_MANAGER) == {"northshire": 3, "southvale": 1}[slug]
        assert Representative.objects.filter(person__council=council).exists()
        assert council.questionnaires.exists() and council.allocation_tables.exists()
        assert council.delegation_rule_sets.filter(published_at__isnull=False).exists()
    northshire = set(PersonalBudget.objects.filter(council__slug="northshire").values_list("status", flat=True))
    assert northshire == {Status.ASSESSMENT, Status.ELIGIBILITY, Status.ALLOCATION, Status.PLANNING, Status.SIGN_OFF, Status.ACTIVE}
    # One summary sheet for each plan signed off: Frank and Grace, and the twelve agreed over the past year.
    assert SummarySheet.objects.filter(state=SummarySheet.State.READY, decision__isnull=False).count() == 14
    _history_is_spread_over_the_past_year()
    # Help with planning: Dev has a broker who signed up (two-factor like staff) and an open request for help.
    pat = User.objects.get(email="pat@northshire.demo")
    assert pat.role == Role.PLANNER and pat.check_password("demo-password-2026")
    assert TOTPDevice.objects.filter(user=pat, confirmed=True).exists()
    dev = PersonalBudget.objects.get(person__first_name="Dev", council__slug="northshire")
    assert [b.pk for b in planner_plans(user=pat)] == [dev.pk]
    invitation = PlannerInvitation.objects.get(budget=dev)
    assert invitation.is_live and invitation.kind == "broker" and invitation.planner == pat
    assert [r.budget_id for r in help_requests_open(budgets=PersonalBudget.objects.all())] == [dev.pk]
    assert "pat@northshire.demo" in out.getvalue()
    # Hetty's plan waits for the panel; Sara and Hugh, two senior managers, can sign it off between them.
    hetty = PersonalBudget.objects.get(person__first_name="Hetty")
    request = SignoffRequest.objects.get(budget=hetty, closed_at__isnull=True)
    assert hetty.status == Status.SIGN_OFF and request.level == "panel"
    sara, hugh = (User.objects.get(email=f"{who}@northshire.demo") for who in ("sara", "hugh"))
    assert sara.is_senior_manager and hugh.is_senior_manager and not User.objects.get(email="mandy@northshire.demo").is_senior_manager
    assert [row.budget for row in signoff_queue(user=sara)] == [hetty] == [row.budget for row in signoff_queue(user=hugh)]
    assert signoff_approve(budget=hetty, actor=sara, plan_lock_version=request.plan_lock_version) is None
    decision = signoff_approve(budget=hetty, actor=hugh, plan_lock_version=request.plan_lock_version)
    assert (decision.level, decision.panel_first_approver, decision.decided_by) == ("panel", sara, hugh)
    # Running it again changes nothing.
    call_command("seed_demo", stdout=io.StringIO())
    assert Council.objects.count() == 2


def _history_is_spread_over_the_past_year():
    """The demo's moves happened over the past months (not all today), in order, so the figures have months to chart."""
    import datetime

    from django.utils import timezone

    from pbudget.caseload.figures import process_figures
    from pbudget.models import BudgetEvent

    now = timezone.now()
    northshire = Council.objects.get(slug="northshire")
    events = list(BudgetEvent.objects.filter(budget__council=northshire).order_by("budget_id", "at", "pk"))
    assert all(e.at < now for e in events)
    months = {timezone.localtime(e.at).date().replace(day=1) for e in events}
    assert len(months) >= 8 and min(e.at for e in events) < now - datetime.timedelta(days=250)
    for before, after in zip(events, events[1:]):
        if before.budget_id == after.budget_id:  # each move records when the stage it left began
            assert after.stage_entered_at == before.at and after.at > before.at
    budgets = PersonalBudget.objects.filter(council=northshire)
    for budget in budgets:  # the caseload's days at the stage run from the last move (opening writes both a moment apart)
        assert abs(budget.status_changed_at - max(e.at for e in events if e.budget_id == budget.pk)) < datetime.timedelta(seconds=1)
    from assessment.models import EligibilityDecision

    for decision in EligibilityDecision.objects.filter(assessment__budget__council=northshire).select_related("assessment"):
        # records reached through the assessment move with their budget too, not left at today
        moves = [e.at for e in events if e.budget_id == decision.assessment.budget_id]
        assert min(moves) <= decision.decided_at <= max(moves) + datetime.timedelta(seconds=1), decision.assessment.budget_id
    today = timezone.localdate()
    start = (today.replace(day=1) - datetime.timedelta(days=330)).replace(day=1)
    end = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    figures = process_figures(council_id=northshire.pk, team_ids=None, start=start, end=end, names_people=True)
    assert len([m for m, cell in figures.journey.by_month.items() if cell.count]) >= 5
