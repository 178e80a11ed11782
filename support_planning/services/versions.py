"""Plan versions: a returned plan stays as it was sent, and a new draft starts from it."""

from django.db import transaction

from pbudget.access import require_relationship
from pbudget.audit import audit_change
from pbudget.lifecycle import SIGNERS, MoveNotAllowed
from support_planning.models import PlanStatus, SupportPlan
from support_planning.services.editing import plan_copy


@transaction.atomic
def plan_reopen(*, plan, actor) -> SupportPlan:
    """
    When sign-off returns a submitted plan: freeze that version as RETURNED and start a new draft
    (numbered next) copied from it. Each outcome and line of the draft remembers its original, so
    comments recorded on the returned version (`plan_comments_record`) show beside the same parts
    in the draft, and the two versions can be compared. Staff in the person's team only (or a senior
manager, for whom sign-off has checked the plan waits for the panel); joins the
    caller's transaction and locks the plan row. Returns the new draft.
    """
    locked = SupportPlan.objects.select_for_update(of=("self",)).select_related("budget__person").get(pk=plan.pk)
    require_relationship(actor, locked.budget.person, SIGNERS)
    if locked.status != PlanStatus.SUBMITTED:
        raise MoveNotAllowed("Only a plan waiting for sign-off can be returned.")
    # Out of "in progress" first: the database allows one draft or submitted plan per budget.
    SupportPlan.objects.filter(pk=locked.pk).update(status=PlanStatus.RETURNED)
    plan.status = PlanStatus.RETURNED
    last = SupportPlan.objects.filter(budget_id=locked.budget_id).order_by("-number").values_list("number", flat=True).first()
    draft = SupportPlan.objects.create(budget_id=locked.budget_id, number=last + 1, created_by=actor)
    locked.status = PlanStatus.RETURNED
    plan_copy(source=locked, target=draft)
    audit_change(user=actor, person=locked.budget.person, what=f"Support plan version {locked.number} returned; version {draft.number} started from it")
    return draft
