"""The shared core: councils, teams, staff, people, representatives and the budget record."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pbudget.lifecycle import JOURNEY_ENDS, JOURNEY_STARTS, Status


class Council(models.Model):
    """A tenant. Every record that names a person belongs to exactly one council."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(unique=True)
    # Case records are kept this long after care ended, then anonymised (pbudget/retention.py).
    retention_years = models.PositiveSmallIntegerField(default=8)

    def __str__(self):
        return self.name


class Team(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    managers = models.ManyToManyField("User", blank=True, related_name="managed_teams")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "name"], name="team_name_unique_in_council")]

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username):
        # Emails are stored in lower case; people type them however their phone capitalises.
        return self.get(email__iexact=username)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class Role(models.TextChoices):
    # People who use services and their representatives: what they reach is decided by
    # Person.user and Representative rows, not by the role.
    CITIZEN = "citizen", "Person or representative"
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    COUNCIL_ADMIN = "council_admin", "Council administrator"
    # An independent broker, user-led organisation or peer supporter invited to help with a
    # plan: reaches only the plans they are invited to (support_planning decides which).
    PLANNER = "planner", "Planner (broker, user-led organisation or peer supporter)"


class User(AbstractBaseUser, PermissionsMixin):
    """Everyone who signs in, by email. `is_staff` means Django admin access, nothing more."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    council = models.ForeignKey(Council, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    role = models.CharField(max_length=20, choices=Role, default=Role.CITIZEN)
    # The team a social worker belongs to; managers' teams are Team.managers.
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="workers")
    # A team manager the council administrator has put on the council's sign-off panel: with a
    # second senior manager they sign off plans above the team manager limit, in any team of the
    # council. It grants no sight of anyone's record (see pbudget/access.py).
    is_senior_manager = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()
    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            models.CheckConstraint(
                condition=~Q(role=Role.SOCIAL_WORKER) | Q(team__isnull=False),
                name="social_worker_has_team",
            ),
            models.CheckConstraint(
                condition=Q(is_senior_manager=False) | Q(role=Role.TEAM_MANAGER),
                name="senior_manager_is_a_manager",
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    @property
    def is_council_staff(self):
        return self.role in {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.COUNCIL_ADMIN}


class ClientGroup(models.TextChoices):
    OLDER_PEOPLE = "older_people", "Older people"
    PHYSICAL_DISABILITY = "physical_disability", "Physical disability"
    LEARNING_DISABILITY = "learning_disability", "Learning disability"
    MENTAL_HEALTH = "mental_health", "Mental health"


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        from pbudget.access import people_filter

        return self.filter(people_filter(user))


class Person(models.Model):
    """Someone who may need care and support. `user` is set when they sign in themselves."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="people")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="people")
    allocated_worker = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="allocated_people"
    )
    user = models.OneToOneField(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="person")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    email = models.EmailField(blank=True)
    client_group = models.CharField(max_length=30, choices=ClientGroup, default=ClientGroup.OLDER_PEOPLE)
    created_at = models.DateTimeField(default=timezone.now)
    # A legal hold (a complaint, an inquiry, litigation) stops the record being anonymised.
    legal_hold = models.BooleanField(default=False)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "people"
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(client_group__in=ClientGroup.values), name="person_client_group_valid"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"


class Authority(models.TextChoices):
    CONSENT = "consent", "Acting with the person's consent"
    LPA = "lpa", "Lasting power of attorney (health and welfare)"
    DEPUTY = "deputy", "Court of Protection deputy"
    ADVOCATE = "advocate", "Independent advocate"


class Representative(models.Model):
    """A family member, friend or advocate who acts for a person, with the authority recorded."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="representatives")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="representing")
    relationship = models.CharField(max_length=100, help_text="For example: daughter, friend, advocate")
    authority = models.CharField(max_length=20, choices=Authority)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "user"], condition=Q(ended_at__isnull=True), name="one_active_representation"
            ),
            models.CheckConstraint(condition=Q(authority__in=Authority.values), name="representative_authority_valid"),
        ]

    def __str__(self):
        return f"{self.user} for {self.person} ({self.relationship})"


class PersonalBudgetQuerySet(models.QuerySet):
    def visible_to(self, user):
        from pbudget.access import people_filter

        return self.filter(person__in=Person.objects.filter(people_filter(user)))

    def open(self):
        return self.exclude(status=Status.CLOSED)


class PersonalBudget(models.Model):
    """
    One budget per person per cycle, carrying the lifecycle status. Its stages' records
    (assessments, allocations, plans, decisions, reviews) point at it and are never overwritten.
    The status is written only by `pbudget.lifecycle.budget_move`.
    """

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="budgets")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="budgets")
    status = models.CharField(max_length=20, choices=Status, default=Status.ASSESSMENT, editable=False)
    opened_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Set by sign-off when a plan is approved; integer pence, never float.
    agreed_weekly_pence = models.PositiveIntegerField(null=True, blank=True)

    objects = PersonalBudgetQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="budget_status_valid"),
            models.UniqueConstraint(
                fields=["person"], condition=~Q(status=Status.CLOSED), name="one_open_budget_per_person"
            ),
        ]
        indexes = [models.Index(fields=["council", "status"])]

    def __str__(self):
        return f"Budget {self.pk} for {self.person}"


class BudgetEvent(models.Model):
    """One row per lifecycle move: the budget's timeline."""

    budget = models.ForeignKey(PersonalBudget, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    move = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, choices=Status, blank=True)
    to_status = models.CharField(max_length=20, choices=Status)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)
    # Written once, when the row is added (`save`), so the managers' figures read one row per
    # spell or journey instead of pairing up five years of moves:
    # when the budget entered the stage this move leaves (the previous move's time; None for "open"),
    stage_entered_at = models.DateTimeField(null=True, blank=True, editable=False)
    # and, on the plan approval that ends a journey, when that journey began (the latest "open" or
    # "reassess" with no approval since; None on every other move).
    journey_started_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["budget", "at"]), models.Index(fields=["at"])]

    def save(self, *args, **kwargs):
        if self._state.adding:
            self._fill_derived()
        super().save(*args, **kwargs)

    def _fill_derived(self):
        """The budget's moves before this one (by time, then order of writing) give both derived times."""
        earlier = BudgetEvent.objects.filter(budget_id=self.budget_id, at__lte=self.at).order_by("-at", "-pk")
        if self.stage_entered_at is None and self.from_status:
            self.stage_entered_at = earlier.values_list("at", flat=True).first()
        if self.journey_started_at is None and self.move in JOURNEY_ENDS:
            last = earlier.filter(move__in=[*JOURNEY_STARTS, *JOURNEY_ENDS]).values_list("move", "at").first()
            self.journey_started_at = last[1] if last and last[0] in JOURNEY_STARTS else None


class AuditLogIsAppendOnly(Exception):
    """The audit log can be added to, never edited or deleted (a database trigger refuses it too)."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("The audit log can't be changed.")

    def delete(self):
        raise AuditLogIsAppendOnly("The audit log can't be deleted from.")


class AuditEntry(models.Model):
    """
    Who looked at or changed which person's record, and when. Append-only: the application can't
    edit or delete a row (save, delete and the queryset refuse; on PostgreSQL a trigger refuses too).
    """

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        CHANGE = "change", "Changed"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    council = models.ForeignKey(Council, null=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, null=True, on_delete=models.PROTECT, related_name="audit_entries")
    action = models.CharField(max_length=10, choices=Action)
    what = models.CharField(max_length=200)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["person", "at"])]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("The audit log can't be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("The audit log can't be deleted from.")


class SubjectAccessExport(models.Model):
    """A draft of everything held about a person, for review and redaction before release (subject_access.py)."""

    class State(models.TextChoices):
        QUEUED = "queued", "Being prepared"
        DRAFT = "draft", "Draft ready for review"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    prepared_at = models.DateTimeField(null=True, blank=True)
    data = models.JSONField(null=True, blank=True)
    html = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(state__in=["queued", "draft"]), name="export_state_valid")]
