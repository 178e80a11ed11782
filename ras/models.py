"""Allocation tables (versioned) and indicative budgets (immutable, with their explanation)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from pbudget.models import ClientGroup


class AllocationTable(models.Model):
    """Points x price per point, held between a floor and a ceiling (weekly, in pence)."""

    council = models.ForeignKey("pbudget.Council", on_delete=models.PROTECT, related_name="allocation_tables")
    client_group = models.CharField(
        max_length=30, choices=ClientGroup, blank=True, help_text="Blank: applies to every client group"
    )
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    price_per_point_pence = models.PositiveIntegerField()
    floor_weekly_pence = models.PositiveIntegerField()
    ceiling_weekly_pence = models.PositiveIntegerField()
    effective_from = models.DateField()
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["council", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["council", "client_group", "version"], name="allocation_table_version_unique"),
            models.CheckConstraint(condition=Q(floor_weekly_pence__lte=F("ceiling_weekly_pence")), name="floor_not_above_ceiling"),
            models.CheckConstraint(condition=Q(price_per_point_pence__gt=0), name="price_per_point_positive"),
        ]

    def __str__(self):
        return f"{self.name} (version {self.version})"


class Allocation(models.Model):
    """An indicative budget: the figure, the inputs, the table version and every step. Never edited."""

    budget = models.ForeignKey("pbudget.PersonalBudget", on_delete=models.PROTECT, related_name="allocations")
    assessment = models.ForeignKey("assessment.Assessment", on_delete=models.PROTECT, related_name="allocations")
    table = models.ForeignKey(AllocationTable, on_delete=models.PROTECT, related_name="allocations")
    total_points = models.PositiveIntegerField()
    weekly_pence = models.PositiveIntegerField()
    yearly_pence = models.PositiveIntegerField()
    # [{"question": ..., "answer": ..., "points": n, "pence": n}, ...] in question order.
    breakdown = models.JSONField()
    # Plain-English steps: points, price, uncapped figure, floor/ceiling applied, rounding.
    steps = models.JSONField()
    calculated_at = models.DateTimeField(default=timezone.now)
    calculated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-calculated_at", "-pk"]
