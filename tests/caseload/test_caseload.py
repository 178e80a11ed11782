"""The caseload by stage: counts and waits a manager can check by hand, filters, sorting, paging."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pbudget.lifecycle import Status
from pbudget.models import AuditEntry, ClientGroup, Role
from tests.caseload.conftest import many, waiting
from tests.factories import PersonFactory, UserFactory

URL = "/caseload/"


@pytest.fixture
def north_caseload(p, frozen):
    """North: planning for 2, 5 and 11 days, sign-off for 4 days; South: planning for 100 days."""
    waiting(p.alice_person, Status.PLANNING, 2)
    waiting(p.bob_person, Status.PLANNING, 5)
    waiting(PersonFactory(team=p.north, first_name="Cara", last_name="Cole", client_group=ClientGroup.MENTAL_HEALTH), Status.PLANNING, 11)
    waiting(PersonFactory(team=p.north, first_name="Dev", last_name="Dale", allocated_worker=p.wendy), Status.SIGN_OFF, 4)
    waiting(PersonFactory(team=p.south, first_name="Sam", last_name="South"), Status.PLANNING, 100)


def _summary(response):
    return {row.status: (row.count, row.median_days, row.oldest_days) for row in response.context["summary"]}


def test_manager_sees_counts_median_and_longest_wait_for_their_teams(client, p, north_caseload):
    client.force_login(p.mandy)
    response = client.get(URL)
    assert response.status_code == 200
    summary = _summary(response)
    # Hand-computed: planning waits 2, 5, 11 -> median 5, longest 11; South's 100 is not Mandy's.
    assert summary[Status.PLANNING] == (3, 5, 11)
    assert summary[Status.SIGN_OFF] == (1, 4, 4)
    assert summary[Status.ASSESSMENT] == (0, None, None)
    body = response.content.decode()
    assert "Alice Adams" in body and "Cara Cole" in body
    assert "Sam South" not in body
    assert "4 open budgets by stage" in body
    assert f'href="/people/{p.alice_person.pk}/#reallocate">Reallocate<span class="govuk-visually-hidden"> Alice Adams' in body


def test_median_of_an_even_count_is_the_midpoint(client, p, north_caseload):
    waiting(PersonFactory(team=p.north, first_name="Eve"), Status.PLANNING, 20)
    client.force_login(p.mandy)
    assert _summary(client.get(URL))[Status.PLANNING] == (4, 8, 20)  # (5 + 11) / 2


def test_filters_by_worker_client_group_and_stage(client, p, north_caseload):
    client.force_login(p.mandy)
    body = client.get(URL, {"worker": p.wendy.pk}).content.decode()
    assert "Alice Adams" in body and "Dev Dale" in body and "Cara Cole" not in body
    response = client.get(URL, {"client_group": "mental_health"})
    assert _summary(response)[Status.PLANNING] == (1, 11, 11)
    body = client.get(URL, {"stage": "sign_off"}).content.decode()
    assert "Dev Dale" in body and "Alice Adams" not in body


def test_filter_by_one_of_several_teams(client, p, north_caseload):
    p.south.managers.add(p.mandy)
    client.force_login(p.mandy)
    assert _summary(client.get(URL))[Status.PLANNING] == (4, 8, 100)
    response = client.get(URL, {"team": p.south.pk})
    assert _summary(response)[Status.PLANNING] == (1, 100, 100)
    assert "Sam South" in response.content.decode() and "Alice Adams" not in response.content.decode()


def test_a_team_or_worker_outside_the_managers_teams_is_an_error_not_a_leak(client, p, north_caseload):
    client.force_login(p.mandy)
    response = client.get(URL, {"team": p.south.pk, "worker": p.walter.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "Select one of the teams listed" in body
    assert "Select one of the workers listed" in body
    assert "Sam South" not in body
    assert _summary(response)[Status.PLANNING] == (3, 5, 11)  # the bad filters are left out


def test_sorting_by_a_column_says_so_to_screen_readers(client, p, north_caseload):
    client.force_login(p.mandy)
    body = client.get(URL).content.decode()
    # By default the longest wait comes first.
    assert body.index("Cara Cole") < body.index("Dev Dale") < body.index("Alice Adams")
    assert re.search(r'aria-sort="descending"><a class="govuk-link" href="\?sort=days&amp;order=asc">Days at this stage', body)
    body = client.get(URL, {"sort": "name", "order": "asc"}).content.decode()
    assert body.index("Alice Adams") < body.index("Bob Brown") < body.index("Cara Cole") < body.index("Dev Dale")
    assert 'aria-sort="ascending"><a class="govuk-link" href="?sort=name&amp;order=desc">Person' in body
    body = client.get(URL, {"sort": "name", "order": "desc", "stage": "planning"}).content.decode()
    assert body.index("Cara Cole") < body.index("Bob Brown") < body.index("Alice Adams")
    assert "stage=planning&amp;sort=name&amp;order=asc" in body  # sorting keeps the filters


def test_people_are_paginated_keeping_filters_and_sort(client, p, frozen):
    many(p.north, 30, Status.ASSESSMENT)
    client.force_login(p.mandy)
    first = client.get(URL, {"stage": "assessment", "sort": "name"}).content.decode()
    assert first.count(">Many Many") == 25 and "1 of 2" in first
    assert 'href="?stage=assessment&amp;sort=name&amp;page=2" rel="next"' in first
    second = client.get(URL, {"stage": "assessment", "sort": "name", "page": 2}).content.decode()
    assert second.count(">Many Many") == 5 and "Many0029" in second


def test_people_shown_are_audited(client, p, north_caseload):
    client.force_login(p.mandy)
    client.get(URL, {"stage": "sign_off"})
    assert list(AuditEntry.objects.filter(user=p.mandy).values_list("person__first_name", "what")) == [("Dev", "Caseload")]


def test_administrator_sees_the_whole_council_as_numbers_and_no_one_person(client, p, frozen):
    many(p.north, 6, Status.PLANNING, days=10)
    many(p.south, 1, Status.SIGN_OFF, days=40, prefix="Solo")
    waiting(PersonFactory(team=p.vale, first_name="Vera"), Status.SIGN_OFF, 3)  # another council
    client.force_login(p.adam)
    response = client.get(URL)
    body = response.content.decode()
    summary = _summary(response)
    assert summary[Status.PLANNING] == (6, 10, 10)
    # One person at sign-off: counted, but shown as "fewer than 5" with no wait.
    assert summary[Status.SIGN_OFF] == (1, None, None)
    assert "fewer than 5" in body and ">40<" not in body
    assert "Solo" not in body and "Many" not in body and "/people/" not in body
    assert "Allocated worker" not in body  # no narrowing down to one worker's people
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("who", ["wendy", "walter", "xavier", "alice", "rita"])
def test_only_managers_and_administrators_reach_the_caseload(client, p, north_caseload, who):
    client.force_login(getattr(p, who))
    for url in (URL, "/caseload/workload/"):
        response = client.get(url)
        assert response.status_code == 404, (who, url)
        assert "Cara Cole" not in response.content.decode()


def test_a_manager_in_another_council_sees_only_their_own(client, p, north_caseload):
    vic = UserFactory(council=p.southvale, role=Role.TEAM_MANAGER, full_name="Vic Vale")
    p.vale.managers.add(vic)
    p.north.managers.add(vic)  # even if mis-configured across councils
    client.force_login(vic)
    response = client.get(URL)
    assert response.context["total"] == 0
    assert "Alice" not in response.content.decode()


def _queries(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who,url,most", [
    ("mandy", URL, 9), ("adam", URL, 9), ("mandy", "/caseload/workload/", 9),
    # The figures: session and user, the viewer's teams, the time figures (two queries and a
    # setting), sign-off (one), reviews (two), calibration (one), plans (two), and a savepoint around the setting.
    ("mandy", "/caseload/figures/", 15), ("adam", "/caseload/figures/", 15), ("mandy", "/caseload/figures.csv", 15),
])
def test_same_queries_with_10_and_500_budgets(client, p, frozen, who, url, most):
    client.force_login(getattr(p, who))
    many(p.north, 10, Status.PLANNING, worker=p.wendy)
    small = _queries(client, url)
    many(p.north, 490, Status.SIGN_OFF, worker=p.wendy, prefix="More")
    large = _queries(client, url)
    assert small == large, f"{who} on {url}: {small} queries for 10 budgets, {large} for 500"
    assert large <= most
