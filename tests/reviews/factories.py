"""Builders for the review tests: budgets in place, reviews due, and a frozen London clock."""

import datetime
from zoneinfo import ZoneInfo

import time_machine

from pbudget.lifecycle import Status
from reviews.models import Review, ReviewKind
from tests.factories import BudgetFactory

LONDON = ZoneInfo("Europe/London")
AGREED_WEEKLY_PENCE = 23450


def london(*args):
    """A London wall-clock time, e.g. london(2026, 10, 13, 0, 30)."""
    return datetime.datetime(*args, tzinfo=LONDON)


def at(*args):
    """Freeze the clock at a London wall-clock time."""
    return time_machine.travel(london(*args), tick=False)


def active_budget(person, **kwargs):
    """A budget in place (or, with status=..., anywhere else) with an agreed weekly amount."""
    kwargs = {"status": Status.ACTIVE, "agreed_weekly_pence": AGREED_WEEKLY_PENCE, **kwargs}
    return BudgetFactory(person=person, **kwargs)


def scheduled_review(budget, due_date, kind=ReviewKind.FIRST, **kwargs):
    return Review.objects.create(budget=budget, kind=kind, due_date=due_date, **kwargs)


def outcome_answers(budget, achieved="partly", notes=""):
    """{plan outcome id: {...}} for every outcome of the budget's agreed plan, as review_complete takes."""
    from reviews.selectors import review_plan_outcomes

    return {o.pk: {"achieved": achieved, "worker_notes": notes} for o in review_plan_outcomes(budget=budget)}


def complete_form(budget, achieved="partly", **fields):
    """The completion form as a browser would post it."""
    from reviews.selectors import review_plan_outcomes

    data = {"held_how": "face_to_face", "notes": "The allotment is going well.", "next_step": "continue"}
    for outcome in review_plan_outcomes(budget=budget):
        data[f"o{outcome.pk}_achieved"] = achieved
    return {**data, **fields}
