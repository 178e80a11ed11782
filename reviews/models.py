"""Reviews (scheduled, due-dated rows) and the reminders sent about them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ReviewKind(models.TextChoices):
    FIRST = "first", "First review"
    ANNUAL = "annual", "Annual review"
    UNPLANNED = "unplanned", "Unplanned review"


class ReviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class OutcomesMet(models.TextChoices):
    MET = "met", "Outcomes met"
    PARTLY = "partly", "Outcomes partly met"
    NOT_MET = "not_met", "Outcomes not met"


class NextStep(models.TextChoices):
    CONTINUE = "continue", "Carry on with the plan as it is"
    VARY = "vary", "Change the support plan"
    REASSESS = "reassess", "Reassess needs"
    END = "end", "End support"


class Review(models.Model):
    budget = models.ForeignKey("pbudget.PersonalBudget", on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=20, choices=ReviewKind)
    due_date = models.DateField(db_index=True)
    status = models.CharField(max_length=20, choices=ReviewStatus, default=ReviewStatus.SCHEDULED)
    scheduled_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcomes_met = models.CharField(max_length=20, choices=OutcomesMet, blank=True)
    notes = models.TextField(blank=True)
    next_step = models.CharField(max_length=20, choices=NextStep, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget"], condition=~Q(status="completed"), name="one_open_review_per_budget"
            ),
            models.CheckConstraint(condition=Q(status__in=ReviewStatus.values), name="review_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="completed") | (~Q(outcomes_met="") & ~Q(next_step="")),
                name="completed_review_has_outcome",
            ),
        ]


class ReminderKind(models.TextChoices):
    UPCOMING = "upcoming", "Review coming up"
    OVERDUE = "overdue", "Review overdue"


class ReviewReminder(models.Model):
    """
    A reminder that is due to be, or has been, sent. The unique constraint makes each
    reminder happen once however often the sweep runs; `sent_at` is the truth of what went out.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    email = models.EmailField()
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "kind", "email"], name="one_reminder_per_kind_and_recipient"),
        ]
        indexes = [models.Index(fields=["sent_at", "claimed_at"])]
