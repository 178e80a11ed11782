"""Questionnaires (versioned data), people's answers, and the eligibility decision."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pbudget.care_act import CareActOutcome


class Questionnaire(models.Model):
    """A council's questionnaire. Once published it never changes; editing makes a new version."""

    council = models.ForeignKey("pbudget.Council", on_delete=models.PROTECT, related_name="questionnaires")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["council", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["council", "version"], name="questionnaire_version_unique"),
            # A council edits one draft at a time.
            models.UniqueConstraint(fields=["council"], condition=Q(published_at__isnull=True), name="one_draft_questionnaire"),
        ]

    @property
    def is_draft(self):
        return self.published_at is None

    def __str__(self):
        return f"{self.title} (version {self.version})"


class Section(models.Model):
    """A part of the questionnaire (a domain such as "Looking after yourself"), shown as a heading."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField()
    # Stable across versions: the RAS keys its section weights by it.
    key = models.SlugField(max_length=50)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["questionnaire", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "key"], name="section_key_unique")]

    def __str__(self):
        return self.title


class Question(models.Model):
    """
    One question, one page. Orders are not unique in the database, so that a draft can be
    reordered freely: publishing refuses duplicates (`assessment.publishing`), and a published
    version never changes.
    """

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="questions")
    order = models.PositiveIntegerField()
    # Stable across versions: the RAS keys its adjustments by (question key, option key).
    key = models.SlugField(max_length=50)
    text = models.CharField(max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    why_we_ask = models.TextField(blank=True)
    # Shown only when an earlier answer is one of these options (all of one earlier question);
    # no options means always shown. `assessment.visibility` applies the rule.
    shown_when = models.ManyToManyField("AnswerOption", blank=True, related_name="reveals")

    class Meta:
        ordering = ["questionnaire", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "key"], name="question_key_unique")]

    def __str__(self):
        return self.text


def _outcomes_valid(value):
    if not isinstance(value, list) or any(item not in CareActOutcome.values for item in value):
        raise ValidationError("Outcomes must be a list of Care Act outcomes.")


class AnswerOption(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveIntegerField()
    key = models.SlugField(max_length=50)
    label = models.CharField(max_length=200)
    points = models.PositiveIntegerField(default=0)
    # The Care Act outcomes (values of CareActOutcome) this answer bears on ...
    outcomes = models.JSONField(default=list, blank=True, validators=[_outcomes_valid])
    # ... and whether it means the person cannot achieve them.
    unable = models.BooleanField(default=False)

    class Meta:
        ordering = ["question", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "key"], name="option_key_unique")]

    def __str__(self):
        return self.label


class Channel(models.TextChoices):
    ONLINE = "online", "Online, by the person"
    ONLINE_REPRESENTATIVE = "online_representative", "Online, by a representative"
    ASSISTED = "assisted", "With a social worker, face to face"
    PHONE = "phone", "By phone, with a social worker"
    PAPER = "paper", "On paper, entered by staff"


class Assessment(models.Model):
    """One round of answers for a budget, pinned to the questionnaire version it was answered on."""

    budget = models.ForeignKey("pbudget.PersonalBudget", on_delete=models.PROTECT, related_name="assessments")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="assessments")
    channel = models.CharField(max_length=30, choices=Channel)
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The question last saved: where people stop, for the council's co-design figures.
    last_question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # A paper form: the day the council received it. `started_at` is that day's start (London),
    # so the time from start to submission counts from when the form came in, not when it was typed.
    paper_received_on = models.DateField(null=True, blank=True)
    # The eligibility view drafted from the answers when they were sent (`assessment.eligibility.draft`):
    # [{"outcome": value, "unable": bool, "answers": [[question key, option key, question, answer, unable]]}]
    eligibility_draft = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget"], condition=Q(submitted_at__isnull=True), name="one_assessment_in_progress"
            ),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="assessment_channel_valid"),
            models.CheckConstraint(
                condition=Q(paper_received_on__isnull=True) | Q(channel="paper"), name="received_on_only_for_paper",
            ),
        ]

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(AnswerOption, on_delete=models.PROTECT, related_name="+")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "question"], name="one_answer_per_question")]


class Reopening(models.Model):
    """A worker reopened sent answers so they can be changed: who, when, and why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reopenings")
    reason = models.TextField()
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reopened_at = models.DateTimeField(default=timezone.now)
    was_submitted_at = models.DateTimeField()


class SectionNote(models.Model):
    """The optional "anything else you want us to know" for one section of one assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="notes")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "section"], name="one_note_per_section")]


class WellbeingArea(models.TextChoices):
    """The areas of wellbeing in section 1(2) of the Care Act 2014."""

    DIGNITY = "dignity", "Personal dignity, including being treated with respect"
    HEALTH = "health", "Physical and mental health and emotional wellbeing"
    PROTECTION = "protection", "Protection from abuse and neglect"
    CONTROL = "control", "Control over day-to-day life"
    PARTICIPATION = "participation", "Taking part in work, education, training or recreation"
    SOCIAL_ECONOMIC = "social_economic", "Social and economic wellbeing"
    RELATIONSHIPS = "relationships", "Domestic, family and personal relationships"
    ACCOMMODATION = "accommodation", "Suitability of living accommodation"
    CONTRIBUTION = "contribution", "Contribution to society"


class EligibilityDecision(models.Model):
    """The worker's decision on the three Care Act conditions, with reasons."""

    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="eligibility")
    impairment = models.BooleanField(help_text="Needs arise from a physical or mental impairment or illness")
    unable_two_or_more = models.BooleanField(help_text="Unable to achieve two or more of the ten outcomes")
    significant_impact = models.BooleanField(help_text="Significant impact on wellbeing, now or likely")
    eligible = models.BooleanField()
    reasons = models.TextField()
    # The worker's view, outcome by outcome (values of CareActOutcome they confirmed as not
    # achievable), and the wellbeing areas affected (values of WellbeingArea).
    outcomes_unable = models.JSONField(default=list, blank=True)
    wellbeing_areas = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # Eligible exactly when all three conditions hold.
            models.CheckConstraint(
                condition=Q(eligible=True, impairment=True, unable_two_or_more=True, significant_impact=True)
                | (Q(eligible=False) & ~Q(impairment=True, unable_two_or_more=True, significant_impact=True)),
                name="eligible_iff_three_conditions",
            ),
        ]


class Document(models.Model):
    """
    A PDF rendered by the worker: the printable questionnaire of a version (one per version), or
    the written decision for a person found not eligible (one per decision). Kept in PostgreSQL:
    web and worker share no disk.
    """

    class Kind(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", "Paper questionnaire"
        DECISION = "decision", "Written eligibility decision"

    class State(models.TextChoices):
        QUEUED = "queued", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be prepared"

    kind = models.CharField(max_length=20, choices=Kind)
    questionnaire = models.OneToOneField(Questionnaire, null=True, blank=True, on_delete=models.CASCADE, related_name="document")
    decision = models.OneToOneField(EligibilityDecision, null=True, blank=True, on_delete=models.PROTECT, related_name="document")
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    requested_at = models.DateTimeField(default=timezone.now)
    rendered_at = models.DateTimeField(null=True, blank=True)
    # Each render tried (the task retries a failure), and the last failure, shown to staff.
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="questionnaire", questionnaire__isnull=False, decision__isnull=True)
                | Q(kind="decision", decision__isnull=False, questionnaire__isnull=True),
                name="document_of_one_thing",
            ),
        ]
