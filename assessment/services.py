"""
Assessment services: starting, answering and submitting a self-assessment, and the
eligibility decision.

Every service runs in one transaction with the budget row locked (directly, or through
`budget_move`), so an answer can't slip in beside a submission, and writes an audit entry.
Bad input raises `MoveNotAllowed` with a message fit for the user, and changes nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from assessment.documents import document_request_decision
from assessment.eligibility import suggested_unable
from assessment.models import Answer, Assessment, Channel, EligibilityDecision, Reopening, SectionNote, WellbeingArea
from pbudget.care_act import CareActOutcome
from assessment.selectors import (
    assessment_questions,
    eligibility_draft_for,
    questionnaire_live,
    questions_asked,
    questions_for,
)
from pbudget.access import require_relationship
from pbudget.audit import audit_change
from pbudget.dates import LONDON
from pbudget.lifecycle import ANYONE, PERSON, STAFF, MoveNotAllowed, Status, budget_move
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


STAFF_CHANNELS = (Channel.ASSISTED, Channel.PHONE)


def _channel(*, relationship, actor, person, asked) -> str:
    """Online by the person or by a representative; with staff, face to face or by phone."""
    if relationship == PERSON:
        return Channel.ONLINE if person.user_id == actor.pk else Channel.ONLINE_REPRESENTATIVE
    if asked is not None and asked not in STAFF_CHANNELS:
        raise MoveNotAllowed("Choose face to face or by phone. Paper forms are entered on the paper form page.")
    return asked or Channel.ASSISTED


def assessment_start(*, budget, actor, channel=None) -> Assessment:
    """
    Return the budget's assessment in progress, or start one pinned to the council's live
    questionnaire. The channel is recorded: online by the person or by their representative
    (whoever starts it), or, for staff, `channel` (assisted face to face, or by phone).
    The budget must be at assessment. Locks the budget row; at most one assessment is ever
    in progress (a database constraint backs this).
    """
    with transaction.atomic():
        locked, relationship = _lock_at_assessment(budget_id=budget.pk, actor=actor)
        channel = _channel(relationship=relationship, actor=actor, person=locked.person, asked=channel)
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
            budget=locked, questionnaire=questionnaire, started_by=actor, channel=channel,
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
        fresh.last_question = question
        fresh.save(update_fields=["last_question"])
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
        fresh.eligibility_draft = eligibility_draft_for(pairs=[(q, chosen[q.pk]) for q in asked])
        fresh.save(update_fields=["submitted_at", "submitted_by", "eligibility_draft"])
        budget_move(budget=budget, move="submit_assessment", actor=actor)
        audit_change(user=actor, person=budget.person, what="Submitted the assessment")
    assessment.submitted_at, assessment.submitted_by = fresh.submitted_at, fresh.submitted_by
    return fresh


def assessment_enter_paper(*, budget, actor, answers: dict[int, int], notes: dict[int, str], received_on) -> Assessment:
    """
    Enter a returned paper form in one go (staff only): a paper assessment pinned to the live
    questionnaire, every answer (question id -> option id) checked against the questionnaire
    and its conditions, the notes (section id -> text), and the submission, all in one
    transaction with the budget row locked. It counts as started on the day the form was
    received (`received_on`, not in the future). Refuses, changing nothing, if anything doesn't fit.
    """
    now = timezone.now()
    if received_on > timezone.localtime(now, LONDON).date():
        raise MoveNotAllowed("The date the form was received can't be in the future.")
    with transaction.atomic():
        locked, relationship = _lock_at_assessment(budget_id=budget.pk, actor=actor)
        if relationship not in STAFF:
            raise MoveNotAllowed("Only staff enter paper forms.")
        if Assessment.objects.filter(budget=locked, submitted_at__isnull=True).exists():
            raise MoveNotAllowed("An assessment is already being filled in for this person. Carry on with it instead.")
        questionnaire = questionnaire_live(council=locked.council)
        if questionnaire is None:
            raise MoveNotAllowed("The council has not published an assessment questionnaire yet.")
        questions = questions_for(questionnaire=questionnaire)
        options = {o.pk: o for q in questions for o in q.options.all()}
        chosen = {}
        for question_id, option_id in answers.items():
            option = options.get(option_id)
            if option is None or option.question_id != question_id:
                raise MoveNotAllowed("An answer doesn't belong to its question. Choose from the answers shown.")
            chosen[question_id] = option
        asked = questions_asked(questions=questions, chosen=chosen)
        if set(chosen) != {q.pk for q in asked}:
            raise MoveNotAllowed("Answer every question the form asks, and none that it doesn't.")
        sections = {s.pk: s for s in questionnaire.sections.all()}
        if any(section_id not in sections for section_id in notes):
            raise MoveNotAllowed("That part of the questionnaire isn't in this assessment.")
        assessment = Assessment.objects.create(
            budget=locked, questionnaire=questionnaire, started_by=actor, channel=Channel.PAPER,
            started_at=min(now, datetime.datetime.combine(received_on, datetime.time.min, tzinfo=LONDON)),
            paper_received_on=received_on, submitted_at=now, submitted_by=actor, last_question=asked[-1] if asked else None,
        )
        Answer.objects.bulk_create(
            Answer(assessment=assessment, question_id=q.pk, option=chosen[q.pk], answered_by=actor, answered_at=now) for q in asked
        )
        SectionNote.objects.bulk_create(
            SectionNote(assessment=assessment, section=sections[sid], text=text.strip(), written_by=actor, written_at=now)
            for sid, text in notes.items() if text and text.strip()
        )
        assessment.eligibility_draft = eligibility_draft_for(pairs=[(q, chosen[q.pk]) for q in asked])
        assessment.save(update_fields=["eligibility_draft"])
        budget_move(budget=locked, move="submit_assessment", actor=actor)
        audit_change(user=actor, person=locked.person, what="Entered a paper assessment form")
    return assessment


def assessment_note(*, assessment, section, text, actor) -> None:
    """
    Save the optional "anything else you want us to know" for one section (blank removes it),
    while the assessment is in progress. The section must be of the assessment's questionnaire.
    """
    if section.questionnaire_id != assessment.questionnaire_id:
        raise MoveNotAllowed("That part of the questionnaire isn't in this assessment.")
    text = (text or "").strip()
    with transaction.atomic():
        budget, fresh = _lock_in_progress(assessment=assessment, actor=actor)
        if text:
            SectionNote.objects.update_or_create(
                assessment=fresh, section=section, defaults={"text": text, "written_by": actor, "written_at": timezone.now()},
            )
        else:
            SectionNote.objects.filter(assessment=fresh, section=section).delete()
        audit_change(user=actor, person=budget.person, what=f"Wrote about {section.title} in the assessment")


def assessment_reopen(*, assessment, actor, reason) -> Assessment:
    """
    Reopen sent answers so they can be changed (staff only, before eligibility is decided):
    the budget moves back to assessment (`reopen_assessment`, with the reason), the answers
    are unlocked, and a `Reopening` row records who, when, why and when they had been sent.
    """
    reason = (reason or "").strip()
    if not reason:
        raise MoveNotAllowed("Enter why the answers are being reopened.")
    with transaction.atomic():
        fresh = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if not fresh.is_submitted or EligibilityDecision.objects.filter(assessment=fresh).exists():
            raise MoveNotAllowed("Only sent answers waiting for an eligibility decision can be reopened.")
        # The move locks the budget, checks it waits for eligibility and that the actor is staff.
        budget = budget_move(budget=fresh.budget, move="reopen_assessment", actor=actor, reason=reason)
        Reopening.objects.create(assessment=fresh, reason=reason, reopened_by=actor, was_submitted_at=fresh.submitted_at)
        fresh.submitted_at = fresh.submitted_by = None
        fresh.save(update_fields=["submitted_at", "submitted_by"])
        audit_change(user=actor, person=budget.person, what="Reopened the assessment answers")
    return fresh


def eligibility_decide(
    *, assessment, actor, impairment, significant_impact, reasons, outcomes_unable=None, wellbeing_areas=(),
    unable_two_or_more=None,
) -> EligibilityDecision:
    """
    Record the Care Act eligibility decision on a submitted assessment. The worker confirms or
    changes, outcome by outcome, what the answers suggest (`outcomes_unable`; by default the
    drafted view stored when the answers were sent), and records the three conditions: the
    second holds when two or more outcomes can't be achieved; a significant impact on wellbeing
    names the wellbeing areas affected. Eligible exactly when all three hold. Both the drafted
    view (on the assessment) and the decision are kept. Moves the budget to the indicative
    budget (eligible) or closes it with the reasons (not eligible), and, when not eligible,
    queues the written decision PDF after commit. Staff only (the lifecycle checks).
    """
    reasons = (reasons or "").strip()
    if not reasons:
        raise MoveNotAllowed("Enter the reasons for the decision.")
    areas = [value for value in WellbeingArea.values if value in set(wellbeing_areas)]
    if len(areas) != len(set(wellbeing_areas)):
        raise MoveNotAllowed("Choose wellbeing areas from the list.")
    if significant_impact and not areas and unable_two_or_more is None:
        raise MoveNotAllowed("Select the areas of wellbeing affected.")
    with transaction.atomic():
        fresh = Assessment.objects.select_related("budget").get(pk=assessment.pk)
        if not fresh.is_submitted:
            raise MoveNotAllowed("The answers have not been sent yet, so eligibility can't be decided.")
        if EligibilityDecision.objects.filter(assessment=fresh).exists():
            raise MoveNotAllowed("Eligibility has already been decided on these answers.")
        if outcomes_unable is None:
            outcomes_unable = suggested_unable(fresh.eligibility_draft)
        confirmed = [value for value in CareActOutcome.values if value in set(outcomes_unable)]
        if len(confirmed) != len(set(outcomes_unable)):
            raise MoveNotAllowed("Choose outcomes from the list.")
        if unable_two_or_more is None:
            unable_two_or_more = len(confirmed) >= 2
        eligible = bool(impairment and unable_two_or_more and significant_impact)
        # The move locks the budget and checks the stage and that the actor is staff.
        budget = budget_move(
            budget=fresh.budget, move="decide_eligible" if eligible else "decide_not_eligible",
            actor=actor, reason=reasons,
        )
        decision = EligibilityDecision.objects.create(
            assessment=fresh, impairment=bool(impairment), unable_two_or_more=bool(unable_two_or_more),
            significant_impact=bool(significant_impact), eligible=eligible, reasons=reasons, decided_by=actor,
            outcomes_unable=confirmed, wellbeing_areas=areas,
        )
        audit_change(user=actor, person=budget.person, what="Decided eligibility: " + ("eligible" if eligible else "not eligible"))
        if not eligible:
            document_request_decision(decision=decision)
    return decision
