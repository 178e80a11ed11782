"""Public reads of the resource allocation stage."""

from dataclasses import dataclass

from assessment.models import Assessment
from assessment.selectors import answers_for, assessment_latest_submitted
from pbudget.lifecycle import MoveNotAllowed
from ras.calculation import AnswerLine, Result, calculate
from ras.models import Allocation, AllocationTable


def indicative_budget(*, budget) -> Allocation | None:
    """The budget's newest indicative budget (an immutable calculation record), if any."""
    return Allocation.objects.filter(budget=budget).select_related("table").order_by("-calculated_at", "-pk").first()


def allocation_table_live(*, council, client_group) -> AllocationTable | None:
    """The published table in force for this client group, or else the council-wide one."""
    tables = AllocationTable.objects.filter(council=council, published_at__isnull=False)
    return (
        tables.filter(client_group=client_group).order_by("-version").first()
        or tables.filter(client_group="").order_by("-version").first()
    )


@dataclass(frozen=True)
class Preview:
    """An indicative budget worked out but not stored: what sharing it would record."""

    assessment: Assessment
    table: AllocationTable
    result: Result


def indicative_preview(*, budget) -> Preview:
    """
    Work out the indicative budget from the latest submitted assessment's answers and the live
    table, without storing anything. Raises MoveNotAllowed (with a message for staff) when
    there are no answers or no published table.
    """
    assessment = assessment_latest_submitted(budget=budget)
    if assessment is None:
        raise MoveNotAllowed("There are no submitted assessment answers to work the indicative budget out from.")
    table = allocation_table_live(council=budget.council_id, client_group=budget.person.client_group)
    if table is None:
        raise MoveNotAllowed(
            "The council has not published an allocation table yet, so the indicative budget can't be "
            "worked out. Ask a council administrator to publish one."
        )
    lines = [AnswerLine(q.text, o.label, o.points) for q, o in answers_for(assessment=assessment)]
    result = calculate(
        answers=lines, price_per_point_pence=table.price_per_point_pence,
        floor_weekly_pence=table.floor_weekly_pence, ceiling_weekly_pence=table.ceiling_weekly_pence,
    )
    return Preview(assessment=assessment, table=table, result=result)


def allocations_for_budgets(*, budget_ids) -> list[Allocation]:
    """Every indicative budget worked out for these budgets, oldest first (one query; no table rows)."""
    return list(Allocation.objects.filter(budget_id__in=budget_ids).select_related("calculated_by").order_by("calculated_at", "pk"))
