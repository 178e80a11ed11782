"""
With Redis unreachable, every page still works and nothing queued is lost. Every place in our code
that hands work to the broker is listed below with where its broker-down behaviour is proven; a new
one fails the first test until it is added (and it must hand over inside a `try`, so a broker that
is down can never turn a committed change into an error page). The second walks the kinds of
queued work the core sweep catches up (settings.QUEUED_WORK): asked for with the broker down (the
page answers, the row waits), caught up once the broker is back.
"""

import ast
import datetime
import time
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from pbudget.celery import app
from pbudget.models import SubjectAccessExport
from pbudget.tasks import queued_work_sweep

ROOT = Path(__file__).resolve().parents[2]
OUR_APPS = ("pbudget", "assessment", "ras", "support_planning", "signoff", "reviews")
HAND_OVER = {"delay", "delay_on_commit", "apply_async"}
# Every function that hands work to the broker, and the test that proves a broker that is down loses nothing.
PROVEN = {
    "pbudget/queued.py:queue_safely": "test_queued_work_waits_for_the_broker_and_is_caught_up (below)",
    "assessment/documents.py:_queue": "below (assessment.Document is in QUEUED_WORK)",
    "ras/letters.py:allocation_letter_queue": "below (ras.AllocationLetter is in QUEUED_WORK)",
    "support_planning/services/document.py:plan_document_queue": "below (support_planning.PlanDocument is in QUEUED_WORK)",
    "signoff/sheets.py:summary_sheet_queue": "tests/signoff/test_resilience.py (its own sweep)",
    "signoff/services.py:_notify": "test_a_decision_email_lost_with_the_broker_down_is_sent_later (below)",
    "reviews/tasks.py:_queue_sends": "tests/reviews/test_broker_down.py (reminders are rows; the sweep reconciles)",
}


def _hand_overs():
    """(file:function, inside a try) for every call of .delay / .delay_on_commit / .apply_async in our apps."""
    for app_dir in OUR_APPS:
        for path in (ROOT / app_dir).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text())
            for func in ast.walk(tree):
                if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                guarded = {id(n) for t in ast.walk(func) if isinstance(t, ast.Try) for n in ast.walk(t)}
                for node in ast.walk(func):
                    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in HAND_OVER:
                        yield f"{path.relative_to(ROOT)}:{func.name}", id(node) in guarded


def test_every_hand_over_to_the_broker_is_guarded_and_proven():
    found = {}
    for where, guarded in _hand_overs():
        found[where] = found.get(where, True) and guarded
    assert found, "found no hand-overs: the walk is broken"
    unproven = found.keys() - PROVEN.keys()
    assert not unproven, f"work handed to the broker with no broker-down test: {sorted(unproven)}"
    stale = PROVEN.keys() - found.keys()
    assert not stale, f"listed but no longer handing over: {sorted(stale)}"
    unguarded = sorted(where for where, guarded in found.items() if not guarded)
    assert not unguarded, f"a broker that is down would raise here, after the commit: {unguarded}"


def _fresh_connections():
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """The broker refuses connections (a port where nothing listens), tasks are not run inline."""
    previous, eager = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = "redis://127.0.0.1:1/0", False
    _fresh_connections()
    yield
    app.conf.broker_url, app.conf.task_always_eager = previous, eager
    _fresh_connections()


def _broker_back():
    app.conf.broker_url, app.conf.task_always_eager = "memory://localhost/", True  # inline stands in for the worker
    _fresh_connections()


def _queued_work(p):
    """One row of each QUEUED_WORK kind, asked for as users do, by its service."""
    from assessment.defaults import default_questionnaire
    from assessment.documents import document_request_questionnaire
    from ras.letters import allocation_letter_request
    from support_planning.services.document import plan_document_request
    from tests.factories import BudgetFactory
    from tests.support_planning.factories import indicative, plan

    budget = BudgetFactory(person=p.alice_person, status="planning")
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    return [
        document_request_questionnaire(questionnaire=default_questionnaire(council=p.northshire)),
        allocation_letter_request(budget=budget, actor=p.wendy),
        plan_document_request(plan=plan(budget=budget, actor=p.alice), actor=p.wendy),
    ]


@pytest.mark.worker
def test_queued_work_waits_for_the_broker_and_is_caught_up(client, p, broker_down, django_capture_on_commit_callbacks, caplog):
    client.force_login(p.wendy)
    url = reverse("subject_access", args=[p.alice_person.pk])
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
        rows = _queued_work(p)
    assert response.status_code == 302, response.status_code  # not a 500: the request committed
    assert client.get(url).status_code == 200
    assert time.monotonic() - started < 30, "the pages waited on the broker"
    rows.append(SubjectAccessExport.objects.get(person=p.alice_person))
    assert {f"{type(row)._meta.label}" for row in rows} == settings.QUEUED_WORK.keys()
    assert "could not be queued" in caplog.text
    for row in rows:
        row.refresh_from_db()
        assert row.state == "queued", (row, row.state)

    _broker_back()
    queued_work_sweep()  # too soon: a message may still be on its way
    assert all(type(row).objects.get(pk=row.pk).state == "queued" for row in rows)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        queued_work_sweep()
        queued_work_sweep()  # a second sweep finds nothing waiting
    for row in rows:
        row.refresh_from_db()
        assert row.state in {"ready", "draft"}, (row, row.state)


@pytest.mark.worker
def test_a_decision_email_lost_with_the_broker_down_is_sent_later(p, broker_down, django_capture_on_commit_callbacks, mailoutbox):
    from signoff.defaults import default_delegation_rules
    from signoff.models import SignoffDecision
    from signoff.services import signoff_approve, signoff_request_open
    from signoff.tasks import summary_sheet_sweep
    from tests.factories import BudgetFactory
    from tests.support_planning.factories import indicative, plan

    default_delegation_rules(council=p.northshire)
    budget = BudgetFactory(person=p.alice_person, status="sign_off")
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    made = plan(budget=budget, actor=p.alice, status="submitted")
    signoff_request_open(budget=budget, plan=made, actor=p.alice)
    with django_capture_on_commit_callbacks(execute=True):
        signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=made.lock_version)
    decision = SignoffDecision.objects.get(budget=budget)
    assert decision.notified_at is None and not mailoutbox  # approved; the email waits

    _broker_back()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        summary_sheet_sweep()
        summary_sheet_sweep()  # claimed: sent once
    decision.refresh_from_db()
    assert decision.notified_at is not None
    assert mailoutbox and len(mailoutbox) == len({tuple(m.to) for m in mailoutbox})
