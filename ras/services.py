"""Resource allocation services: sharing an indicative budget, and a worker's override of it."""

from django.db import transaction

from pbudget.access import require_relationship
from pbudget.audit import audit_change
from pbudget.lifecycle import STAFF, MoveNotAllowed, Status, budget_move
from pbudget.models import PersonalBudget
from pbudget.money import MAX_WEEKLY_PENCE, WEEKS_PER_YEAR, format_pence
from ras.models import Allocation, AllocationAnswer, CaseloadPoints
from ras.selectors import indicative_budget, indicative_preview

NEEDS_A_FIGURE = "This is a complex case: the table gives no figure. Enter the weekly amount you have costed, and why."
NEEDS_A_REASON = "Give a reason for using a different figure from the one the table gives."


def _check_override(*, weekly_pence, reason, complex_case):
    reason = (reason or "").strip()
    if complex_case and weekly_pence is None:
        raise MoveNotAllowed(NEEDS_A_FIGURE)
    if weekly_pence is not None:
        if not reason:
            raise MoveNotAllowed(NEEDS_A_REASON)
        if not 0 < weekly_pence <= MAX_WEEKLY_PENCE:
            raise MoveNotAllowed(f"Enter a weekly amount of more than £0 and at most {format_pence(MAX_WEEKLY_PENCE)}.")
    return reason


def allocation_answers_keep(*, allocation, answers):
    """
    Keep the answers a calculation used, by key and in order, each (section, question, option,
    points), and make this the budget's row in `CaseloadPoints` (one upsert), so the what-if reads
    the newest indicative budget without reading answers. Call it in the transaction that made
    `allocation`, with the budget row locked (both services here do).
    """
    answers = list(answers)
    AllocationAnswer.objects.bulk_create(
        AllocationAnswer(allocation=allocation, order=n, section_key=s, question_key=q, option_key=o, points=points)
        for n, (s, q, o, points) in enumerate(answers)
    )
    compact = CaseloadPoints.values_for(answers)
    budget = allocation.budget
    compact |= {"council_id": budget.council_id, "client_group": budget.person.client_group, "weekly_pence": allocation.weekly_pence}
    CaseloadPoints.objects.bulk_create(
        [CaseloadPoints(budget_id=budget.pk, allocation=allocation, **compact)],
        update_conflicts=True, unique_fields=["budget"], update_fields=["allocation", *compact],
    )


def allocation_share(*, budget, actor, weekly_pence=None, reason="") -> Allocation:
    """
    Work out the indicative budget from the latest submitted answers and the live allocation
    table, store it as an immutable `Allocation` (answers used by key, table version, per-answer
    breakdown and every step) and move the budget to support planning, all in one transaction
    with the budget row locked. A worker may give a different weekly figure (`weekly_pence`) only
    with a `reason`; a complex case (above the ceiling) needs one. The lifecycle checks the stage
    and that the actor is staff in the person's team; otherwise, or with no table, it raises
    MoveNotAllowed and stores nothing.
    """
    with transaction.atomic():
        # The move first: it locks the row and checks stage and role before any work is done.
        locked = budget_move(budget=budget, move="share_allocation", actor=actor)
        preview = indicative_preview(budget=locked)
        result = preview.result
        reason = _check_override(weekly_pence=weekly_pence, reason=reason, complex_case=result.complex_case)
        figure = weekly_pence if weekly_pence is not None else result.weekly_pence
        allocation = Allocation.objects.create(
            budget=locked, assessment=preview.assessment, table=preview.table,
            total_points=result.total_points, weighted_points=result.weighted_points,
            calculated_weekly_pence=result.weekly_pence, complex_case=result.complex_case,
            weekly_pence=figure, yearly_pence=figure * WEEKS_PER_YEAR, override_reason=reason,
            breakdown=result.breakdown(), steps=result.steps_data(), calculated_by=actor,
        )
        allocation_answers_keep(allocation=allocation, answers=[(a.section, a.question_key, a.option_key, a.points) for a in preview.answers])
        what = f"Shared the indicative budget: {format_pence(figure)} a week"
        if reason:
            what += f" (the worker's figure; the table gave {format_pence(result.weekly_pence) or 'no figure'})"
        audit_change(user=actor, person=locked.person, what=what)
    return allocation


@transaction.atomic
def allocation_override(*, budget, actor, weekly_pence, reason) -> Allocation:
    """
    A worker sets a different indicative figure after sharing, with a reason. The stored record
    is never edited: a new one copies its calculation (answers, table, steps) and carries the
    worker's figure beside the calculated one. Budget row locked; staff in the person's team only,
    while the plan is being written. The same change sent twice makes one record.
    """
    locked = PersonalBudget.objects.select_for_update(of=("self",)).select_related("person").get(pk=budget.pk)
    require_relationship(actor, locked.person, STAFF)
    if locked.status != Status.PLANNING:
        raise MoveNotAllowed("The indicative budget can be changed only while the support plan is being written.")
    current = indicative_budget(budget=locked)
    if current is None:
        raise MoveNotAllowed("There is no indicative budget to change yet.")
    if weekly_pence is None:
        raise MoveNotAllowed("Enter the weekly amount.")
    reason = _check_override(weekly_pence=weekly_pence, reason=reason, complex_case=current.complex_case)
    if (current.weekly_pence, current.override_reason, current.calculated_by_id) == (weekly_pence, reason, actor.pk):
        return current  # the same change sent twice (a double click): one record
    used = [(a.section_key, a.question_key, a.option_key, a.points) for a in current.answers_used.all()]
    allocation = Allocation.objects.create(
        budget=locked, assessment_id=current.assessment_id, table_id=current.table_id,
        total_points=current.total_points, weighted_points=current.weighted_points,
        calculated_weekly_pence=current.calculated_weekly_pence, complex_case=current.complex_case,
        weekly_pence=weekly_pence, yearly_pence=weekly_pence * WEEKS_PER_YEAR, override_reason=reason,
        breakdown=current.breakdown, steps=current.steps, calculated_by=actor,
    )
    allocation_answers_keep(allocation=allocation, answers=used)
    audit_change(user=actor, person=locked.person, what=f"Changed the indicative budget to {format_pence(weekly_pence)} a week: {reason}")
    return allocation
