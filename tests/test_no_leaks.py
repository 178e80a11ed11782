"""
Every URL, as every outsider, against a budget that has been all the way round the cycle: no
page shows Alice, nothing changes, and an id that isn't yours answers exactly like one that
doesn't exist. URLs are found from the URLconf, so a new page is covered the day it is added.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from pbudget.lifecycle import Status
from pbudget.models import AuditEntry, BudgetEvent, SubjectAccessExport
from signoff import services as signoff_services
from support_planning.models import PlanStatus
from tests.factories import BudgetFactory
from tests.support_planning.factories import indicative, plan

# sue: a senior manager on the sign-off panel, manager of the South team (made below).
OUTSIDERS = ["bob", "walter", "xavier", "adam", "sue"]
SKIP = {
    "admin", "login", "logout", "accessibility", "healthz", "allocation_rules", "allocation_rules_council",
    "password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete",  # public
    "accept",  # a planner's one-time invitation link (tests/support_planning/test_planners.py)
}


def _patterns(resolver=None, prefix="", namespace=None):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            ns = entry.namespace or namespace
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in SKIP:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), prefix + str(entry.pattern)


@pytest.fixture
def alice_everywhere(p):
    """Alice's budget with a plan, a decision, a summary sheet and a review."""
    from pbudget.models import Role
    from signoff.defaults import default_delegation_rules
    from tests.factories import UserFactory

    p.sue = UserFactory(council=p.northshire, role=Role.TEAM_MANAGER, is_senior_manager=True, full_name="Sue Senior")
    p.south.managers.add(p.sue)
    default_delegation_rules(council=p.northshire)
    budget = BudgetFactory(person=p.alice_person, status=Status.SIGN_OFF)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    submitted = plan(budget=budget, actor=p.alice, status=PlanStatus.SUBMITTED)
    signoff_services.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=submitted.lock_version)
    return budget, submitted


def _urls(p, budget, made):
    from django.urls import reverse

    from assessment.defaults import default_questionnaire
    from ras.defaults import default_allocation_table
    from signoff.defaults import default_delegation_rules

    # Another council's questionnaire: no outsider (adam administers Northshire) may reach it.
    elsewhere = default_questionnaire(council=p.southvale)
    question = elsewhere.questions.first()
    values = {
        # Another council's rules: Northshire's administrator must get 404 for them too.
        "rule_set_id": default_delegation_rules(council=p.southvale).pk,
        "questionnaire_id": elsewhere.pk, "question_id": question.pk, "option_id": question.options.first().pk,
        "section_id": question.section_id,
        "budget_id": budget.pk, "person_id": p.alice_person.pk, "outcome_id": made.outcomes.get().pk,
        "line_id": made.lines.first().pk, "number": 1, "key": "food-and-drink", "section_key": "your-home", "invitation_id": 1, "request_id": 1,
        # Another council's table: every outsider, adam included, must get 404 for it.
        "table_id": default_allocation_table(council=p.southvale).pk,
        "export_id": SubjectAccessExport.objects.create(person=p.alice_person, requested_by=p.wendy).pk,
    }
    for name, route in sorted(set(_patterns())):
        from django.urls.resolvers import RoutePattern

        keys = RoutePattern(route).converters.keys()
        yield name, reverse(name, kwargs={k: values[k] for k in keys}), bool(keys)


def test_every_url_as_every_outsider_leaks_nothing(client, p, alice_everywhere):
    budget, made = alice_everywhere
    urls = list(_urls(p, budget, made))
    assert len(urls) >= 25, urls  # the walk found the app's pages
    events = BudgetEvent.objects.count()
    requests = 0
    for who in OUTSIDERS:
        client.force_login(getattr(p, who))
        for name, url, names_an_object in urls:
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                requests += 1
                body = response.content.decode(errors="replace")
                assert "Alice" not in body, f"{who} {method.upper()} {url} ({name}) shows Alice"
                if names_an_object:
                    assert response.status_code in {404, 405}, f"{who} {method.upper()} {url}: {response.status_code}"
    assert requests >= 200
    assert BudgetEvent.objects.count() == events
    assert not AuditEntry.objects.filter(person=p.alice_person, user__email__in=[getattr(p, w).email for w in OUTSIDERS]).exists()


def test_every_url_sends_anonymous_users_to_sign_in(client, p, alice_everywhere):
    budget, made = alice_everywhere
    for name, url, _ in _urls(p, budget, made):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), (method, url)
