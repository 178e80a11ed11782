"""The indicative budget pages pass axe-core in a real browser."""

import pytest
from django.urls import reverse

from tests.browser.helpers import sign_in, submit, visit

pytestmark = pytest.mark.browser


def test_indicative_budget_pages(page, live_server, p, budget, axe):
    url = reverse("ras:indicative", args=[budget.pk])
    sign_in(page, live_server, p.alice)
    visit(page, live_server, axe, url)  # not ready yet
    sign_in(page, live_server, p.wendy)
    visit(page, live_server, axe, url)  # the preview
    submit(page, "Share this indicative budget with Alice Adams")
    assert "The indicative budget is shared" in page.content()
    axe(page)
    sign_in(page, live_server, p.alice)
    visit(page, live_server, axe, url)
    assert "£399.50" in page.content()


def test_override_letter_and_public_pages(page, live_server, p, budget, axe):
    from ras.services import allocation_share

    allocation_share(budget=budget, actor=p.wendy)
    visit(page, live_server, axe, reverse("ras_public:allocation_rules"))
    visit(page, live_server, axe, reverse("ras_public:allocation_rules_council", args=["northshire"]))
    sign_in(page, live_server, p.wendy)
    visit(page, live_server, axe, reverse("ras:indicative", args=[budget.pk]))  # the worker's technical view
    visit(page, live_server, axe, reverse("ras:override", args=[budget.pk]))
    submit(page, "Change the indicative budget")  # empty: the error summary
    assert "There is a problem" in page.content()
    axe(page)
    visit(page, live_server, axe, reverse("ras:letter", args=[budget.pk]))


def test_council_table_pages(page, live_server, p, table, axe):
    from tests.ras.factories import case

    case(team=p.north, live=table, actor=p.wendy, answers=[("care", "q", "o", 30)], agreed_weekly_pence=30_000)
    sign_in(page, live_server, p.adam)
    visit(page, live_server, axe, reverse("ras_tables:tables"))
    submit(page, "Start a new draft")
    axe(page)  # the edit page
    page.get_by_label("Bands", exact=True).fill("0, 10, 100\n12, , 50")
    page.get_by_label("Bands of points, each with a weekly amount").check()
    submit(page, "Save the draft")
    assert "Line 2: Gap" in page.content()
    axe(page)
    page.get_by_label("Bands", exact=True).fill("0, 10, 100\n10, , 150")
    page.get_by_label("Month", exact=True).fill("")  # the GOV.UK date input, one part missing
    submit(page, "Save the draft")
    assert "Date it takes effect must include a month" in page.content()
    axe(page)
    page.get_by_label("Day", exact=True).fill("1")
    page.get_by_label("Month", exact=True).fill("4")
    page.get_by_label("Year", exact=True).fill("2099")
    submit(page, "Save the draft")
    assert "The draft is saved" in page.content() and "1 April 2099" in page.content()
    assert "Draft changed" in page.content()  # the history, for administrators
    axe(page)
    draft = table.council.allocation_tables.get(version=2)
    visit(page, live_server, axe, reverse("ras_tables:detail", args=[draft.pk]))
    visit(page, live_server, axe, reverse("ras_tables:whatif", args=[draft.pk]))
    visit(page, live_server, axe, reverse("ras_tables:import"))
    visit(page, live_server, axe, reverse("ras_tables:calibration"))
    sign_in(page, live_server, p.mandy)
    visit(page, live_server, axe, reverse("ras_tables:overrides"))
