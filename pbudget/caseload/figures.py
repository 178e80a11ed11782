"""
The process, measured (the "bureaucracy meter"): from the budgets' timelines (`BudgetEvent`),
how long people wait from first contact (assessment started) to an agreed budget, and how long
budgets spend at each stage; median and 90th percentile by month.

On PostgreSQL the figures are one set-based query over the moves made in the period (each move
records when the stage it leaves began, and an approval ending a journey when it began), with
percentile_cont and GROUPING SETS for the months and the whole period at once; on SQLite (the
demo) the same figures are worked out in Python from the moves by `stats`, which the tests also
hold the SQL to.
"""

import contextlib
import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction

from pbudget.caseload import stats
from pbudget.lifecycle import JOURNEY_ENDS, Status
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


# Each move records when the stage it leaves began (`stage_entered_at`), and the approval ending
# a journey when that journey began (`journey_started_at`), so a spell or a journey is one row:
# the moves made in the period, found by the index on `at`, never five years of history. Both
# figures in one query; both percentiles from one sort (percentile_cont of an array).
_FIGURES_SQL = """
WITH spells AS MATERIALIZED (
    SELECT CASE WHEN e.journey_started_at IS NOT NULL AND e.move = ANY(%(ends)s) THEN 'agreed' END AS journey,
           e.from_status, e.at, e.stage_entered_at, e.journey_started_at
    FROM pbudget_budgetevent e
    JOIN pbudget_personalbudget b ON b.id = e.budget_id
    {person}
    WHERE b.council_id = %(council)s AND e.at >= %(since)s AND e.at < %(until)s {teams}
      AND (e.from_status = ANY(%(stages)s) OR e.journey_started_at IS NOT NULL)
), measured AS (
    SELECT from_status AS stage, at, extract(epoch FROM at - stage_entered_at) / 86400 AS days
    FROM spells WHERE from_status = ANY(%(stages)s) AND stage_entered_at IS NOT NULL
    UNION ALL
    SELECT journey, at, extract(epoch FROM at - journey_started_at) / 86400 FROM spells WHERE journey IS NOT NULL
)
SELECT stage, (date_trunc('month', at AT TIME ZONE %(tz)s))::date AS month, count(days),
       percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY days)
FROM measured GROUP BY GROUPING SETS ((stage, month), (stage))
"""


@contextlib.contextmanager
def figures_session():
    """
    Around the reads of a figures page (one transaction): the sorts behind the percentiles fit in
    memory instead of spilling to disk, and no just-in-time compiling, which on these aggregate
    queries cost seconds (the planner overrates them) and saves nothing.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'; SET LOCAL jit = off")
        yield


def process_figures(*, council_id: int, team_ids: list[int] | None, start: datetime.date, end: datetime.date,
                    names_people: bool) -> ProcessFigures:
    """
    The bureaucracy meter for a council, or for some of its teams, over the months from `start`
    to `end` (first days of months; `end` not included). A spell or journey counts in the month
    it ended. One query on PostgreSQL whatever the caseload. When `names_people` is false (a
    council administrator) months with fewer than five budgets say only that, and the whole
    period is withheld when a month in it was (ARCHITECTURE.md, "Small numbers").
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
    if not names_people:
        for figure in [journey, *stages.values()]:
            figure.overall = stats.total_shown(figure.overall, figure.by_month.values())
    return ProcessFigures(months=months, journey=journey, stages=stages)


def _postgresql(council_id, team_ids, since, until):
    params = {"council": council_id, "until": until, "since": since, "tz": settings.TIME_ZONE,
              "stages": [s.value for s in WAITING_STAGES], "ends": list(JOURNEY_ENDS), "teams": team_ids}
    teams = team_ids is not None
    sql = _FIGURES_SQL.format(person="JOIN pbudget_person p ON p.id = b.person_id" if teams else "",
                              teams="AND p.team_id = ANY(%(teams)s)" if teams else "")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(stage, month, count, *(percentiles or (None, None))) for stage, month, count, percentiles in cursor.fetchall()]


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
