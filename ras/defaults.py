"""
The allocation table a new council starts with. With the default questionnaire, answers run
from 0 to 89 points: someone needing some help with most things scores about 40 points, so
£340 a week (£17,680 a year); the most help everywhere gives £756.50 a week. The floor covers a
few hours of support a week; the ceiling is a safety net above the highest score, not a target.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ras.models import AllocationTable
from ras.selectors import allocation_table_live

PRICE_PER_POINT_PENCE = 850  # £8.50
FLOOR_WEEKLY_PENCE = 5_000  # £50 a week
CEILING_WEEKLY_PENCE = 120_000  # £1,200 a week


@transaction.atomic
def default_allocation_table(*, council) -> AllocationTable:
    """
    The council's live council-wide table, or, when it has none, the default one created and
    published. Idempotent: calling it again returns the same table.
    """
    existing = allocation_table_live(council=council, client_group="")
    if existing is not None:
        return existing
    latest = AllocationTable.objects.filter(council=council, client_group="").aggregate(v=Max("version"))["v"] or 0
    now = timezone.now()
    return AllocationTable.objects.create(
        council=council, client_group="", version=latest + 1, name="Council-wide allocation table",
        price_per_point_pence=PRICE_PER_POINT_PENCE, floor_weekly_pence=FLOOR_WEEKLY_PENCE,
        ceiling_weekly_pence=CEILING_WEEKLY_PENCE, effective_from=timezone.localdate(now), published_at=now,
    )
