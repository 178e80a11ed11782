"""
Pages for help with planning: inviting and withdrawing planners, a planner's sign-up through the
one-time link and their home page, and asking the council for help.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from pbudget.access import budget_for
from pbudget.audit import audit_view
from pbudget.lifecycle import MoveNotAllowed
from support_planning import forms, services
from support_planning.models import PlanHelpRequest, PlannerInvitation
from support_planning.services.planners import LINK_NOT_VALID, invitation_for_token


def _to_plan(budget):
    return redirect("support_planning:plan", budget_id=budget.pk)


@require_http_methods(["GET", "POST"])
def invite(request, budget_id):
    """The person, their representative or a worker invites a broker, user-led organisation or peer supporter."""
    budget = budget_for(request.user, budget_id)
    form = forms.InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.planner_invite(budget=budget, actor=request.user, **form.cleaned_data)
        except MoveNotAllowed as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"We have emailed an invitation to {invitation.email}. The link in it works for 14 days.")
            return _to_plan(budget)
    audit_view(user=request.user, person=budget.person, what="Support plan: invite a planner")
    return render(request, "support_planning/invite.html", {"budget": budget, "form": form})


def _invitation(request, budget_id, invitation_id):
    budget = budget_for(request.user, budget_id)
    return budget, get_object_or_404(PlannerInvitation, pk=invitation_id, budget=budget)


@require_POST
def invitation_withdraw(request, budget_id, invitation_id):
    budget, invitation = _invitation(request, budget_id, invitation_id)
    services.planner_invitation_withdraw(invitation=invitation, actor=request.user)
    messages.success(request, f"{invitation.email} can no longer see or change the plan.")
    return _to_plan(budget)


@require_POST
def invitation_resend(request, budget_id, invitation_id):
    budget, invitation = _invitation(request, budget_id, invitation_id)
    services.planner_invitation_resend(invitation=invitation, actor=request.user)
    messages.success(request, f"We have emailed a new invitation link to {invitation.email}.")
    return _to_plan(budget)


@require_http_methods(["GET", "POST"])
def ask_for_help(request, budget_id):
    """The person asks the council for help with planning; it shows on the team's work list."""
    budget = budget_for(request.user, budget_id)
    form = forms.HelpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.plan_help_request(budget=budget, actor=request.user, **form.cleaned_data)
        messages.success(request, "We have asked your council's team to help you with your plan. Someone will contact you.")
        return _to_plan(budget)
    audit_view(user=request.user, person=budget.person, what="Support plan: ask for help")
    return render(request, "support_planning/ask_for_help.html", {"budget": budget, "form": form})


@require_POST
def help_answered(request, budget_id, request_id):
    budget = budget_for(request.user, budget_id)
    help_request = get_object_or_404(PlanHelpRequest, pk=request_id, budget=budget)
    services.plan_help_answer(help_request=help_request, actor=request.user)
    messages.success(request, f"The request for help from {budget.person.full_name} is marked as answered.")
    return redirect("home")


@require_http_methods(["GET", "POST"])
def accept(request, token):
    """
    The one-time link from an invitation (public: the invitee may have no account yet). A new
    planner chooses a password and is signed in; a planner already signed in just accepts.
    """
    invitation = invitation_for_token(token)
    if invitation is None:
        return render(request, "support_planning/invitation_invalid.html", {"message": LINK_NOT_VALID}, status=404)
    signed_in = request.user if request.user.is_authenticated else None
    form = None if signed_in else forms.AcceptForm(request.POST or None, initial={"full_name": invitation.name})
    if request.method == "POST" and (signed_in or form.is_valid()):
        data = form.cleaned_data if form else {"full_name": "", "password": ""}
        try:
            planner = services.planner_accept(token=token, full_name=data["full_name"], password=data["password"], existing_user=signed_in)
        except MoveNotAllowed as refusal:
            if form is None:
                raise
            form.add_error("password" if "password" in str(refusal).lower() else None, str(refusal))
        else:
            if signed_in is None:
                login(request, planner, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"You can now help {invitation.budget.person.first_name} with their support plan.")
            return redirect("support_planning:plan", budget_id=invitation.budget_id)
    return render(request, "support_planning/accept.html", {"invitation": invitation, "form": form, "signed_in": signed_in})
