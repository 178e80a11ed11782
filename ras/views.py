"""The indicative budget pages: a preview for staff to share, then the stored figure for everyone."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from pbudget import access
from pbudget.audit import audit_view
from pbudget.lifecycle import STAFF, MoveNotAllowed, Status
from pbudget.money import WEEKS_PER_YEAR
from ras.forms import OverrideForm
from ras.letters import allocation_letter_request
from ras.models import AllocationLetter
from ras.selectors import indicative_budget, indicative_preview
from ras.services import allocation_override, allocation_share

# Before these, any stored figure belongs to an earlier round (a reassessment is under way).
NOT_YET = {Status.ASSESSMENT, Status.ELIGIBILITY, Status.ALLOCATION}


def _share_form(data, *, budget, preview):
    button = f"Share this indicative budget with {budget.person.full_name}"
    return OverrideForm(data, required=preview.result.complex_case, button=button)


@require_http_methods(["GET", "POST"])
def indicative(request, budget_id):
    budget = access.budget_for(request.user, budget_id)
    is_staff = access.relationship_to(request.user, budget.person) in STAFF
    # Staff and representatives read the person's name where the person reads "you".
    context = {"budget": budget, "person": budget.person, "is_staff": is_staff, "weeks_per_year": WEEKS_PER_YEAR,
               "for_someone": budget.person.user_id != request.user.pk}
    if request.method == "POST":
        if not is_staff:
            # The service would refuse too; say so before working anything out.
            raise MoveNotAllowed(access.NOT_ALLOWED)
        preview = indicative_preview(budget=budget)
        form = _share_form(request.POST, budget=budget, preview=preview)
        if form.is_valid():
            allocation = allocation_share(
                budget=budget, actor=request.user, weekly_pence=form.cleaned_data["weekly_pence"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, f"The indicative budget is shared with {budget.person.full_name}.")
            return redirect("ras:indicative", budget_id=allocation.budget_id)
        return render(request, "ras/preview.html", {**context, "preview": preview, "form": form})

    audit_view(user=request.user, person=budget.person, what="Indicative budget")
    if budget.status == Status.ALLOCATION and is_staff:
        try:
            preview = indicative_preview(budget=budget)
            context.update(preview=preview, form=_share_form(None, budget=budget, preview=preview))
        except MoveNotAllowed as refusal:
            context["problem"] = str(refusal)
        return render(request, "ras/preview.html", context)
    allocation = None if budget.status in NOT_YET else indicative_budget(budget=budget)
    if allocation is None:
        return render(request, "ras/not_ready.html", context)
    context["allocation"] = allocation
    context["show_pence"] = allocation.table.method == "points"
    context["may_override"] = is_staff and budget.status == Status.PLANNING
    return render(request, "ras/indicative.html", context)


@require_http_methods(["GET", "POST"])
def override(request, budget_id):
    """A worker sets a different indicative figure, with a reason, while the plan is written."""
    budget = access.budget_for(request.user, budget_id)
    if not access.is_staff_for(request.user, budget.person):
        raise Http404("Not a page for this user")
    allocation = indicative_budget(budget=budget)
    if allocation is None or budget.status != Status.PLANNING:
        messages.info(request, "The indicative budget can be changed only while the support plan is being written.")
        return redirect("ras:indicative", budget_id=budget.pk)
    form = OverrideForm(request.POST or None, required=True, button="Change the indicative budget")
    if request.method == "POST" and form.is_valid():
        allocation_override(
            budget=budget, actor=request.user, weekly_pence=form.cleaned_data["weekly_pence"], reason=form.cleaned_data["reason"],
        )
        messages.success(request, "The indicative budget is changed. The figure the table gave is kept beside it.")
        return redirect("ras:indicative", budget_id=budget.pk)
    audit_view(user=request.user, person=budget.person, what="Change the indicative budget")
    return render(request, "ras/override.html", {"budget": budget, "person": budget.person, "allocation": allocation, "form": form})


@require_http_methods(["GET", "POST"])
def letter(request, budget_id):
    """The indicative budget letter: ask for it (POST), then download it when the worker has made it."""
    budget = access.budget_for(request.user, budget_id)
    if request.method == "POST":
        allocation_letter_request(budget=budget, actor=request.user)
        return redirect("ras:letter", budget_id=budget.pk)
    allocation = None if budget.status in NOT_YET else indicative_budget(budget=budget)
    if allocation is None:
        raise Http404("No indicative budget yet")
    audit_view(user=request.user, person=budget.person, what="Indicative budget letter")
    state = AllocationLetter.objects.filter(allocation=allocation).values_list("state", flat=True).first()
    if state == AllocationLetter.State.READY:
        pdf = AllocationLetter.objects.values_list("pdf", flat=True).get(allocation=allocation)
        response = HttpResponse(bytes(pdf), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="indicative-budget-{budget.pk}.pdf"'
        return response
    return render(request, "ras/letter_status.html", {"budget": budget, "person": budget.person, "state": state})
