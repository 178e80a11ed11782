"""
Who may reach a plan at sign-off. Staff of the person's team reach it through `pbudget.access`
(their relationship to the person). A senior manager on the council's panel (a team manager the
council administrator has marked `is_senior_manager`) also reaches, anywhere in their council,
the plans waiting for the panel: the decision page and the summary sheet, only while the open
sign-off request is at panel level. It gives no sight of the person's record, their other
stages or anyone else's plan; a senior manager who manages the person's team sees the record by
the team rule, like any manager.
"""

from django.db.models import Exists, OuterRef
from django.http import Http404

from pbudget.access import budget_for, relationship_to
from pbudget.lifecycle import MANAGER, PANEL, SIGNERS, WORKER, Status
from pbudget.models import PersonalBudget, Role
from signoff.delegation import SOCIAL_WORKER, TEAM_MANAGER, may_sign_off
from signoff.models import SignoffLevel, SignoffRequest


def is_senior_manager(user) -> bool:
    return (
        getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.TEAM_MANAGER
        and user.is_senior_manager and user.council_id is not None
    )


def waiting_for_panel():
    """An Exists() on PersonalBudget: its open sign-off request is at panel level."""
    return Exists(SignoffRequest.objects.filter(budget=OuterRef("pk"), closed_at__isnull=True, level=SignoffLevel.PANEL))


def panel_budgets(user):
    """The budgets in the senior manager's council whose plans wait for the panel (none for anyone else)."""
    if not is_senior_manager(user):
        return PersonalBudget.objects.none()
    return PersonalBudget.objects.filter(waiting_for_panel(), council_id=user.council_id, status=Status.SIGN_OFF)


def signoff_budget_for(user, pk) -> PersonalBudget:
    """The budget whose sign-off pages `user` may open: by relationship, or as a panel member. Else 404."""
    try:
        return budget_for(user, pk)
    except Http404:
        if not is_senior_manager(user):
            raise
    try:
        return panel_budgets(user).select_related("person", "person__team", "council").get(pk=pk)
    except (PersonalBudget.DoesNotExist, ValueError):
        raise Http404("No such budget") from None


def signer_relationship(user, budget):
    """WORKER or MANAGER by the team rule; PANEL for a senior manager while the plan waits for the panel; else None."""
    relationship = relationship_to(user, budget.person)
    if relationship == PANEL and not panel_budgets(user).filter(pk=budget.pk).exists():
        return None
    return relationship if relationship in SIGNERS else None


def may_decide(user, relationship, level) -> bool:
    """Whether the rules let this user make the decision at this level (the services check it again)."""
    team_role = {WORKER: SOCIAL_WORKER, MANAGER: TEAM_MANAGER}.get(relationship)
    return may_sign_off(level, team_role=team_role, senior_manager=is_senior_manager(user))
