"""
Who may reach a plan. People, representatives and staff reach it through `pbudget.access` (their
relationship to the person). A planner (Role.PLANNER: a broker, user-led organisation or peer
supporter) has no relationship to the person at all: they reach only the plans of budgets they
hold a live invitation for, in their own council, while the budget is at support planning or
sign-off, and only the plan pages (the assessment summary and indicative budget shown there),
never the person's record or case notes.
"""

from django.db.models import Q
from django.http import Http404

from pbudget.access import NOT_ALLOWED, budget_for, relationship_to
from pbudget.lifecycle import ANYONE, MoveNotAllowed, Status
from pbudget.models import PersonalBudget, Role

PLANNER_STATUSES = (Status.PLANNING, Status.SIGN_OFF)


def live_invitations(user) -> Q:
    """A filter on PersonalBudget: the budgets `user` (a planner) holds a live invitation for."""
    return Q(
        planner_invitations__planner=user,
        planner_invitations__accepted_at__isnull=False,
        planner_invitations__withdrawn_at__isnull=True,
        planner_invitations__ended_at__isnull=True,
        status__in=PLANNER_STATUSES,
        council_id=user.council_id,
    )


def is_planner(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.PLANNER and user.council_id is not None


def planner_budgets(user):
    """The budgets a planner may help with now (none for anyone else)."""
    if not is_planner(user):
        return PersonalBudget.objects.none()
    return PersonalBudget.objects.filter(live_invitations(user)).distinct()


def plan_budget_for(user, pk) -> PersonalBudget:
    """The budget whose plan pages `user` may open: by relationship, or by a planner's live invitation. Else 404."""
    if not is_planner(user):
        return budget_for(user, pk)
    try:
        return planner_budgets(user).select_related("person", "person__team", "council").get(pk=pk)
    except (PersonalBudget.DoesNotExist, ValueError):
        raise Http404("No such budget") from None


def may_work_on_plan(user, budget) -> bool:
    if is_planner(user):
        return planner_budgets(user).filter(pk=budget.pk).exists()
    return relationship_to(user, budget.person) in ANYONE


def require_plan_worker(user, budget) -> None:
    """Refuse (MoveNotAllowed, changing nothing) anyone who may not write this budget's plan."""
    if not may_work_on_plan(user, budget):
        raise MoveNotAllowed(NOT_ALLOWED)
