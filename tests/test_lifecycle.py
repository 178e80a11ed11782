"""Every allowed and every forbidden lifecycle move, for every relationship."""

import pytest

from pbudget.lifecycle import MOVES, MoveNotAllowed, Status, budget_move, moves_from
from pbudget.models import BudgetEvent, PersonalBudget
from pbudget.models import Role
from tests.factories import BudgetFactory, UserFactory

# "senior": a senior manager on the council's sign-off panel who does not manage Alice's team.
ACTORS = {"person": "alice", "representative": "rita", "worker": "wendy", "manager": "mandy", "senior": "sam"}
RELATIONSHIP = {"person": "person", "representative": "person", "worker": "worker", "manager": "manager", "senior": "panel"}
CASES = [(move, status, actor) for move in MOVES for status in Status for actor in ACTORS]


@pytest.mark.parametrize(("move", "status", "actor"), CASES)
def test_every_move_from_every_status_by_every_relationship(p, move, status, actor):
    p.sam = UserFactory(council=p.northshire, role=Role.TEAM_MANAGER, is_senior_manager=True, full_name="Sam Senior")
    budget = BudgetFactory(person=p.alice_person, status=status)
    user = getattr(p, ACTORS[actor])
    spec = MOVES[move]
    allowed = status in spec.sources and RELATIONSHIP[actor] in spec.by
    if allowed:
        budget_move(budget=budget, move=move, actor=user, reason="Because the test says so")
        budget.refresh_from_db()
        assert budget.status == spec.target
        event = BudgetEvent.objects.get(budget=budget)
        assert (event.actor, event.move, event.from_status, event.to_status) == (user, move, status, spec.target)
        assert event.reason == "Because the test says so"
    else:
        with pytest.raises(MoveNotAllowed):
            budget_move(budget=budget, move=move, actor=user, reason="Because the test says so")
        budget.refresh_from_db()
        assert budget.status == status
        assert not BudgetEvent.objects.filter(budget=budget).exists()


@pytest.mark.parametrize("outsider", ["bob", "walter", "adam", "xavier"])
def test_nobody_without_a_relationship_can_move_a_budget(p, outsider):
    budget = BudgetFactory(person=p.alice_person, status=Status.ELIGIBILITY)
    with pytest.raises(MoveNotAllowed):
        budget_move(budget=budget, move="decide_eligible", actor=getattr(p, outsider))
    budget.refresh_from_db()
    assert budget.status == Status.ELIGIBILITY


def test_a_move_that_needs_a_reason_refuses_without_one(p):
    budget = BudgetFactory(person=p.alice_person, status=Status.SIGN_OFF)
    with pytest.raises(MoveNotAllowed, match="reason"):
        budget_move(budget=budget, move="return_plan", actor=p.wendy, reason="   ")
    assert PersonalBudget.objects.get(pk=budget.pk).status == Status.SIGN_OFF


def test_an_ended_representation_gives_no_authority(p):
    p.alice_person.representatives.update(ended_at="2026-01-01T00:00Z")
    budget = BudgetFactory(person=p.alice_person, status=Status.ASSESSMENT)
    with pytest.raises(MoveNotAllowed):
        budget_move(budget=budget, move="submit_assessment", actor=p.rita)


def test_unknown_move_is_refused(p):
    budget = BudgetFactory(person=p.alice_person, status=Status.ACTIVE)
    with pytest.raises(MoveNotAllowed):
        budget_move(budget=budget, move="approve_everything", actor=p.mandy)


def test_closing_records_when(p):
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    budget_move(budget=budget, move="close", actor=p.wendy, reason="Moved away")
    budget.refresh_from_db()
    assert budget.status == Status.CLOSED and budget.closed_at is not None


def test_moves_from_lists_buttons_by_relationship():
    assert moves_from(Status.PLANNING, "person") == ["submit_plan"]
    # A senior manager from another team makes the sign-off moves and nothing else.
    assert moves_from(Status.SIGN_OFF, "panel") == ["approve_plan", "return_plan", "decline_plan"]
    assert [m for s in Status for m in moves_from(s, "panel")] == ["approve_plan", "return_plan", "decline_plan"]
    assert "close" in moves_from(Status.PLANNING, "worker")
    assert moves_from(Status.CLOSED, "manager") == []


def test_the_status_field_is_written_only_by_the_lifecycle_module():
    """A grep, as STYLE.md asks: nothing outside pbudget/lifecycle.py assigns `.status =`."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parent.parent
    offenders = []
    for path in root.glob("*/**/*.py"):
        if any(part in {".venv", "node_modules", "tests", "migrations"} for part in path.parts):
            continue
        if path.name == "lifecycle.py" and path.parent.name == "pbudget":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"\bbudget\w*\.status\s*=[^=]", line):
                offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert offenders == []
