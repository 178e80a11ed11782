"""The indicative budget page: a preview for staff to share, then the stored figure for everyone."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from pbudget import access
from pbudget.audit import audit_view
from pbudget.lifecycle import STAFF, MoveNotAllowed, Status
from pbudget.money import WEEKS_PER_YEAR
from ras.selectors import indicative_budget, indicative_preview
from ras.services import allocation_share

# Before these, any stored figure belongs to an earlier round (a reassessment is under way).
NOT_YET = {Status.ASSESSMENT, Status.ELIGIBILITY, Status.ALLOCATION}


@require_http_methods(["GET", "POST"])
def indicative(request, budget_id):
    budget = access.budget_for(request.user, budget_id)
    is_staff = access.relationship_to(request.user, budget.person) in STAFF
    if request.method == "POST":
        allocation = allocation_share(budget=budget, actor=request.user)
        messages.success(request, f"The indicative budget is shared with {budget.person.full_name}.")
        return redirect("ras:indicative", budget_id=allocation.budget_id)

    audit_view(user=request.user, person=budget.person, what="Indicative budget")
    context = {"budget": budget, "person": budget.person, "is_staff": is_staff, "weeks_per_year": WEEKS_PER_YEAR}
    if budget.status == Status.ALLOCATION and is_staff:
        try:
            context["preview"] = indicative_preview(budget=budget)
        except MoveNotAllowed as refusal:
            context["problem"] = str(refusal)
        return render(request, "ras/preview.html", context)
    allocation = None if budget.status in NOT_YET else indicative_budget(budget=budget)
    if allocation is None:
        return render(request, "ras/not_ready.html", context)
    context["allocation"] = allocation
    context["lines_pence"] = sum(line["pence"] for line in allocation.breakdown)
    return render(request, "ras/indicative.html", context)
