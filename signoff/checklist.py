"""
What sign-off needs from a plan, before it is submitted: pure, no Django. Derived from the plan
and the rules (a reason only when the plan goes over the indicative budget, a provider only for an
individual service fund), so the person is asked only for what applies to them.
"""

from dataclasses import dataclass

ISF = "isf"


@dataclass(frozen=True)
class PlanFacts:
    plan_yearly_pence: int
    indicative_yearly_pence: int | None
    money_management: str
    provider_name: str
    contingency: str
    # None: this plan has nowhere to record it yet, so it is not asked for.
    over_budget_reason: str | None = None
    risks: str | None = None
    risk_management: str | None = None


@dataclass(frozen=True)
class ChecklistItem:
    text: str
    done: bool
    part: str  # which part of the plan fixes it (the plan-comment part names)


def checklist(facts: PlanFacts) -> list[ChecklistItem]:
    """Each thing sign-off needs, in the order a person would fix it, and whether it is there."""
    items = [ChecklistItem("Say what happens if things go wrong (your back-up arrangements)", bool(facts.contingency.strip()), "contingency")]
    if facts.money_management == ISF:
        items.append(ChecklistItem(
            "Name the provider who will hold the money for your individual service fund", bool(facts.provider_name.strip()), "money"
        ))
    over = facts.indicative_yearly_pence is not None and facts.plan_yearly_pence > facts.indicative_yearly_pence
    if over and facts.over_budget_reason is not None:
        items.append(ChecklistItem(
            "Say why your plan costs more than your indicative budget", bool(facts.over_budget_reason.strip()), "over_budget_reason"
        ))
    if facts.risks and facts.risks.strip() and facts.risk_management is not None:
        items.append(ChecklistItem(
            "Say how the risks you choose to take will be managed", bool(facts.risk_management.strip()), "risks"
        ))
    return items


def missing(facts: PlanFacts) -> list[ChecklistItem]:
    return [item for item in checklist(facts) if not item.done]
