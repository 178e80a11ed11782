"""Submission opens the request at the level the rules set; panels, declines, returns; who is told."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pbudget.lifecycle import MoveNotAllowed, Status
from pbudget.models import BudgetEvent, PersonalBudget, Role
from signoff import services
from signoff.defaults import default_delegation_rules
from signoff.models import Decision, PanelApproval, SignoffDecision, SignoffRequest, SummarySheet
from support_planning.models import PlanComment, PlanStatus, SupportPlan
from support_planning.services import plan_submit
from tests.factories import BudgetFactory, PersonFactory, UserFactory
from tests.support_planning.factories import indicative, plan


def decide_url(budget):
    return reverse("signoff:decide", args=[budget.pk])


@pytest.fixture
def drafting(p):
    """Alice's budget at support planning with a complete draft: £100 a week against £200 indicative."""
    default_delegation_rules(council=p.northshire)
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    return budget, plan(budget=budget, actor=p.alice, lines=((2500, "4"),))


@pytest.fixture
def dan(p):
    """A second manager of the North team, and a senior manager on the council's sign-off panel."""
    dan = UserFactory(
        council=p.northshire, role=Role.TEAM_MANAGER, full_name="Dan Director", email="dan@northshire.example", is_senior_manager=True,
    )
    p.north.managers.add(dan)
    return dan


@pytest.fixture
def sam(p):
    """A senior manager on the sign-off panel who manages no team: she sees no one's record."""
    return UserFactory(
        council=p.northshire, role=Role.TEAM_MANAGER, full_name="Sam Senior", email="sam@northshire.example", is_senior_manager=True,
    )


def submitted_at(budget, draft, actor, weekly_pence):
    draft.lines.update(unit_cost_pence=weekly_pence // 4)
    # Support planning asks for a reason when a plan costs more than the indicative budget.
    SupportPlan.objects.filter(pk=draft.pk).update(over_budget_reason="Two carers are needed to move safely")
    plan_submit(plan=draft, actor=actor, lock_version=draft.lock_version)
    draft.refresh_from_db()
    return SignoffRequest.objects.get(budget=budget, closed_at__isnull=True)


@pytest.mark.parametrize(("weekly", "level", "rule"), [
    (20000, "social_worker", "Rule 1: social worker sign-off (version 1)"),   # £10,400 a year, the indicative budget
    (22000, "social_worker", "Rule 1: social worker sign-off (version 1)"),   # exactly 10% over
    (22004, "team_manager", "Rule 2: team manager sign-off (version 1)"),     # just over 10%
    (96152, "team_manager", "Rule 2: team manager sign-off (version 1)"),     # £49,999.04 a year
    (96156, "panel", "Rule 3: panel of two senior managers (version 1)"),     # £50,001.12 a year
])
def test_submitting_records_the_level_the_rule_and_the_reason(p, drafting, weekly, level, rule, django_capture_on_commit_callbacks):
    budget, draft = drafting
    with django_capture_on_commit_callbacks(execute=True):
        request = submitted_at(budget, draft, p.alice, weekly)
    assert (request.level, request.rule, request.plan, request.plan_lock_version) == (level, rule, draft, draft.lock_version)
    assert request.rule_set.version == 1 and request.requested_by == p.alice
    assert request.plan_yearly_pence == weekly * 52 and request.indicative_yearly_pence == 20000 * 52
    assert request.reason.startswith({"social_worker": "A social worker may", "team_manager": "A team manager must", "panel": "A panel of two"}[level])
    sheet = SummarySheet.objects.get(budget=budget)  # the approver reads the sheet, not the whole plan
    assert (sheet.plan, sheet.plan_lock_version, sheet.decision, sheet.state) == (draft, draft.lock_version, None, SummarySheet.State.READY)


def test_the_checklist_is_shown_before_submitting_and_an_incomplete_plan_is_refused(client, p, drafting):
    budget, draft = drafting
    SupportPlan.objects.filter(pk=draft.pk).update(contingency="", money_management="isf", provider_name="")
    client.force_login(p.alice)
    check = reverse("support_planning:check", args=[budget.pk])
    page = client.get(check).content.decode()
    assert "What sign-off needs from your plan" in page
    contingency = reverse("support_planning:contingency", args=[budget.pk])
    assert f'<a class="govuk-link" href="{contingency}">Say what happens if things go wrong' in page
    # Said once, in the one list of what the plan needs (the plan's own check and sign-off's agree).
    assert page.count("Name the provider who will hold the money for") == 1
    assert "The plan is not ready to submit" in page and "Submit for sign-off" not in page

    with pytest.raises(MoveNotAllowed, match="not ready"):
        plan_submit(plan=draft, actor=p.alice, lock_version=draft.lock_version)
    SupportPlan.objects.filter(pk=draft.pk).update(provider_name="Acme Care")
    draft.refresh_from_db()
    with pytest.raises(MoveNotAllowed, match="say what happens if things go wrong"):
        plan_submit(plan=draft, actor=p.alice, lock_version=draft.lock_version)
    budget.refresh_from_db()
    assert budget.status == Status.PLANNING and not SignoffRequest.objects.exists() and not SummarySheet.objects.exists()

    SupportPlan.objects.filter(pk=draft.pk).update(contingency="My neighbour Sam has a key")
    page = client.get(check).content.decode()
    assert "Done</strong> Say what happens if things go wrong" in page and "Submit for sign-off" in page


def test_a_panel_needs_two_different_senior_managers_and_not_the_one_who_submitted(client, p, drafting, dan, sam, django_capture_on_commit_callbacks):
    budget, draft = drafting
    submitted_at(budget, draft, dan, 100000)  # £52,000 a year, submitted by Dan himself
    with pytest.raises(MoveNotAllowed, match="You submitted this plan"):
        services.signoff_approve(budget=budget, actor=dan, plan_lock_version=draft.lock_version)
    for not_senior in (p.mandy, p.wendy):  # the team's own manager is not on the panel
        with pytest.raises(MoveNotAllowed, match="can't make this decision"):
            services.signoff_approve(budget=budget, actor=not_senior, plan_lock_version=draft.lock_version)
    client.force_login(p.mandy)
    assert "Alice Adams" not in client.get(reverse("signoff:queue")).content.decode()
    assert "a panel of two senior managers must decide on it" in client.get(decide_url(budget)).content.decode()
    client.force_login(dan)
    assert "Alice Adams" not in client.get(reverse("signoff:queue")).content.decode()  # he can't be one of its two

    # Sam manages no team: the plan waits in her queue, she reads it and its sheet, but not Alice's record.
    client.force_login(sam)
    assert "0 of 2 approved" in client.get(reverse("signoff:queue")).content.decode()
    assert 'name="decision"' in client.get(decide_url(budget)).content.decode()
    assert client.get(reverse("signoff:summary_sheet", args=[budget.pk])).status_code == 200
    assert client.get(reverse("person_detail", args=[p.alice_person.pk])).status_code == 404
    assert client.get(reverse("support_planning:plan", args=[budget.pk])).status_code == 404
    client.post(decide_url(budget), {"decision": "approve", "plan_lock_version": draft.lock_version})
    assert PersonalBudget.objects.get(pk=budget.pk).status == Status.SIGN_OFF and not SignoffDecision.objects.exists()
    assert PanelApproval.objects.get().approver == sam
    assert "Approved so far by Sam Senior" in client.get(decide_url(budget)).content.decode()
    with pytest.raises(MoveNotAllowed, match="already approved"):  # the same person twice is not a panel
        services.signoff_approve(budget=budget, actor=sam, plan_lock_version=draft.lock_version)
    assert "Alice Adams" not in client.get(reverse("signoff:queue")).content.decode()  # nothing more for Sam

    SignoffRequest.objects.update(requested_by=p.alice)  # as if Alice had submitted it: now Dan may sit
    client.force_login(dan)
    assert "1 of 2 approved" in client.get(reverse("signoff:queue")).content.decode()
    with pytest.raises(MoveNotAllowed, match="first panel member agreed £1,000.00 a week"):
        services.signoff_approve(budget=budget, actor=dan, plan_lock_version=draft.lock_version, agreed_weekly_pence=120000, reason="More")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(budget), {"decision": "approve", "plan_lock_version": draft.lock_version})
    decision = SignoffDecision.objects.get()
    assert (decision.level, decision.decided_by, decision.panel_first_approver) == ("panel", dan, sam)
    assert decision.rule == "Rule 3: panel of two senior managers (version 1)" and decision.agreed_weekly_pence == 100000
    assert PersonalBudget.objects.get(pk=budget.pk).status == Status.ACTIVE
    sheet = SummarySheet.objects.get(budget=budget)  # the submission's sheet, replaced
    assert sheet.decision == decision and sheet.state == SummarySheet.State.READY
    client.force_login(sam)  # decided: the panel's reach has ended
    assert client.get(decide_url(budget)).status_code == 404
    assert client.get(reverse("signoff:summary_sheet", args=[budget.pk])).status_code == 404
    client.force_login(p.alice)  # Alice sees that a senior manager read her plan (by role, not by name)
    looked = client.get(reverse("record_access", args=[p.alice_person.pk])).content.decode()
    assert "A senior manager" in looked and "Sam Senior" not in looked


def test_a_senior_manager_reaches_only_plans_waiting_for_the_panel(client, p, drafting, sam):
    budget, draft = drafting
    submitted_at(budget, draft, p.alice, 30000)  # a team manager's plan, not the panel's
    client.force_login(sam)
    assert "Alice Adams" not in client.get(reverse("signoff:queue")).content.decode()
    assert client.get(decide_url(budget)).status_code == 404
    for decide in (services.signoff_approve, services.signoff_decline):
        with pytest.raises(MoveNotAllowed, match="not allowed"):
            decide(budget=budget, actor=sam, plan_lock_version=draft.lock_version, **({"reasons": "No"} if decide is services.signoff_decline else {}))
    with pytest.raises(MoveNotAllowed, match="not allowed"):
        services.signoff_return(budget=budget, actor=sam, plan_lock_version=draft.lock_version, comments="Add travel")
    other_council = UserFactory(council=p.southvale, role=Role.TEAM_MANAGER, is_senior_manager=True)
    SignoffRequest.objects.update(level="panel")
    client.force_login(other_council)
    assert client.get(decide_url(budget)).status_code == 404
    client.force_login(sam)
    assert client.get(decide_url(budget)).status_code == 200
    # A senior manager may return a panel plan with comments, like staff of the team.
    services.signoff_return(budget=budget, actor=sam, plan_lock_version=draft.lock_version, comments="Add travel")
    assert PersonalBudget.objects.get(pk=budget.pk).status == Status.PLANNING


def test_a_manager_agreeing_above_their_limit_sends_the_plan_to_the_panel(client, p, drafting, dan, sam):
    budget, draft = drafting
    submitted_at(budget, draft, p.alice, 30000)  # a team manager's plan
    with pytest.raises(MoveNotAllowed, match="A panel of two senior managers must sign this off"):
        services.signoff_approve(budget=budget, actor=p.mandy, plan_lock_version=draft.lock_version, agreed_weekly_pence=100000, reason="Night care")
    # Dan manages the team and is a senior manager: his approval of more is the panel's first.
    assert services.signoff_approve(budget=budget, actor=dan, plan_lock_version=draft.lock_version, agreed_weekly_pence=100000, reason="Night care") is None
    request = SignoffRequest.objects.get()
    assert request.level == "panel" and request.rule == "Rule 3: panel of two senior managers (version 1)"
    client.force_login(sam)
    assert "1 of 2 approved" in client.get(reverse("signoff:queue")).content.decode()
    decision = services.signoff_approve(budget=budget, actor=sam, plan_lock_version=draft.lock_version, agreed_weekly_pence=100000, reason="Night care")
    assert (decision.level, decision.decided_by, decision.panel_first_approver) == ("panel", sam, dan)


def test_decline_records_reasons_and_how_to_challenge_and_alice_is_told(client, p, drafting, django_capture_on_commit_callbacks):
    budget, draft = drafting
    submitted_at(budget, draft, p.alice, 10000)
    client.force_login(p.wendy)
    page = client.post(decide_url(budget), {"decision": "decline", "plan_lock_version": draft.lock_version}).content.decode()
    assert "Enter the reasons for declining the plan" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(budget), {"decision": "decline", "plan_lock_version": draft.lock_version, "reasons": "The gym is not an eligible need."})
    decision = SignoffDecision.objects.get()
    assert (decision.decision, decision.comments, decision.level, decision.plan_lock_version) == (
        Decision.DECLINED, "The gym is not an eligible need.", "social_worker", draft.lock_version)
    assert "Ombudsman" in decision.challenge_information
    assert BudgetEvent.objects.filter(budget=budget).last().move == "decline_plan"
    budget.refresh_from_db()
    draft.refresh_from_db()
    assert budget.status == Status.PLANNING and draft.status == PlanStatus.RETURNED  # the version is kept
    assert SupportPlan.objects.get(budget=budget, status=PlanStatus.DRAFT).previous == draft  # a new draft from it

    # Alice wrote the plan and is the person; Rita, her daughter, acts for her.
    assert [m.to for m in mail.outbox] == [["alice@example.org"], ["rita@example.org"]]
    assert mail.outbox[0].subject == "Your support plan has not been agreed"
    assert "The gym is not an eligible need." in mail.outbox[0].body and "Ombudsman" in mail.outbox[0].body
    client.force_login(p.alice)
    home = client.get(reverse("home")).content.decode()
    assert "Your plan was not agreed on" in home and "The gym is not an eligible need." in home and "How to challenge this decision" in home


def test_return_with_comments_on_parts_reaches_the_plan_and_the_author(client, p, drafting, django_capture_on_commit_callbacks):
    budget, draft = drafting
    SupportPlan.objects.filter(pk=draft.pk).update(created_by=p.rita)  # Rita wrote it for her mother
    submitted_at(budget, draft, p.rita, 10000)
    outcome, line = draft.outcomes.get(), draft.lines.get()
    client.force_login(p.wendy)
    form = client.get(decide_url(budget)).context["form"]
    fields = {key: f"part_{i}" for i, (key, _) in enumerate(form.parts)}
    assert set(fields) == {"what_matters", f"outcome:{outcome.pk}", f"line:{line.pk}", "money", "contingency"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(budget), {
            "decision": "return", "plan_lock_version": draft.lock_version, "comments": "",
            fields[f"line:{line.pk}"]: "How many hours is this?", fields["money"]: "Who manages the payroll?",
        })
    decision = SignoffDecision.objects.get()
    assert decision.part_comments == {f"line:{line.pk}": "How many hours is this?", "money": "Who manages the payroll?"}
    assert dict(PlanComment.objects.values_list("part", "text")) == decision.part_comments
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "rita@example.org"]  # Rita once, though author and representative
    assert all(m.subject == "Your support plan has come back with comments" for m in mail.outbox)


def test_a_person_without_email_is_told_through_the_representatives_acting_for_them(client, p, drafting, django_capture_on_commit_callbacks):
    from pbudget.models import Person, Representative

    budget, draft = drafting
    # Alice signs in with no account of her own and has no email; Rita holds a lasting power of
    # attorney; Ron acted for her once, but his authority has ended.
    Person.objects.filter(pk=p.alice_person.pk).update(user=None, email="")
    ron = UserFactory(council=p.northshire, full_name="Ron Former", email="Ron@Example.org")
    Representative.objects.create(person=p.alice_person, user=ron, relationship="Friend", authority="consent", ended_at=timezone.now())
    tom = UserFactory(council=p.northshire, full_name="Tom Advocate", email="tom@advocacy.example")
    Representative.objects.create(person=p.alice_person, user=tom, relationship="Advocate", authority="advocate")
    SupportPlan.objects.filter(pk=draft.pk).update(created_by=p.wendy)
    submitted_at(budget, draft, p.wendy, 10000)
    with django_capture_on_commit_callbacks(execute=True):
        services.signoff_approve(budget=budget, actor=p.mandy, plan_lock_version=draft.lock_version)
    assert sorted(m.to[0] for m in mail.outbox) == ["rita@example.org", "tom@advocacy.example", "wendy@northshire.example"]
    assert all("The support plan for Alice Adams has been signed off" in m.body for m in mail.outbox)
    client.force_login(p.rita)
    assert "Signed off on" in client.get(reverse("home")).content.decode()  # and on her home page


def test_emails_are_sent_once_even_if_the_task_runs_twice(p, drafting, django_capture_on_commit_callbacks):
    from signoff.notify import signoff_decision_notify

    budget, draft = drafting
    submitted_at(budget, draft, p.alice, 10000)
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=draft.lock_version)
    assert len(mail.outbox) == 2 and "£100.00 a week" in mail.outbox[0].body  # Alice and Rita
    assert signoff_decision_notify(decision_id=decision.pk) == 0 and len(mail.outbox) == 2


def test_agreeing_more_than_the_plan_is_checked_against_the_same_rules(p, drafting):
    budget, draft = drafting
    submitted_at(budget, draft, p.alice, 10000)
    with pytest.raises(MoveNotAllowed, match="A team manager must sign this off"):
        services.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=draft.lock_version, agreed_weekly_pence=40000, reason="Night care")
    decision = services.signoff_approve(budget=budget, actor=p.mandy, plan_lock_version=draft.lock_version, agreed_weekly_pence=40000, reason="Night care")
    assert (decision.level, decision.agreed_yearly_pence, decision.comments) == ("team_manager", 40000 * 52, "Night care")


def _many_waiting(p, n, level_weekly, team=None):
    for i in range(n):
        person = PersonFactory(team=team or p.north, first_name="Person", last_name=f"Number {i}")
        budget = BudgetFactory(person=person, status=Status.SIGN_OFF)
        indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
        made = plan(budget=budget, actor=p.wendy, status=PlanStatus.SUBMITTED, lines=((level_weekly, "1"),), over_budget_reason="Night care")
        services.signoff_request_open(budget=budget, plan=made, actor=p.wendy)


def test_the_managers_queue_holds_manager_and_panel_plans_in_fixed_queries(client, p, dan):
    default_delegation_rules(council=p.northshire)
    _many_waiting(p, 1, 30000)  # a manager's
    client.force_login(dan)  # a senior manager of the North team
    with CaptureQueriesContext(connection) as one:
        page = client.get(reverse("signoff:queue")).content.decode()
    assert "Person Number 0" in page and "Team manager" in page
    _many_waiting(p, 24, 30000)
    _many_waiting(p, 15, 100000)  # the panel's, in his team
    _many_waiting(p, 10, 100000, team=p.south)  # the panel's, in another team of the council
    _many_waiting(p, 5, 30000, team=p.south)  # the South team manager's: not his
    _many_waiting(p, 5, 1000)  # social workers': not in a manager's queue
    with CaptureQueriesContext(connection) as fifty:
        page = client.get(reverse("signoff:queue")).content.decode()
    assert len(fifty) == len(one), f"the queue ran {len(one)} queries for 1 plan but {len(fifty)} for 50"
    assert page.count("decide on the plan") == 50 and page.count("Panel</strong>") == 25
    assert page.count("South adults team") == 10
    client.force_login(p.mandy)  # the North team's manager, not on the panel
    page = client.get(reverse("signoff:queue")).content.decode()
    assert page.count("decide on the plan") == 25 and "Panel</strong>" not in page


def test_the_workers_queue_holds_social_worker_plans_in_fixed_queries(client, p):
    default_delegation_rules(council=p.northshire)
    _many_waiting(p, 1, 1000)
    client.force_login(p.wendy)
    with CaptureQueriesContext(connection) as one:
        page = client.get(reverse("signoff:queue")).content.decode()
    assert page.count("decide on the plan") == 1
    _many_waiting(p, 29, 1000)
    _many_waiting(p, 5, 30000)  # a manager's: not in a worker's queue
    _many_waiting(p, 5, 1000, team=p.south)  # another team's: not hers
    with CaptureQueriesContext(connection) as thirty:
        page = client.get(reverse("signoff:queue")).content.decode()
    assert len(thirty) == len(one), f"the queue ran {len(one)} queries for 1 plan but {len(thirty)} for 30"
    assert page.count("decide on the plan") == 30 and "Team manager</strong>" not in page


def test_waiting_is_counted_in_working_days_against_the_councils_target(client, p, drafting):
    import time_machine

    budget, draft = drafting
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC)):  # a Friday
        submitted_at(budget, draft, p.alice, 10000)
    with time_machine.travel(datetime.datetime(2026, 11, 27, 10, tzinfo=datetime.UTC)):  # the next Friday
        client.force_login(p.wendy)
        page = client.get(reverse("signoff:queue")).content.decode()
    assert "5 of 5" in page and "Overdue" not in page
    with time_machine.travel(datetime.datetime(2026, 11, 30, 10, tzinfo=datetime.UTC)):  # Monday
        client.force_login(p.wendy)
        page = client.get(reverse("signoff:queue")).content.decode()
    assert "6 of 5" in page and "Overdue" in page


def test_the_queue_does_not_count_christmas_as_waiting(client, p, drafting):
    import time_machine

    budget, draft = drafting
    with time_machine.travel(datetime.datetime(2026, 12, 24, 10, tzinfo=datetime.UTC)):  # Christmas Eve, a Thursday
        submitted_at(budget, draft, p.alice, 10000)
    with time_machine.travel(datetime.datetime(2026, 12, 31, 10, tzinfo=datetime.UTC)):  # a week later
        client.force_login(p.wendy)
        page = client.get(reverse("signoff:queue")).content.decode()
    # The 29th, 30th and 31st: Christmas Day and Boxing Day (taken on Monday the 28th) are bank holidays.
    assert "3 of 5" in page and "Overdue" not in page and "not counting bank holidays" in page


def test_a_worker_who_wrote_the_plan_is_told_on_their_home_page(client, p, drafting, django_capture_on_commit_callbacks):
    budget, draft = drafting
    SupportPlan.objects.filter(pk=draft.pk).update(created_by=p.wendy)
    submitted_at(budget, draft, p.wendy, 30000)
    with django_capture_on_commit_callbacks(execute=True):
        services.signoff_return(budget=budget, actor=p.mandy, plan_lock_version=draft.lock_version, comments="Add travel")
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "rita@example.org", "wendy@northshire.example"]
    client.force_login(p.wendy)
    home = client.get(reverse("home")).content.decode()
    assert "Support plans you wrote with people: what sign-off decided" in home
    assert "Alice Adams’s support plan</a> was returned with comments by Mandy Manager on" in home
    client.force_login(p.walter)  # wrote nothing here
    assert "what sign-off decided" not in client.get(reverse("home")).content.decode()


def test_a_plan_with_risks_needs_how_they_are_managed_and_a_manager(client, p, drafting):
    budget, draft = drafting
    SupportPlan.objects.filter(pk=draft.pk).update(risks="I go out on my own at night")
    draft.refresh_from_db()
    client.force_login(p.alice)
    page = client.get(reverse("support_planning:check", args=[budget.pk])).content.decode()
    risks = reverse("support_planning:risks", args=[budget.pk])
    assert f'href="{risks}">Say how the risks you choose to take will be managed' in page
    with pytest.raises(MoveNotAllowed, match="say how the risks you choose to take will be managed"):
        plan_submit(plan=draft, actor=p.alice, lock_version=draft.lock_version)
    SupportPlan.objects.filter(pk=draft.pk).update(risk_management="I carry a phone and my daughter knows my route")
    request = submitted_at(budget, draft, p.alice, 10000)
    assert request.risk_flag and request.level == "team_manager" and "the plan has a risk flagged" in request.reason


def test_a_worker_reads_a_plan_a_manager_must_decide_without_a_decision_form(client, p, drafting):
    budget, draft = drafting
    submitted_at(budget, draft, p.alice, 30000)  # over 10% above the indicative budget: a team manager
    client.force_login(p.wendy)
    page = client.get(decide_url(budget)).content.decode()
    assert "a team manager must decide on it" in page
    assert 'name="decision"' not in page
    client.force_login(p.mandy)
    page = client.get(decide_url(budget)).content.decode()
    assert "a team manager must decide on it" not in page
    assert 'name="decision"' in page
