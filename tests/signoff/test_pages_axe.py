"""Every support-plan and sign-off page passes axe-core in a real browser."""

import pytest
from django.urls import reverse

from pbudget.lifecycle import Status
from signoff import services
from signoff.defaults import default_delegation_rules
from signoff.models import SummarySheet
from support_planning.models import PlanStatus
from tests.browser.helpers import sign_in, submit, visit
from tests.factories import BudgetFactory
from tests.support_planning.factories import indicative, plan

pytestmark = pytest.mark.browser




def test_plan_pages_pass_axe(page, live_server, p, axe):
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    sign_in(page, live_server, p.alice)
    visit(page, live_server, axe, reverse("support_planning:plan", args=[budget.pk]))  # no plan yet
    made = plan(budget=budget, actor=p.alice)
    for name, args in [("plan", []), ("about", []), ("outcome_add", []), ("outcome_edit", [made.outcomes.get().pk]),
                       ("line_add", []), ("line_edit", [made.lines.get().pk]), ("money", []), ("contingency", []), ("check", [])]:
        visit(page, live_server, axe, reverse(f"support_planning:{name}", args=[budget.pk, *args]))
    submit(page, "Submit for sign-off")
    assert "sent for sign-off" in page.content()
    axe(page)


def test_signoff_pages_pass_axe(page, live_server, p, axe):
    default_delegation_rules(council=p.northshire)
    budget = BudgetFactory(person=p.alice_person, status=Status.SIGN_OFF)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    submitted = plan(budget=budget, actor=p.alice, status=PlanStatus.SUBMITTED)
    sign_in(page, live_server, p.wendy)
    visit(page, live_server, axe, reverse("signoff:queue"))
    visit(page, live_server, axe, reverse("signoff:decide", args=[budget.pk]))
    submit(page, "Confirm decision")  # nothing chosen: the error summary
    assert "Select whether to sign off, return or decline the plan" in page.content()
    axe(page)
    services.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=submitted.lock_version)
    SummarySheet.objects.update(state=SummarySheet.State.QUEUED, pdf=None)  # as if the worker were busy
    visit(page, live_server, axe, reverse("signoff:summary_sheet", args=[budget.pk]))  # being prepared
    SummarySheet.objects.update(state=SummarySheet.State.FAILED)
    visit(page, live_server, axe, reverse("signoff:summary_sheet", args=[budget.pk]))
    visit(page, live_server, axe, reverse("support_planning:plan", args=[budget.pk]))  # read-only, approved
    page.context.clear_cookies()
    sign_in(page, live_server, p.adam)
    visit(page, live_server, axe, reverse("signoff:rules"))
    submit(page, "Start a new draft")
    axe(page)
    page.get_by_label("Target for a decision, in working days").fill("0")
    submit(page, "Save the draft")
    assert "Enter a target from 1 to 60 working days" in page.content()
    axe(page)
