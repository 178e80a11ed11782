"""Support plans: outcomes, costed support lines, and how the money is managed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pbudget.care_act import CareActOutcome


class LedBy(models.TextChoices):
    PERSON = "person", "Me, the person"
    REPRESENTATIVE = "representative", "A family member or friend"
    USER_LED_ORGANISATION = "ulo", "A user-led organisation"
    BROKER = "broker", "An independent broker"
    PEER = "peer", "A peer supporter"
    COUNCIL = "council", "The council's social worker"


class MoneyManagement(models.TextChoices):
    DIRECT_PAYMENT = "direct_payment", "Direct payment: the money is paid to me"
    COUNCIL_MANAGED = "council_managed", "Council-managed budget: the council arranges the support"
    INDIVIDUAL_SERVICE_FUND = "isf", "Individual service fund: a provider holds the money for me"
    MIXED = "mixed", "A mix of these"


class PaymentFrequency(models.TextChoices):
    """How often a direct payment is paid: the plan must say the amount and frequency (Care Act s.25)."""

    WEEKLY = "weekly", "Every week"
    FOUR_WEEKLY = "four_weekly", "Every 4 weeks"


PAYMENT_WEEKS = {PaymentFrequency.WEEKLY: 1, PaymentFrequency.FOUR_WEEKLY: 4}


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Being written"
    SUBMITTED = "submitted", "Submitted for sign-off"
    APPROVED = "approved", "Signed off"
    SUPERSEDED = "superseded", "Replaced by a later plan"


class SupportPlan(models.Model):
    """
    One version of a budget's plan. A returned plan goes back to draft; a plan varied after a
    review starts a new version (number + 1), so approved plans are never overwritten.
    `lock_version` goes up on every change, so a stale form is detected, not saved over.
    """

    budget = models.ForeignKey("pbudget.PersonalBudget", on_delete=models.PROTECT, related_name="plans")
    number = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=20, choices=PlanStatus, default=PlanStatus.DRAFT)
    lock_version = models.PositiveIntegerField(default=0)
    led_by = models.CharField(max_length=20, choices=LedBy, default=LedBy.PERSON)
    what_matters = models.TextField("What matters to me", blank=True)
    money_management = models.CharField(max_length=20, choices=MoneyManagement, blank=True)
    provider_name = models.CharField("Provider holding the money (individual service fund)", max_length=200, blank=True)
    payment_frequency = models.CharField(
        max_length=20, choices=PaymentFrequency, default=PaymentFrequency.FOUR_WEEKLY
    )
    contingency = models.TextField("If things go wrong", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["budget", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "number"], name="plan_number_unique"),
            models.UniqueConstraint(
                fields=["budget"], condition=Q(status__in=["draft", "submitted"]), name="one_plan_in_progress"
            ),
            models.CheckConstraint(condition=Q(status__in=PlanStatus.values), name="plan_status_valid"),
            models.CheckConstraint(
                condition=Q(money_management__in=[*MoneyManagement.values, ""]), name="plan_money_management_valid"
            ),
            models.CheckConstraint(
                condition=Q(payment_frequency__in=PaymentFrequency.values), name="plan_payment_frequency_valid"
            ),
        ]


class PlanOutcome(models.Model):
    """An outcome the person wants, in their words, linked to the Care Act outcome it addresses."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="outcomes")
    order = models.PositiveIntegerField(default=0)
    description = models.TextField()
    care_act_outcome = models.CharField(max_length=20, choices=CareActOutcome, blank=True)

    class Meta:
        ordering = ["plan", "order", "pk"]


class SupportLine(models.Model):
    """How part of an outcome is met, and what it costs: unit cost x units a week."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="lines")
    outcome = models.ForeignKey(PlanOutcome, null=True, blank=True, on_delete=models.SET_NULL, related_name="lines")
    description = models.CharField(max_length=200)
    provider = models.CharField(max_length=200, blank=True)
    unit_cost_pence = models.PositiveIntegerField()
    units_per_week = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["plan", "pk"]
        constraints = [models.CheckConstraint(condition=Q(units_per_week__gt=0), name="line_units_positive")]


COMMENT_PARTS = ("what_matters", "money", "contingency", "risks", "over_budget_reason", "general")
COMMENT_ITEM_PARTS = ("outcome", "line")  # "outcome:<id>", "line:<id>"


class PlanComment(models.Model):
    """
    A comment on one part of one plan version, usually from sign-off when it returns the plan.
    `part` is one of COMMENT_PARTS, or "outcome:<id>" / "line:<id>" for an item of that version.
    """

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="comments")
    part = models.CharField(max_length=40)
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan", "created", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="plan_comment_has_text")]
