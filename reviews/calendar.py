"""
Review dates, as plain calendar arithmetic (no Django): the tests check these directly.

Every date here is a date in the council's own calendar (Europe/London for English councils):
a review due "in 8 weeks" is due on that London date whatever the clocks did in between, so
none of these functions ever sees a time or a UTC offset.
"""

import datetime

from dateutil.relativedelta import relativedelta


def first_review_due(plan_start: datetime.date, weeks: int) -> datetime.date:
    """The first review: `weeks` after the plan starts (the law asks for 6-8 weeks)."""
    return plan_start + datetime.timedelta(weeks=weeks)


def next_review_due(completed_on: datetime.date, months: int) -> datetime.date:
    """The next review `months` after this one; 29 February rolls back to 28 February."""
    return completed_on + relativedelta(months=months)


def days_overdue(today: datetime.date, due: datetime.date) -> int:
    """Days past the due date: 0 on the day itself, negative before it."""
    return (today - due).days


def overdue_week(today: datetime.date, due: datetime.date) -> int | None:
    """
    Which week of being overdue `today` falls in: 0 from the day after the due date, 1 a week
    later, and so on; None while not overdue. Managers get one reminder per week number, so
    an overdue review is raised with them weekly until it is done.
    """
    days = days_overdue(today, due)
    return None if days < 1 else (days - 1) // 7
