"""
Two approvers acting at once, in real concurrent PostgreSQL transactions (two threads, two
connections): exactly one decision, and the other is told why nothing happened.
"""

import threading
import time

import pytest
from django.db import connection

from pbudget.lifecycle import MoveNotAllowed, Status
from pbudget.models import BudgetEvent, PersonalBudget, Role
from signoff import services
from signoff.models import PanelApproval, SignoffDecision
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def race(monkeypatch, *attempts):
    """Run each attempt in its own thread and connection, all starting together; collect the outcomes."""
    real = services.plan_costs

    def slow_plan_costs(**kwargs):
        time.sleep(0.3)  # hold the row lock a while, so the others really wait on it
        return real(**kwargs)

    monkeypatch.setattr(services, "plan_costs", slow_plan_costs)
    monkeypatch.setattr("signoff.sheets.summary_sheet_queue", lambda **kw: None)  # no PDF needed here
    start, outcomes = threading.Barrier(len(attempts)), []

    def run(attempt):
        try:
            start.wait()
            outcomes.append(attempt())
        except MoveNotAllowed as refused:
            outcomes.append(str(refused))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in attempts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcomes


def test_a_worker_and_a_manager_approving_at_once_make_one_decision(p, at_signoff, monkeypatch):
    budget, submitted = at_signoff
    version = submitted.lock_version
    outcomes = race(
        monkeypatch,
        lambda: services.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=version),
        lambda: services.signoff_approve(budget=budget, actor=p.mandy, plan_lock_version=version),
    )
    decisions = [o for o in outcomes if isinstance(o, SignoffDecision)]
    refusals = [o for o in outcomes if isinstance(o, str)]
    assert len(decisions) == 1 and len(refusals) == 1, outcomes
    assert "not waiting for sign-off" in refusals[0]
    assert SignoffDecision.objects.count() == 1
    assert BudgetEvent.objects.filter(budget=budget, move="approve_plan").count() == 1
    assert PersonalBudget.objects.get(pk=budget.pk).status == Status.ACTIVE


def test_two_panel_members_at_once_make_one_decision_with_both_names(p, at_signoff, monkeypatch):
    budget, submitted = at_signoff
    dan = UserFactory(council=p.northshire, role=Role.TEAM_MANAGER, full_name="Dan Director", is_senior_manager=True)
    p.north.managers.add(dan)
    p.mandy.is_senior_manager = True
    p.mandy.save(update_fields=["is_senior_manager"])
    request = budget.signoff_requests.get()
    request.level = "panel"
    request.save(update_fields=["level"])
    version = submitted.lock_version
    outcomes = race(
        monkeypatch,
        lambda: services.signoff_approve(budget=budget, actor=p.mandy, plan_lock_version=version),
        lambda: services.signoff_approve(budget=budget, actor=dan, plan_lock_version=version),
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["NoneType", "SignoffDecision"], outcomes
    decision = SignoffDecision.objects.get()
    assert {decision.decided_by, decision.panel_first_approver} == {p.mandy, dan}
    assert PanelApproval.objects.count() == 1
    assert PersonalBudget.objects.get(pk=budget.pk).status == Status.ACTIVE
