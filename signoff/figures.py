"""
Sign-off figures for managers, from decisions already read: pure, no Django. For each team and
month (and the whole council, team None): how many decisions, the share of approvals made at
social-worker level (practitioners' surveys found 19%), the median days from submission to
decision, and the share of decisions that returned the plan.
"""

import datetime
import statistics
from dataclasses import dataclass
from fractions import Fraction

SOCIAL_WORKER = "social_worker"


@dataclass(frozen=True)
class DecisionFact:
    team_id: int
    month: datetime.date  # first day of the month the decision was made (Europe/London)
    decision: str  # "approved", "returned" or "declined"
    level: str
    days_waited: float | None  # submission to decision, None when the submission time is unknown


@dataclass(frozen=True)
class SignoffFigure:
    team_id: int | None  # None: every team in scope
    month: datetime.date
    decisions: int
    approvals: int
    approvals_at_social_worker: int
    returned: int
    median_days: float | None

    @property
    def social_worker_share(self) -> Fraction | None:
        """Approvals by a social worker as a share of all approvals (exact; the page rounds it)."""
        return Fraction(self.approvals_at_social_worker, self.approvals) if self.approvals else None

    @property
    def returned_rate(self) -> Fraction | None:
        return Fraction(self.returned, self.decisions) if self.decisions else None


def summarise(facts: list[DecisionFact]) -> list[SignoffFigure]:
    """One figure per (team, month) and per month for all teams together, ordered by month then team."""
    groups: dict[tuple, list[DecisionFact]] = {}
    for fact in facts:
        groups.setdefault((fact.team_id, fact.month), []).append(fact)
        groups.setdefault((None, fact.month), []).append(fact)
    figures = []
    for (team_id, month), group in groups.items():
        approvals = [f for f in group if f.decision == "approved"]
        waits = [f.days_waited for f in group if f.days_waited is not None]
        figures.append(SignoffFigure(
            team_id=team_id, month=month, decisions=len(group), approvals=len(approvals),
            approvals_at_social_worker=sum(1 for f in approvals if f.level == SOCIAL_WORKER),
            returned=sum(1 for f in group if f.decision == "returned"),
            median_days=statistics.median(waits) if waits else None,
        ))
    return sorted(figures, key=lambda f: (f.month, f.team_id is not None, f.team_id or 0))
