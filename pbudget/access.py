"""
Who may see and act on whom: the one place that answers it.

A person sees only their own record; a representative only those they act for; a social
worker their team's people; a manager the people of the teams they manage. Nobody crosses
councils, and a council administrator configures the council but sees no case records.
A senior manager (a team manager on the council's sign-off panel) sees records by the same
team rule; for anyone else in the council they stand as PANEL, which only the sign-off moves
accept and which signoff/access.py narrows to plans waiting for the panel.
Views fetch through `person_for` / `budget_for`, so a record the user may not see answers
404, exactly like one that does not exist.
"""

from django.db.models import Q
from django.http import Http404

from pbudget.lifecycle import STAFF, MoveNotAllowed, Relationship
from pbudget.models import Person, PersonalBudget, Representative, Role

NOBODY = Q(pk__in=[])


def people_filter(user) -> Q:
    """A filter on Person for the people this user has a relationship with."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.council_id is None:
        return NOBODY
    if user.role == Role.CITIZEN:
        represented = Representative.objects.filter(user=user, ended_at__isnull=True).values("person_id")
        mine = Q(user=user) | Q(pk__in=represented)
    elif user.role == Role.SOCIAL_WORKER:
        mine = Q(team_id=user.team_id)
    elif user.role == Role.TEAM_MANAGER:
        mine = Q(team__in=user.managed_teams.values("pk"))
    else:
        return NOBODY
    return mine & Q(council_id=user.council_id)


def relationship_to(user, person) -> Relationship | None:
    """How `user` stands to `person` (which moves they may make), or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.council_id is None or user.council_id != person.council_id:
        return None
    if user.role == Role.CITIZEN:
        if person.user_id == user.pk or person.representatives.filter(user=user, ended_at__isnull=True).exists():
            return Relationship.PERSON
    elif user.role == Role.SOCIAL_WORKER:
        if person.team_id == user.team_id:
            return Relationship.WORKER
    elif user.role == Role.TEAM_MANAGER:
        if user.managed_teams.filter(pk=person.team_id).exists():
            return Relationship.MANAGER
        if user.is_senior_manager:
            return Relationship.PANEL
    return None


NOT_ALLOWED = "You are not allowed to do this for this person."


def require_relationship(user, person, allowed=STAFF) -> Relationship:
    """How `user` stands to `person`, if it is one of `allowed`; else MoveNotAllowed, changing nothing."""
    relationship = relationship_to(user, person)
    if relationship not in allowed:
        raise MoveNotAllowed(NOT_ALLOWED)
    return relationship


def person_for(user, pk) -> Person:
    try:
        return Person.objects.visible_to(user).select_related("team", "allocated_worker").get(pk=pk)
    except (Person.DoesNotExist, ValueError):
        raise Http404("No such person") from None


def budget_for(user, pk) -> PersonalBudget:
    qs = PersonalBudget.objects.visible_to(user).select_related("person", "person__team", "council")
    try:
        return qs.get(pk=pk)
    except (PersonalBudget.DoesNotExist, ValueError):
        raise Http404("No such budget") from None


def is_staff_for(user, person) -> bool:
    return relationship_to(user, person) in {Relationship.WORKER, Relationship.MANAGER}
