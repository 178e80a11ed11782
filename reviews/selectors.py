"""Public reads of the review stage."""

import datetime

from django.db.models import Count, Q, Window

from pbudget.models import PersonalBudget
from reviews.models import OPEN_REVIEW_STATUSES, Review, ReviewKind, ReviewOutcome, ReviewStatus
from reviews.sweep import REMINDED_STATUSES
from support_planning.selectors import plan_agreed_outcomes

DUE_SOON_DAYS = 30


def review_open(*, budget) -> Review | None:
    """The budget's scheduled or in-progress review (the database allows at most one)."""
    return Review.objects.filter(budget=budget, status__in=OPEN_REVIEW_STATUSES).first()


def reviews_completed(*, budget):
    """The budget's completed reviews, newest first: its review history."""
    return (
        Review.objects.filter(budget=budget, status=ReviewStatus.COMPLETED)
        .select_related("completed_by")
        .order_by("-completed_at", "-pk")
    )


def reviews_due_for(*, user, today: datetime.date, within_days: int = DUE_SOON_DAYS):
    """Open reviews due within `within_days` or overdue, on budgets `user` may see, soonest first."""
    return (
        Review.objects.filter(status__in=OPEN_REVIEW_STATUSES)
        .filter(
            due_date__lte=today + datetime.timedelta(days=within_days),
            budget__in=PersonalBudget.objects.visible_to(user).filter(status__in=REMINDED_STATUSES),
        )
        .select_related("budget__person__allocated_worker", "budget__person__team", "reviewer")
        .order_by("due_date", "pk")
    )


REQUESTED_SHOWN = 10


def reviews_requested_for(*, user):
    """
    The team's work list of unplanned reviews asked for and not yet completed, on budgets `user`
    may see, most urgent first: (the first REQUESTED_SHOWN, how many in all). One query: the
    total rides along on each row as a window count.
    """
    requested = list(
        Review.objects.filter(status__in=OPEN_REVIEW_STATUSES, kind=ReviewKind.UNPLANNED)
        .filter(budget__in=PersonalBudget.objects.visible_to(user).filter(status__in=REMINDED_STATUSES))
        .select_related("budget__person", "reviewer")
        .annotate(total=Window(Count("pk")))
        .order_by("due_date", "requested_at", "pk")[:REQUESTED_SHOWN]
    )
    return requested, requested[0].total if requested else 0


def review_plan_outcomes(*, budget) -> list:
    """The agreed plan's outcomes a review looks at (through support_planning's selectors)."""
    return plan_agreed_outcomes(budget=budget)


def review_outcomes_by_plan_outcome(*, review) -> dict:
    """What has been said so far about each plan outcome in this review, by plan outcome id (one query)."""
    if review is None:
        return {}
    return {row.plan_outcome_id: row for row in ReviewOutcome.objects.filter(review=review)}


def reviews_due_counts(*, budgets, today: datetime.date, by: str, within_days: int = DUE_SOON_DAYS) -> dict:
    """
    For managers' pages: open reviews on `budgets` (a queryset) that are due within `within_days`
    or overdue, counted by `by`, a path from the budget (e.g. "person__allocated_worker").
    Returns {value of `by`: {"due_soon": n, "overdue": n}}. One query, whatever the caseload.
    """
    from django.db.models import Count

    soon = today + datetime.timedelta(days=within_days)
    rows = (
        Review.objects.filter(status__in=OPEN_REVIEW_STATUSES)
        .filter(budget__in=budgets.filter(status__in=REMINDED_STATUSES).order_by().values("pk"))
        .order_by().values(f"budget__{by}")
        .annotate(
            due_soon=Count("pk", filter=Q(due_date__gte=today, due_date__lte=soon)),
            overdue=Count("pk", filter=Q(due_date__lt=today)),
        )
    )
    return {row[f"budget__{by}"]: {"due_soon": row["due_soon"], "overdue": row["overdue"]} for row in rows}


def reviews_for_budgets(*, budget_ids) -> list[Review]:
    """Every review of these budgets, scheduled, started or completed (one query). For a person's timeline."""
    return list(Review.objects.filter(budget_id__in=budget_ids).select_related("completed_by").order_by("scheduled_at", "pk"))
