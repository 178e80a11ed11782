"""The calibration figures, read set-based: one statement for the pairs, statistics in Python."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from pbudget.dates import LONDON
from pbudget.models import ClientGroup, PersonalBudget
from ras.calibration_math import Calibration, Pair, calibrate
from ras.models import Allocation


@dataclass(frozen=True)
class CalibrationRow:
    client_group: str
    label: str
    figures: Calibration
    months: tuple  # (first day of month, Calibration) in order
    points_pairs: tuple  # (indicative, agreed) weekly pence, for the scatter chart
    pairs: tuple = ()


PAIRS_SQL = """
    WITH approved AS (
        -- Each agreed budget's latest sign-off.
        SELECT e.budget_id, MAX(e.at) AS approved_at
        FROM pbudget_budgetevent e
        JOIN pbudget_personalbudget b ON b.id = e.budget_id
        WHERE b.council_id = %s AND b.agreed_weekly_pence IS NOT NULL AND e.move = %s{signed}
        GROUP BY e.budget_id
    ), ranked AS (
        -- Its indicative budgets worked out by then, newest first.
        SELECT ap.budget_id, ap.approved_at, COALESCE(al.calculated_weekly_pence, al.weekly_pence) AS indicative,
               al.weighted_points,
               ROW_NUMBER() OVER (PARTITION BY al.budget_id ORDER BY al.calculated_at DESC, al.id DESC) AS n
        FROM approved ap
        JOIN ras_allocation al ON al.budget_id = ap.budget_id
        WHERE al.calculated_at <= ap.approved_at AND al.complex_case = %s
    )
    SELECT r.budget_id, pe.client_group, r.approved_at, r.indicative, b.agreed_weekly_pence, r.weighted_points
    FROM ranked r
    JOIN pbudget_personalbudget b ON b.id = r.budget_id
    JOIN pbudget_person pe ON pe.id = b.person_id
    WHERE r.n = 1{period}{teams}
    ORDER BY r.budget_id
"""


def _start_of(day):
    """Midnight in London at the start of `day`, as the database compares it."""
    return connection.ops.adapt_datetimefield_value(datetime.datetime.combine(day, datetime.time.min, tzinfo=LONDON))


def _aware(value):
    """A datetime read by raw SQL (SQLite gives text) as an aware datetime in London."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value.astimezone(LONDON)


def calibration_pairs(*, council, date_from=None, date_to=None, teams=None):
    """
    (client group, agreed at in London, Pair) for every budget agreed in the period (by the date
    of the latest sign-off, in London), against the newest indicative budget the table gave
    before it: one set-based statement (the latest sign-offs grouped, the indicative budgets
    ranked by a window), never a subquery a budget. Complex cases (no figure from the table) are
    left out: there was no prediction to measure.
    """
    bounds = []
    if date_from:
        bounds.append((">=", _start_of(date_from)))
    if date_to:
        bounds.append(("<", _start_of(date_to + datetime.timedelta(days=1))))
    # Only budgets signed off in the period can have their latest sign-off in it: found by the
    # index on the moves' time, so years of budgets aren't each grouped for their latest one.
    signed = "".join(f" AND s.at {op} %s" for op, _ in bounds)
    signed = f" AND e.budget_id IN (SELECT s.budget_id FROM pbudget_budgetevent s WHERE s.move = %s{signed})" if bounds else ""
    period = "".join(f" AND r.approved_at {op} %s" for op, _ in bounds)
    params = [getattr(council, "pk", council), "approve_plan"]
    params += ["approve_plan", *(at for _, at in bounds)] if bounds else []
    params += [False, *(at for _, at in bounds)]
    team_sql = ""
    if teams is not None:
        team_ids = [getattr(t, "pk", t) for t in teams]
        if not team_ids:
            return []
        team_sql = f" AND pe.team_id IN ({', '.join(['%s'] * len(team_ids))})"
        params += team_ids
    with connection.cursor() as cursor:
        cursor.execute(PAIRS_SQL.format(signed=signed, period=period, teams=team_sql), params)
        rows = cursor.fetchall()
    return [
        (group, _aware(at), Pair(pk, int(indicative), int(agreed), Decimal(str(points or 0))))
        for pk, group, at, indicative, agreed, points in rows
    ]


def allocation_calibration(*, council, date_from=None, date_to=None, teams=None) -> dict:
    """
    How well indicative budgets predicted agreed budgets, overall, by client group and by month
    of agreement, with a least-squares suggested price per point per group. One query whatever the
    caseload. Returns {"all": Calibration, "groups": [CalibrationRow], "overrides": count}.
    """
    pairs = calibration_pairs(council=council, date_from=date_from, date_to=date_to, teams=teams)
    by_group, by_month = defaultdict(list), defaultdict(lambda: defaultdict(list))
    for group, at, pair in pairs:
        by_group[group].append(pair)
        by_month[group][datetime.date(at.year, at.month, 1)].append(pair)
    labels = dict(ClientGroup.choices)
    rows = [
        CalibrationRow(
            group, labels.get(group, group), calibrate(by_group[group]),
            tuple((month, calibrate(by_month[group][month])) for month in sorted(by_month[group])),
            tuple((p.indicative_pence, p.agreed_pence) for p in by_group[group]), tuple(by_group[group]),
        )
        for group in ClientGroup.values if group in by_group
    ]
    return {"all": calibrate([pair for _, _, pair in pairs]), "groups": rows}


def allocation_overrides(*, user, date_from=None, date_to=None):
    """Indicative budgets a worker set differently from the table, for the people `user` may see, newest first."""
    return list(
        Allocation.objects.filter(budget__in=PersonalBudget.objects.visible_to(user))
        .filter(~Q(override_reason=""))
        .filter(**({"calculated_at__date__gte": date_from} if date_from else {}), **({"calculated_at__date__lte": date_to} if date_to else {}))
        .select_related("budget__person", "budget__person__team", "calculated_by", "table")
        .order_by("-calculated_at", "-pk")[:200]
    )
