"""
The process, measured (the "bureaucracy meter"): from the budgets' timelines (`BudgetEvent`),
how long people wait from first contact (assessment started) to an agreed budget, and how long
budgets spend at each stage; median and 90th percentile by month.

On PostgreSQL each figure is one set-based query (window functions and percentile_cont, with
GROUPING SETS for the months and the whole period at once); on SQLite (the demo) the same
figures are worked out in Python by `stats`, which the tests also hold the SQL to.
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction

from pbudget.caseload import stats
from pbudget.lifecycle import Status
from pbudget.models import BudgetEvent

# The stages people wait at (time with a budget in place, or closed, is not waiting).
WAITING_STAGES = [Status.ASSESSMENT, Status.ELIGIBILITY, Status.ALLOCATION, Status.PLANNING, Status.SIGN_OFF, Status.REVIEW]


@dataclass
class Figure:
    """One measure: a Cell per month of the period, and one for the whole period."""

    by_month: dict = field(default_factory=dict)
    overall: stats.Cell = stats.Cell(0, None, None)

    def cells(self, months):
        return [self.by_month.get(m, stats.Cell(0, None, None)) for m in months]


@dataclass
class ProcessFigures:
    months: list
    journey: Figure
    stages: dict  # Status -> Figure


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """First days of the months from `start`'s to the one before `end` (both first days)."""
    months, month = [], start
    while month < end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _bounds(start, end):
    tz = ZoneInfo(settings.TIME_ZONE)
    return (datetime.datetime.combine(start, datetime.time(), tz), datetime.datetime.combine(end, datetime.time(), tz))


_SCOPE_SQL = """
    FROM pbudget_budgetevent e
    JOIN pbudget_personalbudget b ON b.id = e.budget_id
    JOIN pbudget_person p ON p.id = b.person_id
    WHERE b.council_id = %(council)s AND e.at >= %(read_from)s AND e.at < %(until)s {teams}
"""

# The move before each move ended in the period says when that stage began. A window over only
# the period (and a margin before it) finds it for almost every move; the few stages longer than
# the margin look their start up by the budget's index. Five years of a large council's history
# are never read whole. Both percentiles come from one sort (percentile_cont of an array).
MARGIN = datetime.timedelta(days=62)
_SPELLS_SQL = """
WITH recent AS (
    SELECT e.budget_id, e.id, e.at, e.from_status,
           lag(e.at) OVER (PARTITION BY e.budget_id ORDER BY e.at, e.id) AS prev_at
    {scope}
), ended AS MATERIALIZED (
    SELECT * FROM recent WHERE at >= %(since)s AND from_status = ANY(%(stages)s)
), spells AS (
    SELECT r.from_status AS stage, (date_trunc('month', r.at AT TIME ZONE %(tz)s))::date AS month,
           extract(epoch FROM r.at - coalesce(r.prev_at, (
               SELECT max(q.at) FROM pbudget_budgetevent q
               WHERE q.budget_id = r.budget_id AND (q.at, q.id) < (r.at, r.id)
           ))) / 86400 AS days
    FROM ended r
)
SELECT stage, month, count(days), percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY days)
FROM spells GROUP BY GROUPING SETS ((stage, month), (stage))
"""

# A journey starts when a budget enters assessment (opened, or reassessed after a review) and
# ends at the first plan signed off after that start (stats.journeys says the same in Python):
# for each sign-off in the period, its budget's latest start before it, if no sign-off came between.
_JOURNEYS_SQL = """
WITH approvals AS MATERIALIZED (
    SELECT e.budget_id, e.id, e.at {scope} AND e.move = 'approve_plan'
), journeys AS MATERIALIZED (
    SELECT a.budget_id, a.id, a.at AS agreed, (
        SELECT max(q.at) FROM pbudget_budgetevent q
        WHERE q.budget_id = a.budget_id AND q.move IN ('open', 'reassess') AND (q.at, q.id) < (a.at, a.id)
    ) AS started
    FROM approvals a
)
SELECT 'agreed', (date_trunc('month', agreed AT TIME ZONE %(tz)s))::date AS month, count(*),
       percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM agreed - started) / 86400)
FROM journeys j
WHERE started IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM pbudget_budgetevent x
    WHERE x.budget_id = j.budget_id AND x.move = 'approve_plan' AND x.at >= j.started AND (x.at, x.id) < (j.agreed, j.id)
)
GROUP BY GROUPING SETS ((month), ())
"""


def process_figures(*, council_id: int, team_ids: list[int] | None, start: datetime.date, end: datetime.date,
                    names_people: bool) -> ProcessFigures:
    """
    The bureaucracy meter for a council, or for some of its teams, over the months from `start`
    to `end` (first days of months; `end` not included). A spell or journey counts in the month
    it ended. Three queries on PostgreSQL whatever the caseload. When `names_people` is false (a
    council administrator) months with fewer than five budgets show the count only.
    """
    since, until = _bounds(start, end)
    months = months_between(start, end)
    if connection.vendor == "postgresql":
        rows = _postgresql(council_id, team_ids, since, until)
    else:
        rows = _python(council_id, team_ids, since, until)
    journey, stages = Figure(), {s: Figure() for s in WAITING_STAGES}
    for stage, month, count, median, p90 in rows:
        target = journey if stage == "agreed" else stages[Status(stage)]
        value = stats.Cell(count, median, p90)
        if not names_people:
            value = stats.hide_small(value)
        if month is None:
            target.overall = value
        else:
            target.by_month[month] = value
    return ProcessFigures(months=months, journey=journey, stages=stages)


def _postgresql(council_id, team_ids, since, until):
    params = {"council": council_id, "until": until, "since": since, "tz": settings.TIME_ZONE,
              "stages": [s.value for s in WAITING_STAGES], "teams": team_ids}
    margin = {**params, "read_from": since - MARGIN}
    scope = _SCOPE_SQL.format(teams="AND p.team_id = ANY(%(teams)s)" if team_ids is not None else "")
    rows = []
    with transaction.atomic(), connection.cursor() as cursor:
        # The sorts behind the percentiles fit in memory instead of spilling to disk.
        # (and no just-in-time compiling, which costs more than it saves on these).
        cursor.execute("SET LOCAL work_mem = '64MB'; SET LOCAL jit = off")
        for sql, values in ((_SPELLS_SQL, margin), (_JOURNEYS_SQL, {**params, "read_from": since})):
            cursor.execute(sql.format(scope=scope), values)
            rows.extend((stage, month, count, *(percentiles or (None, None))) for stage, month, count, percentiles in cursor.fetchall())
    return rows


def _python(council_id, team_ids, since, until):
    """The same rows as `_postgresql`, from the events in Python (SQLite, and the tests' reference)."""
    events = BudgetEvent.objects.filter(budget__council_id=council_id, at__lt=until)
    if team_ids is not None:
        events = events.filter(budget__person__team_id__in=team_ids)
    events = [stats.Event(*row) for row in events.values_list("budget_id", "at", "pk", "from_status", "to_status", "move")]
    tz = ZoneInfo(settings.TIME_ZONE)
    groups = {}
    waiting = {s.value for s in WAITING_STAGES}
    for spell in [*stats.stage_spells(events), *stats.journeys(events)]:
        if not (since <= spell.left < until) or (spell.stage != "agreed" and spell.stage not in waiting):
            continue
        for key in ((spell.stage, stats.month_start(spell.left, tz)), (spell.stage, None)):
            groups.setdefault(key, []).append(spell.days)
    return [(stage, month, *_cell_values(days)) for (stage, month), days in groups.items()]


def _cell_values(days):
    cell = stats.cell(days)
    return cell.count, cell.median, cell.p90
