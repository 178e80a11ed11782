"""The stage apps' figures on the figures page: laid out, in the CSV, and hidden when too few."""

import csv
import io

from pbudget.models import Role
from tests.caseload.test_timeline import _approved_cycle
from tests.factories import UserFactory

URL = "/caseload/figures/"


def test_signoff_figures_for_a_manager(client, p):
    _approved_cycle(p)  # Wendy, a social worker, signs Alice's plan off this month
    client.force_login(p.mandy)
    response = client.get(URL)
    section = {s.slug: s for s in response.context["sections"]}["signoff"]
    assert section.rows[-2][1:] == ["1", "100.0%", section.rows[-2][3], "0.0%"]  # this month
    assert section.rows[-1][:2] == ["Whole period", "1"]
    body = response.content.decode()
    assert 'id="chart-signoff-title"' in body and "Sign-off: who signs plans off" in body
    rows = list(csv.reader(io.StringIO(client.get("/caseload/figures.csv").content.decode())))
    assert ["sign-off", "", "whole period", "signed off by a social worker (%)", "100.0"] in rows


def test_signoff_figures_hide_a_single_decision_from_an_administrator(client, p):
    _approved_cycle(p)
    client.force_login(p.adam)
    section = {s.slug: s for s in client.get(URL).context["sections"]}["signoff"]
    assert section.rows[-1] == ["Whole period", "fewer than 5", "–", "–", "–"]
    assert all(row[2] == "–" for row in section.rows)


def test_signoff_figures_stay_in_their_council(client, p):
    _approved_cycle(p)
    other = UserFactory(council=p.southvale, role=Role.COUNCIL_ADMIN)
    client.force_login(other)
    section = {s.slug: s for s in client.get(URL).context["sections"]}["signoff"]
    assert section.rows[-1][1] == "0"
