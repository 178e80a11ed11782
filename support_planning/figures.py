"""
Figures for managers: who led the signed-off plans, and how their money is managed, by the team
each plan was signed off in and by month. Set-based: two queries whatever the number of plans,
teams or months.
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
        queryset.values("approved_in_team_id", "approved_in_team__name", "month", field)
        .annotate(n=Count("pk"))
        .order_by("approved_in_team__name", "month", field)
    )
    labels = dict(choices)
    labels[""] = "Not recorded"
    totals, all_teams = defaultdict(int), defaultdict(int)
    for row in counted:
        totals[(row["approved_in_team_id"], row["month"])] += row["n"]
        all_teams[(row["month"], row[field])] += row["n"]

    def share(count, total):
        return (Decimal(100 * count) / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    rows = [
        FigureRow(
            team_id=row["approved_in_team_id"], team=row["approved_in_team__name"],
            month=row["month"].astimezone(LONDON).date(), key=row[field], label=labels.get(row[field], row[field]),
            count=row["n"], total=totals[(row["approved_in_team_id"], row["month"])],
            share_percent=share(row["n"], totals[(row["approved_in_team_id"], row["month"])]),
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
    month: the figure practitioners' surveys track. For `council`, optionally only `teams` (Team
    objects or ids) and plans signed off from `start` up to and including `end` (dates in
    Europe/London). Two queries, whatever the numbers.

    A plan counts once, in the month it was signed off (`approved_at`, in London) and in the team
    it was signed off in (`approved_in_team`: the person's team at sign-off, not their team now);
    a later version counts again when it is signed off.

    Returns {"led_by": [FigureRow, ...], "money": [FigureRow, ...]}. Each list holds, first, one
    row per (team, month, value) that has at least one plan, ordered by team name, month and value,
    then one row per (month, value) for all the selected teams together (team_id None, team
    "All teams"), ordered by month and value. A FigureRow is:
      team_id: int | None, team: str, month: datetime.date (the 1st, London),
      key: str (a LedBy value for "led_by", a MoneyManagement value or "" for "money"),
      label: str (the value's words; "" reads "Not recorded"),
      count: int (plans with that value), total: int (all plans of that team, or all teams, that month),
      share_percent: Decimal (count / total x 100, one decimal place, rounded half up).
    Values with no plans that month have no row (their share is 0).
    """
    from support_planning.models import LedBy, MoneyManagement, SupportPlan

    plans = SupportPlan.objects.filter(budget__council=council, approved_at__isnull=False)
    if teams is not None:
        plans = plans.filter(approved_in_team__in=list(teams))
    if start is not None:
        plans = plans.filter(approved_at__gte=datetime.datetime.combine(start, datetime.time(), tzinfo=LONDON))
    if end is not None:
        plans = plans.filter(approved_at__lt=datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(), tzinfo=LONDON))
    plans = plans.annotate(month=TruncMonth("approved_at", tzinfo=LONDON))
    return {
        "led_by": _rows(plans, "led_by", LedBy.choices),
        "money": _rows(plans, "money_management", MoneyManagement.choices),
    }
