"""Core services: opening a budget. Moves after that go through `pbudget.lifecycle`."""

from django.db import IntegrityError, transaction

from pbudget.access import relationship_to
from pbudget.audit import audit_change
from pbudget.lifecycle import STAFF, MoveNotAllowed, Status
from pbudget.models import BudgetEvent, PersonalBudget


def budget_open(*, person, actor) -> PersonalBudget:
    """
    Open a new budget for `person`, at assessment. Only staff in the person's team may.
    Guarantees one open budget per person (a database constraint backs the check) and
    writes the opening event.
    """
    if relationship_to(actor, person) not in STAFF:
        raise MoveNotAllowed("You are not allowed to do this for this person.")
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
