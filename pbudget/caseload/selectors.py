"""
Reads for the managers' pages: who the viewer may count or name, the caseload by stage, the
people table, and the workload per worker. Every read is a fixed number of queries whatever the
caseload's size: aggregation happens in the database, never in a Python loop over budgets.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Count, DurationField, F, Min, Q, Value, When
from django.db.models.aggregates import Aggregate
from django.http import Http404

from pbudget.caseload import stats
from pbudget.lifecycle import OPEN_STATUSES, Status
from pbudget.models import PersonalBudget, Role, Team, User

# Open stages in the cycle's order (Status is declared in that order).
OPEN_STAGES = [s for s in Status if s in OPEN_STATUSES]


@dataclass(frozen=True)
class Scope:
    """
    What a viewer of the managers' pages may see. A team manager sees the people of the teams
    they manage, by name. A council administrator sees the whole council as numbers only: they
    cannot open person records, so nothing shown to them may name or single out a person.
    """

    user: User
    council_id: int
    teams: list = field(default_factory=list)  # the teams they may choose among
    names_people: bool = False

    @property
    def team_ids(self):
        return [team.pk for team in self.teams]


def scope_for(user) -> Scope:
    """The viewer's scope; anyone but a team manager or a council administrator gets a 404."""
    if getattr(user, "council_id", None) is None:
        raise Http404("No such page")
    if user.role == Role.TEAM_MANAGER:
        teams = list(user.managed_teams.filter(council_id=user.council_id).order_by("name"))
        return Scope(user=user, council_id=user.council_id, teams=teams, names_people=True)
    if user.role == Role.COUNCIL_ADMIN:
        return Scope(user=user, council_id=user.council_id, teams=list(Team.objects.filter(council_id=user.council_id).order_by("name")))
    raise Http404("No such page")


def workers_in(scope: Scope):
    """Social workers of the scope's teams (whom a manager may filter by)."""
    return User.objects.filter(team_id__in=scope.team_ids, role=Role.SOCIAL_WORKER).order_by("full_name", "pk")


def open_budgets(scope: Scope, *, team=None, worker=None, client_group="", stage=""):
    """The open budgets in scope, narrowed by the filters (ids already checked to be in scope)."""
    if scope.names_people:
        # Managers read through the one access rule, like every page that names people.
        budgets = PersonalBudget.objects.visible_to(scope.user)
    else:
        budgets = PersonalBudget.objects.filter(council_id=scope.council_id)
    budgets = budgets.open()
    if team is not None:
        budgets = budgets.filter(person__team_id=team.pk)
    if worker is not None:
        budgets = budgets.filter(person__allocated_worker_id=worker.pk)
    if client_group:
        budgets = budgets.filter(person__client_group=client_group)
    if stage:
        budgets = budgets.filter(status=stage)
    return budgets


class PercentileCont(Aggregate):
    """PostgreSQL's percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


@dataclass(frozen=True)
class StageRow:
    status: Status
    count: int
    median_days: int | None
    oldest_days: int | None
    suppressed: bool = False


def stage_summary(budgets, *, now: datetime.datetime, names_people: bool) -> list[StageRow]:
    """
    For each open stage: how many budgets are at it, and the median and longest time they have
    been there (whole days). One query on PostgreSQL. For someone who may not open the records,
    stages with fewer than five budgets give no times, so no one person's wait shows.
    """
    waited = {}
    if connection.vendor == "postgresql":
        rows = budgets.order_by().values("status").annotate(
            n=Count("pk"), oldest=Min("status_changed_at"),
            median=PercentileCont(Value(now) - F("status_changed_at"), 0.5, output_field=DurationField()),
        )
        waited = {r["status"]: (r["n"], r["median"].total_seconds() / stats.DAY, (now - r["oldest"]).total_seconds() / stats.DAY) for r in rows}
    else:  # SQLite, the demo: the same numbers worked out in Python
        days = {}
        for status, changed in budgets.order_by().values_list("status", "status_changed_at"):
            days.setdefault(status, []).append((now - changed).total_seconds() / stats.DAY)
        waited = {s: (len(d), stats.percentile(d, 0.5), max(d)) for s, d in days.items()}
    summary = []
    for status in OPEN_STAGES:
        n, median, oldest = waited.get(status, (0, None, None))
        hide = not names_people and 0 < n < stats.SMALL_NUMBER
        summary.append(StageRow(
            status=status, count=n, suppressed=hide,
            median_days=None if hide or median is None else int(median),
            oldest_days=None if hide or oldest is None else int(oldest),
        ))
    return summary


STAGE_ORDER = Case(*[When(status=s, then=Value(i)) for i, s in enumerate(Status)])
# Sortable columns of the people table: the key in the address, and what it orders by.
SORTS = {
    "name": [F("person__last_name"), F("person__first_name")],
    "team": [F("person__team__name")],
    "worker": [F("person__allocated_worker__full_name")],
    "group": [F("person__client_group")],
    "stage": [STAGE_ORDER],
    "days": [F("status_changed_at")],
}
# More days at the stage means an earlier change, so this column's field runs the other way.
REVERSED = {"days"}


def people_rows(budgets, *, sort: str, descending: bool):
    """The people table for a manager, sorted by one column (ties in a stable order)."""
    flip = descending != (sort in REVERSED)
    keys = [key.desc() if flip else key.asc() for key in SORTS[sort]]
    return budgets.select_related("person", "person__team", "person__allocated_worker").order_by(*keys, "pk")


@dataclass
class WorkerLoad:
    worker: User | None
    team_name: str
    by_stage: list
    total: int
    reviews_due_soon: int = 0
    reviews_overdue: int = 0


def workload(scope: Scope, *, team=None, today: datetime.date) -> list[WorkerLoad]:
    """
    Each social worker of the scope's teams (or one team): their open cases by stage (those at
    sign-off are the sign-offs waiting on them), and their reviews due in the next 30 days and
    overdue. People with no allocated worker make a row of their own. Three queries.
    """
    from reviews.selectors import reviews_due_counts

    team_ids = [team.pk] if team is not None else scope.team_ids
    workers = list(User.objects.filter(team_id__in=team_ids, role=Role.SOCIAL_WORKER).select_related("team").order_by("full_name", "pk"))
    budgets = open_budgets(scope).filter(person__team_id__in=team_ids)
    counts = {
        row["person__allocated_worker"]: row
        for row in budgets.order_by().values("person__allocated_worker").annotate(
            total=Count("pk"), **{s.value: Count("pk", filter=Q(status=s)) for s in OPEN_STAGES}
        )
    }
    reviews = reviews_due_counts(budgets=budgets, today=today, by="person__allocated_worker")
    rows = []
    for worker in [*workers, None]:
        key = worker.pk if worker else None
        row = counts.get(key, {})
        if worker is None and not row:
            continue
        due = reviews.get(key, {})
        rows.append(WorkerLoad(
            worker=worker, team_name=worker.team.name if worker else "",
            by_stage=[row.get(s.value, 0) for s in OPEN_STAGES], total=row.get("total", 0),
            reviews_due_soon=due.get("due_soon", 0), reviews_overdue=due.get("overdue", 0),
        ))
    return rows
