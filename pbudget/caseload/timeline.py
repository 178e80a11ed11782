"""
A person's timeline: every move of every budget they have had, with the records each stage
kept (assessments, eligibility decisions, indicative budgets, plan versions, sign-off decisions,
reviews), who did it and when, and a link to each. Seven queries however many cycles.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse

from assessment.selectors import assessments_for_budgets
from pbudget.lifecycle import MOVES
from pbudget.models import BudgetEvent
from ras.selectors import allocations_for_budgets
from reviews.selectors import reviews_for_budgets
from signoff.selectors import decisions_for_budgets
from support_planning.selectors import plans_for_budgets


@dataclass(frozen=True)
class Entry:
    at: datetime.datetime
    what: str
    who: str = ""
    detail: str = ""
    url: str = ""
    link_text: str = ""
    pence: int | None = None  # an amount a week, shown with the entry


@dataclass
class Cycle:
    budget: object
    entries: list


def _name(user):
    return user.full_name if user is not None else "The system"


def person_timeline(*, person, budgets) -> list[Cycle]:
    """`budgets` (the person's, any order) as cycles, newest first, each with its entries in order."""
    ids = [b.pk for b in budgets]
    entries = {pk: [] for pk in ids}
    for event in BudgetEvent.objects.filter(budget_id__in=ids).select_related("actor"):
        what = "Budget opened, at assessment" if event.move == "open" else (MOVES[event.move].label if event.move in MOVES else event.move)
        entries[event.budget_id].append(Entry(event.at, what, _name(event.actor), event.reason))
    for a in assessments_for_budgets(budget_ids=ids):
        answers = reverse("assessment:answers", args=[a.budget_id])
        entries[a.budget_id].append(Entry(a.started_at, f"Assessment started ({a.get_channel_display().lower()})", _name(a.started_by)))
        if a.submitted_at:
            entries[a.budget_id].append(Entry(a.submitted_at, "Assessment answers sent", _name(a.submitted_by), url=answers, link_text="Assessment answers"))
        decision = getattr(a, "eligibility", None)
        if decision is not None:
            entries[a.budget_id].append(Entry(
                decision.decided_at, "Eligible for care and support" if decision.eligible else "Not eligible",
                _name(decision.decided_by), decision.reasons, reverse("assessment:eligibility", args=[a.budget_id]), "Eligibility decision",
            ))
    for allocation in allocations_for_budgets(budget_ids=ids):
        entries[allocation.budget_id].append(Entry(
            allocation.calculated_at, "Indicative budget worked out", _name(allocation.calculated_by),
            f"{allocation.total_points} points", reverse("ras:indicative", args=[allocation.budget_id]),
            "How the indicative budget was worked out", allocation.weekly_pence,
        ))
    for plan in plans_for_budgets(budget_ids=ids):
        entries[plan.budget_id].append(Entry(
            plan.created_at, f"Support plan version {plan.number} started", _name(plan.created_by),
            f"Led by: {plan.get_led_by_display().lower()}; now {plan.get_status_display().lower()}",
            reverse("support_planning:plan", args=[plan.budget_id]), "Support plan",
        ))
    for decision in decisions_for_budgets(budget_ids=ids):
        approved = decision.decision == "approved"
        entries[decision.budget_id].append(Entry(
            decision.decided_at,
            f"Plan version {decision.plan.number} {decision.get_decision_display().lower()} ({decision.get_level_display().lower()} level)",
            _name(decision.decided_by), decision.comments,
            reverse("signoff:summary_sheet", args=[decision.budget_id]) if approved else reverse("support_planning:plan", args=[decision.budget_id]),
            "Summary sheet (PDF)" if approved else "Support plan", decision.agreed_weekly_pence,
        ))
    for review in reviews_for_budgets(budget_ids=ids):
        url = reverse("reviews:review", args=[review.budget_id])
        if review.completed_at:
            entries[review.budget_id].append(Entry(
                review.completed_at, f"{review.get_kind_display()} completed: {review.get_outcomes_met_display().lower()}",
                _name(review.completed_by), f"Next: {review.get_next_step_display().lower()}", url, "Review",
            ))
        else:
            entries[review.budget_id].append(Entry(
                review.scheduled_at, f"{review.get_kind_display()} scheduled, due {review.due_date:%-d %B %Y}", url=url, link_text="Review",
            ))
    cycles = [Cycle(b, sorted(entries[b.pk], key=lambda e: e.at, reverse=True)) for b in budgets]
    return sorted(cycles, key=lambda c: (c.budget.opened_at, c.budget.pk), reverse=True)
