"""Staff enter a returned paper form: every question on one page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assessment.forms import PaperForm
from assessment.selectors import assessment_in_progress, questionnaire_live, questions_for
from assessment.services import assessment_enter_paper
from pbudget import access
from pbudget.audit import audit_view
from pbudget.lifecycle import STAFF, MoveNotAllowed, Status


@require_http_methods(["GET", "POST"])
def paper(request, budget_id):
    budget = access.budget_for(request.user, budget_id)
    if access.relationship_to(request.user, budget.person) not in STAFF:
        raise Http404("No such page")
    audit_view(user=request.user, person=budget.person, what="Assessment: enter a paper form")
    record = reverse("person_detail", kwargs={"person_id": budget.person_id})
    if budget.status != Status.ASSESSMENT:
        raise MoveNotAllowed("There is no assessment to enter at this stage.", go_to=record)
    if assessment_in_progress(budget=budget) is not None:
        raise MoveNotAllowed(
            "An assessment is already being filled in for this person. Carry on with it instead.",
            go_to=reverse("assessment:start", kwargs={"budget_id": budget.pk}),
        )
    questionnaire = questionnaire_live(council=budget.council)
    if questionnaire is None:
        raise MoveNotAllowed("The council has not published an assessment questionnaire yet.", go_to=record)
    questions = questions_for(questionnaire=questionnaire)
    sections = list(questionnaire.sections.all())
    form = PaperForm(request.POST if request.method == "POST" else None, questions=questions, sections=sections)
    if request.method == "POST" and form.is_valid():
        assessment_enter_paper(
            budget=budget, actor=request.user, answers=form.answers(), notes=form.notes(),
            received_on=form.cleaned_data["received_on"],
        )
        messages.success(request, f"The paper form is entered and {budget.person.full_name}'s answers are sent.")
        return redirect("assessment:answers", budget_id=budget.pk)
    return render(request, "assessment/paper.html", {
        "budget": budget, "person": budget.person, "form": form, "questionnaire": questionnaire,
    })
