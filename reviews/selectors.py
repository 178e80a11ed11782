"""Public reads of the review stage."""

import datetime

from django.db.models import Count, Q, Window

from pbudget.models import PersonalBudget
from reviews.models import OPEN_REVIEW_STATUSES, RATING_QUESTIONS, Review, ReviewKind, ReviewOutcome, ReviewStatus
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


def review_figures(*, council_id, team_ids=None, start: datetime.date, end: datetime.date,
                   today: datetime.date | None = None) -> dict:
    """
    Review figures for a council (or some of its teams), for managers. Two queries, whatever the size.

    - "teams": `reviews.figures.TeamFigures` per team and for all of them together (team_id None):
      open reviews due in the next DUE_SOON_DAYS days, overdue today and by how long (bands and the
      longest), and reviews completed from `start` up to but not including `end` (London dates),
      with how many were completed by their due date;
    - "changes": what those completed reviews led to: [{route, change, count, share}], route being
      carried on, plan variation, reassessment or support ended, change increase, decrease, no
      change or awaiting sign-off (a varied plan or reassessment not yet agreed);
    - "ratings": the standard questions' average rating (1 worse to 4 a lot better) by month.
    """
    from django.db.models import Min

    from reviews.figures import OVERDUE_BANDS, CompletedReview, TeamFigures, add_completed, changes, ratings_by_month
    from reviews.models import RATING_QUESTIONS
    from reviews.services import LOCAL_TZ, local_today

    today = today or local_today()
    team_path = "budget__person__team_id"
    in_scope = Q(budget__council_id=council_id) & (Q() if team_ids is None else Q(**{f"{team_path}__in": team_ids}))
    overdue = Q(due_date__lt=today)
    bands = {
        label: Count("pk", filter=Q(due_date__lte=today - datetime.timedelta(days=first))
                     & (Q() if last is None else Q(due_date__gte=today - datetime.timedelta(days=last))))
        for label, first, last in OVERDUE_BANDS
    }
    open_rows = (
        Review.objects.filter(in_scope, status__in=OPEN_REVIEW_STATUSES, budget__status__in=REMINDED_STATUSES)
        .order_by().values(team_path)
        .annotate(
            due_soon=Count("pk", filter=Q(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))),
            overdue=Count("pk", filter=overdue), oldest=Min("due_date", filter=overdue),
            **{f"band_{i}": expression for i, expression in enumerate(bands.values())},
        )
    )
    teams = {None: TeamFigures(team_id=None)}
    for row in open_rows:
        for key in (row[team_path], None):
            figures = teams.setdefault(key, TeamFigures(team_id=key))
            figures.due_soon += row["due_soon"]
            figures.overdue += row["overdue"]
            for i, (label, _, _) in enumerate(OVERDUE_BANDS):
                figures.overdue_bands[label] += row[f"band_{i}"]
            if row["oldest"] is not None:
                days = (today - row["oldest"]).days
                figures.longest_overdue_days = max(figures.longest_overdue_days or 0, days)

    since = datetime.datetime.combine(start, datetime.time(), LOCAL_TZ)
    until = datetime.datetime.combine(end, datetime.time(), LOCAL_TZ)
    fields = [team_path, "completed_at", "due_date", "next_step", "budget_before_pence", "budget_after_pence",
              "budget_after_at", *RATING_QUESTIONS]
    completed = [
        CompletedReview(
            team_id=row[0], completed_on=row[1].astimezone(LOCAL_TZ).date(), due_date=row[2], next_step=row[3],
            before_pence=row[4], after_pence=row[5], after_known=row[6] is not None,
            ratings=dict(zip(RATING_QUESTIONS, row[7:])),
        )
        for row in Review.objects.filter(in_scope, status=ReviewStatus.COMPLETED, completed_at__gte=since,
                                         completed_at__lt=until).order_by("completed_at", "pk").values_list(*fields)
    ]
    add_completed(teams, completed)
    return {
        "teams": sorted(teams.values(), key=lambda t: (t.team_id is None, t.team_id or 0)),
        "changes": changes(completed),
        "ratings": ratings_by_month(completed, list(RATING_QUESTIONS)),
    }


def rating_questions() -> dict[str, str]:
    """The standard questions rated at every review (1 worse to 4 a lot better), by key, in order."""
    return dict(RATING_QUESTIONS)
