"""
The worker's eligibility decision, reusing the person's answers; the written decision a person
found not eligible gets (page and PDF); the paper questionnaire PDF.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessment.documents import document_request_again, document_request_questionnaire
from assessment.eligibility import suggested_unable
from assessment.forms import EligibilityForm
from assessment.models import Document, WellbeingArea
from assessment.selectors import (
    assessment_latest_submitted,
    assessment_questions,
    decision_document,
    eligibility_draft_for,
    eligibility_latest,
    questionnaire_live,
    questions_not_asked,
)
from assessment.services import eligibility_decide
from pbudget import access
from pbudget.audit import audit_view
from pbudget.care_act import CareActOutcome
from pbudget.lifecycle import STAFF, MoveNotAllowed, Status

NUMBER_WORDS = ["none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def _staff_budget(request, budget_id, what):
    budget = access.budget_for(request.user, budget_id)
    if access.relationship_to(request.user, budget.person) not in STAFF:
        raise Http404("No such page")
    audit_view(user=request.user, person=budget.person, what=what)
    return budget


def _drafted(assessment):
    """The stored drafted view; worked out from the answers for assessments sent before it was stored."""
    if assessment.eligibility_draft:
        return assessment.eligibility_draft
    asked, chosen = assessment_questions(assessment=assessment)
    return eligibility_draft_for(pairs=[(q, chosen[q.pk]) for q in asked if q.pk in chosen])


@require_http_methods(["GET", "POST"])
def eligibility(request, budget_id):
    """Staff only: the drafted view by Care Act outcome, and the decision on the three conditions."""
    budget = _staff_budget(request, budget_id, "Assessment: eligibility")
    assessment = assessment_latest_submitted(budget=budget)
    decision = getattr(assessment, "eligibility", None) if assessment else None
    can_decide = assessment is not None and decision is None and budget.status == Status.ELIGIBILITY
    view = _drafted(assessment) if assessment else []
    suggested = suggested_unable(view)
    form = None
    if can_decide:
        form = EligibilityForm(
            request.POST if request.method == "POST" else None, name=budget.person.first_name,
            initial={"outcomes_unable": suggested},
        )
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
                messages.success(request, f"{budget.person.full_name} is not eligible for support. The budget is closed and the written decision is being prepared.")
            return redirect("person_detail", person_id=budget.person_id)
    labels = dict(CareActOutcome.choices)
    not_asked = questions_not_asked(assessment=assessment) if assessment else {}
    outcomes = [
        {**entry, "label": labels[entry["outcome"]], "not_asked": not_asked.get(entry["outcome"], [])} for entry in view
    ]
    return render(request, "assessment/eligibility.html", {
        "budget": budget, "person": budget.person, "assessment": assessment, "decision": decision,
        "form": form, "outcomes": outcomes, "unable_count": len(suggested),
        "unable_words": NUMBER_WORDS[len(suggested)] if len(suggested) <= 10 else str(len(suggested)),
        "confirmed": [labels[v] for v in decision.outcomes_unable] if decision else [],
        "areas": [dict(WellbeingArea.choices)[v] for v in decision.wellbeing_areas] if decision else [],
    })


def _decision(request, budget_id):
    budget = access.budget_for(request.user, budget_id)
    relationship = access.relationship_to(request.user, budget.person)
    decision = eligibility_latest(budget=budget)
    if decision is None or decision.eligible:
        raise Http404("No written decision")
    return budget, relationship, decision


@require_GET
def decision(request, budget_id):
    """The written decision for a person found not eligible, with information about other help."""
    budget, relationship, made = _decision(request, budget_id)
    audit_view(user=request.user, person=budget.person, what="Assessment: written eligibility decision")
    document = decision_document(decision=made)
    return render(request, "assessment/decision.html", {
        "budget": budget, "person": budget.person, "decision": made, "document": document,
        "for_someone": relationship in STAFF or budget.person.user_id != request.user.pk,
        "is_staff": relationship in STAFF,
    })


@require_POST
def decision_pdf_again(request, budget_id):
    """Staff ask for a written decision that could not be prepared to be prepared again."""
    budget, relationship, made = _decision(request, budget_id)
    if relationship not in STAFF:
        raise Http404("No such page")
    document = decision_document(decision=made)
    if document is None:
        raise Http404("No written decision")
    document_request_again(document=document, actor=request.user)
    messages.success(request, "The written decision is being prepared again.")
    return redirect("assessment:decision", budget_id=budget.pk)


def _pdf(document, filename):
    if document is None or document.state != Document.State.READY:
        return None
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def decision_pdf(request, budget_id):
    budget, _, made = _decision(request, budget_id)
    audit_view(user=request.user, person=budget.person, what="Assessment: written eligibility decision PDF")
    response = _pdf(decision_document(decision=made, with_pdf=True), "eligibility-decision.pdf")
    if response is None:
        raise MoveNotAllowed(
            "The written decision is still being prepared. Try again in a minute.",
            go_to=reverse("assessment:decision", kwargs={"budget_id": budget.pk}),
        )
    return response


@require_GET
def questionnaire_pdf(request, budget_id):
    """Staff only: the paper form of the live questionnaire, to print for the person."""
    budget = _staff_budget(request, budget_id, "Assessment: paper form PDF")
    questionnaire = questionnaire_live(council=budget.council)
    if questionnaire is None:
        raise Http404("No questionnaire")
    document = document_request_questionnaire(questionnaire=questionnaire)
    response = _pdf(Document.objects.filter(pk=document.pk).first(), f"questionnaire-version-{questionnaire.version}.pdf")
    if response is None:
        # Staff see a failure, with its error; asking for the form queued it again.
        failed = (
            f"The paper form could not be prepared (tried {document.attempts} time{'s' if document.attempts != 1 else ''}; "
            f"the last error was: {document.last_error}). It is being prepared again. " if document.state == Document.State.FAILED else ""
        )
        raise MoveNotAllowed(
            f"{failed}The paper form is being prepared. Try again in a minute.",
            go_to=reverse("assessment:start", kwargs={"budget_id": budget.pk}),
        )
    return response
