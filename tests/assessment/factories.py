"""Builders for assessments in a given state, through the services (never by hand)."""

from assessment.selectors import question_next
from assessment.services import assessment_answer, assessment_start, assessment_submit


def choose(options, pick):
    """Option `pick` of the list; a pick past the end (e.g. 2 of Yes/No) takes the last one."""
    return options[min(pick, len(options) - 1)] if pick >= 0 else options[pick]


def answered(*, budget, actor, upto=None, pick=-1):
    """
    Start an assessment and answer the questions asked, in turn, with option `pick` (all of
    them, or the first `upto`). Yes/No questions come first with Yes, so pick=0 asks every
    conditional question and pick=-1 or 2 skips them.
    """
    assessment = assessment_start(budget=budget, actor=actor)
    count = 0
    while (upto is None or count < upto) and (question := question_next(assessment=assessment)) is not None:
        assessment_answer(assessment=assessment, question=question, option=choose(list(question.options.all()), pick), actor=actor)
        count += 1
    return assessment


def submitted(*, budget, actor, pick=-1):
    assessment = answered(budget=budget, actor=actor, pick=pick)
    return assessment_submit(assessment=assessment, actor=actor)
