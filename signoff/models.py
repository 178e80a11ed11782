"""Delegation rules (versioned), sign-off requests and decisions, and the one-page summary sheet."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from signoff.delegation import Rules


class SignoffLevel(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    PANEL = "panel", "Panel of two senior managers"


class DelegationRuleSet(models.Model):
    """
    One version of a council's (or one team's) delegation rules. A draft is edited by council
    administrators; publishing makes it live and frozen (services refuse to change it), and every
    sign-off request records the version that decided its level. A team's live rules, when it has
    any, take the place of the council's.
    """

    council = models.ForeignKey("pbudget.Council", on_delete=models.PROTECT, related_name="delegation_rule_sets")
    team = models.ForeignKey("pbudget.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    social_worker_yearly_limit_pence = models.PositiveIntegerField()
    social_worker_over_indicative_percent = models.PositiveSmallIntegerField(default=0)
    social_worker_needs_no_risk_flag = models.BooleanField(default=True)
    team_manager_yearly_limit_pence = models.PositiveIntegerField(null=True, blank=True)
    # How long a plan may wait for a decision before the queue calls it overdue.
    target_working_days = models.PositiveSmallIntegerField(default=5)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["council", "team", "-version"]
        constraints = [
            # Two constraints because a NULL team is never equal to another NULL in a unique index.
            models.UniqueConstraint(fields=["council", "version"], condition=Q(team__isnull=True), name="rules_version_unique_council"),
            models.UniqueConstraint(fields=["team", "version"], condition=Q(team__isnull=False), name="rules_version_unique_team"),
            models.UniqueConstraint(fields=["council"], condition=Q(team__isnull=True, published_at__isnull=True), name="one_council_rules_draft"),
            models.UniqueConstraint(fields=["team"], condition=Q(team__isnull=False, published_at__isnull=True), name="one_team_rules_draft"),
            models.CheckConstraint(condition=Q(social_worker_over_indicative_percent__lte=100), name="rules_percent_at_most_100"),
            models.CheckConstraint(
                condition=Q(team_manager_yearly_limit_pence__isnull=True)
                | Q(team_manager_yearly_limit_pence__gte=F("social_worker_yearly_limit_pence")),
                name="rules_manager_limit_not_below_worker",
            ),
            models.CheckConstraint(condition=Q(target_working_days__gte=1, target_working_days__lte=60), name="rules_target_days_sensible"),
        ]

    def __str__(self):
        return f"{self.team or self.council} delegation rules, version {self.version}"

    @property
    def is_draft(self):
        return self.published_at is None

    def as_rules(self) -> Rules:
        return Rules(
            social_worker_yearly_limit_pence=self.social_worker_yearly_limit_pence,
            social_worker_over_indicative_percent=self.social_worker_over_indicative_percent,
            social_worker_needs_no_risk_flag=self.social_worker_needs_no_risk_flag,
            team_manager_yearly_limit_pence=self.team_manager_yearly_limit_pence,
        )


class SignoffRequest(models.Model):
    """A submitted plan waiting for a decision: the level the rules set, which rules, and why."""

    budget = models.ForeignKey("pbudget.PersonalBudget", on_delete=models.PROTECT, related_name="signoff_requests")
    plan = models.ForeignKey("support_planning.SupportPlan", on_delete=models.PROTECT, related_name="signoff_requests")
    plan_lock_version = models.PositiveIntegerField()
    rule_set = models.ForeignKey(DelegationRuleSet, null=True, blank=True, on_delete=models.PROTECT, related_name="requests")
    level = models.CharField(max_length=20, choices=SignoffLevel)
    rule = models.CharField(max_length=100)
    reason = models.TextField()
    # The facts the rules were given, kept so the decision can be explained later.
    plan_yearly_pence = models.PositiveIntegerField()
    indicative_yearly_pence = models.PositiveIntegerField(null=True, blank=True)
    risk_flag = models.BooleanField(default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["budget"], condition=Q(closed_at__isnull=True), name="one_open_signoff_request"),
            models.CheckConstraint(condition=Q(level__in=SignoffLevel.values), name="request_level_valid"),
        ]
        indexes = [models.Index(fields=["closed_at", "requested_at"])]


class PanelApproval(models.Model):
    """One panel member's approval. The second, by a different person, makes the decision."""

    request = models.ForeignKey(SignoffRequest, on_delete=models.PROTECT, related_name="panel_approvals")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agreed_weekly_pence = models.PositiveIntegerField()
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["request", "approver"], name="one_panel_approval_each")]


class Decision(models.TextChoices):
    APPROVED = "approved", "Signed off"
    RETURNED = "returned", "Returned with comments"
    DECLINED = "declined", "Declined"


# A return's comments when every comment was on a part of the plan (a return must have comments).
PARTS_ONLY = "See the comments on the parts of the plan."


class SignoffDecision(models.Model):
    """Who decided what, when, under which rule and level, on exactly which plan version."""

    budget = models.ForeignKey("pbudget.PersonalBudget", on_delete=models.PROTECT, related_name="signoff_decisions")
    plan = models.ForeignKey("support_planning.SupportPlan", on_delete=models.PROTECT, related_name="decisions")
    # One decision per request: two approvers acting at once cannot both decide.
    request = models.OneToOneField(SignoffRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="decision")
    rule_set = models.ForeignKey(DelegationRuleSet, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(max_length=100, blank=True)
    plan_lock_version = models.PositiveIntegerField()
    level = models.CharField(max_length=20, choices=SignoffLevel)
    level_reason = models.TextField()
    decision = models.CharField(max_length=20, choices=Decision)
    comments = models.TextField(blank=True)
    # A return's comments on parts of the plan: {"outcome:12": "...", "money": "..."}.
    part_comments = models.JSONField(default=dict, blank=True)
    challenge_information = models.TextField(blank=True)
    agreed_weekly_pence = models.PositiveIntegerField(null=True, blank=True)
    # The first year: 52 agreed weeks and the plan's one-off costs (support_planning.calculation).
    agreed_yearly_pence = models.PositiveIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # For a panel: the member who approved first (decided_by is the second).
    panel_first_approver = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    # Set once the person and the plan's author have been emailed: a retried task sends nothing twice.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(decision__in=Decision.values), name="decision_valid"),
            models.CheckConstraint(
                condition=~Q(decision="approved") | Q(agreed_weekly_pence__isnull=False, agreed_yearly_pence__isnull=False),
                name="approval_sets_agreed_budget",
            ),
            models.CheckConstraint(condition=~Q(decision="returned") | ~Q(comments=""), name="return_has_comments"),
            models.CheckConstraint(condition=~Q(decision="declined") | ~Q(comments=""), name="decline_has_reasons"),
            models.CheckConstraint(
                condition=Q(panel_first_approver__isnull=True) | ~Q(panel_first_approver=F("decided_by")),
                name="panel_needs_two_people",
            ),
        ]

    @property
    def general_comments(self) -> str:
        """The comments on the plan as a whole: none when a return's comments were all on its parts."""
        return "" if self.comments == PARTS_ONLY else self.comments


class SummarySheet(models.Model):
    """
    The one-page summary sheet PDF of one plan version, rendered by a Celery worker: at submission
    (for the approver) and again on approval (with who signed off). One row per plan version, so
    rendering the same version again replaces the PDF instead of adding a sheet.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be prepared"

    budget = models.ForeignKey("pbudget.PersonalBudget", on_delete=models.PROTECT, related_name="summary_sheets")
    plan = models.ForeignKey("support_planning.SupportPlan", on_delete=models.PROTECT, related_name="summary_sheets")
    plan_lock_version = models.PositiveIntegerField()
    decision = models.ForeignKey(SignoffDecision, null=True, blank=True, on_delete=models.PROTECT, related_name="summary_sheets")
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    # Kept in PostgreSQL with the rest of the truth: web and worker share no disk.
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    requested_at = models.DateTimeField(default=timezone.now)
    rendered_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "plan_lock_version"], name="one_sheet_per_plan_version")]
