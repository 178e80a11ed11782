"""Builders for RAS tests: tables and indicative budgets with their answers, made directly (fixtures)."""

import datetime

from django.utils import timezone

from assessment.models import Assessment, Channel, Questionnaire
from pbudget.lifecycle import Status
from pbudget.models import BudgetEvent
from pbudget.money import WEEKS_PER_YEAR
from ras.calculation import AnswerLine, calculate
from ras.models import Allocation, AllocationTable
from ras.services import allocation_answers_keep
from tests.factories import BudgetFactory, PersonFactory


def table(council, *, client_group="", version=1, published=True, **rules):
    values = {
        "name": f"Table {client_group or 'all'} v{version}", "method": "points", "price_per_point_pence": 1_000,
        "floor_weekly_pence": 0, "ceiling_weekly_pence": 200_000, "effective_from": datetime.date(2026, 1, 1),
        "published_at": timezone.now() if published else None, **rules,
    }
    return AllocationTable.objects.create(council=council, client_group=client_group, version=version, **values)


def case(*, team, live, answers, actor, client_group="older_people", status=Status.PLANNING, agreed_weekly_pence=None, at=None):
    """
    A person with a budget and an indicative budget worked out from `answers`, a list of
    (section, question key, option key, points), under the table `live`.
    """
    person = PersonFactory(team=team, client_group=client_group)
    budget = BudgetFactory(person=person, status=status, agreed_weekly_pence=agreed_weekly_pence)
    questionnaire, _ = Questionnaire.objects.get_or_create(council=team.council, version=1, defaults={"title": "Q", "published_at": timezone.now()})
    assessment = Assessment.objects.create(
        budget=budget, questionnaire=questionnaire, channel=Channel.ONLINE, started_by=actor, submitted_at=timezone.now(), submitted_by=actor,
    )
    lines = [AnswerLine(q, o, points, section=s, question_key=q, option_key=o) for s, q, o, points in answers]
    result = calculate(answers=lines, table=live.rules())
    weekly = result.weekly_pence if not result.complex_case else 100_000
    when = at or timezone.now()
    allocation = Allocation.objects.create(
        budget=budget, assessment=assessment, table=live, total_points=result.total_points, weighted_points=result.weighted_points,
        weekly_pence=weekly, yearly_pence=weekly * WEEKS_PER_YEAR, calculated_weekly_pence=result.weekly_pence,
        complex_case=result.complex_case, override_reason="Costed" if result.complex_case else "",
        breakdown=result.breakdown(), steps=result.steps_data(), calculated_by=actor, calculated_at=when,
    )
    allocation_answers_keep(allocation=allocation, answers=answers)
    if agreed_weekly_pence is not None:
        BudgetEvent.objects.create(budget=budget, actor=actor, move="approve_plan", from_status=Status.SIGN_OFF, to_status=Status.ACTIVE, at=when + datetime.timedelta(days=10))
    return allocation
