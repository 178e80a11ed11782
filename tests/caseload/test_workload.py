"""Workload per worker: open cases by stage, sign-offs waiting, reviews due soon and overdue."""

import datetime

import pytest

from pbudget.lifecycle import Status
from pbudget.models import Role
from reviews.models import Review, ReviewKind, ReviewStatus
from tests.caseload.conftest import waiting
from tests.factories import PersonFactory, UserFactory

URL = "/caseload/workload/"


@pytest.fixture
def loads(p, frozen):
    will = UserFactory(council=p.northshire, role=Role.SOCIAL_WORKER, team=p.north, full_name="Will Walker")
    today = frozen.date()
    waiting(p.alice_person, Status.SIGN_OFF, 3)  # Wendy's
    waiting(p.bob_person, Status.PLANNING, 3)  # Wendy's
    for due in (today + datetime.timedelta(days=10), today - datetime.timedelta(days=1), today + datetime.timedelta(days=31)):
        budget = waiting(PersonFactory(team=p.north, allocated_worker=will), Status.ACTIVE, 30)
        Review.objects.create(budget=budget, kind=ReviewKind.ANNUAL, due_date=due)
    done = waiting(PersonFactory(team=p.north, allocated_worker=will), Status.ACTIVE, 30)
    Review.objects.create(budget=done, kind=ReviewKind.ANNUAL, due_date=today - datetime.timedelta(days=5),
                          status=ReviewStatus.COMPLETED, completed_at=frozen, outcomes_met="met", next_step="continue")
    waiting(PersonFactory(team=p.north, allocated_worker=None, first_name="Nobody's"), Status.ASSESSMENT, 1)
    waiting(PersonFactory(team=p.south, allocated_worker=p.walter), Status.SIGN_OFF, 3)  # not Mandy's team
    return will


def _rows(response):
    return {(row.worker.full_name if row.worker else None): row for row in response.context["rows"]}


def test_each_workers_open_cases_sign_offs_and_reviews(client, p, loads):
    client.force_login(p.mandy)
    response = client.get(URL)
    rows = _rows(response)
    assert set(rows) == {"Wendy Worker", "Will Walker", None}  # Walter is in the South team
    wendy, will, nobody = rows["Wendy Worker"], rows["Will Walker"], rows[None]
    stages = [s.value for s in response.context["stages"]]
    assert dict(zip(stages, wendy.by_stage)) == {"assessment": 0, "eligibility": 0, "allocation": 0, "planning": 1,
                                                 "sign_off": 1, "active": 0, "review": 0}
    assert wendy.total == 2 and (wendy.reviews_due_soon, wendy.reviews_overdue) == (0, 0)
    # Due in 10 days counts as due soon, yesterday as overdue, 31 days away as neither; a completed one not at all.
    assert will.total == 4 and (will.reviews_due_soon, will.reviews_overdue) == (1, 1)
    assert nobody.total == 1
    body = response.content.decode()
    assert "Sign-offs waiting" in body and f"/caseload/?worker={loads.pk}" in body
    assert "Walter" not in body


def test_filter_by_team(client, p, loads):
    p.south.managers.add(p.mandy)
    client.force_login(p.mandy)
    assert set(_rows(client.get(URL))) == {"Wendy Worker", "Will Walker", "Walter Other", None}
    assert set(_rows(client.get(URL, {"team": p.south.pk}))) == {"Walter Other"}


def test_another_teams_id_is_an_error(client, p, loads):
    client.force_login(p.mandy)
    body = client.get(URL, {"team": p.south.pk}).content.decode()
    assert "Select one of the teams listed" in body and "Walter" not in body


def test_administrators_do_not_see_workload_by_worker(client, p, loads):
    client.force_login(p.adam)
    assert client.get(URL).status_code == 404
