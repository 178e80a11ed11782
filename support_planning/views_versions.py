"""Plan versions (each viewable, compared with the one before) and the printable plan."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from pbudget.audit import audit_view
from support_planning import services
from support_planning.access import plan_budget_for
from support_planning.compare import plan_compare
from support_planning.models import PlanDocument
from support_planning.selectors import plan_comments_by_part, plan_current, plan_overview, plan_version, plan_versions


@require_GET
def versions(request, budget_id):
    """Every version of the plan, newest first."""
    budget = plan_budget_for(request.user, budget_id)
    audit_view(user=request.user, person=budget.person, what="Support plan versions")
    return render(request, "support_planning/versions.html", {"budget": budget, "versions": plan_versions(budget=budget)})


@require_GET
def version(request, budget_id, number):
    """One version as it was, with its comments, and what changed since the version before it."""
    budget = plan_budget_for(request.user, budget_id)
    shown = plan_version(budget=budget, number=number)
    if shown is None:
        raise Http404("No such version")
    audit_view(user=request.user, person=budget.person, what=f"Support plan version {shown.number}")
    overview = plan_overview(plan=shown)
    comments = plan_comments_by_part(plan=shown, carried=False)
    for item in overview["outcomes"]:
        item.outcome.comments = comments.get(f"outcome:{item.outcome.pk}", [])
    for line in overview["lines"]:
        line.comments = comments.get(f"line:{line.pk}", [])
    previous = plan_version(budget=budget, number=shown.previous.number) if shown.previous_id else None
    return render(request, "support_planning/version.html", {
        "budget": budget, "person": budget.person, "plan": shown, "comments": comments, **overview,
        "previous": previous, "comparison": plan_compare(plan=shown, previous=previous) if previous else None,
    })


@require_POST
def document_request(request, budget_id):
    """Ask for a printable copy of the current version; a worker renders it."""
    budget = plan_budget_for(request.user, budget_id)
    current = plan_current(budget=budget)
    if current is None:
        raise Http404("No plan yet")
    document = services.plan_document_request(plan=current, actor=request.user)
    if document.state == PlanDocument.State.READY:
        messages.success(request, "Your printable plan is ready.")
    else:
        messages.info(request, "Your printable plan is being prepared. Check back in a minute.")
    return redirect("support_planning:plan", budget_id=budget.pk)


@require_GET
def document(request, budget_id):
    """Download the printable copy of the current version, when it is ready."""
    budget = plan_budget_for(request.user, budget_id)
    current = plan_current(budget=budget)
    ready = None
    if current is not None:
        ready = PlanDocument.objects.filter(plan=current, lock_version=current.lock_version, state=PlanDocument.State.READY).first()
    if ready is None:
        raise Http404("No printable plan ready")
    audit_view(user=request.user, person=budget.person, what=f"Printable support plan version {current.number}")
    response = HttpResponse(bytes(ready.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="support-plan-version-{current.number}.pdf"'
    return response
