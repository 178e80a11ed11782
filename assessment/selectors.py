"""Public reads of the assessment stage, for later stages and the pages that join them."""

import datetime

from django.utils import timezone

from assessment.eligibility import draft
from assessment.figures import AssessmentFact, summarise
from assessment.models import (
    Answer,
    AnswerOption,
    Assessment,
    Channel,
    Document,
    EligibilityDecision,
    Question,
    Questionnaire,
    SectionNote,
)
from assessment.visibility import visible_ids
from pbudget.care_act import CareActOutcome
from pbudget.dates import LONDON


def questionnaire_live(*, council) -> Questionnaire | None:
    """The council's newest published questionnaire."""
    return (
        Questionnaire.objects.filter(council=council, published_at__isnull=False).order_by("-version").first()
    )


def assessment_current(*, budget) -> Assessment | None:
    """The budget's newest assessment, in progress or submitted."""
    return Assessment.objects.filter(budget=budget).select_related("questionnaire").order_by("-started_at", "-pk").first()


def assessment_in_progress(*, budget) -> Assessment | None:
    """The budget's assessment being filled in, if any (after a reassessment the last one is sent)."""
    return (
        Assessment.objects.filter(budget=budget, submitted_at__isnull=True).select_related("questionnaire").first()
    )


def assessment_latest_submitted(*, budget) -> Assessment | None:
    return (
        Assessment.objects.filter(budget=budget, submitted_at__isnull=False)
        .select_related("questionnaire")
        .order_by("-submitted_at", "-pk")
        .first()
    )


def questions_for(*, questionnaire) -> list[Question]:
    """
    Every question of the questionnaire in order, with its section, options and the options
    that reveal it (three queries). Use `questions_asked` for the ones a person is asked.
    """
    return list(
        questionnaire.questions.select_related("section").order_by("order", "pk").prefetch_related("options", "shown_when")
    )


def questions_asked(*, questions, chosen) -> list[Question]:
    """The questions (from `questions_for`) asked given the chosen options by question id."""
    rules = [(q.pk, frozenset(o.pk for o in q.shown_when.all())) for q in questions]
    asked = set(visible_ids(rules, {qid: option.pk for qid, option in chosen.items()}))
    return [q for q in questions if q.pk in asked]


def assessment_questions(*, assessment) -> tuple[list[Question], dict[int, AnswerOption]]:
    """The questions asked now, in order, and the chosen options by question id (four queries)."""
    questions = questions_for(questionnaire=assessment.questionnaire)
    chosen = answered_options(assessment=assessment)
    return questions_asked(questions=questions, chosen=chosen), chosen


def question_next(*, assessment) -> Question | None:
    """The first question asked that has no answer yet, or None when all are answered."""
    asked, chosen = assessment_questions(assessment=assessment)
    return next((q for q in asked if q.pk not in chosen), None)


def questions_not_asked(*, assessment) -> dict[str, list[dict]]:
    """
    The questions that did not apply to this person because of an earlier answer, by each Care
    Act outcome their answers bear on: {outcome: [{"question", "earlier", "needed": [labels],
    "given": label or None}]}. So a worker reading an outcome with no answer sees why, rather than
    a gap (four queries; the pinned version never changes, so this reads as it did then).
    """
    questions = questions_for(questionnaire=assessment.questionnaire)
    chosen = answered_options(assessment=assessment)
    asked = {q.pk for q in questions_asked(questions=questions, chosen=chosen)}
    by_id = {q.pk: q for q in questions}
    found = {}
    for question in questions:
        revealing = list(question.shown_when.all())
        if question.pk in asked or not revealing:
            continue
        earlier = by_id.get(revealing[0].question_id)
        given = chosen.get(earlier.pk) if earlier and earlier.pk in asked else None
        entry = {
            "question": question.text, "earlier": earlier.text if earlier else "",
            "needed": [o.label for o in revealing], "given": given.label if given else None,
        }
        for outcome in sorted({value for option in question.options.all() for value in option.outcomes}):
            found.setdefault(outcome, []).append(entry)
    return found


def answered_options(*, assessment) -> dict[int, AnswerOption]:
    """The chosen option of each answered question, by question id (one query)."""
    answers = Answer.objects.filter(assessment=assessment).select_related("option")
    return {answer.question_id: answer.option for answer in answers}


def answers_for(*, assessment) -> list[tuple[Question, AnswerOption]]:
    """(question, chosen option) for every answered question, in question order (one query).

    Each question comes with its section (`question.section.key`). Only questions the person
    was asked have answers: answering a question that hides others removes their answers.
    Later stages (the RAS) read answers through this, never through the assessment tables.
    """
    answers = (
        Answer.objects.filter(assessment=assessment)
        .select_related("question__section", "option")
        .order_by("question__order", "question__pk")
    )
    return [(answer.question, answer.option) for answer in answers]


def outcomes_unable(*, pairs) -> list[str]:
    """The Care Act outcomes (values, in the law's order) the answers say the person cannot achieve."""
    unable = {outcome for _, option in pairs if option.unable for outcome in option.outcomes}
    return [outcome for outcome in CareActOutcome.values if outcome in unable]


def eligibility_draft_for(*, pairs) -> dict:
    """The eligibility view the answers suggest, outcome by outcome (`assessment.eligibility.draft`)."""
    return draft(
        ((q.key, o.key, q.text, o.label, o.outcomes, o.unable) for q, o in pairs), CareActOutcome.values,
    )


def eligibility_latest(*, budget) -> EligibilityDecision | None:
    """The newest eligibility decision on this budget, if any (for the home page and timeline)."""
    return (
        EligibilityDecision.objects.filter(assessment__budget=budget)
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")
        .first()
    )


def assessments_for_budgets(*, budget_ids) -> list[Assessment]:
    """Every assessment of these budgets with its eligibility decision and who did what (one query).
    For a person's timeline across cycles."""
    return list(
        Assessment.objects.filter(budget_id__in=budget_ids)
        .select_related("started_by", "submitted_by", "eligibility", "eligibility__decided_by")
        .order_by("started_at", "pk")
    )


def questionnaires_for(*, council) -> list[Questionnaire]:
    """The council's questionnaire versions, newest first, with who published them (one query)."""
    return list(Questionnaire.objects.filter(council=council).select_related("published_by", "created_by").order_by("-version"))


def questionnaire_draft(*, council) -> Questionnaire | None:
    return Questionnaire.objects.filter(council=council, published_at__isnull=True).first()


def questionnaire_spec(*, questionnaire) -> tuple[list[dict], list[dict]]:
    """The questionnaire as plain data (`assessment.spec`'s shape): for checks, export and copying (four queries)."""
    sections = [{"key": s.key, "title": s.title} for s in questionnaire.sections.order_by("order", "pk")]
    rows = questions_for(questionnaire=questionnaire)
    key_of = {q.pk: q.key for q in rows}
    questions = []
    for q in rows:
        revealing = list(q.shown_when.all())
        # The editor and the import keep every revealing option to one earlier question.
        earlier = key_of.get(revealing[0].question_id) if revealing else None
        questions.append({
            "section": q.section.key, "key": q.key, "order": q.order, "text": q.text, "hint": q.hint, "why": q.why_we_ask,
            "shown_when": (earlier, [o.key for o in revealing]) if earlier else None,
            "options": [
                {"key": o.key, "order": o.order, "label": o.label, "points": o.points, "unable": o.unable, "outcomes": list(o.outcomes)}
                for o in q.options.all()
            ],
        })
    return sections, questions


def notes_for(*, assessment) -> dict:
    """The assessment's "anything else" notes, by section id (one query)."""
    return {note.section_id: note for note in SectionNote.objects.filter(assessment=assessment)}


def decision_document(*, decision, with_pdf=False):
    """The written decision's document (state, and the PDF only when asked for), or None."""
    documents = Document.objects.filter(decision=decision)
    return (documents if with_pdf else documents.defer("pdf")).first()


def assessment_figures(*, council_id, team_ids=None, start: datetime.date, end: datetime.date):
    """
    Assessment figures for a council (or some of its teams), for assessments started from
    `start` up to but not including `end` (dates in Europe/London): per questionnaire version
    and channel, started, completed (sent), completion rate, median minutes from start to
    sending, and where unfinished ones stopped (the question last saved); per team and month,
    started, completed and median minutes. Returns `assessment.figures.AssessmentFigures`.
    One query, whatever the size; the summing is pure (`assessment.figures.summarise`).
    """
    since = datetime.datetime.combine(start, datetime.time(), LONDON)
    until = datetime.datetime.combine(end, datetime.time(), LONDON)
    assessments = Assessment.objects.filter(budget__council_id=council_id, started_at__gte=since, started_at__lt=until)
    if team_ids is not None:
        assessments = assessments.filter(budget__person__team_id__in=team_ids)
    rows = assessments.values_list(
        "questionnaire__version", "channel", "budget__person__team_id", "started_at", "submitted_at",
        "last_question__order", "last_question__key", "last_question__text",
    )
    return summarise([
        AssessmentFact(
            version=version, channel=channel, team_id=team_id,
            month=timezone.localtime(started, LONDON).date().replace(day=1),
            minutes=None if submitted is None else (submitted - started).total_seconds() / 60,
            stopped_at=None if submitted is not None or order is None else (order, key, text),
        )
        for version, channel, team_id, started, submitted, order, key, text in rows
    ])


def assessments_for_staff(*, user) -> list[Assessment]:
    """
    The assessments in the user's caseload that need something: being filled in, or sent and
    waiting for the eligibility decision, oldest first, with the person, the question last
    saved and the number of answers (one query, whatever the caseload).
    """
    from django.db.models import Count, Q

    from pbudget.lifecycle import Status
    from pbudget.models import PersonalBudget

    budgets = PersonalBudget.objects.visible_to(user).filter(status__in=[Status.ASSESSMENT, Status.ELIGIBILITY])
    return list(
        Assessment.objects.filter(budget__in=budgets)
        .filter(Q(submitted_at__isnull=True) | Q(budget__status=Status.ELIGIBILITY, eligibility__isnull=True))
        .select_related("budget__person__allocated_worker", "questionnaire", "last_question", "started_by")
        .annotate(answer_count=Count("answers"))
        .order_by("started_at", "pk")
    )


def channel_labels() -> dict[str, str]:
    """Each way of doing an assessment (online alone or with a representative, assisted, phone, paper): its name."""
    return dict(Channel.choices)
