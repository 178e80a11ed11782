import pytest

from assessment.defaults import default_questionnaire
from pbudget.lifecycle import Status
from tests.factories import BudgetFactory


@pytest.fixture
def questionnaire(p):
    return default_questionnaire(council=p.northshire)


@pytest.fixture
def budget(p, questionnaire):
    """Alice's budget, at assessment, with the council's questionnaire published."""
    return BudgetFactory(person=p.alice_person, status=Status.ASSESSMENT)
