"""
The bureaucracy meter against answers worked out by hand, on a small fixture of timelines:

    Alice (North): opened 1 Jan 2026; 4 days at assessment, 2 at eligibility, 10 at the
        indicative budget, 20 planning, 3 at sign-off: agreed 9 Feb, 39 days after opening.
    Bob (North): opened 1 Feb; 10, 1, 3, 10 planning, 4 at sign-off (returned 1 Mar), 2 more
        planning, 7 more at sign-off: agreed 10 Mar, 37 days after opening.
    Sam (South): opened 10 Jan; 20 days at assessment (ends 30 Jan).
"""

import csv
import datetime
import io

import pytest
import time_machine

from pbudget.caseload import figures, stats
from pbudget.lifecycle import Status
from pbudget.models import BudgetEvent, PersonalBudget
from tests.factories import PersonFactory

URL = "/caseload/figures/"
A, E, L, P, S, ACT = "assessment", "eligibility", "allocation", "planning", "sign_off", "active"


def _timeline(person, opened, steps):
    """Events from `opened` (a date): each step is (days later, move, from, to)."""
    budget = PersonalBudget.objects.create(council_id=person.council_id, person=person, status=steps[-1][3] if steps else A)
    at = datetime.datetime.combine(opened, datetime.time(12), datetime.UTC)
    BudgetEvent.objects.create(budget=budget, move="open", from_status="", to_status=A, at=at)
    for days, move, source, target in steps:
        at += datetime.timedelta(days=days)
        BudgetEvent.objects.create(budget=budget, move=move, from_status=source, to_status=target, at=at)
    return budget


@pytest.fixture
def timelines(p):
    _timeline(p.alice_person, datetime.date(2026, 1, 1), [
        (4, "submit_assessment", A, E), (2, "decide_eligible", E, L), (10, "share_allocation", L, P),
        (20, "submit_plan", P, S), (3, "approve_plan", S, ACT),
    ])
    _timeline(p.bob_person, datetime.date(2026, 2, 1), [
        (10, "submit_assessment", A, E), (1, "decide_eligible", E, L), (3, "share_allocation", L, P),
        (10, "submit_plan", P, S), (4, "return_plan", S, P), (2, "submit_plan", P, S), (7, "approve_plan", S, ACT),
    ])
    _timeline(PersonFactory(team=p.south, first_name="Sam"), datetime.date(2026, 1, 10), [(20, "submit_assessment", A, E)])


JAN, FEB, MAR = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)
# Hand-computed: (count, median, 90th percentile) by month, then for the whole period.
NORTH = {
    "agreed": ({FEB: (1, 39, 39), MAR: (1, 37, 37)}, (2, 38, 38.8)),
    A: ({JAN: (1, 4, 4), FEB: (1, 10, 10)}, (2, 7, 9.4)),
    E: ({JAN: (1, 2, 2), FEB: (1, 1, 1)}, (2, 1.5, 1.9)),
    L: ({JAN: (1, 10, 10), FEB: (1, 3, 3)}, (2, 6.5, 9.3)),
    P: ({FEB: (2, 15, 19), MAR: (1, 2, 2)}, (3, 10, 18)),
    S: ({FEB: (1, 3, 3), MAR: (2, 5.5, 6.7)}, (3, 4, 6.4)),
}


def _as_numbers(result):
    out = {"agreed": ({m: (c.count, c.median, c.p90) for m, c in result.journey.by_month.items()},
                      (result.journey.overall.count, result.journey.overall.median, result.journey.overall.p90))}
    for status, figure in result.stages.items():
        if figure.overall.count:
            out[status.value] = ({m: (c.count, c.median, c.p90) for m, c in figure.by_month.items()},
                                 (figure.overall.count, figure.overall.median, figure.overall.p90))
    return out


def _close(got, want):
    months, overall = got
    want_months, want_overall = want
    assert set(months) == set(want_months)
    for key, value in [*((m, months[m]) for m in months), ("overall", overall)]:
        expected = want_months[key] if key != "overall" else want_overall
        assert value[0] == expected[0] and value[1] == pytest.approx(expected[1]) and value[2] == pytest.approx(expected[2]), (key, value, expected)


@pytest.mark.parametrize("engine", ["_postgresql", "_python"])
def test_figures_match_the_hand_computed_answers(p, timelines, engine, monkeypatch):
    if engine == "_python":  # the demo's SQLite path, held to the same answers
        monkeypatch.setattr(figures.connection, "vendor", "sqlite")
    result = figures.process_figures(council_id=p.northshire.pk, team_ids=[p.north.pk], start=JAN, end=datetime.date(2026, 4, 1), names_people=True)
    got = _as_numbers(result)
    assert set(got) == set(NORTH)
    for key, want in NORTH.items():
        _close(got[key], want)
    assert result.months == [JAN, FEB, MAR]


def _derived():
    return list(BudgetEvent.objects.order_by("pk").values_list("pk", "stage_entered_at", "journey_started_at"))


def test_each_move_records_when_its_stage_and_journey_began(p, timelines):
    bob = list(BudgetEvent.objects.filter(budget__person=p.bob_person).order_by("at", "pk"))
    assert bob[0].stage_entered_at is None and bob[1].stage_entered_at == bob[0].at
    assert [e.stage_entered_at for e in bob[1:]] == [e.at for e in bob[:-1]]
    assert [e.journey_started_at for e in bob] == [None] * 7 + [bob[0].at]  # only the approval ending the journey


def test_the_migration_backfills_the_same_times_as_new_moves_get(p, timelines):
    import importlib

    from django.db import connection

    backfill = importlib.import_module("pbudget.migrations.0005_budgetevent_stage_times").BACKFILL
    written = _derived()
    assert any(j for _, _, j in written)
    BudgetEvent.objects.update(stage_entered_at=None, journey_started_at=None)
    with connection.cursor() as cursor:
        for sql in backfill:
            cursor.execute(sql)
    assert _derived() == written


def test_a_period_counts_only_waits_that_ended_in_it(p, timelines):
    result = figures.process_figures(council_id=p.northshire.pk, team_ids=[p.north.pk], start=MAR, end=datetime.date(2026, 4, 1), names_people=True)
    assert (result.journey.overall.count, result.journey.overall.median) == (1, 37)
    assert result.stages[Status.SIGN_OFF].overall.count == 2 and result.stages[Status.ASSESSMENT].overall.count == 0


def test_percentile_is_postgresqls_percentile_cont():
    assert stats.percentile([3, 4, 7], 0.9) == pytest.approx(6.4)
    assert stats.percentile([1], 0.5) == 1 and stats.percentile([], 0.5) is None


@pytest.fixture
def in_april():
    with time_machine.travel(datetime.datetime(2026, 4, 20, 12, tzinfo=datetime.UTC), tick=False):
        yield


def test_manager_page_shows_charts_and_tables_of_the_same_numbers(client, p, timelines, in_april):
    client.force_login(p.mandy)
    response = client.get(URL, {"start": "2026-01-01", "end": "2026-03-01"})
    body = response.content.decode()
    assert response.status_code == 200
    # the journey, where people wait, one per stage, assessments, sign-off, reviews, ratings, calibration, plans, plans by month
    assert body.count('role="img"') == 15
    assert "<title id=\"chart-journey-title\">Days from assessment started to agreed budget, by month</title>" in body
    journey = body[body.index('id="journey"'):body.index('id="stages"')]
    assert "<polyline" in journey and "38.8" in journey and ">39.0<" in journey
    assert "Jan 2026 to Mar 2026" in body
    assert 'href="/caseload/figures.csv?start=2026-01-01&amp;end=2026-03-01"' in body


def test_csv_has_the_same_numbers(client, p, timelines, in_april):
    client.force_login(p.mandy)
    response = client.get("/caseload/figures.csv", {"start": "2026-01-01", "end": "2026-03-01"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="process-figures-2026-01-to-2026-03.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["figure", "stage", "month", "measure", "value"]
    journey = "assessment started to agreed budget"
    for row in ([journey, "", "whole period", "budgets", "2"], [journey, "", "whole period", "median days", "38.0"],
                [journey, "", "whole period", "90th percentile days", "38.8"],
                ["time at stage", "Sign-off", "2026-03", "median days", "5.5"],
                ["time at stage", "Sign-off", "2026-03", "90th percentile days", "6.7"],
                ["time at stage", "Assessment", "2026-03", "budgets", "0"], ["time at stage", "Assessment", "2026-03", "median days", ""]):
        assert row in rows, row


def test_manager_chooses_one_of_their_teams_only(client, p, timelines, in_april):
    p.south.managers.add(p.mandy)
    client.force_login(p.mandy)
    params = {"start": "2026-01-01", "end": "2026-03-01"}
    both = client.get(URL, params).context["stages"][0]["overall"]
    assert (both.count, both.median) == (3, 10)  # 4, 10 and Sam's 20
    south = client.get(URL, {**params, "team": p.south.pk}).context["stages"][0]["overall"]
    assert (south.count, south.median) == (1, 20)
    p.south.managers.remove(p.mandy)
    response = client.get(URL, {**params, "team": p.south.pk})
    assert "Select one of the teams listed" in response.content.decode()
    assert response.context["stages"][0]["overall"].count == 2  # North only, never South


def test_administrator_sees_council_totals_without_small_numbers(client, p, timelines, in_april):
    client.force_login(p.adam)
    response = client.get(URL, {"start": "2026-01-01", "end": "2026-03-01", "team": p.north.pk})
    body = response.content.decode()
    overall = response.context["stages"][0]["overall"]
    # The whole council (the team asked for is ignored): 3 waits at assessment, too few to show times.
    assert overall.count == 3 and overall.median is None and overall.suppressed
    assert "fewer than 5" in body and "38.8" not in body and "<polyline" not in body
    for name in ("Alice", "Bob", "Sam"):
        assert name not in body.replace(p.adam.full_name, "")
    rows = list(csv.reader(io.StringIO(client.get("/caseload/figures.csv", {"start": "2026-01-01", "end": "2026-03-01"}).content.decode())))
    assert ["time at stage", "Assessment", "2026-01", "budgets", "fewer than 5"] in rows
    # The whole period less the months shown would give the hidden months away: not shown either.
    assert ["time at stage", "Assessment", "whole period", "budgets", "not shown"] in rows
    assert not any(r[4] for r in rows[1:] if r[3] in ("median days", "90th percentile days", "signed off by a social worker (%)"))


def test_administrator_sees_times_once_there_are_five(client, p, timelines, in_april):
    for _ in range(3):
        _timeline(PersonFactory(team=p.south), datetime.date(2026, 1, 10), [(6, "submit_assessment", A, E)])
    client.force_login(p.adam)
    overall = client.get(URL, {"start": "2026-01-01", "end": "2026-01-01"}).context["stages"][0]["overall"]
    assert (overall.count, overall.median) == (5, 6)  # January: 4, 6, 6, 6, 20


def test_administrator_cannot_subtract_one_period_from_another(client, p, timelines, in_april):
    """January (five waits at assessment) is shown; February (Bob's one) is not, so neither is January to February."""
    for _ in range(3):
        _timeline(PersonFactory(team=p.south), datetime.date(2026, 1, 10), [(6, "submit_assessment", A, E)])
    client.force_login(p.adam)
    january = client.get(URL, {"start": "2026-01-01", "end": "2026-01-01"}).context["stages"][0]
    both = client.get(URL, {"start": "2026-01-01", "end": "2026-02-01"}).context["stages"][0]
    assert january["overall_shown"] == ("5", "6.0", january["overall_shown"][2])
    assert both["rows"][1] == ("Feb 2026", "fewer than 5", "–", "–")
    assert both["overall_shown"] == ("not shown", "–", "–")  # 6 less January's 5 would be Bob's wait
    manager = client.force_login(p.mandy) or client.get(URL, {"start": "2026-01-01", "end": "2026-02-01"}).context["stages"][0]
    assert manager["overall_shown"][0] == "2"  # a manager may open both records: North's two, shown whole


def test_invalid_period_is_an_error_and_the_default_is_shown(client, p, timelines, in_april):
    client.force_login(p.mandy)
    response = client.get(URL, {"start": "2026-03-01", "end": "2026-01-01"})
    assert "The first month must not be after the last month" in response.content.decode()
    assert response.context["period"] == "May 2025 to Apr 2026"
    assert client.get(URL, {"start": "1999-01-01"}).status_code == 200


@pytest.mark.parametrize("who", ["wendy", "walter", "xavier", "alice", "rita", "bob"])
@pytest.mark.parametrize("url", [URL, "/caseload/figures.csv"])
def test_only_managers_and_administrators_reach_the_figures(client, p, timelines, who, url):
    client.force_login(getattr(p, who))
    assert client.get(url).status_code == 404


def test_another_councils_administrator_sees_none_of_it(client, p, timelines, in_april):
    from pbudget.models import Role
    from tests.factories import UserFactory

    client.force_login(UserFactory(council=p.southvale, role=Role.COUNCIL_ADMIN))
    response = client.get(URL, {"start": "2026-01-01", "end": "2026-03-01"})
    assert response.context["journey"]["overall"].count == 0
    assert all(s["overall"].count == 0 for s in response.context["stages"])


def test_managers_see_small_numbers_of_their_own_teams(client, p, timelines, in_april):
    client.force_login(p.mandy)
    body = client.get(URL, {"start": "2026-01-01", "end": "2026-03-01"}).content.decode()
    assert "fewer than 5" not in body


@pytest.mark.parametrize("engine", ["_postgresql", "_python"])
def test_long_waits_and_later_sign_offs_across_the_period_start(p, engine, monkeypatch):
    """A plan written over 100 days counts whole; a second sign-off (after a varied plan) is no new journey."""
    if engine == "_python":
        monkeypatch.setattr(figures.connection, "vendor", "sqlite")
    _timeline(p.alice_person, datetime.date(2025, 6, 1), [
        (5, "submit_assessment", A, E), (1, "decide_eligible", E, L), (1, "share_allocation", L, P),
        (100, "submit_plan", P, S), (3, "approve_plan", S, ACT),  # agreed 20 Sep 2025, 110 days on
        (60, "start_review", ACT, "review"), (200, "vary_plan", "review", P), (2, "submit_plan", P, S),
        (1, "approve_plan", S, ACT),  # 9 Jun 2026: agreed again, not a new journey
    ])
    result = figures.process_figures(council_id=p.northshire.pk, team_ids=None, start=datetime.date(2025, 9, 1),
                                     end=datetime.date(2025, 10, 1), names_people=True)
    assert (result.stages[Status.PLANNING].overall.count, result.stages[Status.PLANNING].overall.median) == (1, 100)
    assert (result.journey.overall.count, result.journey.overall.median) == (1, 110)
    later = figures.process_figures(council_id=p.northshire.pk, team_ids=None, start=datetime.date(2026, 6, 1),
                                    end=datetime.date(2026, 7, 1), names_people=True)
    assert later.journey.overall.count == 0
    assert (later.stages[Status.REVIEW].overall.count, later.stages[Status.REVIEW].overall.median) == (1, 200)
    assert later.stages[Status.SIGN_OFF].overall.median == 1
