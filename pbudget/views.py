"""Core pages: sign-in, the person's record and timeline, opening and closing a budget."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pbudget import access
from pbudget.audit import audit_view
from pbudget.forms import CloseBudgetForm, SignInForm
from pbudget.lifecycle import MoveNotAllowed, budget_move
from pbudget.models import BudgetEvent
from pbudget.services import budget_open


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
    """A person's record for staff: details, budgets and the timeline of every move."""
    person = access.person_for(request.user, person_id)
    if not access.is_staff_for(request.user, person):
        # People and representatives have their home page; this page is the staff record.
        return redirect("home")
    audit_view(user=request.user, person=person, what="Person record")
    budgets = list(person.budgets.order_by("-opened_at"))
    events = (
        BudgetEvent.objects.filter(budget__person=person).select_related("actor").order_by("-at", "-pk")
    )
    current = next((b for b in budgets if b.status != "closed"), None)
    return render(
        request,
        "pbudget/person_detail.html",
        {"person": person, "budgets": budgets, "current": current, "events": events},
    )


@require_POST
def budget_open_view(request, person_id):
    person = access.person_for(request.user, person_id)
    budget_open(person=person, actor=request.user)
    messages.success(request, f"A new budget is open for {person.full_name}, at assessment.")
    return redirect("person_detail", person_id=person.pk)


@require_http_methods(["GET", "POST"])
def budget_close_view(request, budget_id):
    budget = access.budget_for(request.user, budget_id)
    if not access.is_staff_for(request.user, budget.person):
        raise MoveNotAllowed("You are not allowed to do this for this person.")
    form = CloseBudgetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        budget_move(budget=budget, move="close", actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "The budget is closed.")
        return redirect("person_detail", person_id=budget.person_id)
    return render(request, "pbudget/budget_close.html", {"budget": budget, "form": form})
