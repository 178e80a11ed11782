"""
Validation messages on the plan forms: each said once in the error summary and once beside its
field (never twice in either place), and in words a person can act on.
"""

import re

import pytest

from support_planning.models import SupportPlan
from tests.support_planning.factories import plan
from tests.support_planning.test_plan import budget, url  # noqa: F401 - the same fixture and helper


def errors(page) -> tuple[list[str], list[str]]:
    """The error summary's messages, and the messages shown beside fields."""
    summary = re.findall(r'<a href="#[^"]*"[^>]*>([^<]+)</a>', page.split('govuk-error-summary__list')[1].split("</ul>")[0]) if "govuk-error-summary__list" in page else []
    beside = [m.strip() for m in re.findall(r'class="govuk-error-message"[^>]*>\s*<span class="govuk-visually-hidden">Error:</span>([^<]+)<', page)]
    return [s.strip() for s in summary], beside


BAD = [
    ("about", {"what_matters": "", "led_by": ""}, ["Enter what matters to you", "Select who is leading this plan"]),
    ("outcome_add", {"description": ""}, ["Enter what you want to achieve"]),
    ("line_add", {"description": "", "unit_cost_pence": "", "units_per_week": ""},
     ["Enter what the support is", "Select which outcome the support helps with", "Enter how much it costs each time", "Enter how many times a week"]),
    ("line_add", {"description": "PA", "outcome": "OUTCOME", "unit_cost_pence": "10", "units_per_week": "1.23456"},
     ["Enter how many times a week to 2 decimal places at most"]),
    ("line_add", {"description": "PA", "outcome": "OUTCOME", "unit_cost_pence": "10", "units_per_week": "12345678.5"},
     ["Enter at most 168 times a week: there are 168 hours in a week"]),
    ("line_add", {"description": "PA", "outcome": "OUTCOME", "unit_cost_pence": "10", "units_per_week": "2", "money_management": "isf"},
     ["Enter the name of the provider who will hold the money for this support"]),
    ("money", {"money_management": ""}, ["Select how the money will be managed"]),
    ("money", {"money_management": "isf", "provider_name": ""}, ["Enter the name of the provider who will hold the money"]),
    ("contingency", {"contingency": ""}, ["Enter what should happen if things go wrong"]),
    ("over_budget", {"over_budget_reason": ""}, ["Enter why the plan costs more than the indicative budget"]),
]


@pytest.mark.parametrize(("page_name", "data", "expected"), BAD)
def test_each_message_is_said_once_in_the_summary_and_once_beside_its_field(client, p, budget, page_name, data, expected):
    made = plan(budget=budget, actor=p.alice)
    client.force_login(p.alice)
    data = {k: (str(made.outcomes.get().pk) if v == "OUTCOME" else v) for k, v in data.items()}
    before = SupportPlan.objects.values().get(pk=made.pk)
    response = client.post(url(page_name, budget), {"lock_version": made.lock_version, **data})
    assert response.status_code == 200
    summary, beside = errors(response.content.decode())
    assert summary == expected and beside == expected
    assert SupportPlan.objects.values().get(pk=made.pk) == before  # nothing changed

