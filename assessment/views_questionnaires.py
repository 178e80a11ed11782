"""
Council administrators' questionnaire pages: the versions, one version read (and, for the
draft, edited), publishing, and spreadsheet export and import. Administrators see their own
council's questionnaires only; for anyone else these pages don't exist (404).
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessment import questionnaire_services as services
from assessment import spec
from assessment.forms_questionnaires import (
    ConditionForm, ImportForm, OptionAddForm, OptionEditForm, QuestionAddForm, QuestionEditForm, SectionAddForm,
)
from assessment.models import AnswerOption, Question, Questionnaire, Section
from assessment.selectors import questionnaire_draft, questionnaire_live, questionnaire_spec, questionnaires_for, questions_for
from assessment.spreadsheets import UnreadableFile, csv_bytes, rows_from_upload, xlsx_bytes
from pbudget.lifecycle import MoveNotAllowed
from pbudget.models import Role


def _admin(request):
    if request.user.role != Role.COUNCIL_ADMIN or request.user.council_id is None:
        raise Http404("Not a page for this user")
    return request.user.council


def _questionnaire(request, questionnaire_id) -> Questionnaire:
    council = _admin(request)
    try:
        return Questionnaire.objects.get(pk=questionnaire_id, council=council)
    except Questionnaire.DoesNotExist:
        raise Http404("No such questionnaire") from None


@require_GET
def versions(request):
    council = _admin(request)
    return render(request, "assessment/questionnaires/versions.html", {
        "council": council, "versions": questionnaires_for(council=council),
        "live": questionnaire_live(council=council), "draft": questionnaire_draft(council=council),
    })


@require_POST
def draft_start(request):
    council = _admin(request)
    draft = services.questionnaire_draft_start(council=council, actor=request.user)
    return redirect("questionnaires:detail", questionnaire_id=draft.pk)


def _detail(request, questionnaire, *, problems=(), status=200):
    outcomes = dict(services.OUTCOMES)
    questions = questions_for(questionnaire=questionnaire)
    key_of = {q.pk: q for q in questions}
    rows = [
        {"question": q, "revealed_by": [(key_of.get(o.question_id), o) for o in q.shown_when.all()],
         "options": [(o, [outcomes[v] for v in o.outcomes]) for o in q.options.all()]}
        for q in questions
    ]
    # Every section, even one with no questions yet (a draft's new section), with its questions.
    sections = [{"section": s, "rows": [r for r in rows if r["question"].section_id == s.pk]}
                for s in questionnaire.sections.all()]
    return render(request, "assessment/questionnaires/detail.html", {
        "questionnaire": questionnaire, "sections": sections, "problems": problems,
        "live": questionnaire_live(council=questionnaire.council_id),
    }, status=status)


@require_GET
def detail(request, questionnaire_id):
    return _detail(request, _questionnaire(request, questionnaire_id))


@require_POST
def publish(request, questionnaire_id):
    questionnaire = _questionnaire(request, questionnaire_id)
    try:
        services.questionnaire_publish(questionnaire=questionnaire, actor=request.user)
    except services.QuestionnaireInvalid as refused:
        return _detail(request, questionnaire, problems=refused.problems)
    messages.success(request, f"Version {questionnaire.version} is published. New assessments use it from now on.")
    return redirect("questionnaires:detail", questionnaire_id=questionnaire.pk)


def _export(request, questionnaire_id, *, xlsx):
    questionnaire = _questionnaire(request, questionnaire_id)
    rows = spec.to_rows(*questionnaire_spec(questionnaire=questionnaire))
    name = f"questionnaire-version-{questionnaire.version}"
    if xlsx:
        response = HttpResponse(
            xlsx_bytes(rows, title=f"Version {questionnaire.version}"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@require_GET
def export_csv(request, questionnaire_id):
    return _export(request, questionnaire_id, xlsx=False)


@require_GET
def export_xlsx(request, questionnaire_id):
    return _export(request, questionnaire_id, xlsx=True)


@require_http_methods(["GET", "POST"])
def import_spreadsheet(request):
    council = _admin(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = rows_from_upload(form.cleaned_data["spreadsheet"])
            draft = services.questionnaire_import(council=council, actor=request.user, rows=rows)
        except UnreadableFile as error:
            problems = [str(error)]
        except services.QuestionnaireInvalid as refused:
            problems = refused.problems
        else:
            messages.success(request, f"The spreadsheet is imported as the draft, version {draft.version}. Check it, then publish it.")
            return redirect("questionnaires:detail", questionnaire_id=draft.pk)
    return render(request, "assessment/questionnaires/import.html", {
        "form": form, "problems": problems, "draft": questionnaire_draft(council=council),
    })


def _draft(request, questionnaire_id) -> Questionnaire:
    questionnaire = _questionnaire(request, questionnaire_id)
    if not questionnaire.is_draft:
        raise MoveNotAllowed(services.PUBLISHED, go_to=reverse("questionnaires:detail", args=[questionnaire.pk]))
    return questionnaire


def _draft_item(request, questionnaire_id, model, pk, path):
    questionnaire = _draft(request, questionnaire_id)
    try:
        return questionnaire, model.objects.get(pk=pk, **{path: questionnaire})
    except model.DoesNotExist:
        raise Http404("No such item") from None


@require_http_methods(["GET", "POST"])
def question_edit(request, questionnaire_id, question_id):
    questionnaire, question = _draft_item(request, questionnaire_id, Question, question_id, "questionnaire")
    sections = list(questionnaire.sections.all())
    initial = {"text": question.text, "hint": question.hint, "why_we_ask": question.why_we_ask,
               "order": question.order, "section": question.section_id}
    form = QuestionEditForm(request.POST or None, sections=sections, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        section = next(s for s in sections if s.pk == data["section"])
        services.questionnaire_question_update(
            question=question, actor=request.user, text=data["text"], hint=data["hint"],
            why_we_ask=data["why_we_ask"], order=data["order"], section=section,
        )
        messages.success(request, "The question is saved in the draft.")
        return redirect("questionnaires:detail", questionnaire_id=questionnaire.pk)
    return render(request, "assessment/questionnaires/edit.html", {
        "questionnaire": questionnaire, "form": form, "title": "Change a question", "item": question.text,
    })


@require_http_methods(["GET", "POST"])
def option_edit(request, questionnaire_id, option_id):
    questionnaire, option = _draft_item(request, questionnaire_id, AnswerOption, option_id, "question__questionnaire")
    initial = {"label": option.label, "order": option.order, "points": option.points, "outcomes": option.outcomes,
               "unable": "yes" if option.unable else "no"}
    form = OptionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.questionnaire_option_update(option=option, actor=request.user, **form.cleaned_data)
        messages.success(request, "The answer is saved in the draft.")
        return redirect("questionnaires:detail", questionnaire_id=questionnaire.pk)
    return render(request, "assessment/questionnaires/edit.html", {
        "questionnaire": questionnaire, "form": form, "title": "Change an answer", "item": option.label,
    })


def _saved(request, questionnaire, message):
    messages.success(request, message)
    return redirect("questionnaires:detail", questionnaire_id=questionnaire.pk)


def _form_page(request, questionnaire, form, *, save, field, title, item=""):
    """
    Show the form; when it is sent and valid, call `save` with its data. A refusal from the
    service (a key used twice, answers to two questions) is shown on `field`, in the error summary.
    """
    if request.method == "POST" and form.is_valid():
        try:
            message = save(form.cleaned_data)
        except MoveNotAllowed as refused:
            form.add_error(field, str(refused))
        else:
            return _saved(request, questionnaire, message)
    return render(request, "assessment/questionnaires/edit.html", {
        "questionnaire": questionnaire, "form": form, "title": title, "item": item,
    })


@require_http_methods(["GET", "POST"])
def section_add(request, questionnaire_id):
    questionnaire = _draft(request, questionnaire_id)

    def save(data):
        services.questionnaire_section_add(questionnaire=questionnaire, actor=request.user, **data)
        return "The section is added to the draft. Add questions to it."

    return _form_page(request, questionnaire, SectionAddForm(request.POST or None), save=save, field="key", title="Add a section")


@require_http_methods(["GET", "POST"])
def question_add(request, questionnaire_id):
    questionnaire = _draft(request, questionnaire_id)
    sections = list(questionnaire.sections.all())

    def save(data):
        services.questionnaire_question_add(
            questionnaire=questionnaire, actor=request.user, key=data["key"], text=data["text"], hint=data["hint"],
            why_we_ask=data["why_we_ask"], order=data["order"], section=next(s for s in sections if s.pk == data["section"]),
        )
        return "The question is added to the draft. Add its answers next."

    form = QuestionAddForm(request.POST or None, sections=sections, initial={"section": request.GET.get("section")})
    return _form_page(request, questionnaire, form, save=save, field="key", title="Add a question")


@require_http_methods(["GET", "POST"])
def option_add(request, questionnaire_id, question_id):
    questionnaire, question = _draft_item(request, questionnaire_id, Question, question_id, "questionnaire")

    def save(data):
        services.questionnaire_option_add(question=question, actor=request.user, **data)
        return "The answer is added to the draft."

    return _form_page(
        request, questionnaire, OptionAddForm(request.POST or None), save=save, field="key", title="Add an answer",
        item=f"To the question: {question.text}",
    )


@require_http_methods(["GET", "POST"])
def question_condition(request, questionnaire_id, question_id):
    questionnaire, question = _draft_item(request, questionnaire_id, Question, question_id, "questionnaire")
    earlier = [q for q in questions_for(questionnaire=questionnaire) if q.order < question.order]

    def save(data):
        chosen = set(data["options"])
        options = [o for q in earlier for o in q.options.all() if o.pk in chosen]
        services.questionnaire_condition_set(question=question, actor=request.user, options=options)
        return "The question is asked only after those answers." if options else "The question is asked of everyone."

    # An empty POST is meaningful here (no box ticked: always ask), so bind on the method.
    form = ConditionForm(
        request.POST if request.method == "POST" else None, earlier=earlier,
        initial={"options": [o.pk for o in question.shown_when.all()]},
    )
    return _form_page(request, questionnaire, form, save=save, field="options", title="When to ask this question", item=question.text)


def _delete_page(request, questionnaire, *, what, name, delete, consequence=""):
    """GET: the GOV.UK confirmation page; POST: delete, or show why not in an error summary."""
    problems = []
    if request.method == "POST":
        try:
            delete()
        except MoveNotAllowed as refused:
            problems = [str(refused)]
        else:
            return _saved(request, questionnaire, f"The {what} is deleted from the draft.")
    return render(request, "assessment/questionnaires/delete.html", {
        "questionnaire": questionnaire, "what": what, "name": name, "consequence": consequence, "problems": problems,
    })


@require_http_methods(["GET", "POST"])
def section_delete(request, questionnaire_id, section_id):
    questionnaire, section = _draft_item(request, questionnaire_id, Section, section_id, "questionnaire")
    return _delete_page(
        request, questionnaire, what="section", name=section.title,
        delete=lambda: services.questionnaire_section_delete(section=section, actor=request.user),
    )


@require_http_methods(["GET", "POST"])
def question_delete(request, questionnaire_id, question_id):
    questionnaire, question = _draft_item(request, questionnaire_id, Question, question_id, "questionnaire")
    return _delete_page(
        request, questionnaire, what="question", name=question.text, consequence="Its answers are deleted too.",
        delete=lambda: services.questionnaire_question_delete(question=question, actor=request.user),
    )


@require_http_methods(["GET", "POST"])
def option_delete(request, questionnaire_id, option_id):
    questionnaire, option = _draft_item(request, questionnaire_id, AnswerOption, option_id, "question__questionnaire")
    return _delete_page(
        request, questionnaire, what="answer", name=f"{option.label} (to “{option.question.text}”)",
        delete=lambda: services.questionnaire_option_delete(option=option, actor=request.user),
    )
