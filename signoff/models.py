"""Delegated authority, sign-off decisions and the one-page summary sheet."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class SignoffLevel(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"


class DelegationLimit(models.Model):
    """A social worker may sign off a plan up to this yearly cost, if within the indicative budget."""

    council = models.OneToOneField("pbudget.Council", on_delete=models.CASCADE, related_name="delegation_limit")
    social_worker_yearly_limit_pence = models.PositiveIntegerField()
    updated_at = models.DateTimeField(default=timezone.now)


class Decision(models.TextChoices):
    APPROVED = "approved", "Signed off"
    RETURNED = "returned", "Returned with comments"


class SignoffDecision(models.Model):
    """Who decided what, at which level, on exactly which plan version."""

    budget = models.ForeignKey("pbudget.PersonalBudget", on_delete=models.PROTECT, related_name="signoff_decisions")
    plan = models.ForeignKey("support_planning.SupportPlan", on_delete=models.PROTECT, related_name="decisions")
    plan_lock_version = models.PositiveIntegerField()
    level = models.CharField(max_length=20, choices=SignoffLevel)
    level_reason = models.CharField(max_length=300)
    decision = models.CharField(max_length=20, choices=Decision)
    comments = models.TextField(blank=True)
    agreed_weekly_pence = models.PositiveIntegerField(null=True, blank=True)
    agreed_yearly_pence = models.PositiveIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(decision__in=Decision.values), name="decision_valid"),
            models.CheckConstraint(
                condition=~Q(decision="approved") | Q(agreed_weekly_pence__isnull=False, agreed_yearly_pence__isnull=False),
                name="approval_sets_agreed_budget",
            ),
            models.CheckConstraint(condition=~Q(decision="returned") | ~Q(comments=""), name="return_has_comments"),
        ]


class SummarySheet(models.Model):
    """The one-page summary sheet PDF, rendered by a Celery worker after approval."""

    class State(models.TextChoices):
        QUEUED = "queued", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be prepared"

    budget = models.ForeignKey("pbudget.PersonalBudget", on_delete=models.PROTECT, related_name="summary_sheets")
    decision = models.OneToOneField(SignoffDecision, on_delete=models.PROTECT, related_name="summary_sheet")
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    # Kept in PostgreSQL with the rest of the truth: web and worker share no disk.
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    requested_at = models.DateTimeField(default=timezone.now)
    rendered_at = models.DateTimeField(null=True, blank=True)
