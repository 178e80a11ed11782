"""Builders for the planning and sign-off stages: an indicative budget and a costed plan."""

import datetime
from decimal import Decimal

from django.utils import timezone

from assessment.models import Assessment, Channel, Questionnaire
from pbudget.money import WEEKS_PER_YEAR
from ras.models import Allocation, AllocationTable
from support_planning.models import MoneyManagement, PlanOutcome, PlanStatus, SupportLine, SupportPlan


def indicative(*, budget, weekly_pence, actor):
    """An Allocation row (the indicative budget) for `budget`, with the minimum around it."""
    council = budget.council
    questionnaire, _ = Questionnaire.objects.get_or_create(
        council=council, version=1, defaults={"title": "Test questionnaire", "published_at": timezone.now()}
    )
    table, _ = AllocationTable.objects.get_or_create(
        council=council, client_group="", version=1,
        defaults={
            "name": "Test table", "price_per_point_pence": 1000, "floor_weekly_pence": 0,
            "ceiling_weekly_pence": 10_000_000, "effective_from": datetime.date(2026, 1, 1),
            "published_at": timezone.now(),
        },
    )
    assessment = Assessment.objects.create(
        budget=budget, questionnaire=questionnaire, channel=Channel.ONLINE, started_by=actor,
        submitted_at=timezone.now(), submitted_by=actor,
    )
    return Allocation.objects.create(
        budget=budget, assessment=assessment, table=table, total_points=weekly_pence // 1000,
        weekly_pence=weekly_pence, yearly_pence=weekly_pence * WEEKS_PER_YEAR, breakdown=[], steps=[],
        calculated_by=actor,
    )


def plan(*, budget, actor, status=PlanStatus.DRAFT, lines=((2500, "4"),), money=MoneyManagement.DIRECT_PAYMENT, number=1,
         over_budget_reason=""):
    """A complete plan: one outcome, the given (unit cost pence, units a week) lines, money chosen."""
    made = SupportPlan.objects.create(
        budget=budget, number=number, status=status, created_by=actor, what_matters="My garden and my grandchildren",
        money_management=money, contingency="Call my daughter Rita", over_budget_reason=over_budget_reason,
        submitted_at=timezone.now() if status != PlanStatus.DRAFT else None,
    )
    outcome = PlanOutcome.objects.create(plan=made, order=1, description="Get out to the allotment")
    outcome.links.create(care_act_outcome="community")
    for i, (cost, units) in enumerate(lines):
        SupportLine.objects.create(
            plan=made, outcome=outcome, description=f"Personal assistant {i + 1}", provider="Helping Hands",
            unit_cost_pence=cost, units_per_week=Decimal(units),
        )
    return made
