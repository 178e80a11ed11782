"""Comments on parts of a plan version, recorded by sign-off when it returns a plan."""

from django.db import transaction

from pbudget.access import require_relationship
from pbudget.audit import audit_change
from pbudget.fields import LONG_TEXT
from pbudget.lifecycle import SIGNERS, MoveNotAllowed
from support_planning.models import COMMENT_ITEM_PARTS, COMMENT_PARTS, PlanComment


def _comment_part_valid(plan, part) -> bool:
    """A fixed part name, or "outcome:<id>" / "line:<id>" naming an item of this very plan version."""
    if part in COMMENT_PARTS:
        return True
    kind, _, pk = part.partition(":")
    if kind not in COMMENT_ITEM_PARTS or not pk.isdigit():
        return False
    items = plan.outcomes if kind == "outcome" else plan.lines
    return items.filter(pk=int(pk)).exists()


@transaction.atomic
def plan_comments_record(*, plan, comments: dict[str, str], actor) -> list[PlanComment]:
    """
    Record comments on parts of a plan version (sign-off calls this when it returns a plan).

    `comments` maps a part ("what_matters", "outcome:<id>", "line:<id>", "money", "contingency",
    "risks", "over_budget_reason", "general") to its text; blank texts are skipped. Guarantees:
    only staff in the person's team may comment (or a senior manager, for whom sign-off has
    checked the plan waits for the panel); every part must name this plan or one of its own
    outcomes and lines, else MoveNotAllowed and nothing is written. Joins the caller's transaction
    and writes one AuditEntry. The plan editor shows the comments beside the parts they concern,
    also in the new draft started from a returned version.
    """
    require_relationship(actor, plan.budget.person, SIGNERS)
    cleaned = {part: (text or "").strip() for part, text in comments.items()}
    cleaned = {part: text for part, text in cleaned.items() if text}
    for part, text in cleaned.items():
        if not _comment_part_valid(plan, part):
            raise MoveNotAllowed(f"A comment was for a part of the plan that isn't in this version ({part[:40]}).")
        if len(text) > LONG_TEXT or "\x00" in text:
            raise MoveNotAllowed(f"A comment can be at most {LONG_TEXT:,} characters.")
    made = PlanComment.objects.bulk_create(
        PlanComment(plan=plan, part=part, text=text, author=actor) for part, text in cleaned.items()
    )
    if made:
        audit_change(user=actor, person=plan.budget.person, what=f"Comments on support plan version {plan.number}: {len(made)}")
    return made
