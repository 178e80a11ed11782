"""
Who may sign off a plan: the council's delegation rules as plain data, evaluated by pure
functions (no Django), unit-tested directly.

A rule set has three rules, tried in order; the first whose conditions all hold decides:
  1. a social worker, when the yearly cost is at most their limit, at most a set percentage above
     the indicative budget, and (if the council says so) no risk is flagged;
  2. a team manager, up to a higher limit (no limit: a manager signs off everything else);
  3. otherwise a panel of two senior managers.
The reason is given in words, because it is shown to the approver and recorded with the request.
"""

from dataclasses import dataclass

from pbudget.money import format_pence  # plain Python, no Django

SOCIAL_WORKER = "social_worker"
TEAM_MANAGER = "team_manager"
PANEL = "panel"

RULE_NAMES = {
    SOCIAL_WORKER: "Rule 1: social worker sign-off",
    TEAM_MANAGER: "Rule 2: team manager sign-off",
    PANEL: "Rule 3: panel of two senior managers",
}
MOST_PERCENT = 100  # a social worker may never sign off more than double the indicative budget
# A panel decision needs two different senior managers, so a council's panel needs at least two.
PANEL_SIZE = 2
PANEL_TOO_SMALL = (
    "Choose at least two senior managers: two different people must approve a plan above the team manager limit"
)
MOST_TARGET_DAYS = 60


@dataclass(frozen=True)
class Rules:
    social_worker_yearly_limit_pence: int
    social_worker_over_indicative_percent: int = 0  # 0: within the indicative budget
    social_worker_needs_no_risk_flag: bool = True
    team_manager_yearly_limit_pence: int | None = None  # None: there is no panel level


# With no published rules, nobody below a team manager may sign off and there is no panel.
NO_RULES = Rules(social_worker_yearly_limit_pence=0, social_worker_over_indicative_percent=0)


@dataclass(frozen=True)
class Facts:
    """What the rules look at, taken from the plan when it is submitted."""

    plan_yearly_pence: int
    indicative_yearly_pence: int | None
    risk_flag: bool = False


@dataclass(frozen=True)
class Outcome:
    level: str
    rule: str
    reason: str


def _year(pence):
    return f"{format_pence(pence)} a year"


def _within_indicative(facts: Facts, percent: int) -> bool:
    # Integer arithmetic: plan <= indicative x (100 + percent) / 100, with no rounding at all.
    return facts.plan_yearly_pence * 100 <= facts.indicative_yearly_pence * (100 + percent)


def _indicative_words(facts: Facts, percent: int) -> str:
    indicative = _year(facts.indicative_yearly_pence)
    return f"the indicative budget of {indicative}" if percent == 0 else f"{percent}% above the indicative budget of {indicative}"


def _social_worker_blocks(rules: Rules, facts: Facts) -> list[str]:
    """Why a social worker may not sign this off (empty: they may)."""
    cost = _year(facts.plan_yearly_pence)
    blocks = []
    if facts.plan_yearly_pence > rules.social_worker_yearly_limit_pence:
        blocks.append(f"{cost} is above the social worker limit of {format_pence(rules.social_worker_yearly_limit_pence)}")
    percent = rules.social_worker_over_indicative_percent
    if facts.indicative_yearly_pence is None:
        blocks.append("there is no indicative budget to compare it with")
    elif not _within_indicative(facts, percent):
        blocks.append(f"it is more than {_indicative_words(facts, percent)}")
    if rules.social_worker_needs_no_risk_flag and facts.risk_flag:
        blocks.append("the plan has a risk flagged")
    return blocks


def evaluate(rules: Rules, facts: Facts) -> Outcome:
    """The level that must sign off, the rule that decided it, and why, in words."""
    cost = _year(facts.plan_yearly_pence)
    blocks = _social_worker_blocks(rules, facts)
    if not blocks:
        words = [f"{cost} is within the social worker limit of {format_pence(rules.social_worker_yearly_limit_pence)}",
                 f"it is no more than {_indicative_words(facts, rules.social_worker_over_indicative_percent)}"]
        if rules.social_worker_needs_no_risk_flag:
            words.append("no risk is flagged")
        return Outcome(SOCIAL_WORKER, RULE_NAMES[SOCIAL_WORKER], "A social worker may sign this off: " + _join(words) + ".")
    manager_limit = rules.team_manager_yearly_limit_pence
    if manager_limit is None or facts.plan_yearly_pence <= manager_limit:
        within = "" if manager_limit is None else f"; it is within the team manager limit of {format_pence(manager_limit)}"
        return Outcome(TEAM_MANAGER, RULE_NAMES[TEAM_MANAGER], "A team manager must sign this off: " + _join(blocks) + within + ".")
    return Outcome(PANEL, RULE_NAMES[PANEL], (
        f"A panel of two senior managers must sign this off: {cost} is above the team manager limit of "
        f"{format_pence(manager_limit)}."
    ))


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def rules_problems(rules: Rules, target_working_days: int = 5) -> dict[str, str]:
    """What stops a rule set being published: {field name: message for a person}."""
    problems = {}
    if not 0 <= rules.social_worker_over_indicative_percent <= MOST_PERCENT:
        problems["social_worker_over_indicative_percent"] = f"Enter a percentage from 0 to {MOST_PERCENT}"
    manager = rules.team_manager_yearly_limit_pence
    if manager is not None and manager < rules.social_worker_yearly_limit_pence:
        problems["team_manager_yearly_limit_pence"] = "The team manager limit must be at least the social worker limit"
    if not 1 <= target_working_days <= MOST_TARGET_DAYS:
        problems["target_working_days"] = f"Enter a target from 1 to {MOST_TARGET_DAYS} working days"
    return problems


def rules_in_words(rules: Rules) -> list[str]:
    """The three rules as a council's staff and the public would read them."""
    sw = f"A social worker may sign off a plan costing up to {format_pence(rules.social_worker_yearly_limit_pence)} a year"
    percent = rules.social_worker_over_indicative_percent
    sw += " that is within the indicative budget" if percent == 0 else f" that is no more than {percent}% above the indicative budget"
    sw += ", when no risk is flagged." if rules.social_worker_needs_no_risk_flag else "."
    manager = rules.team_manager_yearly_limit_pence
    if manager is None:
        return [sw, "A team manager signs off every other plan."]
    return [
        sw,
        f"A team manager may sign off any other plan costing up to {format_pence(manager)} a year.",
        f"A plan costing more than {format_pence(manager)} a year needs a panel of two senior managers: two different "
        "people must approve it, and neither may be the person who submitted it.",
    ]


def may_sign_off(level: str, *, team_role: str | None, senior_manager: bool = False) -> bool:
    """
    Whether someone may sign off at this level. `team_role` is how they stand to the person's team
    (SOCIAL_WORKER, TEAM_MANAGER, or None for a senior manager from elsewhere in the council).
    A social worker signs off only at their level; a team manager at theirs and below; only senior
    managers sit on a panel (two of them, which the services count).
    """
    if level == PANEL:
        return senior_manager
    if level == TEAM_MANAGER:
        return team_role == TEAM_MANAGER
    return team_role in {SOCIAL_WORKER, TEAM_MANAGER}
