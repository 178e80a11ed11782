import pytest

from assessment.defaults import default_questionnaire
from assessment.services import eligibility_decide
from pbudget.lifecycle import Status
from ras.defaults import default_allocation_table
from tests.assessment.factories import submitted
from tests.factories import BudgetFactory


@pytest.fixture
def table(p):
    return default_allocation_table(council=p.northshire)


def eligible_budget(p, *, pick=2):
    """Alice's budget taken through assessment and eligibility to the indicative budget stage."""
    default_questionnaire(council=p.northshire)
    budget = BudgetFactory(person=p.alice_person, status=Status.ASSESSMENT)
    assessment = submitted(budget=budget, actor=p.alice, pick=pick)
    eligibility_decide(
        assessment=assessment, actor=p.wendy, impairment=True, unable_two_or_more=True,
        significant_impact=True, reasons="Needs help every day.",
    )
    budget.refresh_from_db()
    return budget


@pytest.fixture
def budget(p, table):
    """At the indicative budget stage; the third answer everywhere scores 47 points: £399.50 a week."""
    return eligible_budget(p)
