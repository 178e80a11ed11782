"""Sign-off pages: the queue, the decision, the summary sheet download, the delegation limit."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pbudget.access import budget_for, is_staff_for
from pbudget.audit import audit_view
from pbudget.models import Role
from pbudget.money import WEEKS_PER_YEAR
from ras.selectors import indicative_budget
from signoff import services
from signoff.forms import DecisionForm, DelegationLimitForm
from signoff.models import SummarySheet
from signoff.selectors import delegation_limit_current, signoff_level, signoff_queue, summary_sheet_latest
from support_planning.selectors import direct_payment, plan_overview, plan_submitted

STAFF_ROLES = {Role.SOCIAL_WORKER, Role.TEAM_MANAGER}


@require_GET
def queue(request):
    """Plans waiting for sign-off in the user's teams, oldest first."""
    if request.user.role not in STAFF_ROLES:
        raise Http404("Not a page for this user")
    return render(request, "signoff/queue.html", {"rows": signoff_queue(user=request.user)})


@require_http_methods(["GET", "POST"])
def decide(request, budget_id):
    """The plan on one page, who may sign it off and why, and the decision form."""
    budget = budget_for(request.user, budget_id)
    if not is_staff_for(request.user, budget.person):
        raise Http404("Not a page for this user")
    plan = plan_submitted(budget=budget)
    if plan is None:
        messages.info(request, "This plan is not waiting for sign-off.")
        return redirect("support_planning:plan", budget_id=budget.pk)
    overview = plan_overview(plan=plan)
    totals = overview["totals"]
    form = DecisionForm(request.POST or None, plan_weekly_pence=totals.weekly_pence, initial={"plan_lock_version": plan.lock_version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["decision"] == "approve":
            services.signoff_approve(
                budget=budget, actor=request.user, plan_lock_version=data["plan_lock_version"],
                agreed_weekly_pence=data["agreed_weekly_pence"], reason=data["agreed_reason"],
            )
            messages.success(request, f"The plan is signed off. The summary sheet for {budget.person.full_name} is being prepared.")
        else:
            services.signoff_return(
                budget=budget, actor=request.user, plan_lock_version=data["plan_lock_version"], comments=data["comments"],
            )
            messages.success(request, f"The plan has gone back to {budget.person.full_name} with your comments.")
        return redirect("signoff:queue")
    audit_view(user=request.user, person=budget.person, what="Sign-off decision page")
    level, level_reason = signoff_level(budget=budget, plan_yearly_pence=totals.yearly_pence)
    return render(request, "signoff/decide.html", {
        "budget": budget, "person": budget.person, "plan": plan, "form": form, "indicative": indicative_budget(budget=budget),
        "level": level, "level_reason": level_reason, "direct_payment": direct_payment(plan=plan, weekly_pence=totals.weekly_pence),
        "weeks_per_year": WEEKS_PER_YEAR, **overview,
    })


@require_GET
def summary_sheet(request, budget_id):
    """The newest summary sheet as a PDF download, or where it has got to."""
    budget = budget_for(request.user, budget_id)
    sheet = summary_sheet_latest(budget=budget)
    if sheet is None:
        raise Http404("No summary sheet")
    audit_view(user=request.user, person=budget.person, what="Summary sheet")
    if sheet.state == SummarySheet.State.READY:
        pdf = SummarySheet.objects.values_list("pdf", flat=True).get(pk=sheet.pk)
        response = HttpResponse(bytes(pdf), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="summary-sheet-{budget.pk}.pdf"'
        return response
    return render(
        request, "signoff/summary_sheet_status.html",
        {"budget": budget, "sheet": sheet, "is_staff": is_staff_for(request.user, budget.person)},
    )


@require_POST
def summary_sheet_again(request, budget_id):
    budget = budget_for(request.user, budget_id)
    services.summary_sheet_request_again(budget=budget, actor=request.user)
    messages.success(request, "The summary sheet is being prepared again.")
    return redirect("signoff:summary_sheet", budget_id=budget.pk)


@require_http_methods(["GET", "POST"])
def delegation(request):
    """The council's delegation limit. Council administrators only; for anyone else no such page."""
    user = request.user
    if user.role != Role.COUNCIL_ADMIN or user.council_id is None:
        raise Http404("Not a page for this user")
    current = delegation_limit_current(council=user.council_id)
    form = DelegationLimitForm(
        request.POST or None,
        initial={"social_worker_yearly_limit_pence": current.social_worker_yearly_limit_pence if current else None},
    )
    if request.method == "POST" and form.is_valid():
        services.delegation_limit_set(
            council=user.council, actor=user, yearly_limit_pence=form.cleaned_data["social_worker_yearly_limit_pence"]
        )
        messages.success(request, "The delegation limit has been saved.")
        return redirect("signoff:delegation")
    return render(request, "signoff/delegation.html", {"form": form, "current": current})
