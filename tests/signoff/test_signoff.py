"""Signing off a plan: who may, what approval sets in motion, returning it, and the pages."""

import datetime
import subprocess
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pbudget.lifecycle import MoveNotAllowed, Status
from pbudget.models import BudgetEvent, PersonalBudget
from reviews.models import Review
from signoff import services, sheets
from signoff.models import Decision, SignoffDecision, SignoffRequest, SummarySheet
from support_planning.models import PlanStatus, SupportPlan
from tests.factories import BudgetFactory, PersonFactory
from tests.support_planning.factories import indicative, plan


def decide_url(budget):
    return reverse("signoff:decide", args=[budget.pk])


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_wendy_signs_off_a_plan_within_her_limit_and_the_sheet_is_rendered(client, p, at_signoff, django_capture_on_commit_callbacks):
    budget, submitted = at_signoff
    client.force_login(p.wendy)
    page = client.get(decide_url(budget)).content.decode()
    assert "A social worker may sign this off: £5,200.00 a year is within the social worker limit of £15,000.00" in page
    assert "Under Rule 1: social worker sign-off (version 1)" in page
    assert "Get out to the allotment" in page and "£100.00" in page

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(decide_url(budget), {"decision": "approve", "plan_lock_version": submitted.lock_version})
    assert response.status_code == 302 and len(callbacks) == 2  # the summary sheet and the emails

    budget.refresh_from_db()
    submitted.refresh_from_db()
    assert budget.status == Status.ACTIVE and budget.agreed_weekly_pence == 10000
    assert submitted.status == PlanStatus.APPROVED and submitted.approved_at is not None
    decision = SignoffDecision.objects.get(budget=budget)
    assert (decision.decision, decision.level, decision.decided_by) == (Decision.APPROVED, "social_worker", p.wendy)
    assert (decision.rule, decision.rule_set.version, decision.request.closed_at) == ("Rule 1: social worker sign-off (version 1)", 1, decision.decided_at)
    assert (decision.plan, decision.plan_lock_version) == (submitted, submitted.lock_version)
    assert (decision.agreed_weekly_pence, decision.agreed_yearly_pence) == (10000, 520000)
    assert BudgetEvent.objects.get(budget=budget).move == "approve_plan"
    review = Review.objects.get(budget=budget)
    today = timezone.now().astimezone(zoneinfo.ZoneInfo("Europe/London")).date()
    assert review.due_date == today + datetime.timedelta(weeks=8)

    sheet = SummarySheet.objects.get(budget=budget)
    assert sheet.state == SummarySheet.State.READY and sheet.rendered_at is not None and sheet.decision == decision
    pdf = bytes(sheet.pdf)
    assert pdf.startswith(b"%PDF")
    text = " ".join(pdf_text(pdf).split())
    assert "Alice Adams" in text and "£100.00" in text and "£5,200.00" in text and "Wendy Worker" in text
    assert review.due_date.strftime("%-d %B %Y") in text
    assert "Page 1 of 1" in text

    client.force_login(p.alice)
    response = client.get(reverse("signoff:summary_sheet", args=[budget.pk]))
    assert response["Content-Type"] == "application/pdf" and response["Content-Disposition"].startswith("attachment")
    assert response.content == pdf


def test_approval_supersedes_the_previous_approved_plan(p, at_signoff):
    budget, submitted = at_signoff
    SupportPlan.objects.filter(pk=submitted.pk).update(number=2)
    older = plan(budget=budget, actor=p.alice, status=PlanStatus.APPROVED, number=1)
    services.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=submitted.lock_version)
    older.refresh_from_db()
    submitted.refresh_from_db()
    assert (older.status, submitted.status) == (PlanStatus.SUPERSEDED, PlanStatus.APPROVED)


def test_wendy_cannot_sign_off_above_her_limit_but_mandy_can(client, p, at_signoff):
    budget, submitted = at_signoff
    submitted.lines.update(unit_cost_pence=7500)  # £300 a week, £15,600 a year
    SupportPlan.objects.filter(pk=submitted.pk).update(over_budget_reason="Two carers are needed to move safely")
    submitted.refresh_from_db()
    SignoffRequest.objects.all().delete()
    services.signoff_request_open(budget=budget, plan=submitted, actor=p.alice)
    client.force_login(p.wendy)
    page = client.get(decide_url(budget)).content.decode()
    assert "A team manager must sign this off: £15,600.00 a year is above the social worker limit of £15,000.00" in page
    response = client.post(decide_url(budget), {"decision": "approve", "plan_lock_version": 0}, HTTP_REFERER="http://testserver" + decide_url(budget), follow=True)
    assert "You can&#x27;t make this decision. A team manager must sign this off" in response.content.decode()
    budget.refresh_from_db()
    assert budget.status == Status.SIGN_OFF and budget.agreed_weekly_pence is None
    assert not SignoffDecision.objects.exists() and not Review.objects.exists()
    assert not SummarySheet.objects.filter(decision__isnull=False).exists()

    client.force_login(p.mandy)
    client.post(decide_url(budget), {"decision": "approve", "plan_lock_version": 0})
    budget.refresh_from_db()
    assert budget.status == Status.ACTIVE and budget.agreed_weekly_pence == 30000
    assert SignoffDecision.objects.get().level == "team_manager"


def test_agreeing_more_than_the_plan_cannot_dodge_the_limit(p, at_signoff):
    budget, _ = at_signoff
    with pytest.raises(MoveNotAllowed, match="team manager"):
        services.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=0, agreed_weekly_pence=40000, reason="More hours")
    assert PersonalBudget.objects.get(pk=budget.pk).status == Status.SIGN_OFF


def test_a_different_agreed_amount_needs_a_reason(client, p, at_signoff):
    budget, _ = at_signoff
    client.force_login(p.wendy)
    response = client.post(decide_url(budget), {"decision": "approve", "plan_lock_version": 0, "agreed_weekly_pence": "110"})
    assert "Enter why the agreed budget is different" in response.content.decode()
    assert PersonalBudget.objects.get(pk=budget.pk).status == Status.SIGN_OFF
    with pytest.raises(MoveNotAllowed, match="Give a reason"):
        services.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=0, agreed_weekly_pence=11000)

    client.post(decide_url(budget), {"decision": "approve", "plan_lock_version": 0, "agreed_weekly_pence": "110", "agreed_reason": "Travel costs"})
    budget.refresh_from_db()
    assert budget.agreed_weekly_pence == 11000
    assert SignoffDecision.objects.get().comments == "Travel costs"


def test_returning_with_comments_sends_the_plan_back_and_alice_sees_them(client, p, at_signoff):
    budget, submitted = at_signoff
    client.force_login(p.wendy)
    response = client.post(decide_url(budget), {"decision": "return", "plan_lock_version": 0, "comments": ""})
    assert "Enter comments saying what needs to change" in response.content.decode()
    client.post(decide_url(budget), {"decision": "return", "plan_lock_version": 0, "comments": "Please add the cost of travel."})

    budget.refresh_from_db()
    submitted.refresh_from_db()
    assert budget.status == Status.PLANNING and submitted.status == PlanStatus.RETURNED  # kept as it was sent
    decision = SignoffDecision.objects.get()
    assert (decision.decision, decision.comments, decision.agreed_weekly_pence) == (Decision.RETURNED, "Please add the cost of travel.", None)
    event = BudgetEvent.objects.get(budget=budget)
    assert (event.move, event.reason) == ("return_plan", "Please add the cost of travel.")

    client.force_login(p.alice)
    page = client.get(reverse("support_planning:plan", args=[budget.pk])).content.decode()
    assert "came back from sign-off" in page and "Please add the cost of travel." in page and ">Change<" in page

    from support_planning.services import plan_submit

    draft = SupportPlan.objects.get(budget=budget, status=PlanStatus.DRAFT)  # a new version, copied from it
    plan_submit(plan=draft, actor=p.alice, lock_version=draft.lock_version)
    assert "Please add the cost of travel." not in client.get(reverse("support_planning:plan", args=[budget.pk])).content.decode()


def test_a_plan_changed_after_opening_is_refused(client, p, at_signoff):
    budget, submitted = at_signoff
    client.force_login(p.wendy)
    opened = submitted.lock_version
    SupportPlan.objects.filter(pk=submitted.pk).update(lock_version=opened + 1)  # someone else's change
    response = client.post(decide_url(budget), {"decision": "approve", "plan_lock_version": opened}, HTTP_REFERER="http://testserver" + decide_url(budget), follow=True)
    assert "The plan changed after you opened it" in response.content.decode()
    assert PersonalBudget.objects.get(pk=budget.pk).status == Status.SIGN_OFF
    with pytest.raises(MoveNotAllowed, match="changed after you opened it"):
        services.signoff_return(budget=budget, actor=p.wendy, plan_lock_version=opened, comments="x")
    assert not SignoffDecision.objects.exists()


def test_a_person_cannot_sign_off_their_own_plan(p, at_signoff):
    budget, _ = at_signoff
    for who in (p.alice, p.rita, p.walter, p.adam):
        with pytest.raises(MoveNotAllowed):
            services.signoff_approve(budget=budget, actor=who, plan_lock_version=0)
    assert PersonalBudget.objects.get(pk=budget.pk).status == Status.SIGN_OFF


def test_the_decide_page_for_a_plan_not_waiting_sends_you_to_the_plan(client, p):
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    client.force_login(p.wendy)
    response = client.get(decide_url(budget))
    assert response.status_code == 302 and response["Location"] == reverse("support_planning:plan", args=[budget.pk])


@pytest.mark.parametrize("who", ["bob", "walter", "xavier", "adam", "alice", "rita"])
def test_the_decide_page_is_for_staff_in_the_persons_team_only(client, p, at_signoff, who):
    budget, _ = at_signoff
    client.force_login(getattr(p, who))
    assert client.get(decide_url(budget)).status_code == 404
    assert client.post(decide_url(budget), {"decision": "approve", "plan_lock_version": 0}).status_code == 404
    assert PersonalBudget.objects.get(pk=budget.pk).status == Status.SIGN_OFF


def test_anonymous_users_are_sent_to_sign_in(client, at_signoff):
    budget, _ = at_signoff
    for url in (decide_url(budget), reverse("signoff:queue"), reverse("signoff:rules"), reverse("signoff:summary_sheet", args=[budget.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _another_at_signoff(p, n):
    person = PersonFactory(team=p.north, first_name="Person", last_name=f"Number {n}")
    budget = BudgetFactory(person=person, status=Status.SIGN_OFF)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    made = plan(budget=budget, actor=p.wendy, status=PlanStatus.SUBMITTED, lines=((2500, "4"), (1000, "1")))
    services.signoff_request_open(budget=budget, plan=made, actor=p.wendy)
    return budget


def test_the_queue_shows_oldest_first_with_the_level_in_a_fixed_number_of_queries(client, p, at_signoff, django_assert_num_queries):
    budget, submitted = at_signoff
    SignoffRequest.objects.filter(budget=budget).update(requested_at=timezone.now() - datetime.timedelta(days=9))
    client.force_login(p.wendy)
    with CaptureQueriesContext(connection) as one:
        page = client.get(reverse("signoff:queue")).content.decode()
    assert "Alice Adams" in page and "£5,200.00" in page and "£10,400.00" in page and "Social worker" in page
    assert ("7 of 5" in page or "6 of 5" in page or "5 of 5" in page) and "Overdue" in page  # 9 days: 5-7 working days

    for n in range(49):
        _another_at_signoff(p, n)
    with django_assert_num_queries(len(one)):
        page = client.get(reverse("signoff:queue")).content.decode()
    assert page.count('href="/sign-off/') == 50
    assert page.index("Alice Adams") < page.index("Person Number 0")

    client.force_login(p.walter)  # another team: nothing of ours
    assert "Alice Adams" not in client.get(reverse("signoff:queue")).content.decode()
    client.force_login(p.xavier)  # another council
    assert "Alice Adams" not in client.get(reverse("signoff:queue")).content.decode()


@pytest.mark.parametrize("who", ["alice", "rita", "bob", "adam"])
def test_the_queue_is_for_staff_only(client, p, who):
    client.force_login(getattr(p, who))
    assert client.get(reverse("signoff:queue")).status_code == 404


@pytest.mark.parametrize("who", ["alice", "rita", "wendy", "mandy"])
def test_the_summary_sheet_can_be_downloaded_by_everyone_with_a_relationship(client, p, approved, who):
    client.force_login(getattr(p, who))
    url = reverse("signoff:summary_sheet", args=[approved.pk])
    page = client.get(url).content.decode()
    assert "being prepared" in page and f'href="{url}"' in page

    sheets.summary_sheet_render(sheet_id=SummarySheet.objects.get().pk)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("who", ["bob", "walter", "xavier", "adam"])
def test_the_summary_sheet_is_404_without_a_relationship(client, p, approved, who):
    sheets.summary_sheet_render(sheet_id=SummarySheet.objects.get().pk)
    client.force_login(getattr(p, who))
    assert client.get(reverse("signoff:summary_sheet", args=[approved.pk])).status_code == 404


def test_a_failed_render_is_marked_and_re_raised_and_a_ready_sheet_is_left_alone(client, p, approved, monkeypatch):
    sheet = SummarySheet.objects.get()

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts today")

    monkeypatch.setattr(sheets, "render_to_string", broken)
    with pytest.raises(RuntimeError):
        sheets.summary_sheet_render(sheet_id=sheet.pk)
    sheet.refresh_from_db()
    assert sheet.state == SummarySheet.State.FAILED and sheet.pdf is None
    client.force_login(p.alice)
    assert "could not be prepared" in client.get(reverse("signoff:summary_sheet", args=[approved.pk])).content.decode()

    monkeypatch.undo()
    sheets.summary_sheet_render(sheet_id=sheet.pk)
    sheet.refresh_from_db()
    first = (bytes(sheet.pdf), sheet.rendered_at)
    monkeypatch.setattr(sheets, "render_to_string", broken)  # would fail if it rendered again
    sheets.summary_sheet_render(sheet_id=sheet.pk)
    sheet.refresh_from_db()
    assert sheet.state == SummarySheet.State.READY and (bytes(sheet.pdf), sheet.rendered_at) == first


def test_no_summary_sheet_before_submission_is_404(client, p):
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    client.force_login(p.alice)
    assert client.get(reverse("signoff:summary_sheet", args=[budget.pk])).status_code == 404
