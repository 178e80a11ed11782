"""The calibration figures, read set-based: one query for the pairs, statistics in Python."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from pbudget.models import BudgetEvent, ClientGroup, PersonalBudget
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


def calibration_pairs(*, council, date_from=None, date_to=None, teams=None):
    """
    (client group, agreed on, Pair) for every budget agreed in the period (by the date of the
    latest sign-off), against the indicative budget the table gave before it: one query. Complex
    cases (no figure from the table) are left out: there was no prediction to measure.
    """
    approved = BudgetEvent.objects.filter(budget=OuterRef("pk"), move="approve_plan").order_by("-at", "-pk").values("at")[:1]
    before = Allocation.objects.filter(budget=OuterRef("pk"), calculated_at__lte=OuterRef("approved_at"), complex_case=False).order_by("-calculated_at", "-pk")
    budgets = (
        PersonalBudget.objects.filter(council=council, agreed_weekly_pence__isnull=False)
        .annotate(approved_at=Subquery(approved))
        .filter(approved_at__isnull=False)
        .annotate(
            indicative=Subquery(before.annotate(figure=Coalesce("calculated_weekly_pence", "weekly_pence")).values("figure")[:1]),
            points=Subquery(before.values("weighted_points")[:1]),
        )
        .filter(indicative__isnull=False)
    )
    if date_from or date_to:
        # Only budgets with a sign-off in (a day either side of) the period can have their latest one
        # in it: found by the index on the moves' time, so five years of budgets aren't each looked
        # up for their latest sign-off.
        signed = BudgetEvent.objects.filter(move="approve_plan")
        if date_from:
            signed = signed.filter(at__gte=datetime.datetime.combine(date_from - datetime.timedelta(days=1), datetime.time(), datetime.UTC))
        if date_to:
            signed = signed.filter(at__lt=datetime.datetime.combine(date_to + datetime.timedelta(days=2), datetime.time(), datetime.UTC))
        budgets = budgets.filter(pk__in=signed.values("budget_id"))
    if date_from:
        budgets = budgets.filter(approved_at__date__gte=date_from)
    if date_to:
        budgets = budgets.filter(approved_at__date__lte=date_to)
    if teams:
        budgets = budgets.filter(person__team__in=teams)
    rows = budgets.values_list("pk", "person__client_group", "approved_at", "indicative", "agreed_weekly_pence", "points")
    return [(group, at, Pair(pk, indicative, agreed, points or 0)) for pk, group, at, indicative, agreed, points in rows]


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
