"""
The compact row a budget the what-if reads (CaseloadPoints): kept beside every indicative budget,
always equal to what its answers say (the backfill is in test_migrations.py).
"""

from ras.models import Allocation, CaseloadPoints
from ras.services import allocation_override, allocation_share
from tests.ras.factories import case, table


def from_answers(allocation):
    """What the row should say, worked out the long way from the answers the calculation kept."""
    sections, answers = {}, {}
    for a in allocation.answers_used.all():
        sections[a.section_key] = sections.get(a.section_key, 0) + a.points
        answers[a.question_key] = a.option_key
    return {
        "allocation_id": allocation.pk, "weekly_pence": allocation.weekly_pence,
        "total_points": sum(sections.values()), "section_points": sections, "answers": answers,
    }


def row(budget):
    return CaseloadPoints.objects.values("allocation_id", "weekly_pence", "total_points", "section_points", "answers").get(budget=budget)


def test_sharing_keeps_the_budgets_row(p, budget):
    allocation = allocation_share(budget=budget, actor=p.wendy)
    kept = row(budget)
    assert kept == from_answers(allocation)
    assert kept["total_points"] == 47 and kept["weekly_pence"] == 39_950
    assert set(kept["section_points"]) == {a.section_key for a in allocation.answers_used.all()} and len(kept["answers"]) == 10


def test_an_override_replaces_the_row_with_the_newest_figure(p, budget):
    first = allocation_share(budget=budget, actor=p.wendy)
    newest = allocation_override(budget=budget, actor=p.mandy, weekly_pence=42_000, reason="Night checks")
    assert CaseloadPoints.objects.filter(budget=budget).count() == 1
    assert row(budget) == from_answers(newest) and row(budget)["weekly_pence"] == 42_000
    assert row(budget)["section_points"] == from_answers(first)["section_points"]


def test_each_budget_has_one_row_for_its_newest_indicative_budget(p):
    live = table(p.northshire, price_per_point_pence=850)
    made = [case(team=p.north, live=live, actor=p.wendy, answers=[("care", "q1", "a", n), ("home", "q2", "b", 3)]) for n in (1, 7)]
    assert CaseloadPoints.objects.count() == 2
    for allocation in made:
        assert row(allocation.budget) == from_answers(allocation)
        assert row(allocation.budget)["section_points"] == {"care": allocation.total_points - 3, "home": 3}
