"""Core pages: sign-in, the person's record and timeline, opening and closing a budget."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pbudget import access
from pbudget.audit import audit_view
from pbudget.forms import CloseBudgetForm, ReallocateForm, SignInForm
from pbudget.lifecycle import MANAGER, STAFF, MoveNotAllowed, budget_move
from pbudget.caseload.timeline import person_timeline
from pbudget.models import AuditEntry, Role, User
from pbudget.services import budget_open, person_reallocate


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        return response


@require_GET
def accessibility(request):
    return render(request, "pbudget/accessibility.html")


@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def person_detail(request, person_id):
    """A person's record for staff: details, the current budget, and the timeline of every cycle."""
    person = access.person_for(request.user, person_id)
    if not access.is_staff_for(request.user, person):
        # People and representatives have their home page; this page is the staff record.
        return redirect("home")
    audit_view(user=request.user, person=person, what="Person record")
    budgets = list(person.budgets.order_by("-opened_at"))
    timeline = person_timeline(person=person, budgets=budgets)
    current = next((b for b in budgets if b.status != "closed"), None)
    reallocate = None
    if access.relationship_to(request.user, person) == MANAGER:
        reallocate = ReallocateForm(workers=_team_workers(person), initial={"worker": person.allocated_worker_id})
    changes = AuditEntry.objects.filter(person=person, action=AuditEntry.Action.CHANGE, what__startswith="Reallocated")
    return render(
        request,
        "pbudget/person_detail.html",
        {
            "person": person, "budgets": budgets, "current": current, "timeline": timeline, "reallocate": reallocate,
            "reallocations": changes.select_related("user").order_by("-at")[:10],
        },
    )


def _team_workers(person):
    return User.objects.filter(team_id=person.team_id, role=Role.SOCIAL_WORKER, is_active=True).order_by("full_name")


@require_POST
def person_reallocate_view(request, person_id):
    person = access.person_for(request.user, person_id)
    form = ReallocateForm(request.POST, workers=_team_workers(person))
    if not form.is_valid():
        raise MoveNotAllowed(form.errors["worker"][0])
    person_reallocate(person=person, worker=form.cleaned_data["worker"], actor=request.user)
    messages.success(request, f"{person.full_name} is now allocated to {form.cleaned_data['worker'].full_name}.")
    return redirect("person_detail", person_id=person.pk)


@require_POST
def budget_open_view(request, person_id):
    person = access.person_for(request.user, person_id)
    budget_open(person=person, actor=request.user)
    messages.success(request, f"A new budget is open for {person.full_name}, at assessment.")
    return redirect("person_detail", person_id=person.pk)


@require_http_methods(["GET", "POST"])
def budget_close_view(request, budget_id):
    budget = access.budget_for(request.user, budget_id)
    access.require_relationship(request.user, budget.person, STAFF)
    form = CloseBudgetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        budget_move(budget=budget, move="close", actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "The budget is closed.")
        return redirect("person_detail", person_id=budget.person_id)
    return render(request, "pbudget/budget_close.html", {"budget": budget, "form": form})
