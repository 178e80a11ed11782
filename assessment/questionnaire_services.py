"""
Council administrators' writes to questionnaires: a draft copied from the live version, edits
to the draft, publishing, and spreadsheet import.

A published version never changes: every edit checks the questionnaire is a draft, under a
row lock, so an edit can't land beside a publish. A council has at most one draft (a database
constraint backs it). Publishing checks the rules in `assessment.spec.problems` and refuses
with every problem at once. Bad input raises `MoveNotAllowed` (or `QuestionnaireInvalid`, with
a list) and changes nothing.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from assessment import spec
from assessment.models import AnswerOption, Question, Questionnaire, Section
from assessment.selectors import questionnaire_draft, questionnaire_live, questionnaire_spec
from pbudget.care_act import CareActOutcome
from pbudget.lifecycle import MoveNotAllowed
from pbudget.models import Council, Role

OUTCOMES = dict(CareActOutcome.choices)
PUBLISHED = "This version is published, so it can't be changed. Make a new draft to change the questionnaire."


class QuestionnaireInvalid(MoveNotAllowed):
    """Refused, with every problem found (each a plain-English sentence)."""

    def __init__(self, problems):
        super().__init__(problems[0])
        self.problems = problems


def _require_admin(actor, council_id):
    if actor.role != Role.COUNCIL_ADMIN or actor.council_id != council_id:
        raise MoveNotAllowed("Only the council's administrators can change its questionnaire.")


def _lock_draft(*, questionnaire, actor) -> Questionnaire:
    _require_admin(actor, questionnaire.council_id)
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if not locked.is_draft:
        raise MoveNotAllowed(PUBLISHED)
    return locked


def questionnaire_build(*, questionnaire, sections, questions) -> None:
    """Write sections and questions (`assessment.spec`'s shape) into an empty questionnaire."""
    section_rows = {
        s["key"]: Section.objects.create(questionnaire=questionnaire, order=n, key=s["key"], title=s["title"])
        for n, s in enumerate(sections, start=1)
    }
    made = {}
    for n, q in enumerate(questions, start=1):
        question = Question.objects.create(
            questionnaire=questionnaire, section=section_rows[q["section"]], order=q.get("order", n), key=q["key"],
            text=q["text"], hint=q["hint"], why_we_ask=q["why"],
        )
        options = AnswerOption.objects.bulk_create(
            AnswerOption(
                question=question, order=o.get("order", m), key=o["key"], label=o["label"], points=o["points"],
                unable=o["unable"], outcomes=[str(value) for value in o["outcomes"]],
            )
            for m, o in enumerate(q["options"], start=1)
        )
        made[q["key"]] = (question, {o.key: o for o in options})
    for q in questions:
        if q["shown_when"]:
            earlier, keys = q["shown_when"]
            if earlier not in made or any(k not in made[earlier][1] for k in keys):
                raise QuestionnaireInvalid([f"Question “{q['text']}” is asked after an answer that doesn't exist ({earlier}={'|'.join(keys)})."])
            made[q["key"]][0].shown_when.set([made[earlier][1][k] for k in keys])


def _new_version(*, council, actor, title) -> Questionnaire:
    latest = Questionnaire.objects.filter(council=council).aggregate(v=Max("version"))["v"] or 0
    return Questionnaire.objects.create(council=council, version=latest + 1, title=title, created_by=actor)


def questionnaire_draft_start(*, council, actor) -> Questionnaire:
    """
    The council's draft, or a new one copied from the live version (so editing never touches
    what people are answering). Locks the council row, so two admins get the same draft.
    """
    _require_admin(actor, council.pk)
    with transaction.atomic():
        Council.objects.select_for_update().get(pk=council.pk)
        draft = questionnaire_draft(council=council)
        if draft is not None:
            return draft
        live = questionnaire_live(council=council)
        if live is None:
            raise MoveNotAllowed("There is no published questionnaire to copy. Import a spreadsheet to make the first draft.")
        draft = _new_version(council=council, actor=actor, title=live.title)
        questionnaire_build(questionnaire=draft, **dict(zip(("sections", "questions"), questionnaire_spec(questionnaire=live))))
    return draft


def questionnaire_import(*, council, actor, rows) -> Questionnaire:
    """
    Make the council's draft from spreadsheet rows (the header first): the draft's content is
    replaced, or a new draft made. Refuses with row-numbered problems, changing nothing.
    """
    _require_admin(actor, council.pk)
    sections, questions, errors = spec.from_rows(rows, OUTCOMES)
    if errors:
        raise QuestionnaireInvalid(errors)
    with transaction.atomic():
        Council.objects.select_for_update().get(pk=council.pk)
        draft = questionnaire_draft(council=council)
        if draft is None:
            live = questionnaire_live(council=council)
            draft = _new_version(council=council, actor=actor, title=live.title if live else "Tell us about a typical week")
        else:
            AnswerOption.objects.filter(question__questionnaire=draft).delete()
            draft.questions.all().delete()
            draft.sections.all().delete()
        questionnaire_build(questionnaire=draft, sections=sections, questions=questions)
    return draft


def questionnaire_question_update(*, question, actor, text, hint, why_we_ask, order, section) -> Question:
    """Change a draft question's wording, place or section."""
    with transaction.atomic():
        _lock_draft(questionnaire=question.questionnaire, actor=actor)
        if section.questionnaire_id != question.questionnaire_id:
            raise MoveNotAllowed("Choose one of this questionnaire's sections.")
        question.text, question.hint, question.why_we_ask = text.strip(), hint.strip(), why_we_ask.strip()
        question.order, question.section = order, section
        question.save(update_fields=["text", "hint", "why_we_ask", "order", "section"])
    return question


def questionnaire_option_update(*, option, actor, label, order, points, unable, outcomes) -> AnswerOption:
    """Change a draft answer: its wording, place, points, and the outcomes it bears on."""
    if any(value not in OUTCOMES for value in outcomes):
        raise MoveNotAllowed("Choose outcomes from the list.")
    with transaction.atomic():
        _lock_draft(questionnaire=option.question.questionnaire, actor=actor)
        option.label, option.order, option.points, option.unable = label.strip(), order, points, unable
        option.outcomes = [value for value in CareActOutcome.values if value in outcomes]
        option.save(update_fields=["label", "order", "points", "unable", "outcomes"])
    return option


def questionnaire_publish(*, questionnaire, actor) -> Questionnaire:
    """
    Publish a draft: it becomes the live version that new assessments are pinned to (ones in
    progress keep theirs). Refuses with every problem `spec.problems` finds.
    """
    with transaction.atomic():
        locked = _lock_draft(questionnaire=questionnaire, actor=actor)
        found = spec.problems(*questionnaire_spec(questionnaire=locked), OUTCOMES)
        if found:
            raise QuestionnaireInvalid(found)
        locked.published_at, locked.published_by = timezone.now(), actor
        locked.save(update_fields=["published_at", "published_by"])
    questionnaire.published_at, questionnaire.published_by = locked.published_at, actor
    return locked


# Adding and deleting parts of a draft. Each checks the draft under its row lock, like the edits
# above; keys are checked here as well as in the forms, since the database would only answer
# a duplicate with an IntegrityError.


def _next_order(queryset) -> int:
    return (queryset.aggregate(n=Max("order"))["n"] or 0) + 1


def questionnaire_section_add(*, questionnaire, actor, key, title) -> Section:
    """Add a section at the end of a draft. Refuses a key the draft already uses."""
    with transaction.atomic():
        draft = _lock_draft(questionnaire=questionnaire, actor=actor)
        if draft.sections.filter(key=key).exists():
            raise MoveNotAllowed(f"This draft already has a section with the key “{key}”. Choose another key.")
        return Section.objects.create(
            questionnaire=draft, order=_next_order(draft.sections), key=key, title=title.strip(),
        )


def questionnaire_section_delete(*, section, actor) -> None:
    """Delete an empty section of a draft. Refuses while it has questions (move or delete them first)."""
    with transaction.atomic():
        _lock_draft(questionnaire=section.questionnaire, actor=actor)
        if section.questions.exists():
            raise MoveNotAllowed(
                f"The section “{section.title}” still has questions. Move them to another section or delete them first."
            )
        section.delete()


def questionnaire_question_add(*, questionnaire, actor, section, key, text, hint, why_we_ask, order=None) -> Question:
    """
    Add a question to a draft, after the others unless given a place. It has no answers yet, so
    publishing refuses until answers are added.
    """
    with transaction.atomic():
        draft = _lock_draft(questionnaire=questionnaire, actor=actor)
        if section.questionnaire_id != draft.pk:
            raise MoveNotAllowed("Choose one of this questionnaire's sections.")
        if draft.questions.filter(key=key).exists():
            raise MoveNotAllowed(f"This draft already has a question with the key “{key}”. Choose another key.")
        return Question.objects.create(
            questionnaire=draft, section=section, key=key, text=text.strip(), hint=hint.strip(),
            why_we_ask=why_we_ask.strip(), order=order or _next_order(draft.questions),
        )


def _revealed_by_any(options) -> list[Question]:
    return list(Question.objects.filter(shown_when__in=options).distinct().order_by("order", "pk"))


def _still_revealing(what, dependants):
    names = " and ".join(f"“{q.text}”" for q in dependants)
    raise MoveNotAllowed(
        f"{names} {'is' if len(dependants) == 1 else 'are'} asked only after {what}. Change or clear that condition first."
    )


def questionnaire_question_delete(*, question, actor) -> None:
    """
    Delete a draft question with its answers. Refuses while another question is asked only
    after one of its answers: deleting it would silently make that question always asked.
    """
    with transaction.atomic():
        _lock_draft(questionnaire=question.questionnaire, actor=actor)
        dependants = [q for q in _revealed_by_any(question.options.all()) if q.pk != question.pk]
        if dependants:
            _still_revealing(f"an answer to “{question.text}”", dependants)
        question.delete()


def questionnaire_option_add(*, question, actor, key, label, points, unable, outcomes, order=None) -> AnswerOption:
    """Add an answer to a draft question, after the others unless given a place."""
    if any(value not in OUTCOMES for value in outcomes):
        raise MoveNotAllowed("Choose outcomes from the list.")
    with transaction.atomic():
        _lock_draft(questionnaire=question.questionnaire, actor=actor)
        if question.options.filter(key=key).exists():
            raise MoveNotAllowed(f"This question already has an answer with the key “{key}”. Choose another key.")
        return AnswerOption.objects.create(
            question=question, key=key, label=label.strip(), points=points, unable=unable,
            outcomes=[value for value in CareActOutcome.values if value in outcomes],
            order=order or _next_order(question.options),
        )


def questionnaire_option_delete(*, option, actor) -> None:
    """Delete an answer from a draft question. Refuses while a question is asked only after it."""
    with transaction.atomic():
        _lock_draft(questionnaire=option.question.questionnaire, actor=actor)
        dependants = _revealed_by_any([option])
        if dependants:
            _still_revealing(f"the answer “{option.label}”", dependants)
        option.delete()


def questionnaire_condition_set(*, question, actor, options) -> Question:
    """
    Ask a draft question only after one of `options` (answers to one earlier question of the
    same draft); no options clears the condition, so the question is always asked. Publishing
    checks the order again, since questions can be renumbered after this.
    """
    with transaction.atomic():
        _lock_draft(questionnaire=question.questionnaire, actor=actor)
        options = list(options)
        earlier = {option.question_id for option in options}
        if len(earlier) > 1:
            raise MoveNotAllowed("Choose answers to one earlier question only.")
        if options:
            source = Question.objects.get(pk=earlier.pop())
            if source.questionnaire_id != question.questionnaire_id:
                raise MoveNotAllowed("Choose answers from this questionnaire.")
            if source.pk == question.pk or source.order >= question.order:
                raise MoveNotAllowed("Choose answers to a question that comes before this one.")
        question.shown_when.set(options)
    return question
