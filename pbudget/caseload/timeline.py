"""
A person's timeline: every move of every budget they have had (a move its stage's record
already shows is shown once, as that record, with its link), with the records each stage
kept (assessments, eligibility decisions, indicative budgets, plan versions, sign-off decisions,
reviews), who did it and when, and a link to each. Seven queries however many cycles.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.text import Truncator

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


# Long texts (eligibility reasons, sign-off comments) are cut short here: the link beside them opens the whole record.
SHORT = 160


def _short(text):
    return Truncator(text or "").chars(SHORT)


# Moves a stage's own record already shows, with its link (the answers sent, the eligibility
# decision, the sign-off decision, the review completed): one action, one line. A move is left out
# when its stage wrote that record within a minute of it (the same request).
SHOWN_BY_THE_STAGE = {
    "submit_assessment": "assessment sent", "decide_eligible": "eligibility", "decide_not_eligible": "eligibility",
    "approve_plan": "sign-off", "return_plan": "sign-off", "decline_plan": "sign-off",
    "continue_after_review": "review", "vary_plan": "review", "reassess": "review", "end_after_review": "review",
}
SAME_ACTION = datetime.timedelta(minutes=1)


def person_timeline(*, person, budgets) -> list[Cycle]:
    """`budgets` (the person's, any order) as cycles, newest first, each with its entries in order."""
    ids = [b.pk for b in budgets]
    entries = {pk: [] for pk in ids}
    recorded = {}  # (budget, what a stage recorded) -> times, for the moves those records already show

    def add(budget_id, entry, kind=None):
        entries[budget_id].append(entry)
        if kind:
            recorded.setdefault((budget_id, kind), []).append(entry.at)

    for a in assessments_for_budgets(budget_ids=ids):
        answers = reverse("assessment:answers", args=[a.budget_id])
        add(a.budget_id, Entry(a.started_at, f"Assessment started ({a.get_channel_display().lower()})", _name(a.started_by)))
        if a.submitted_at:
            add(a.budget_id, Entry(a.submitted_at, "Assessment answers sent", _name(a.submitted_by), url=answers, link_text="Assessment answers"), "assessment sent")
        decision = getattr(a, "eligibility", None)
        if decision is not None:
            add(a.budget_id, Entry(
                decision.decided_at, "Eligible for care and support" if decision.eligible else "Not eligible",
                _name(decision.decided_by), _short(decision.reasons), reverse("assessment:eligibility", args=[a.budget_id]), "Eligibility decision",
            ), "eligibility")
    for allocation in allocations_for_budgets(budget_ids=ids):
        add(allocation.budget_id, Entry(
            allocation.calculated_at, "Indicative budget worked out", _name(allocation.calculated_by),
            f"{allocation.total_points} points", reverse("ras:indicative", args=[allocation.budget_id]),
            "How the indicative budget was worked out", allocation.weekly_pence,
        ))
    for plan in plans_for_budgets(budget_ids=ids):
        add(plan.budget_id, Entry(
            plan.created_at, f"Support plan version {plan.number} started", _name(plan.created_by),
            f"Led by: {plan.get_led_by_display().lower()}; now {plan.get_status_display().lower()}",
            reverse("support_planning:version", args=[plan.budget_id, plan.number]), f"Support plan version {plan.number}",
        ))
    for decision in decisions_for_budgets(budget_ids=ids):
        approved = decision.decision == "approved"
        add(decision.budget_id, Entry(
            decision.decided_at,
            f"Plan version {decision.plan.number} {decision.get_decision_display().lower()} ({decision.get_level_display().lower()} level)",
            # A panel's decision is both senior managers': the first approval, then the one that decided.
            " and ".join(_name(u) for u in (decision.panel_first_approver, decision.decided_by) if u is not None),
            _short(decision.comments),
            reverse("signoff:summary_sheet", args=[decision.budget_id]) if approved
            else reverse("support_planning:version", args=[decision.budget_id, decision.plan.number]),
            "Summary sheet (PDF)" if approved else f"Support plan version {decision.plan.number}", decision.agreed_weekly_pence,
        ), "sign-off")
    for review in reviews_for_budgets(budget_ids=ids):
        url = reverse("reviews:review", args=[review.budget_id])
        if review.completed_at:
            add(review.budget_id, Entry(
                review.completed_at, f"{review.get_kind_display()} completed: {review.get_outcomes_met_display().lower()}",
                _name(review.completed_by), f"Next: {review.get_next_step_display().lower()}", url, "Review",
            ), "review")
        else:
            add(review.budget_id, Entry(
                review.scheduled_at, f"{review.get_kind_display()} scheduled, due {review.due_date:%-d %B %Y}", url=url, link_text="Review",
            ))
    for event in BudgetEvent.objects.filter(budget_id__in=ids).select_related("actor"):
        kind = SHOWN_BY_THE_STAGE.get(event.move)
        if kind and any(abs(at - event.at) < SAME_ACTION for at in recorded.get((event.budget_id, kind), [])):
            continue
        what = "Budget opened, at assessment" if event.move == "open" else (MOVES[event.move].label if event.move in MOVES else event.move)
        add(event.budget_id, Entry(event.at, what, _name(event.actor), _short(event.reason)))
    cycles = [Cycle(b, sorted(entries[b.pk], key=lambda e: e.at, reverse=True)) for b in budgets]
    return sorted(cycles, key=lambda c: (c.budget.opened_at, c.budget.pk), reverse=True)
