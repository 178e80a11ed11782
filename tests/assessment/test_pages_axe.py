"""The self-assessment and eligibility pages, clicked through in a real browser, pass axe-core."""

import pytest
from django.urls import reverse

from pbudget.lifecycle import Status
from tests.browser.helpers import sign_in, submit, visit

pytestmark = pytest.mark.browser


def test_alice_self_assesses_in_a_browser(page, live_server, p, budget, axe):
    sign_in(page, live_server, p.alice)
    visit(page, live_server, axe, reverse("assessment:start", args=[budget.pk]))
    submit(page, "Start now")
    assert "Question 1 of 10" in page.content()
    axe(page)
    submit(page, "Continue")  # nothing chosen
    assert "Select the answer that best fits a typical week" in page.content()
    axe(page)
    page.get_by_text("Why we ask").click()
    axe(page)
    while "Check your answers" not in page.content():  # ten questions and three "anything else" pages
        radios = page.locator(".govuk-radios__input")
        if radios.count():
            radios.nth(1).check()
        else:
            axe(page)
        submit(page, "Continue")
    assert "Check your answers before sending them" in page.content()
    axe(page)
    submit(page, "Send your answers")  # no declaration
    assert "Confirm that the answers are true" in page.content()
    axe(page)
    page.get_by_label("I confirm my answers are true to the best of my knowledge").check()
    submit(page, "Send your answers")
    assert "Answers sent" in page.content()
    axe(page)
    visit(page, live_server, axe, reverse("assessment:answers", args=[budget.pk]))
    budget.refresh_from_db()
    assert budget.status == Status.ELIGIBILITY

    sign_in(page, live_server, p.wendy)
    visit(page, live_server, axe, reverse("assessment:eligibility", args=[budget.pk]))
    submit(page, "Record the decision")  # nothing chosen
    assert "Enter the reasons for the decision" in page.content()
    axe(page)
    page.locator("#id_impairment_1").check()
    page.locator("#id_significant_impact_1").check()
    page.get_by_label("Control over day-to-day life").check()
    page.get_by_label("Reasons for the decision").fill("Needs help with most things every day.")
    submit(page, "Record the decision")
    assert "Alice Adams is eligible for support" in page.content()
    visit(page, live_server, axe, reverse("assessment:eligibility", args=[budget.pk]))  # decided, read only
    budget.refresh_from_db()
    assert budget.status == Status.ALLOCATION
