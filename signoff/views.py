"""Sign-off pages: the queue, the decision, the summary sheet download."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pbudget.audit import audit_view
from pbudget.models import Role
from pbudget.money import WEEKS_PER_YEAR
from ras.selectors import indicative_budget
from signoff import services, sheets
from signoff.access import is_senior_manager, may_decide, signer_relationship, signoff_budget_for
from signoff.forms import DecisionForm, plan_parts
from pbudget.lifecycle import PANEL
from signoff.models import SummarySheet
from signoff.selectors import signoff_level, signoff_queue, signoff_request_current, summary_sheet_latest
from support_planning.selectors import direct_payment, plan_overview, plan_submitted

STAFF_ROLES = {Role.SOCIAL_WORKER, Role.TEAM_MANAGER}


@require_GET
def queue(request):
    """What waits for this worker or manager, oldest first, against the target."""
    if request.user.role not in STAFF_ROLES:
        raise Http404("Not a page for this user")
    return render(
        request, "signoff/queue.html", {"rows": signoff_queue(user=request.user), "senior_manager": is_senior_manager(request.user)}
    )


def _level(budget, plan):
    """The open request's level, rule and reason; for a plan submitted before requests were kept, the rules now."""
    current = signoff_request_current(budget=budget)
    if current is not None and current.plan_id == plan.pk:
        return current, current.level, current.rule, current.reason
    _, outcome, _ = signoff_level(budget=budget, plan=plan)
    return None, outcome.level, outcome.rule, outcome.reason


@require_http_methods(["GET", "POST"])
def decide(request, budget_id):
    """The plan on one page, who may sign it off under which rule and why, and the decision form."""
    budget = signoff_budget_for(request.user, budget_id)
    relationship = signer_relationship(request.user, budget)
    if relationship is None:
        raise Http404("Not a page for this user")
    plan = plan_submitted(budget=budget)
    if plan is None:
        messages.info(request, "This plan is not waiting for sign-off.")
        return redirect("support_planning:plan", budget_id=budget.pk)
    overview = plan_overview(plan=plan)
    totals = overview["totals"]
    form = DecisionForm(
        request.POST or None, plan_weekly_pence=totals.weekly_pence, parts=plan_parts(overview),
        initial={"plan_lock_version": plan.lock_version},
    )
    if request.method == "POST" and form.is_valid():
        return _decided(request, budget, form)
    audit_view(user=request.user, person=budget.person, what="Sign-off decision page")
    signoff_request, level, rule, reason = _level(budget, plan)
    # Someone the rules don't allow to decide reads the plan without a form (the service would
    # refuse their decision anyway; offering the form first only to refuse it wastes their time).
    return render(request, "signoff/decide.html", {
        "may_decide": may_decide(request.user, relationship, level), "panel_member": relationship == PANEL, "budget": budget, "person": budget.person, "plan": plan, "form": form, "indicative": indicative_budget(budget=budget),
        "signoff_request": signoff_request, "level": level, "rule": rule, "level_reason": reason,
        "panel_approvals": list(signoff_request.panel_approvals.all()) if signoff_request else [],
        "summary_sheet": summary_sheet_latest(budget=budget),
        "direct_payment": direct_payment(plan=plan, lines=overview["lines"]), "weeks_per_year": WEEKS_PER_YEAR, **overview,
    })


def _decided(request, budget, form):
    data, name = form.cleaned_data, budget.person.full_name
    common = {"budget": budget, "actor": request.user, "plan_lock_version": data["plan_lock_version"]}
    if data["decision"] == "approve":
        decision = services.signoff_approve(**common, agreed_weekly_pence=data["agreed_weekly_pence"], reason=data["agreed_reason"])
        if decision is None:
            messages.success(request, f"Your approval of {name}'s plan is recorded. A second senior manager must approve it too.")
        else:
            messages.success(request, f"The plan is signed off. The summary sheet for {name} is being prepared.")
    elif data["decision"] == "return":
        services.signoff_return(**common, comments=data["comments"], part_comments=form.part_comments())
        messages.success(request, f"The plan has gone back to {name} with your comments.")
    else:
        services.signoff_decline(**common, reasons=data["reasons"])
        messages.success(request, f"The plan is declined. {name} has been told why and how to challenge the decision.")
    return redirect("signoff:queue")


@require_GET
def summary_sheet(request, budget_id):
    """The newest summary sheet as a PDF download (logged), or where it has got to."""
    budget = signoff_budget_for(request.user, budget_id)
    sheet = summary_sheet_latest(budget=budget)
    if sheet is None:
        raise Http404("No summary sheet")
    if sheet.state == SummarySheet.State.READY:
        audit_view(user=request.user, person=budget.person, what=f"Downloaded the summary sheet (plan version {sheet.plan_lock_version})")
        pdf = SummarySheet.objects.values_list("pdf", flat=True).get(pk=sheet.pk)
        response = HttpResponse(bytes(pdf), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="summary-sheet-{budget.pk}.pdf"'
        return response
    audit_view(user=request.user, person=budget.person, what="Summary sheet")
    relationship = signer_relationship(request.user, budget)
    return render(
        request, "signoff/summary_sheet_status.html",
        {"budget": budget, "sheet": sheet, "is_staff": relationship is not None, "panel_member": relationship == PANEL},
    )


@require_POST
def summary_sheet_again(request, budget_id):
    budget = signoff_budget_for(request.user, budget_id)
    sheets.summary_sheet_request_again(budget=budget, actor=request.user)
    messages.success(request, "The summary sheet is being prepared again.")
    return redirect("signoff:summary_sheet", budget_id=budget.pk)
