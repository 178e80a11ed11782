"""Builders for assessments in a given state, through the services (never by hand)."""

from assessment.selectors import questions_for
from assessment.services import assessment_answer, assessment_start, assessment_submit


def answered(*, budget, actor, upto=None, pick=-1):
    """Start an assessment and answer the first `upto` questions (all by default) with option `pick`."""
    assessment = assessment_start(budget=budget, actor=actor)
    questions = questions_for(questionnaire=assessment.questionnaire)
    for question in questions[:upto]:
        options = list(question.options.all())
        assessment_answer(assessment=assessment, question=question, option=options[pick], actor=actor)
    return assessment


def submitted(*, budget, actor, pick=-1):
    assessment = answered(budget=budget, actor=actor, pick=pick)
    return assessment_submit(assessment=assessment, actor=actor)
