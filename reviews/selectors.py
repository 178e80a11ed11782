"""Public reads of the review stage."""

from reviews.models import Review, ReviewStatus


def review_open(*, budget) -> Review | None:
    """The budget's scheduled or in-progress review (the database allows at most one)."""
    return Review.objects.filter(budget=budget).exclude(status=ReviewStatus.COMPLETED).first()
