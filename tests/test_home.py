"""Home pages: what each role sees first, and a fixed number of queries whatever the caseload."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pbudget.lifecycle import Status
from tests.factories import BudgetFactory, PersonFactory


def test_sign_in_page_and_wrong_password(client, p):
    assert "Sign in" in client.get("/accounts/login/").content.decode()
    response = client.post("/accounts/login/", {"username": "nobody@example.org", "password": "wrong"})
    body = response.content.decode()
    assert "Enter a correct email address and password." in body
    assert "govuk-error-summary" in body


def test_anonymous_home_goes_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_person_home_says_what_to_do_next(client, p):
    budget = BudgetFactory(person=p.alice_person, status=Status.ASSESSMENT)
    client.force_login(p.alice)
    body = client.get("/").content.decode()
    assert "Your personal budget" in body
    assert f"/budgets/{budget.pk}/assessment/" in body
    assert "Bob" not in body


def test_representative_home_shows_the_person_they_act_for(client, p):
    BudgetFactory(person=p.alice_person, status=Status.ELIGIBILITY)
    client.force_login(p.rita)
    body = client.get("/").content.decode()
    assert "Alice Adams" in body
    assert "looking at them to decide whether Alice is eligible" in body and "whether you are eligible" not in body


def test_worker_home_lists_the_team_caseload_by_stage(client, p):
    BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    BudgetFactory(person=PersonFactory(team=p.south, first_name="Sam", last_name="South"), status=Status.PLANNING)
    client.force_login(p.wendy)
    body = client.get("/").content.decode()
    assert "Alice Adams" in body
    assert "Sam South" not in body


def test_admin_home_shows_configuration_not_people(client, p):
    BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    client.force_login(p.adam)
    body = client.get("/").content.decode()
    assert "configuration" in body
    assert "Alice" not in body


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("viewer", ["wendy", "mandy"])
def test_staff_home_runs_the_same_queries_with_1_and_50_budgets(client, p, viewer):
    client.force_login(getattr(p, viewer))
    BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    one = _queries_for(client, "/")
    for n in range(49):
        BudgetFactory(person=PersonFactory(team=p.north), status=list(Status)[n % 7])
    fifty = _queries_for(client, "/")
    assert one == fifty, f"{viewer}'s home page ran {one} queries for 1 budget but {fifty} for 50"
    assert one <= 10  # the caseload, reviews people asked for, decisions on plans the worker wrote, requests for help with planning


def test_manager_home_counts_by_stage(client, p):
    BudgetFactory(person=p.alice_person, status=Status.SIGN_OFF)
    BudgetFactory(person=p.bob_person, status=Status.SIGN_OFF)
    client.force_login(p.mandy)
    response = client.get("/")
    stages = {s["status"]: s["count"] for s in response.context["stages"]}
    assert stages[Status.SIGN_OFF] == 2 and stages[Status.PLANNING] == 0
    assert "Alice Adams" in response.content.decode()


def test_pages_with_personal_data_are_not_cached(client, p):
    client.force_login(p.alice)
    assert client.get("/")["Cache-Control"] == "no-store"


def test_unknown_page_is_a_friendly_404(client, p):
    client.force_login(p.alice)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_person_home_runs_the_same_queries_however_many_budgets_came_before(client, p):
    client.force_login(p.alice)
    old = BudgetFactory(person=p.alice_person, status=Status.CLOSED)
    current = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    one = _queries_for(client, "/")
    for _ in range(10):
        BudgetFactory(person=p.alice_person, status=Status.CLOSED, opened_at=old.opened_at)
    assert _queries_for(client, "/") == one
    assert one <= 12
    assert client.get("/").context["cards"][0]["budget"] == current


def test_every_person_shown_on_a_home_page_is_audited(client, p):
    from pbudget.models import AuditEntry

    client.force_login(p.rita)
    client.get("/")
    assert list(AuditEntry.objects.values_list("person__first_name", "user__email", "action")) == [
        ("Alice", "rita@example.org", "view"),
    ]


def test_worker_caseload_is_filtered_by_stage_and_paginated(client, p):
    BudgetFactory(person=p.alice_person, status=Status.SIGN_OFF)
    for n in range(30):
        BudgetFactory(person=PersonFactory(team=p.north, last_name=f"Planner{n:02d}"), status=Status.PLANNING)
    client.force_login(p.wendy)
    response = client.get("/?stage=sign_off")
    body = response.content.decode()
    assert "Alice Adams" in body and "Planner" not in body
    assert "Support planning (30)" in body and "Sign-off (1)" in body
    first = client.get("/?stage=planning").content.decode()
    second = client.get("/?stage=planning&page=2").content.decode()
    assert first.count("Planner") == 25 and second.count("Planner") == 5
    assert "1 of 2" in first and 'rel="next"' in first
    assert client.get("/?stage=nonsense&page=abc").status_code == 200  # ignored, not an error
