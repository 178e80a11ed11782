"""Resource allocation services: sharing an indicative budget."""

from django.db import transaction

from pbudget.audit import audit_change
from pbudget.lifecycle import budget_move
from pbudget.money import format_pence
from ras.models import Allocation
from ras.selectors import indicative_preview


def allocation_share(*, budget, actor) -> Allocation:
    """
    Work out the indicative budget from the latest submitted answers and the live allocation
    table, store it as an immutable `Allocation` (inputs, table version, per-answer breakdown and
    plain-English steps) and move the budget to support planning, all in one transaction with the
    budget row locked. The lifecycle checks the budget is at the indicative budget stage and that
    the actor is staff in the person's team; otherwise, or with no table, it raises
    MoveNotAllowed and stores nothing.
    """
    with transaction.atomic():
        # The move first: it locks the row and checks stage and role before any work is done.
        locked = budget_move(budget=budget, move="share_allocation", actor=actor)
        preview = indicative_preview(budget=locked)
        result = preview.result
        allocation = Allocation.objects.create(
            budget=locked, assessment=preview.assessment, table=preview.table,
            total_points=result.total_points, weekly_pence=result.weekly_pence, yearly_pence=result.yearly_pence,
            breakdown=result.breakdown(), steps=list(result.steps), calculated_by=actor,
        )
        audit_change(
            user=actor, person=locked.person,
            what=f"Shared the indicative budget: {format_pence(result.weekly_pence)} a week",
        )
    return allocation
