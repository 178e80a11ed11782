"""Fixtures for the review tests: Alice's budget in place with an approved plan and a review due."""

import datetime

import pytest

from support_planning.models import PlanOutcome, PlanStatus, SupportPlan
from tests.reviews.factories import active_budget, scheduled_review


@pytest.fixture
def budget(p):
    """Alice's budget, in place, with an approved plan of two outcomes."""
    budget = active_budget(p.alice_person)
    plan = SupportPlan.objects.create(budget=budget, status=PlanStatus.APPROVED, created_by=p.alice)
    PlanOutcome.objects.create(plan=plan, order=1, description="Get to my allotment twice a week")
    PlanOutcome.objects.create(plan=plan, order=2, description="Have a bath without being afraid of falling")
    return budget


@pytest.fixture
def review(budget):
    """Alice's first review, due by 3 March 2027."""
    return scheduled_review(budget, datetime.date(2027, 3, 3))


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """Run the beat task itself, as beat would, with its after-commit queueing carried out."""
    from reviews.tasks import review_reminder_sweep

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return review_reminder_sweep()

    return run
