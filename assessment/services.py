"""
Assessment services: starting, answering and submitting a self-assessment, and the
eligibility decision.

Every service runs in one transaction with the budget row locked (directly, or through
`budget_move`), so an answer can't slip in beside a submission, and writes an audit entry.
Bad input raises `MoveNotAllowed` with a message fit for the user, and changes nothing.
"""

from django.db import transaction
from django.utils import timezone

from assessment.models import Answer, Assessment, Channel, EligibilityDecision
from assessment.selectors import assessment_questions, questionnaire_live
from pbudget.access import require_relationship
from pbudget.audit import audit_change
from pbudget.lifecycle import ANYONE, PERSON, MoveNotAllowed, Status, budget_move
from pbudget.models import PersonalBudget

NOT_NOW = "The assessment can't be changed now: the answers have been sent."


def _lock_at_assessment(*, budget_id, actor) -> tuple[PersonalBudget, str]:
    """Lock the budget row; check the actor's relationship and that it is at assessment."""
    locked = PersonalBudget.objects.select_for_update(of=("self",)).select_related("person", "council").get(pk=budget_id)
    relationship = require_relationship(actor, locked.person, ANYONE)
    if locked.status != Status.ASSESSMENT:
        raise MoveNotAllowed(NOT_NOW)
    return locked, relationship


def _lock_in_progress(*, assessment, actor) -> tuple[PersonalBudget, Assessment]:
    budget, _ = _lock_at_assessment(budget_id=assessment.budget_id, actor=actor)
    fresh = Assessment.objects.select_related("questionnaire").get(pk=assessment.pk)
    if fresh.is_submitted:
        raise MoveNotAllowed(NOT_NOW)
    return budget, fresh


def assessment_start(*, budget, actor) -> Assessment:
    """
    Return the budget's assessment in progress, or start one pinned to the council's live
    questionnaire. Online when the person or their representative starts it, assisted when a
    worker does. The budget must be at assessment. Locks the budget row; at most one
    assessment is ever in progress (a database constraint backs this).
    """
    with transaction.atomic():
        locked, relationship = _lock_at_assessment(budget_id=budget.pk, actor=actor)
        current = Assessment.objects.filter(budget=locked, submitted_at__isnull=True).first()
        if current is not None:
            return current
        questionnaire = questionnaire_live(council=locked.council)
        if questionnaire is None:
            raise MoveNotAllowed(
                "The council has not published an assessment questionnaire yet, so the assessment "
                "can't start. Contact the adult social care team."
            )
        # The budget row lock serialises starts; a constraint also allows one in progress.
        assessment = Assessment.objects.create(
            budget=locked, questionnaire=questionnaire, started_by=actor,
            channel=Channel.ONLINE if relationship == PERSON else Channel.ASSISTED,
        )
        audit_change(user=actor, person=locked.person, what=f"Started the assessment ({assessment.get_channel_display().lower()})")
    return assessment


def assessment_answer(*, assessment, question, option, actor) -> Answer:
    """
    Save (or change) the answer to one question, while the assessment is in progress and
    the budget at assessment. The option must belong to the question, the question to the
    questionnaire the assessment is pinned to, and the question must be one the earlier
    answers ask. Answers to questions this answer hides are removed, so stored answers are
    always those of asked questions. Locks the budget row.
    """
    if question.questionnaire_id != assessment.questionnaire_id or option.question_id != question.pk:
        raise MoveNotAllowed("That answer doesn't belong to this question. Choose one of the answers shown.")
    with transaction.atomic():
        budget, fresh = _lock_in_progress(assessment=assessment, actor=actor)
        asked, _ = assessment_questions(assessment=fresh)
        if question.pk not in {q.pk for q in asked}:
            raise MoveNotAllowed("That question doesn't apply, given the earlier answers.")
        answer, _ = Answer.objects.update_or_create(
            assessment=fresh, question=question,
            defaults={"option": option, "answered_by": actor, "answered_at": timezone.now()},
        )
        asked, _ = assessment_questions(assessment=fresh)
        Answer.objects.filter(assessment=fresh).exclude(question__in=[q.pk for q in asked]).delete()
        audit_change(user=actor, person=budget.person, what=f"Answered assessment question {question.key}")
    return answer


def assessment_submit(*, assessment, actor) -> Assessment:
    """
    Send the answers: every question asked must be answered. Records who submitted and when,
    and moves the budget to the eligibility decision, in one transaction.
    """
    with transaction.atomic():
        budget, fresh = _lock_in_progress(assessment=assessment, actor=actor)
        asked, chosen = assessment_questions(assessment=fresh)
        missing = sum(1 for q in asked if q.pk not in chosen)
        if missing:
            plural = "question has" if missing == 1 else "questions have"
            raise MoveNotAllowed(f"Answer every question before you send your answers: {missing} {plural} no answer yet.")
        fresh.submitted_at = timezone.now()
        fresh.submitted_by = actor
        fresh.save(update_fields=["submitted_at", "submitted_by"])
        budget_move(budget=budget, move="submit_assessment", actor=actor)
        audit_change(user=actor, person=budget.person, what="Submitted the assessment")
    assessment.submitted_at, assessment.submitted_by = fresh.submitted_at, fresh.submitted_by
    return fresh


def eligibility_decide(*, assessment, actor, impairment, unable_two_or_more, significant_impact, reasons) -> EligibilityDecision:
    """
    Record the Care Act eligibility decision on a submitted assessment: eligible exactly when
    all three conditions hold. Moves the budget to the indicative budget (eligible) or closes
    it (not eligible), with the reasons as the event's reason; staff only (the lifecycle checks).
    """
    reasons = (reasons or "").strip()
    if not reasons:
        raise MoveNotAllowed("Enter the reasons for the decision.")
    eligible = bool(impairment and unable_two_or_more and significant_impact)
    with transaction.atomic():
        fresh = Assessment.objects.select_related("budget").get(pk=assessment.pk)
        if not fresh.is_submitted:
            raise MoveNotAllowed("The answers have not been sent yet, so eligibility can't be decided.")
        if EligibilityDecision.objects.filter(assessment=fresh).exists():
            raise MoveNotAllowed("Eligibility has already been decided on these answers.")
        # The move locks the budget and checks the stage and that the actor is staff.
        budget = budget_move(
            budget=fresh.budget, move="decide_eligible" if eligible else "decide_not_eligible",
            actor=actor, reason=reasons,
        )
        decision = EligibilityDecision.objects.create(
            assessment=fresh, impairment=bool(impairment), unable_two_or_more=bool(unable_two_or_more),
            significant_impact=bool(significant_impact), eligible=eligible, reasons=reasons, decided_by=actor,
        )
        audit_change(user=actor, person=budget.person, what="Decided eligibility: " + ("eligible" if eligible else "not eligible"))
    return decision
