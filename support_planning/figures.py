"""
Figures for managers: who led the signed-off plans, and how their money is managed, by team and
month. Set-based: two queries whatever the number of plans, teams or months.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.db.models.functions import TruncMonth

from pbudget.dates import LONDON


@dataclass(frozen=True)
class FigureRow:
    team_id: int | None  # None: all the selected teams together
    team: str
    month: datetime.date  # the first day of the month, in Europe/London
    key: str  # the LedBy or MoneyManagement value
    label: str
    count: int
    total: int  # signed-off plans of that team (or all teams) that month
    share_percent: Decimal  # count / total, as a percentage to one decimal place


def _rows(queryset, field, choices) -> list[FigureRow]:
    counted = list(
        queryset.values("budget__person__team_id", "budget__person__team__name", "month", field)
        .annotate(n=Count("pk"))
        .order_by("budget__person__team__name", "month", field)
    )
    labels = dict(choices)
    labels[""] = "Not recorded"
    totals, all_teams = defaultdict(int), defaultdict(int)
    for row in counted:
        totals[(row["budget__person__team_id"], row["month"])] += row["n"]
        all_teams[(row["month"], row[field])] += row["n"]

    def share(count, total):
        return (Decimal(100 * count) / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    rows = [
        FigureRow(
            team_id=row["budget__person__team_id"], team=row["budget__person__team__name"],
            month=row["month"].astimezone(LONDON).date(), key=row[field], label=labels.get(row[field], row[field]),
            count=row["n"], total=totals[(row["budget__person__team_id"], row["month"])],
            share_percent=share(row["n"], totals[(row["budget__person__team_id"], row["month"])]),
        )
        for row in counted
    ]
    month_totals = defaultdict(int)
    for (month, _), n in all_teams.items():
        month_totals[month] += n
    rows += [
        FigureRow(
            team_id=None, team="All teams", month=month.astimezone(LONDON).date(), key=key, label=labels.get(key, key),
            count=n, total=month_totals[month], share_percent=share(n, month_totals[month]),
        )
        for (month, key), n in sorted(all_teams.items(), key=lambda item: (item[0][0], item[0][1]))
    ]
    return rows


def plan_figures(*, council, teams=None, start: datetime.date | None = None, end: datetime.date | None = None) -> dict:
    """
    The share of signed-off plans by who led them, and by how the money is managed, by team and
    month, for `council`, optionally only `teams` (Team objects or ids) and plans signed off from
    `start` up to and including `end` (dates in Europe/London). A plan counts in the month it was
    signed off (`approved_at`, in London), in its person's team; later versions count again when
    they are signed off. Returns {"led_by": [FigureRow...], "money": [FigureRow...]}, each ordered by
    team name, month and value, followed by rows for all the selected teams together (team_id None).
    Two queries, whatever the numbers.
    """
    from support_planning.models import LedBy, MoneyManagement, SupportPlan

    plans = SupportPlan.objects.filter(budget__council=council, approved_at__isnull=False)
    if teams is not None:
        plans = plans.filter(budget__person__team__in=list(teams))
    if start is not None:
        plans = plans.filter(approved_at__gte=datetime.datetime.combine(start, datetime.time(), tzinfo=LONDON))
    if end is not None:
        plans = plans.filter(approved_at__lt=datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(), tzinfo=LONDON))
    plans = plans.annotate(month=TruncMonth("approved_at", tzinfo=LONDON))
    return {
        "led_by": _rows(plans, "led_by", LedBy.choices),
        "money": _rows(plans, "money_management", MoneyManagement.choices),
    }
