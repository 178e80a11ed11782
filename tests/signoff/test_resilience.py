"""Sign-off survives a broker that is down, recovers lost or failed summary sheets, and never cuts a budget after a review without a reassessment."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from pbudget.lifecycle import Status
from pbudget.models import PersonalBudget
from signoff import services, sheets
from signoff.models import SummarySheet
from signoff.tasks import render_summary_sheet, summary_sheet_sweep
from reviews.models import Review
from support_planning.models import PlanStatus, SupportPlan
from tests.support_planning.factories import plan


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(render_summary_sheet, "delay", refuse)


def test_approval_with_the_broker_down_still_succeeds_and_the_sweep_catches_up(
    client, p, at_signoff, broker_down, monkeypatch, django_capture_on_commit_callbacks
):
    budget, submitted = at_signoff
    client.force_login(p.wendy)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("signoff:decide", args=[budget.pk]), {"decision": "approve", "plan_lock_version": submitted.lock_version}
        )
    assert response.status_code == 302  # not a 500: the approval committed
    assert PersonalBudget.objects.get(pk=budget.pk).status == Status.ACTIVE
    sheet = SummarySheet.objects.get(budget=budget)
    assert sheet.state == SummarySheet.State.QUEUED

    monkeypatch.undo()  # the broker is back
    summary_sheet_sweep()  # too soon: left alone
    assert SummarySheet.objects.get(pk=sheet.pk).state == SummarySheet.State.QUEUED
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        summary_sheet_sweep()
    sheet.refresh_from_db()
    assert sheet.state == SummarySheet.State.READY and bytes(sheet.pdf).startswith(b"%PDF")


def test_a_failed_sheet_can_be_prepared_again_by_staff_only(client, p, approved, monkeypatch, django_capture_on_commit_callbacks):
    budget = approved
    SummarySheet.objects.filter(budget=budget).update(state=SummarySheet.State.FAILED, pdf=None)
    url = reverse("signoff:summary_sheet_again", args=[budget.pk])

    client.force_login(p.alice)
    assert "Contact your social worker" in client.get(reverse("signoff:summary_sheet", args=[budget.pk])).content.decode()
    client.post(url)
    assert SummarySheet.objects.get(budget=budget).state == SummarySheet.State.FAILED

    client.force_login(p.walter)
    assert client.post(url).status_code == 404

    client.force_login(p.wendy)
    assert "Prepare the summary sheet again" in client.get(reverse("signoff:summary_sheet", args=[budget.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert client.get(reverse("signoff:summary_sheet", args=[budget.pk]))["Content-Type"] == "application/pdf"
    assert SummarySheet.objects.get(budget=budget).state == SummarySheet.State.READY


def test_a_render_that_fails_inline_does_not_turn_approval_into_an_error(
    client, p, at_signoff, monkeypatch, django_capture_on_commit_callbacks
):
    budget, submitted = at_signoff
    monkeypatch.setattr("signoff.sheets.summary_context", lambda sheet: 1 / 0)
    client.force_login(p.wendy)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("signoff:decide", args=[budget.pk]), {"decision": "approve", "plan_lock_version": submitted.lock_version}
        )
    assert response.status_code == 302
    assert SummarySheet.objects.get(budget=budget).state == SummarySheet.State.FAILED


def _back_at_signoff_after_review(budget, actor, weekly_cost_pence):
    """The budget was approved at £100 a week; after a review it is back at sign-off with a new plan."""
    # Fixture shortcuts for what the review and planning stages would have done:
    Review.objects.filter(budget=budget).update(status="completed", outcomes_met="partly", next_step="vary")
    PersonalBudget.objects.filter(pk=budget.pk).update(status=Status.SIGN_OFF)
    newest = SupportPlan.objects.filter(budget=budget).order_by("-number").first()
    return plan(budget=budget, actor=actor, status=PlanStatus.SUBMITTED, lines=((weekly_cost_pence, "1"),), number=newest.number + 1)


def test_a_budget_cannot_be_cut_after_a_review_without_a_reassessment(p, approved):
    budget = approved
    new_plan = _back_at_signoff_after_review(budget, p.alice, 6000)
    with pytest.raises(services.MoveNotAllowed, match="only go down after a reassessment"):
        services.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=new_plan.lock_version)
    assert PersonalBudget.objects.get(pk=budget.pk).agreed_weekly_pence == 10000


def test_after_a_reassessment_a_lower_budget_can_be_agreed(p, approved):
    from tests.support_planning.factories import indicative

    budget = approved
    new_plan = _back_at_signoff_after_review(budget, p.alice, 6000)
    indicative(budget=budget, weekly_pence=8000, actor=p.wendy)  # a newly submitted assessment
    services.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=new_plan.lock_version)
    assert PersonalBudget.objects.get(pk=budget.pk).agreed_weekly_pence == 6000


def test_an_agreed_budget_above_the_ceiling_is_refused_with_a_message(client, p, at_signoff):
    budget, submitted = at_signoff
    client.force_login(p.mandy)
    response = client.post(
        reverse("signoff:decide", args=[budget.pk]),
        {"decision": "approve", "plan_lock_version": submitted.lock_version, "agreed_weekly_pence": "500000",
         "agreed_reason": "Typo"},
        follow=True,
    )
    assert response.status_code == 200
    assert "at most £50,000.00 a week" in response.content.decode()
    assert PersonalBudget.objects.get(pk=budget.pk).status == Status.SIGN_OFF
