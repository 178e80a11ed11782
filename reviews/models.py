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
    # The budget was closed (ended, moved away) with the review still open: nothing left to review.
    CLOSED = "closed", "Closed with the budget"


OPEN_REVIEW_STATUSES = [ReviewStatus.SCHEDULED, ReviewStatus.IN_PROGRESS]


class ReviewSettings(models.Model):
    """
    A council's review timings. A council without a row uses the defaults (`for_council`):
    the first review 8 weeks after a plan starts (the law says 6-8), then every 12 months at most,
    and reminders 14 days before a review is due.
    """

    council = models.OneToOneField("pbudget.Council", on_delete=models.CASCADE, related_name="review_settings")
    first_review_weeks = models.PositiveSmallIntegerField(default=8)
    annual_review_months = models.PositiveSmallIntegerField(default=12)
    reminder_lead_days = models.PositiveSmallIntegerField(default=14)

    class Meta:
        verbose_name_plural = "review settings"
        constraints = [
            models.CheckConstraint(condition=Q(first_review_weeks__range=(1, 8)), name="first_review_within_8_weeks"),
            models.CheckConstraint(condition=Q(annual_review_months__range=(1, 12)), name="annual_review_within_12_months"),
            models.CheckConstraint(condition=Q(reminder_lead_days__range=(1, 90)), name="reminder_lead_days_sensible"),
        ]

    @classmethod
    def for_council(cls, council_id):
        """The council's settings, or the defaults (unsaved) when it has none."""
        return cls.objects.filter(council_id=council_id).first() or cls(council_id=council_id)


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
        # The sweep and the due lists look for open reviews by due date.
        indexes = [
            models.Index(fields=["due_date"], condition=Q(status__in=OPEN_REVIEW_STATUSES), name="review_open_due_date"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["budget"], condition=Q(status__in=OPEN_REVIEW_STATUSES), name="one_open_review_per_budget"
            ),
            models.CheckConstraint(condition=Q(status__in=ReviewStatus.values), name="review_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="completed") | (~Q(outcomes_met="") & ~Q(next_step="")),
                name="completed_review_has_outcome",
            ),
        ]


class ReminderKind(models.TextChoices):
    # To the person, their representatives and the worker, from `reminder_lead_days` before.
    UPCOMING = "upcoming", "Review coming up"
    # To the worker, on the due date (or the first sweep after it).
    DUE = "due", "Review due today"
    # To the team's managers, the day after the due date and then weekly (`overdue_week`).
    OVERDUE = "overdue", "Review overdue"


class ReviewReminder(models.Model):
    """
    A reminder that is due to be, or has been, sent. The unique constraint makes each
    reminder happen once however often the sweep runs; `sent_at` is the truth of what went out.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind)
    # 0 for upcoming and due; for overdue, whole weeks overdue (0 the first week), so one a week.
    overdue_week = models.PositiveSmallIntegerField(default=0)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    email = models.EmailField()
    created_at = models.DateTimeField(default=timezone.now)
    # When a send was last handed to the broker: reconciliation re-queues it if still unsent later.
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "kind", "overdue_week", "email"], name="one_reminder_per_kind_week_and_recipient"
            ),
        ]
        indexes = [
            models.Index(fields=["sent_at", "claimed_at"]),
            models.Index(fields=["id"], condition=Q(sent_at__isnull=True), name="reminder_unsent"),
        ]
