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
    RETURNED = "returned", "Returned with comments"
    APPROVED = "approved", "Signed off"
    SUPERSEDED = "superseded", "Replaced by a later plan"


# A plan's versions are frozen once submitted: only a draft is ever written to.
FROZEN = frozenset({PlanStatus.SUBMITTED, PlanStatus.RETURNED, PlanStatus.APPROVED, PlanStatus.SUPERSEDED})


class ProviderKind(models.TextChoices):
    ORGANISATION = "organisation", "An organisation"
    PERSONAL_ASSISTANT = "personal_assistant", "A personal assistant"
    FAMILY = "family", "A family member or friend"
    COMMUNITY = "community", "A community group"


class PaidBy(models.TextChoices):
    PERSONAL_BUDGET = "personal_budget", "From the personal budget"
    OTHER_FUNDING = "other_funding", "From other funding"
    FREE = "free", "Free (family, friends or community)"


# A line's own way of managing money when the plan's is a mix (blank: as the whole plan).
LINE_MONEY_MANAGEMENT = [c for c in MoneyManagement.choices if c[0] != MoneyManagement.MIXED]
HOURS_IN_A_WEEK = 168  # no support can happen more often than every hour of the week


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
    risks = models.TextField("Risks I choose to take", blank=True)
    risk_management = models.TextField("How the risks will be managed", blank=True)
    over_budget_reason = models.TextField("Why the plan costs more than the indicative budget", blank=True)
    # The version this one was copied from (a returned plan, or the approved plan being varied).
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    # The person's team when the plan was signed off: managers' figures count the plan there, even
    # after the person moves to another team.
    approved_in_team = models.ForeignKey("pbudget.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

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
    """An outcome the person wants, in their words, linked (`links`) to the Care Act outcomes it addresses."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="outcomes")
    order = models.PositiveIntegerField(default=0)
    description = models.TextField()
    # The same outcome in the version this plan was copied from: comments and comparisons follow it.
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["plan", "order", "pk"]

    @property
    def care_act_outcomes(self) -> list[str]:
        """The Care Act outcomes this outcome addresses (values, in the regulations' order); uses prefetched links."""
        linked = {link.care_act_outcome for link in self.links.all()}
        return [value for value in CareActOutcome.values if value in linked]

    @property
    def care_act_labels(self) -> list[str]:
        return [CareActOutcome(value).label for value in self.care_act_outcomes]


class PlanOutcomeLink(models.Model):
    """
    One Care Act outcome (an area of life from the eligibility regulations, so also an assessed
    need when the assessment found the person unable) that a plan outcome addresses. An outcome
    may address several, or none.
    """

    outcome = models.ForeignKey(PlanOutcome, on_delete=models.CASCADE, related_name="links")
    care_act_outcome = models.CharField(max_length=20, choices=CareActOutcome)

    class Meta:
        ordering = ["outcome", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "care_act_outcome"], name="outcome_link_once"),
            models.CheckConstraint(condition=Q(care_act_outcome__in=CareActOutcome.values), name="outcome_link_valid"),
        ]


class SupportLine(models.Model):
    """
    How part of an outcome is met, and what it costs: unit cost x units a week, or a one-off cost
    (units_per_week is then 1 and ignored). Only lines paid from the personal budget count against it.
    """

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="lines")
    outcome = models.ForeignKey(PlanOutcome, null=True, blank=True, on_delete=models.SET_NULL, related_name="lines")
    description = models.CharField(max_length=200)
    provider_kind = models.CharField(max_length=20, choices=ProviderKind, blank=True)
    provider = models.CharField(max_length=200, blank=True)
    unit_cost_pence = models.PositiveIntegerField()
    units_per_week = models.DecimalField(max_digits=6, decimal_places=2)
    one_off = models.BooleanField(default=False)
    paid_by = models.CharField(max_length=20, choices=PaidBy, default=PaidBy.PERSONAL_BUDGET)
    money_management = models.CharField(max_length=20, choices=LINE_MONEY_MANAGEMENT, blank=True)
    isf_provider = models.CharField("Provider holding the money for this support", max_length=200, blank=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["plan", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(units_per_week__gt=0), name="line_units_positive"),
            models.CheckConstraint(condition=Q(units_per_week__lte=HOURS_IN_A_WEEK), name="line_units_within_a_week"),
            models.CheckConstraint(condition=Q(paid_by__in=PaidBy.values), name="line_paid_by_valid"),
            models.CheckConstraint(
                condition=Q(money_management__in=[c[0] for c in LINE_MONEY_MANAGEMENT] + [""]),
                name="line_money_management_valid",
            ),
            models.CheckConstraint(
                condition=Q(provider_kind__in=[*ProviderKind.values, ""]), name="line_provider_kind_valid"
            ),
        ]


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


class PlanChange(models.Model):
    """
    One saved change to a draft: which part, by whom, and the plan's lock_version after it. A save
    refused as stale lists the changes made since the editor's version, so they see what changed.
    """

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="changes")
    lock_version = models.PositiveIntegerField()
    part = models.CharField(max_length=40)
    what = models.CharField(max_length=200)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan", "lock_version", "pk"]
        indexes = [models.Index(fields=["plan", "lock_version"])]


PLANNER_KINDS = [LedBy.USER_LED_ORGANISATION, LedBy.BROKER, LedBy.PEER]


class PlannerInvitation(models.Model):
    """
    An invitation to a broker, user-led organisation or peer supporter to help with one budget's
    plan. Only a hash of the one-time link's token is kept. The planner reaches the plan while the
    invitation is accepted and neither withdrawn nor ended (sign-off ends it).
    """

    budget = models.ForeignKey("pbudget.PersonalBudget", on_delete=models.PROTECT, related_name="planner_invitations")
    email = models.EmailField()
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=[(k.value, k.label) for k in PLANNER_KINDS])
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    token_hash = models.CharField(max_length=64, unique=True)
    planner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="planner_invitations"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-invited_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in PLANNER_KINDS]), name="invitation_kind_valid"),
            models.CheckConstraint(condition=Q(accepted_at__isnull=True) | Q(planner__isnull=False), name="accepted_names_planner"),
        ]

    @property
    def is_live(self):
        return self.accepted_at is not None and self.withdrawn_at is None and self.ended_at is None


class PlanHelpRequest(models.Model):
    """The person asks the council for help with planning; it shows on the team's work list until answered."""

    budget = models.ForeignKey("pbudget.PersonalBudget", on_delete=models.PROTECT, related_name="plan_help_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    message = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["budget"], condition=Q(answered_at__isnull=True), name="one_open_help_request"),
        ]


class PlanDocument(models.Model):
    """The printable plan (PDF) of one plan version as it stood at `lock_version`, rendered by a worker."""

    class State(models.TextChoices):
        QUEUED = "queued", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be prepared"

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="documents")
    lock_version = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "lock_version"], name="one_document_per_plan_version")]
