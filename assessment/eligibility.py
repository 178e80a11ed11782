"""
The eligibility view drafted from the answers, and the rule on the three conditions. Pure: no
Django. The worker confirms or changes the draft; the law's test is theirs to apply.

Care and Support (Eligibility Criteria) Regulations 2015: eligible when (1) the needs arise from
a physical or mental impairment or illness, (2) because of them the adult is unable to achieve
two or more of the ten outcomes, and (3) as a result there is, or is likely to be, a
significant impact on their wellbeing.
"""

from collections.abc import Iterable


def draft(answers: Iterable[tuple[str, str, str, str, list, bool]], outcomes: Iterable[str]) -> list[dict]:
    """
    For each outcome (in the law's order), whether the answers suggest it cannot be achieved,
    and the answers that bear on it: [{"outcome", "unable", "answers": [[question key, option
    key, question, answer, unable], ...]}]. `answers` are (question key, option key, question
    text, answer label, outcomes the answer bears on, whether it means "unable").
    A list, not a dict: it is stored as JSON, and PostgreSQL's jsonb doesn't keep key order.
    """
    answers = list(answers)
    view = []
    for outcome in outcomes:
        bearing = [[qk, ok, qt, ol, unable] for qk, ok, qt, ol, bears, unable in answers if outcome in bears]
        view.append({"outcome": outcome, "unable": any(a[4] for a in bearing), "answers": bearing})
    return view


def suggested_unable(view: list[dict]) -> list[str]:
    """The outcomes a drafted view says cannot be achieved, in its order."""
    return [entry["outcome"] for entry in view if entry["unable"]]


def eligible(*, impairment: bool, outcomes_unable: list, significant_impact: bool) -> bool:
    """All three conditions; the second is two or more outcomes not achievable."""
    return bool(impairment) and len(set(outcomes_unable)) >= 2 and bool(significant_impact)
