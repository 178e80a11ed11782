"""
The self-assessment journey (GOV.UK question pages: start, one question per page, check your
answers, confirmation) and the worker's eligibility decision. The person, their representative
and a worker filling it in with the person all use the same pages.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from assessment.forms import DeclarationForm, EligibilityForm, QuestionForm
from assessment.selectors import (
    assessment_in_progress,
    assessment_questions,
    assessment_latest_submitted,
    outcomes_unable,
)
from assessment.services import assessment_answer, assessment_start, assessment_submit, eligibility_decide
from pbudget import access
from pbudget.audit import audit_view
from pbudget.care_act import CareActOutcome
from pbudget.lifecycle import STAFF, MoveNotAllowed, Status

NUMBER_WORDS = ["none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def _budget(request, budget_id, what):
    """The budget (404 without a relationship), how the user stands to the person, audited."""
    budget = access.budget_for(request.user, budget_id)
    relationship = access.relationship_to(request.user, budget.person)
    audit_view(user=request.user, person=budget.person, what=what)
    return budget, relationship


def _data(request):
    """The POST data on a POST (even an empty one, so the form is bound), else None."""
    return request.POST if request.method == "POST" else None


def _context(budget, relationship, **extra):
    return {"budget": budget, "person": budget.person, "is_staff": relationship in STAFF, **extra}


def _next(budget, asked, chosen, after=None):
    """The first unanswered question asked (after `after`, when given), else check your answers."""
    start = 0 if after is None else next(n for n, q in enumerate(asked) if q.pk == after.pk) + 1
    question = next((q for q in asked[start:] if q.pk not in chosen), None)
    if question is None:
        return redirect("assessment:check", budget_id=budget.pk)
    return redirect("assessment:question", budget_id=budget.pk, key=question.key)


def _resume(budget, assessment):
    """Where to carry on: the first unanswered question asked, or check your answers."""
    asked, chosen = assessment_questions(assessment=assessment)
    return _next(budget, asked, chosen)


def _not_editable(request, budget):
    """Where a question or check page sends someone when there is nothing to fill in."""
    if budget.status != Status.ASSESSMENT and assessment_latest_submitted(budget=budget) is not None:
        messages.info(request, "These answers have been sent, so they can't be changed now.")
        return redirect("assessment:answers", budget_id=budget.pk)
    return redirect("assessment:start", budget_id=budget.pk)


@require_http_methods(["GET", "POST"])
def start(request, budget_id):
    budget, relationship = _budget(request, budget_id, "Assessment: start page")
    if request.method == "POST":
        assessment = assessment_start(budget=budget, actor=request.user)
        return _resume(budget, assessment)
    at_assessment = budget.status == Status.ASSESSMENT
    return render(request, "assessment/start.html", _context(
        budget, relationship, at_assessment=at_assessment,
        in_progress=at_assessment and assessment_in_progress(budget=budget) is not None,
        sent=not at_assessment and assessment_latest_submitted(budget=budget) is not None,
    ))


@require_http_methods(["GET", "POST"])
def question(request, budget_id, key):
    budget, relationship = _budget(request, budget_id, f"Assessment: question {key}")
    assessment = assessment_in_progress(budget=budget)
    if assessment is None or budget.status != Status.ASSESSMENT:
        return _not_editable(request, budget)
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
            return _next(budget, asked, chosen, after=None if changing else this)

    if changing:
        back = reverse("assessment:check", kwargs={"budget_id": budget.pk})
    elif number == 1:
        back = reverse("assessment:start", kwargs={"budget_id": budget.pk})
    else:
        back = reverse("assessment:question", kwargs={"budget_id": budget.pk, "key": asked[number - 2].key})
    return render(request, "assessment/question.html", _context(
        budget, relationship, form=form, question=this, number=number, total=len(asked), back=back,
    ))


def _rows(asked, chosen):
    return [{"number": n, "question": q, "option": chosen.get(q.pk)} for n, q in enumerate(asked, start=1)]


@require_http_methods(["GET", "POST"])
def check(request, budget_id):
    budget, relationship = _budget(request, budget_id, "Assessment: check answers")
    assessment = assessment_in_progress(budget=budget)
    if assessment is None or budget.status != Status.ASSESSMENT:
        return _not_editable(request, budget)
    on_behalf_of = budget.person.first_name if relationship in STAFF else None
    form = DeclarationForm(_data(request), on_behalf_of=on_behalf_of)
    if request.method == "POST" and form.is_valid():
        assessment_submit(assessment=assessment, actor=request.user)
        return redirect("assessment:submitted", budget_id=budget.pk)
    rows = _rows(*assessment_questions(assessment=assessment))
    return render(request, "assessment/check.html", _context(
        budget, relationship, form=form, rows=rows, missing=sum(1 for row in rows if row["option"] is None),
    ))


def _sent_page(request, budget_id, *, template, what, with_answers):
    budget, relationship = _budget(request, budget_id, what)
    assessment = assessment_latest_submitted(budget=budget)
    if assessment is None:
        return redirect("assessment:start", budget_id=budget.pk)
    context = _context(budget, relationship, assessment=assessment)
    if with_answers:
        context["rows"] = _rows(*assessment_questions(assessment=assessment))
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
def eligibility(request, budget_id):
    """Staff only: the answers by Care Act outcome, and the decision on the three conditions."""
    budget = access.budget_for(request.user, budget_id)
    if access.relationship_to(request.user, budget.person) not in STAFF:
        raise Http404("No such page")
    audit_view(user=request.user, person=budget.person, what="Assessment: eligibility")
    assessment = assessment_latest_submitted(budget=budget)
    decision = getattr(assessment, "eligibility", None) if assessment else None
    can_decide = assessment is not None and decision is None and budget.status == Status.ELIGIBILITY
    form = EligibilityForm(_data(request)) if can_decide else None
    if request.method == "POST":
        if form is None:  # decided already (a second click), or not at this stage
            raise MoveNotAllowed(
                "Eligibility has already been decided, or is not waiting for a decision.",
                go_to=reverse("person_detail", kwargs={"person_id": budget.person_id}),
            )
        if form.is_valid():
            decision = eligibility_decide(assessment=assessment, actor=request.user, **form.cleaned_data)
            if decision.eligible:
                messages.success(request, f"{budget.person.full_name} is eligible for support. Next, check and share the indicative budget.")
            else:
                messages.success(request, f"{budget.person.full_name} is not eligible for support. The budget is closed and the reasons are on the timeline.")
            return redirect("person_detail", person_id=budget.person_id)
    outcomes, unable_count = [], 0
    if assessment is not None:
        asked, chosen = assessment_questions(assessment=assessment)
        pairs = [(q, chosen[q.pk]) for q in asked if q.pk in chosen]
        unable = set(outcomes_unable(pairs=pairs))
        unable_count = len(unable)
        outcomes = [
            {"label": label, "unable": value in unable, "rows": [(q, o) for q, o in pairs if value in o.outcomes]}
            for value, label in CareActOutcome.choices
        ]
    return render(request, "assessment/eligibility.html", {
        "budget": budget, "person": budget.person, "assessment": assessment, "decision": decision,
        "form": form, "outcomes": outcomes, "unable_count": unable_count,
        "unable_words": NUMBER_WORDS[unable_count] if unable_count <= 10 else str(unable_count),
    })

