import pytest

from pbudget.lifecycle import Status
from signoff import services
from signoff.defaults import default_delegation_rules
from support_planning.models import PlanStatus
from tests.factories import BudgetFactory
from tests.support_planning.factories import indicative, plan


@pytest.fixture
def at_signoff(p):
    """Alice's budget at sign-off: indicative £200 a week, a submitted plan costing £100 a week.

    £5,200 a year: within Northshire's default rules (£15,000, up to 10% over the indicative
    budget, no risk flagged), so a social worker may sign it off. The sign-off request is open.
    """
    default_delegation_rules(council=p.northshire)
    budget = BudgetFactory(person=p.alice_person, status=Status.SIGN_OFF)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    submitted = plan(budget=budget, actor=p.alice, status=PlanStatus.SUBMITTED, lines=((2500, "4"),))
    services.signoff_request_open(budget=budget, plan=submitted, actor=p.alice)
    return budget, submitted


@pytest.fixture
def approved(p, at_signoff):
    budget, submitted = at_signoff
    services.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=submitted.lock_version)
    return budget  # not rendered: the on-commit callback did not run
