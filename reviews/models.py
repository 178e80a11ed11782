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


class Urgency(models.TextChoices):
    """How soon an unplanned review is due, by what prompted it (`TRIGGER_URGENCY`)."""

    MOST_URGENT = "most_urgent", "Most urgent"
    URGENT = "urgent", "Urgent"
    SOON = "soon", "Soon"


class OutcomesMet(models.TextChoices):
    MET = "met", "Outcomes met"
    PARTLY = "partly", "Outcomes partly met"
    NOT_MET = "not_met", "Outcomes not met"


class NextStep(models.TextChoices):
    CONTINUE = "continue", "Carry on with the plan as it is"
    VARY = "vary", "Change the support plan"
    REASSESS = "reassess", "Reassess needs"
    END = "end", "End support"


class Trigger(models.TextChoices):
    """Why an unplanned review was asked for."""

    CIRCUMSTANCES = "circumstances", "A change in circumstances"
    HOSPITAL_ADMISSION = "hospital_admission", "Admitted to hospital"
    HOSPITAL_DISCHARGE = "hospital_discharge", "Coming home from hospital"
    CARER_UNABLE = "carer_unable", "A carer can no longer care"
    MONEY_RUNNING_OUT = "money_running_out", "The money is running out"
    MONEY_BUILDING_UP = "money_building_up", "The money is building up"
    SAFEGUARDING = "safeguarding", "A safeguarding concern"


# How urgent each trigger is; how many days each urgency allows is the council's setting. Fixed in
# code on purpose: a council chooses how fast, but can't make a safeguarding concern wait longer
# than a change of circumstances (the settings' check constraint orders the three).
TRIGGER_URGENCY = {
    Trigger.SAFEGUARDING: Urgency.MOST_URGENT,
    Trigger.HOSPITAL_ADMISSION: Urgency.URGENT,
    Trigger.HOSPITAL_DISCHARGE: Urgency.URGENT,
    Trigger.CARER_UNABLE: Urgency.URGENT,
    Trigger.CIRCUMSTANCES: Urgency.SOON,
    Trigger.MONEY_RUNNING_OUT: Urgency.SOON,
    Trigger.MONEY_BUILDING_UP: Urgency.SOON,
}
MOST_UNPLANNED_REVIEW_DAYS = 28


class ReviewSettings(models.Model):
    """
    A council's review timings. A council without a row uses the defaults (`for_council`):
    the first review 8 weeks after a plan starts (the law says 6-8), then every 12 months at most,
    and reminders 14 days before a review is due. An unplanned review is due within days set by
    how urgent its trigger is (`TRIGGER_URGENCY`): 2 days (a safeguarding concern), 7 (a hospital
    admission or discharge, a carer who can no longer care), 14 (anything else); the database
    keeps the more urgent never later than the less.
    """

    council = models.OneToOneField("pbudget.Council", on_delete=models.CASCADE, related_name="review_settings")
    first_review_weeks = models.PositiveSmallIntegerField(default=8)
    annual_review_months = models.PositiveSmallIntegerField(default=12)
    reminder_lead_days = models.PositiveSmallIntegerField(default=14)
    most_urgent_review_days = models.PositiveSmallIntegerField(default=2, db_default=2)
    urgent_review_days = models.PositiveSmallIntegerField(default=7, db_default=7)
    soon_review_days = models.PositiveSmallIntegerField(default=14, db_default=14)

    class Meta:
        verbose_name_plural = "review settings"
        constraints = [
            models.CheckConstraint(condition=Q(first_review_weeks__range=(1, 8)), name="first_review_within_8_weeks"),
            models.CheckConstraint(condition=Q(annual_review_months__range=(1, 12)), name="annual_review_within_12_months"),
            models.CheckConstraint(condition=Q(reminder_lead_days__range=(1, 90)), name="reminder_lead_days_sensible"),
            models.CheckConstraint(
                condition=Q(most_urgent_review_days__gte=1)
                & Q(urgent_review_days__gte=models.F("most_urgent_review_days"))
                & Q(soon_review_days__gte=models.F("urgent_review_days"))
                & Q(soon_review_days__lte=MOST_UNPLANNED_REVIEW_DAYS),
                name="unplanned_review_days_by_urgency",
            ),
        ]

    @classmethod
    def for_council(cls, council_id):
        """The council's settings, or the defaults (unsaved) when it has none."""
        return cls.objects.filter(council_id=council_id).first() or cls(council_id=council_id)

    def unplanned_review_days(self, trigger: str) -> int:
        """How many days from being asked for an unplanned review with this trigger is due."""
        return {
            Urgency.MOST_URGENT: self.most_urgent_review_days,
            Urgency.URGENT: self.urgent_review_days,
            Urgency.SOON: self.soon_review_days,
        }[TRIGGER_URGENCY[trigger]]


class EarlierReason(models.TextChoices):
    """Why the next review is sooner than the council's usual interval."""

    RISK = "risk", "There is a risk to the person"
    EXPECTED_CHANGE = "expected_change", "A change is expected"


class HeldHow(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    PHONE = "phone", "By phone"
    VIDEO = "video", "By video call"
    ONLINE = "online", "Online only"


class Achieved(models.TextChoices):
    FULLY = "fully", "Fully achieved"
    PARTLY = "partly", "Partly achieved"
    NOT = "not", "Not achieved"


# The standard questions, after the Personal Outcomes Evaluation Tool (POET): what difference the
# budget has made to each area of life, on one simple scale, so the council can report outcomes over
# time. Each is asked as "What difference has your personal budget made to <area, in lower case>?"
# (forms.rating_question). The keys are the Review fields; the values name the areas in plain English.
RATING_QUESTIONS = {
    "quality_of_life": "Your quality of life",
    "choice_control": "Having choice and control over your life and support",
    "dignity": "Being treated with dignity and respect",
    "relationships": "Your relationships with family and friends",
    "health": "Your physical and mental health",
}


class Rating(models.IntegerChoices):
    """From 1 (worse) to 4 (a lot better): managers' figures average these."""

    WORSE = 1, "Worse"
    NO_DIFFERENCE = 2, "No difference"
    A_LITTLE = 3, "A little better"
    A_LOT = 4, "A lot better"


def _rating_field():
    return models.PositiveSmallIntegerField(choices=Rating, null=True, blank=True)


class Review(models.Model):
    budget = models.ForeignKey("pbudget.PersonalBudget", on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=20, choices=ReviewKind)
    due_date = models.DateField()  # indexed for open reviews (review_open_due_date): no one looks up closed ones by it
    status = models.CharField(max_length=20, choices=ReviewStatus, default=ReviewStatus.SCHEDULED)
    # The council-calendar date from which the reminder sweep has something new to record for this
    # review (the reminder window opening, the due date, the next overdue week). Empty: the sweep
    # works it out from the due date and the council's lead days (after scheduling, a new due date
    # or a settings change). It lets the daily sweep look only at reviews with news, not at all.
    next_reminder_on = models.DateField(null=True, blank=True)
    scheduled_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcomes_met = models.CharField(max_length=20, choices=OutcomesMet, blank=True)
    notes = models.TextField(blank=True)
    next_step = models.CharField(max_length=20, choices=NextStep, blank=True)
    # Who will carry it out: by default the worker who assessed; empty means the team.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews_to_do"
    )
    # An unplanned review: who asked, when, why.
    trigger = models.CharField(max_length=30, choices=Trigger, blank=True, db_default="")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(null=True, blank=True)
    request_details = models.TextField(blank=True, db_default="")
    # Scheduled sooner than the usual interval, and why.
    earlier_reason = models.CharField(max_length=20, choices=EarlierReason, blank=True, db_default="")
    earlier_details = models.TextField(blank=True, db_default="")
    held_how = models.CharField(max_length=20, choices=HeldHow, blank=True, db_default="")
    # The person's (or representative's) own part, filled in online before the meeting.
    person_part_at = models.DateTimeField(null=True, blank=True)
    person_part_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quality_of_life = _rating_field()
    choice_control = _rating_field()
    dignity = _rating_field()
    relationships = _rating_field()
    health = _rating_field()
    # What the review led to, for the council's figures: the agreed weekly budget before, and after
    # the plan it led to was signed off (vary or reassess); the needs (RAS points and indicative
    # weekly budget) before and after a reassessment. A cut needs a reassessment (signoff_approve).
    budget_before_pence = models.PositiveIntegerField(null=True, blank=True)
    budget_after_pence = models.PositiveIntegerField(null=True, blank=True)
    budget_after_at = models.DateTimeField(null=True, blank=True)
    needs_before_points = models.PositiveIntegerField(null=True, blank=True)
    needs_after_points = models.PositiveIntegerField(null=True, blank=True)
    needs_before_weekly_pence = models.PositiveIntegerField(null=True, blank=True)
    needs_after_weekly_pence = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        # The sweep and the due lists look for open reviews by due date.
        indexes = [
            models.Index(fields=["due_date"], condition=Q(status__in=OPEN_REVIEW_STATUSES), name="review_open_due_date"),
            models.Index(
                fields=["next_reminder_on"], condition=Q(status__in=OPEN_REVIEW_STATUSES), name="review_open_next_reminder"
            ),
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
            models.CheckConstraint(
                condition=Q(trigger="") | (Q(kind=ReviewKind.UNPLANNED) & Q(requested_at__isnull=False)),
                name="unplanned_review_has_its_request",
            ),
            *[
                models.CheckConstraint(condition=Q(**{f"{name}__in": Rating.values}) | Q(**{f"{name}__isnull": True}),
                                       name=f"review_{name}_on_the_scale")
                for name in RATING_QUESTIONS
            ],
        ]


class ReviewOutcome(models.Model):
    """How one outcome of the agreed plan went: the person's view in their words, and the review's."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="outcomes")
    plan_outcome = models.ForeignKey("support_planning.PlanOutcome", on_delete=models.PROTECT, related_name="+")
    person_achieved = models.CharField(max_length=10, choices=Achieved, blank=True)
    person_working = models.TextField(blank=True)
    person_not_working = models.TextField(blank=True)
    achieved = models.CharField(max_length=10, choices=Achieved, blank=True)
    worker_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["plan_outcome__order", "plan_outcome_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "plan_outcome"], name="one_row_per_review_outcome"),
            models.CheckConstraint(condition=Q(achieved__in=["", *Achieved.values]), name="review_outcome_achieved_valid"),
            models.CheckConstraint(
                condition=Q(person_achieved__in=["", *Achieved.values]), name="review_outcome_person_achieved_valid"
            ),
        ]


class ReminderKind(models.TextChoices):
    # To the person and their representatives from `reminder_lead_days` before (late, if that
    # window was missed); to the worker from then until the due date.
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

    # Not indexed on its own: the unique constraint's index starts with review. Each index here is
    # paid for on every row the sweep records (bench/reminders.py).
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reminders", db_index=False)
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
        # Reconciliation looks for unsent reminders only.
        indexes = [models.Index(fields=["id"], condition=Q(sent_at__isnull=True), name="reminder_unsent")]
