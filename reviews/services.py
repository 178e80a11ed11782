"""Review services: scheduling, starting and completing reviews."""

import datetime

from django.db import transaction

from reviews.models import Review, ReviewKind

FIRST_REVIEW_AFTER = datetime.timedelta(weeks=8)


def review_schedule_first(*, budget, plan_start: datetime.date) -> Review:
    """
    Schedule the first review 8 weeks after the plan starts. Called by sign-off inside its
    approval transaction. The database allows one open review per budget, so calling this
    twice for the same budget fails loudly rather than scheduling two.
    """
    with transaction.atomic():
        return Review.objects.create(budget=budget, kind=ReviewKind.FIRST, due_date=plan_start + FIRST_REVIEW_AFTER)
