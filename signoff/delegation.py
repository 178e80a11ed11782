"""
Who may sign off a plan: pure rules, no Django, unit-tested directly.

A social worker may sign off when the plan's yearly cost is within both the council's social
worker limit and the indicative yearly budget; anything else needs a team manager. The reason is
given in words, because it is shown to the worker and recorded with the decision.
"""

from pbudget.money import format_pence  # plain Python, no Django

SOCIAL_WORKER = "social_worker"
TEAM_MANAGER = "team_manager"


def required_level(
    plan_yearly_pence: int, indicative_yearly_pence: int | None, social_worker_limit_pence: int
) -> tuple[str, str]:
    """The level that must sign off a plan costing `plan_yearly_pence` a year, and why."""
    cost = f"{format_pence(plan_yearly_pence)} a year"
    reasons = []
    if plan_yearly_pence > social_worker_limit_pence:
        reasons.append(f"{cost} is above the social worker limit of {format_pence(social_worker_limit_pence)}")
    if indicative_yearly_pence is None:
        reasons.append("there is no indicative budget to compare it with")
    elif plan_yearly_pence > indicative_yearly_pence:
        reasons.append(f"{cost} is above the indicative budget of {format_pence(indicative_yearly_pence)} a year")
    if reasons:
        return TEAM_MANAGER, "A team manager must sign this off: " + ", and ".join(reasons) + "."
    return SOCIAL_WORKER, (
        f"A social worker may sign this off: {cost} is within the social worker limit of "
        f"{format_pence(social_worker_limit_pence)} and within the indicative budget of "
        f"{format_pence(indicative_yearly_pence)} a year."
    )


def may_sign_off(level: str, actor_role: str) -> bool:
    """A team manager may sign off at either level; a social worker only at theirs."""
    return actor_role == TEAM_MANAGER or (actor_role == SOCIAL_WORKER and level == SOCIAL_WORKER)
