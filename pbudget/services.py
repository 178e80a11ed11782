"""Core services: opening a budget. Moves after that go through `pbudget.lifecycle`."""

from django.db import IntegrityError, transaction

from pbudget.access import relationship_to, require_relationship
from pbudget.audit import audit_change
from pbudget.lifecycle import MANAGER, STAFF, MoveNotAllowed, Status
from pbudget.models import BudgetEvent, Person, PersonalBudget, Role


def budget_open(*, person, actor) -> PersonalBudget:
    """
    Open a new budget for `person`, at assessment. Only staff in the person's team may.
    Guarantees one open budget per person (a database constraint backs the check) and
    writes the opening event.
    """
    require_relationship(actor, person, STAFF)
    try:
        with transaction.atomic():
            budget = PersonalBudget.objects.create(council_id=person.council_id, person=person)
            BudgetEvent.objects.create(
                budget=budget, actor=actor, move="open", from_status="", to_status=Status.ASSESSMENT
            )
            audit_change(user=actor, person=person, what="Opened a personal budget")
    except IntegrityError:
        raise MoveNotAllowed(f"{person.full_name} already has an open budget.") from None
    return budget


@transaction.atomic
def person_reallocate(*, person, worker, actor) -> Person:
    """
    Allocate `person` to another social worker of their team. Only a manager of that team may;
    the worker must be an active social worker in it. Locks the person row; audited.
    """
    locked = Person.objects.select_for_update(of=("self",)).select_related("allocated_worker").get(pk=person.pk)
    if relationship_to(actor, locked) != MANAGER:
        raise MoveNotAllowed("Only a manager of the person's team can reallocate them.")
    if worker is None or worker.role != Role.SOCIAL_WORKER or worker.team_id != locked.team_id or not worker.is_active:
        raise MoveNotAllowed("Choose a social worker in the person's team.")
    if locked.allocated_worker_id == worker.pk:
        return locked
    previous = locked.allocated_worker
    locked.allocated_worker = worker
    locked.save(update_fields=["allocated_worker"])
    audit_change(
        user=actor, person=locked,
        what=f"Reallocated from {previous.full_name if previous else 'nobody'} to {worker.full_name}",
    )
    return locked
