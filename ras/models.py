"""
Allocation tables (versioned, per client group, published ones never change) and indicative
budgets (immutable calculation records: the answers used, the table version, every step, the
result, and any worker override beside the calculated figure).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from pbudget.models import ClientGroup
from ras import calculation


class Method(models.TextChoices):
    POINTS = calculation.POINTS, "Points × price per point"
    BANDS = calculation.BANDS, "Bands of points"


class AllocationTable(models.Model):
    """
    How answers become money for one client group (blank: every group without its own table).
    A draft is edited freely; once published (published_at set) a version is never changed, and
    it is live from `effective_from` until a later published version takes over.
    """

    council = models.ForeignKey("pbudget.Council", on_delete=models.PROTECT, related_name="allocation_tables")
    client_group = models.CharField(
        max_length=30, choices=ClientGroup, blank=True, help_text="Blank: applies to every client group"
    )
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    method = models.CharField(max_length=10, choices=Method, default=Method.POINTS)
    price_per_point_pence = models.PositiveIntegerField(null=True, blank=True)
    floor_weekly_pence = models.PositiveIntegerField()
    ceiling_weekly_pence = models.PositiveIntegerField()
    # {section key: "1.5"}; a section not named counts once.
    section_weights = models.JSONField(default=dict, blank=True)
    # [{"from_points": 0, "to_points": 10 or null, "weekly_pence": 10000}, ...] in ascending order.
    bands = models.JSONField(default=list, blank=True)
    # [{"question_key": .., "option_key": .., "weekly_pence": -8000, "label": ..}, ...]
    adjustments = models.JSONField(default=list, blank=True)
    effective_from = models.DateField()
    # Bumped on every save of a draft: an edit made on an older copy is refused, not lost.
    lock_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["council", "client_group", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["council", "client_group", "version"], name="allocation_table_version_unique"),
            models.CheckConstraint(condition=Q(floor_weekly_pence__lte=F("ceiling_weekly_pence")), name="floor_not_above_ceiling"),
            models.CheckConstraint(condition=Q(price_per_point_pence__gt=0), name="price_per_point_positive"),
            models.CheckConstraint(condition=Q(method__in=Method.values), name="allocation_table_method_valid"),
        ]

    def __str__(self):
        return f"{self.name} (version {self.version})"

    @property
    def is_published(self):
        return self.published_at is not None

    def adjustment_rows(self) -> list[dict]:
        """The adjustments for reading: what, which answer, adds or takes off how much."""
        return [
            {**a, "adds": a["weekly_pence"] >= 0, "amount_pence": abs(a["weekly_pence"])} for a in self.adjustments
        ]

    def rules(self) -> calculation.Table:
        """The table as the pure calculation reads it."""
        return calculation.Table(
            method=self.method, price_per_point_pence=self.price_per_point_pence,
            bands=tuple(calculation.Band(b["from_points"], b.get("to_points"), b["weekly_pence"]) for b in self.bands),
            section_weights={k: Decimal(str(v)) for k, v in self.section_weights.items()},
            adjustments=tuple(
                calculation.Adjustment(a["question_key"], a["option_key"], a["weekly_pence"], a.get("label", ""))
                for a in self.adjustments
            ),
            floor_weekly_pence=self.floor_weekly_pence, ceiling_weekly_pence=self.ceiling_weekly_pence,
        )


class AllocationTableEvent(models.Model):
    """
    A table's history, one row per change: who started a version (and from what), changed it
    (and which rules, from what to what), or published it, and when. Written by the services in
    ras/tables.py in the same transaction as the change; shown to the council's administrators.
    """

    class Kind(models.TextChoices):
        STARTED = "started", "Draft started"
        EDITED = "edited", "Draft changed"
        PUBLISHED = "published", "Published"

    table = models.ForeignKey(AllocationTable, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind)
    # Null only for history backfilled from before it was kept, when nobody was recorded.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)
    # For an edit: [[rule, before, after], ...] in words, as the comparison with the live table says them.
    changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=["started", "edited", "published"]), name="allocation_table_event_kind_valid")]


class Allocation(models.Model):
    """
    An indicative budget: the figure in force (`weekly_pence`), the calculated figure beside it
    (none for a complex case), the override reason when a worker set a different figure, the
    answers used, the table version and every step. Never edited: an override is a new record.
    """

    budget = models.ForeignKey("pbudget.PersonalBudget", on_delete=models.PROTECT, related_name="allocations")
    assessment = models.ForeignKey("assessment.Assessment", on_delete=models.PROTECT, related_name="allocations")
    table = models.ForeignKey(AllocationTable, on_delete=models.PROTECT, related_name="allocations")
    total_points = models.PositiveIntegerField()
    weighted_points = models.DecimalField(max_digits=14, decimal_places=4, default=Decimal(0))
    weekly_pence = models.PositiveIntegerField()
    yearly_pence = models.PositiveIntegerField()
    # What the table gave; null when the case was above the ceiling (complex: costed by a worker).
    calculated_weekly_pence = models.PositiveIntegerField(null=True, blank=True)
    complex_case = models.BooleanField(default=False)
    override_reason = models.TextField(blank=True)
    # [{"question": ..., "answer": ..., "points": n, "section": key, "weight": "1", "pence": n}, ...]
    breakdown = models.JSONField()
    # [{"kind": "base"|"adjustment"|"floor"|"rounding"|..., "text": ..., "pence": "exact"}, ...]
    steps = models.JSONField()
    calculated_at = models.DateTimeField(default=timezone.now)
    calculated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-calculated_at", "-pk"]
        indexes = [models.Index(fields=["budget", "-calculated_at"])]
        constraints = [
            # A worker's figure always says why; a complex case always has a worker's figure.
            models.CheckConstraint(
                condition=Q(calculated_weekly_pence=F("weekly_pence"), complex_case=False) | ~Q(override_reason=""),
                name="override_has_reason",
            ),
        ]

    @property
    def is_override(self):
        return bool(self.override_reason)


class AllocationAnswer(models.Model):
    """One answer used by a calculation, by key, as it was: what a recalculation and the what-if read."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="answers_used")
    order = models.PositiveIntegerField()
    section_key = models.CharField(max_length=100, blank=True)
    question_key = models.CharField(max_length=100)
    option_key = models.CharField(max_length=100)
    points = models.PositiveIntegerField()

    class Meta:
        ordering = ["allocation", "order"]
        constraints = [models.UniqueConstraint(fields=["allocation", "order"], name="allocation_answer_order_unique")]


class AllocationLetter(models.Model):
    """The indicative budget letter as a PDF, rendered by a Celery worker, kept in PostgreSQL."""

    class State(models.TextChoices):
        QUEUED = "queued", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be prepared"

    allocation = models.OneToOneField(Allocation, on_delete=models.PROTECT, related_name="letter")
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    requested_at = models.DateTimeField(default=timezone.now)
    rendered_at = models.DateTimeField(null=True, blank=True)


class CaseloadPoints(models.Model):
    """
    Each budget's newest indicative budget as the what-if reads it: one compact row per budget,
    written beside every new `Allocation` (same transaction, budget row locked) and replaced by
    the next one. It holds the points per section and the answers by key, which is all a table's
    rules can look at, so the what-if prices a caseload from one row a person instead of every
    answer (ras.whatif). Derived from `AllocationAnswer`: never the record of what was decided.
    """

    budget = models.OneToOneField("pbudget.PersonalBudget", primary_key=True, on_delete=models.CASCADE, related_name="+")
    allocation = models.OneToOneField(Allocation, on_delete=models.CASCADE, related_name="+")
    # The budget's council and the client group the indicative budget was worked out for, so the
    # what-if reads one table: only whether the budget is closed is looked up (few are).
    council = models.ForeignKey("pbudget.Council", on_delete=models.CASCADE, related_name="+", db_index=False)
    client_group = models.CharField(max_length=30, choices=ClientGroup)
    # The figure in force before any new table: the what-if's "before".
    weekly_pence = models.PositiveIntegerField()
    total_points = models.PositiveIntegerField()
    # {section key: points}: section weights need only the sections they name.
    section_points = models.JSONField(default=dict)
    # {question key: option key}: adjustments are tied to one answer (one answer per question).
    answers = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["council", "client_group"])]

    @classmethod
    def values_for(cls, answers) -> dict:
        """The compact columns for these answers, each (section key, question key, option key, points)."""
        sections = {}
        for section, _question, _option, points in answers:
            sections[section] = sections.get(section, 0) + int(points)
        return {
            "total_points": sum(sections.values()), "section_points": sections,
            "answers": {question: option for _section, question, option, _points in answers},
        }
