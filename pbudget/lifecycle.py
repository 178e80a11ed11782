"""
The personal-budget lifecycle: the whole flowchart on one screen.

    ASSESSMENT --submit--> ELIGIBILITY --eligible--> ALLOCATION --share--> PLANNING
       ^--reopen (with reason)--+--not eligible--> CLOSED                     | submit
    REVIEW <--start review-- ACTIVE <--approve-- SIGN_OFF --return/decline--> PLANNING v
       +--continue--> ACTIVE   +--vary plan--> PLANNING
       +--reassess--> ASSESSMENT  +--end--> CLOSED
    (any open state --close with reason--> CLOSED)

`budget_move()` is the one gate that changes a budget's status. Stage apps call it from
their services, inside their own transaction, and write their own rows beside it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone


class Status(models.TextChoices):
    ASSESSMENT = "assessment", "Assessment"
    ELIGIBILITY = "eligibility", "Eligibility decision"
    ALLOCATION = "allocation", "Indicative budget"
    PLANNING = "planning", "Support planning"
    SIGN_OFF = "sign_off", "Sign-off"
    ACTIVE = "active", "Budget in place"
    REVIEW = "review", "Review"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = frozenset(s for s in Status if s != Status.CLOSED)


class Relationship(models.TextChoices):
    """How a user stands to a person; who may make a move is said in these terms."""

    PERSON = "person", "The person or their representative"
    WORKER = "worker", "Social worker in the person's team"
    MANAGER = "manager", "Manager of the person's team"
    # A senior manager of the person's council who does not manage their team. The lifecycle lets
    # them make the sign-off moves only; signoff narrows it to plans waiting for the panel, and
    # it shows them no record (pbudget.access.people_filter knows nothing of it).
    PANEL = "panel", "Senior manager on the council's sign-off panel"


PERSON, WORKER, MANAGER, PANEL = Relationship.PERSON, Relationship.WORKER, Relationship.MANAGER, Relationship.PANEL
STAFF = frozenset({WORKER, MANAGER})
SIGNERS = STAFF | {PANEL}
ANYONE = frozenset({PERSON, WORKER, MANAGER})


@dataclass(frozen=True)
class Move:
    sources: frozenset
    target: Status
    by: frozenset
    label: str
    needs_reason: bool = False


MOVES: dict[str, Move] = {
    "submit_assessment": Move(frozenset({Status.ASSESSMENT}), Status.ELIGIBILITY, ANYONE, "Assessment submitted"),
    "reopen_assessment": Move(frozenset({Status.ELIGIBILITY}), Status.ASSESSMENT, STAFF, "Assessment reopened", needs_reason=True),
    "decide_eligible": Move(frozenset({Status.ELIGIBILITY}), Status.ALLOCATION, STAFF, "Eligible for support"),
    "decide_not_eligible": Move(frozenset({Status.ELIGIBILITY}), Status.CLOSED, STAFF, "Not eligible", needs_reason=True),
    "share_allocation": Move(frozenset({Status.ALLOCATION}), Status.PLANNING, STAFF, "Indicative budget shared"),
    "submit_plan": Move(frozenset({Status.PLANNING}), Status.SIGN_OFF, ANYONE, "Support plan submitted"),
    "approve_plan": Move(frozenset({Status.SIGN_OFF}), Status.ACTIVE, SIGNERS, "Support plan signed off"),
    "return_plan": Move(frozenset({Status.SIGN_OFF}), Status.PLANNING, SIGNERS, "Plan returned with comments", needs_reason=True),
    "decline_plan": Move(frozenset({Status.SIGN_OFF}), Status.PLANNING, SIGNERS, "Support plan declined", needs_reason=True),
    "start_review": Move(frozenset({Status.ACTIVE}), Status.REVIEW, STAFF, "Review started"),
    "continue_after_review": Move(frozenset({Status.REVIEW}), Status.ACTIVE, STAFF, "Review completed: plan continues"),
    "vary_plan": Move(frozenset({Status.REVIEW}), Status.PLANNING, STAFF, "Review completed: plan to be changed"),
    "reassess": Move(frozenset({Status.REVIEW}), Status.ASSESSMENT, STAFF, "Review completed: reassessment"),
    "end_after_review": Move(frozenset({Status.REVIEW}), Status.CLOSED, STAFF, "Review completed: support ended", needs_reason=True),
    "close": Move(OPEN_STATUSES, Status.CLOSED, STAFF, "Closed", needs_reason=True),
}


# A journey (first contact to an agreed budget) starts when a budget enters assessment (opened,
# or reassessed after a review) and ends at the first plan signed off after that.
JOURNEY_STARTS = frozenset({"open", "reassess"})
JOURNEY_ENDS = frozenset({"approve_plan"})


class MoveNotAllowed(Exception):
    """
    An illegal move. Nothing was changed; the message is fit to show the user. `go_to`, when
    given, is the page that explains the current state (views use it for stale edit pages).
    """

    def __init__(self, message, *, go_to=None):
        super().__init__(message)
        self.go_to = go_to


# What the stages do when a budget closes, inside the closing move's transaction: each is called as
# fn(budget=..., move=..., actor=...) after the status is written. The core imports no stage app,
# so a stage registers here from its AppConfig.ready() (reviews closes the budget's open review).
# An explicit list, not a signal: `budget_move` is the one way to CLOSED, and every step runs in it.
ON_CLOSE: list[Callable] = []


def on_close(step: Callable) -> Callable:
    """Register `step(*, budget, move, actor)` to run in the transaction of every move to CLOSED."""
    if step not in ON_CLOSE:
        ON_CLOSE.append(step)
    return step


def moves_from(status: str, relationship: str | None) -> list[str]:
    """The moves this relationship may make from this status (for showing buttons)."""
    return [
        name for name, move in MOVES.items() if status in move.sources and relationship in move.by
    ]


def budget_move(*, budget, move: str, actor, reason: str = ""):
    """
    Make one lifecycle move, and return the budget as it now stands.

    Guarantees: runs in a transaction (joining the caller's), with the budget row locked
    (`select_for_update`); checks the move exists, is allowed from the current status and that
    `actor` stands in a relationship that may make it; writes a `BudgetEvent` row (who, when,
    from, to, why; the row works out when the stage it leaves began, with the budget locked);
    on a move to CLOSED, runs the stages' `ON_CLOSE` steps in the same transaction. Raises
    `MoveNotAllowed` and changes nothing otherwise.
    """
    from pbudget.access import require_relationship  # access imports models, models import us
    from pbudget.models import BudgetEvent, PersonalBudget

    spec = MOVES.get(move)
    if spec is None:
        raise MoveNotAllowed(f"There is no step called {move!r}.")
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = PersonalBudget.objects.select_for_update(of=("self",)).select_related("person").get(pk=budget.pk)
        if locked.status not in spec.sources:
            raise MoveNotAllowed(
                f"This can't be done now: the budget is at “{locked.get_status_display()}”."
            )
        require_relationship(actor, locked.person, spec.by)
        if spec.needs_reason and not reason:
            raise MoveNotAllowed("Give a reason for this decision.")
        now = timezone.now()
        BudgetEvent.objects.create(
            budget=locked, actor=actor, move=move, from_status=locked.status,
            to_status=spec.target, reason=reason, at=now,
        )
        # The one place the status field is written.
        locked.status = spec.target
        locked.status_changed_at = now
        if spec.target == Status.CLOSED:
            locked.closed_at = now
        locked.save(update_fields=["status", "status_changed_at", "closed_at"])
        if spec.target == Status.CLOSED:
            for step in ON_CLOSE:
                step(budget=locked, move=move, actor=actor)
    budget.status, budget.status_changed_at, budget.closed_at = (
        locked.status, locked.status_changed_at, locked.closed_at,
    )
    return locked
