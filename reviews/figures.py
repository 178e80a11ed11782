"""
Review figures for managers, worked out from plain rows (no Django here: the tests feed it rows by
hand). `reviews.selectors.review_figures` reads the rows in two queries and calls these.

What councils are asked about reviews: are they on time, and are they a back door to cuts? So:
how many are due and overdue (and by how long), how many were completed on time, what completed
reviews led to (increase, decrease, no change) by which route (carrying on, a plan variation, a
reassessment), and how people rate what the budget has helped with, month by month.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

# Overdue bands, in days past the due date: (label, first day, last day or None).
OVERDUE_BANDS = (("up to 4 weeks", 1, 28), ("4 to 12 weeks", 29, 84), ("over 12 weeks", 85, None))

ROUTES = {"continue": "carried on", "vary": "plan variation", "reassess": "reassessment", "end": "support ended"}
INCREASE, DECREASE, NO_CHANGE, AWAITING = "increase", "decrease", "no change", "awaiting sign-off"


@dataclass(frozen=True)
class CompletedReview:
    team_id: int
    completed_on: datetime.date  # the London date
    due_date: datetime.date
    next_step: str
    before_pence: int | None
    after_pence: int | None
    after_known: bool
    ratings: dict  # question -> 1..4 or None


@dataclass
class TeamFigures:
    team_id: int | None  # None: all the teams in scope together
    due_soon: int = 0
    overdue: int = 0
    overdue_bands: dict = field(default_factory=lambda: {label: 0 for label, _, _ in OVERDUE_BANDS})
    longest_overdue_days: int | None = None
    completed: int = 0
    completed_on_time: int = 0

    @property
    def on_time_share(self) -> float | None:
        return None if not self.completed else self.completed_on_time / self.completed


def change_of(review: CompletedReview) -> str:
    """What a completed review led to for the agreed budget."""
    if review.next_step in ("continue", "end"):
        return NO_CHANGE
    if not review.after_known or review.before_pence is None or review.after_pence is None:
        return AWAITING
    if review.after_pence > review.before_pence:
        return INCREASE
    if review.after_pence < review.before_pence:
        return DECREASE
    return NO_CHANGE


def add_completed(teams: dict, reviews: list[CompletedReview]) -> None:
    """Count completed and completed-on-time reviews into `teams` (by team id, and None for all)."""
    for review in reviews:
        for key in (review.team_id, None):
            figures = teams.setdefault(key, TeamFigures(team_id=key))
            figures.completed += 1
            figures.completed_on_time += review.completed_on <= review.due_date


def changes(reviews: list[CompletedReview]) -> list[dict]:
    """[{route, change, count, share}] over all completed reviews, share of the whole, largest first."""
    counts = defaultdict(int)
    for review in reviews:
        counts[(ROUTES.get(review.next_step, review.next_step), change_of(review))] += 1
    total = sum(counts.values())
    return [
        {"route": route, "change": change, "count": count, "share": count / total}
        for (route, change), count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def ratings_by_month(reviews: list[CompletedReview], questions) -> list[dict]:
    """[{month, reviews, <question>: average or None, <question>_answers: n}] by month of completion."""
    months = defaultdict(list)
    for review in reviews:
        months[review.completed_on.replace(day=1)].append(review)
    rows = []
    for month in sorted(months):
        row = {"month": month, "reviews": len(months[month])}
        for question in questions:
            answers = [r.ratings.get(question) for r in months[month] if r.ratings.get(question) is not None]
            row[question] = round(sum(answers) / len(answers), 2) if answers else None
            row[f"{question}_answers"] = len(answers)
        rows.append(row)
    return rows
