"""
The self-assessment journey (GOV.UK question pages: start, one question per page, an optional
"anything else" page after each section, check your answers, confirmation). The person, their
representative and a worker filling it in with the person all use the same pages; the pages
say "you" to the person and the person's name to anyone else.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from assessment.forms import DeclarationForm, NoteForm, QuestionForm, ReopenForm, StartForm
from assessment.selectors import (
    assessment_in_progress,
    assessment_latest_submitted,
    assessment_questions,
    notes_for,
)
from assessment.services import assessment_answer, assessment_note, assessment_reopen, assessment_start, assessment_submit
from pbudget import access
from pbudget.audit import audit_view
from pbudget.lifecycle import PERSON, STAFF, MoveNotAllowed, Status


def _budget(request, budget_id, what):
    """The budget (404 without a relationship), how the user stands to the person, audited."""
    budget = access.budget_for(request.user, budget_id)
    relationship = access.relationship_to(request.user, budget.person)
    audit_view(user=request.user, person=budget.person, what=what)
    return budget, relationship


def _data(request):
    """The POST data on a POST (even an empty one, so the form is bound), else None."""
    return request.POST if request.method == "POST" else None


def _context(request, budget, relationship, **extra):
    """Who the pages speak to: "you" for the person, the person's name for anyone else."""
    is_staff = relationship in STAFF
    is_representative = relationship == PERSON and budget.person.user_id != request.user.pk
    return {
        "budget": budget, "person": budget.person, "is_staff": is_staff, "is_representative": is_representative,
        "for_someone": is_staff or is_representative, **extra,
    }


def _next(budget, asked, chosen, after=None):
    """The first unanswered question asked (after `after`, when given), else check your answers."""
    start = 0 if after is None else next(n for n, q in enumerate(asked) if q.pk == after.pk) + 1
    question = next((q for q in asked[start:] if q.pk not in chosen), None)
    if question is None:
        return redirect("assessment:check", budget_id=budget.pk)
    return redirect("assessment:question", budget_id=budget.pk, key=question.key)


def _not_editable(request, budget):
    """Where a question or check page sends someone when there is nothing to fill in."""
    if budget.status != Status.ASSESSMENT and assessment_latest_submitted(budget=budget) is not None:
        messages.info(request, "These answers have been sent, so they can't be changed now.")
        return redirect("assessment:answers", budget_id=budget.pk)
    return redirect("assessment:start", budget_id=budget.pk)


def _editable(request, budget_id, what):
    """The budget and its assessment in progress, or a redirect when there is nothing to fill in."""
    budget, relationship = _budget(request, budget_id, what)
    assessment = assessment_in_progress(budget=budget)
    if assessment is None or budget.status != Status.ASSESSMENT:
        return budget, relationship, None, _not_editable(request, budget)
    return budget, relationship, assessment, None


@require_http_methods(["GET", "POST"])
def start(request, budget_id):
    budget, relationship = _budget(request, budget_id, "Assessment: start page")
    at_assessment = budget.status == Status.ASSESSMENT
    in_progress = assessment_in_progress(budget=budget) if at_assessment else None
    form = StartForm(_data(request)) if relationship in STAFF and in_progress is None else None
    if request.method == "POST" and (form is None or form.is_valid()):
        channel = form.cleaned_data["channel"] if form else None
        assessment = assessment_start(budget=budget, actor=request.user, channel=channel)
        asked, chosen = assessment_questions(assessment=assessment)
        return _next(budget, asked, chosen)
    return render(request, "assessment/start.html", _context(
        request, budget, relationship, at_assessment=at_assessment, in_progress=in_progress is not None, form=form,
        sent=not at_assessment and assessment_latest_submitted(budget=budget) is not None,
    ))


@require_http_methods(["GET", "POST"])
def question(request, budget_id, key):
    budget, relationship, assessment, elsewhere = _editable(request, budget_id, f"Assessment: question {key}")
    if elsewhere:
        return elsewhere
    asked, chosen = assessment_questions(assessment=assessment)
    this = next((q for q in asked if q.key == key), None)
    if this is None:  # not a question of this questionnaire, or not asked given the answers
        raise Http404("No such question")
    number = asked.index(this) + 1
    changing = request.GET.get("change") == "1"
    initial = {"answer": chosen[this.pk].pk} if this.pk in chosen else {}
    form = QuestionForm(_data(request), question=this, initial=initial)

    if request.method == "POST":
        later = "save_later" in request.POST
        valid = form.is_valid()
        if valid:
            option = next(o for o in this.options.all() if o.pk == form.cleaned_data["answer"])
            assessment_answer(assessment=assessment, question=this, option=option, actor=request.user)
        # Saving for later with nothing chosen on this page saves nothing, and is no error.
        if later and (valid or not request.POST.get("answer")):
            messages.success(request, "Your answers are saved. You can come back and carry on at any time.")
            if relationship in STAFF:
                return redirect("person_detail", person_id=budget.person_id)
            return redirect("home")
        if valid:
            # The answer may have shown or hidden later questions: look again.
            asked, chosen = assessment_questions(assessment=assessment)
            if changing:
                return _next(budget, asked, chosen)
            following = asked[asked.index(this) + 1:] if this in asked else []
            if not following or following[0].section_id != this.section_id:
                return redirect("assessment:note", budget_id=budget.pk, section_key=this.section.key)
            return _next(budget, asked, chosen, after=this)

    if changing:
        back = reverse("assessment:check", kwargs={"budget_id": budget.pk})
    elif number == 1:
        back = reverse("assessment:start", kwargs={"budget_id": budget.pk})
    else:
        back = reverse("assessment:question", kwargs={"budget_id": budget.pk, "key": asked[number - 2].key})
    return render(request, "assessment/question.html", _context(
        request, budget, relationship, form=form, question=this, number=number, total=len(asked), back=back,
    ))


@require_http_methods(["GET", "POST"])
def note(request, budget_id, section_key):
    """The optional "anything else you want us to know" after a section's last question."""
    budget, relationship, assessment, elsewhere = _editable(request, budget_id, "Assessment: anything else")
    if elsewhere:
        return elsewhere
    asked, chosen = assessment_questions(assessment=assessment)
    in_section = [q for q in asked if q.section.key == section_key]
    if not in_section:
        raise Http404("No such section")
    section = in_section[0].section
    context = _context(request, budget, relationship)
    label = "Is there anything else you want us to know"
    label += f" about {budget.person.first_name}?" if context["for_someone"] else "?"
    existing = notes_for(assessment=assessment).get(section.pk)
    form = NoteForm(
        _data(request), label=label, initial={"text": existing.text if existing else ""},
        on_behalf_of=budget.person.first_name if context["for_someone"] else None,
    )
    changing = request.GET.get("change") == "1"
    if request.method == "POST" and form.is_valid():
        assessment_note(assessment=assessment, section=section, text=form.cleaned_data["text"], actor=request.user)
        if changing:
            return redirect("assessment:check", budget_id=budget.pk)
        return _next(budget, asked, chosen, after=in_section[-1])
    back = reverse("assessment:check", kwargs={"budget_id": budget.pk}) if changing else reverse(
        "assessment:question", kwargs={"budget_id": budget.pk, "key": in_section[-1].key}
    )
    return render(request, "assessment/note.html", {**context, "form": form, "section": section, "back": back})


def _sections(asked, chosen, notes):
    """The answers grouped by section, each with its note, for check your answers and the sent answers."""
    groups = []
    for n, q in enumerate(asked, start=1):
        if not groups or groups[-1]["section"].pk != q.section_id:
            groups.append({"section": q.section, "rows": [], "note": notes.get(q.section_id)})
        groups[-1]["rows"].append({"number": n, "question": q, "option": chosen.get(q.pk)})
    return groups


@require_http_methods(["GET", "POST"])
def check(request, budget_id):
    budget, relationship, assessment, elsewhere = _editable(request, budget_id, "Assessment: check answers")
    if elsewhere:
        return elsewhere
    context = _context(request, budget, relationship)
    form = DeclarationForm(
        _data(request), on_behalf_of=budget.person.first_name if context["for_someone"] else None,
        representative=context["is_representative"],
    )
    if request.method == "POST" and form.is_valid():
        assessment_submit(assessment=assessment, actor=request.user)
        return redirect("assessment:submitted", budget_id=budget.pk)
    asked, chosen = assessment_questions(assessment=assessment)
    missing = sum(1 for q in asked if q.pk not in chosen)
    return render(request, "assessment/check.html", {
        **context, "form": form, "groups": _sections(asked, chosen, notes_for(assessment=assessment)),
        "missing": missing, "last": asked[-1] if asked else None,
    })


def _sent_page(request, budget_id, *, template, what, with_answers):
    budget, relationship = _budget(request, budget_id, what)
    assessment = assessment_latest_submitted(budget=budget)
    if assessment is None:
        return redirect("assessment:start", budget_id=budget.pk)
    context = _context(request, budget, relationship, assessment=assessment)
    if with_answers:
        asked, chosen = assessment_questions(assessment=assessment)
        context["groups"] = _sections(asked, chosen, notes_for(assessment=assessment))
        context["can_reopen"] = relationship in STAFF and budget.status == Status.ELIGIBILITY
    return render(request, template, context)


@require_GET
def submitted(request, budget_id):
    """The confirmation page (a GOV.UK panel) after sending."""
    return _sent_page(request, budget_id, template="assessment/submitted.html", what="Assessment: confirmation", with_answers=False)


@require_GET
def answers(request, budget_id):
    """The sent answers, read only."""
    return _sent_page(request, budget_id, template="assessment/answers.html", what="Assessment: answers", with_answers=True)


@require_http_methods(["GET", "POST"])
def reopen(request, budget_id):
    """Staff only: reopen sent answers (before eligibility is decided), with a reason."""
    budget, relationship = _budget(request, budget_id, "Assessment: reopen")
    if relationship not in STAFF:
        raise Http404("No such page")
    assessment = assessment_latest_submitted(budget=budget)
    if assessment is None or budget.status != Status.ELIGIBILITY:
        raise MoveNotAllowed(
            "Only sent answers waiting for an eligibility decision can be reopened.",
            go_to=reverse("person_detail", kwargs={"person_id": budget.person_id}),
        )
    form = ReopenForm(_data(request))
    if request.method == "POST" and form.is_valid():
        assessment_reopen(assessment=assessment, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"{budget.person.full_name}'s answers are reopened and can be changed.")
        return redirect("assessment:check", budget_id=budget.pk)
    return render(request, "assessment/reopen.html", _context(request, budget, relationship, form=form))
