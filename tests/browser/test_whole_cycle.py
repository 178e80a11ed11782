"""
The whole cycle in a real browser, as its users would go through it: a worker opens Alice's
budget; Alice self-assesses; the worker decides eligibility and shares the indicative budget;
Alice plans and submits; the worker signs off; the summary sheet PDF appears. axe-core checks
every page visited along the way.
"""

import datetime
import subprocess

import pytest
from django.urls import reverse

from assessment.defaults import default_questionnaire
from pbudget.lifecycle import Status
from pbudget.models import PersonalBudget
from ras.defaults import default_allocation_table
from reviews.selectors import review_open
from signoff.defaults import default_delegation_limit
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser


def go(page, live_server, axe, url):
    response = page.goto(live_server.url + url)
    assert response.status == 200, url
    axe(page)


def test_one_budget_goes_round_the_cycle(page, live_server, p, axe):
    for council in (p.northshire,):
        default_questionnaire(council=council)
        default_allocation_table(council=council)
        default_delegation_limit(council=council)
    person_url = reverse("person_detail", args=[p.alice_person.pk])

    # The social worker opens a budget for Alice.
    sign_in(page, live_server, p.wendy)
    axe(page)  # the caseload
    go(page, live_server, axe, person_url)
    page.get_by_role("button", name="Start a new assessment").click()
    assert "A new budget is open for Alice Adams" in page.content()
    budget = PersonalBudget.objects.get(person=p.alice_person)

    # Alice self-assesses, one question per page.
    sign_in(page, live_server, p.alice)
    axe(page)
    page.get_by_role("link", name="Start your assessment").click()
    axe(page)
    page.get_by_role("button", name="Start now").click()
    axe(page)
    for _ in range(10):
        page.locator(".govuk-radios__input").nth(2).check()
        page.get_by_role("button", name="Continue").click()
    assert "Check your answers" in page.content()
    axe(page)
    page.get_by_label("I confirm my answers are true to the best of my knowledge").check()
    page.get_by_role("button", name="Send your answers").click()
    assert "Answers sent" in page.content()
    axe(page)

    # The worker decides eligibility and shares the indicative budget.
    sign_in(page, live_server, p.wendy)
    page.get_by_role("link", name="Alice Adams").click()
    page.get_by_role("link", name="Decide eligibility").click()
    axe(page)
    for condition in ("impairment", "unable_two_or_more", "significant_impact"):
        page.locator(f"#id_{condition}_1").check()
    page.get_by_label("Reasons for the decision").fill("Needs help with most daily tasks; wellbeing at risk.")
    page.get_by_role("button", name="Record the decision").click()
    axe(page)
    page.get_by_role("link", name="Check and share the indicative budget").click()
    axe(page)
    page.get_by_role("button", name="Share this indicative budget with Alice Adams").click()
    budget.refresh_from_db()
    assert budget.status == Status.PLANNING
    indicative = budget.allocations.get()

    # Alice sees her indicative budget, and why, and writes her plan.
    sign_in(page, live_server, p.alice)
    weekly = f"£{indicative.weekly_pence // 100:,}.{indicative.weekly_pence % 100:02d}"
    assert weekly in page.content()
    page.get_by_role("link", name="See how your indicative budget was worked out").click()
    assert weekly in page.content() and "indicative" in page.content().lower()
    axe(page)
    go(page, live_server, axe, reverse("support_planning:plan", args=[budget.pk]))
    page.get_by_role("button", name="Start your plan").click()
    axe(page)
    page.get_by_role("link", name="Add an outcome").click()
    axe(page)
    page.get_by_label("What do you want to achieve?").fill("I am up, washed and dressed by 9 every morning.")
    page.get_by_role("button", name="Save and go back to the plan").click()
    page.get_by_role("link", name="Add support for outcome 1").click()
    axe(page)
    page.get_by_label("What is the support?").fill("Personal assistant, morning calls")
    page.get_by_label("How much does it cost each time, in pounds?").fill("18.50")
    page.get_by_label("How many times a week?").fill("7")
    page.get_by_role("button", name="Save and go back to the plan").click()
    assert "£129.50" in page.content()  # 7 x £18.50, a week
    page.get_by_role("link", name="Change how the money is managed").click()
    axe(page)
    page.get_by_label("Direct payment: the money is paid to me").check()
    page.get_by_role("button", name="Save and go back to the plan").click()
    page.get_by_role("link", name="Change what happens if things go wrong").click()
    page.get_by_label("If things go wrong").fill("My sister covers mornings if my PA is ill.")
    page.get_by_role("button", name="Save and go back to the plan").click()
    axe(page)
    page.get_by_role("link", name="Submit for sign-off").click()
    axe(page)
    page.get_by_role("button", name="Submit for sign-off").click()
    assert "sent for sign-off" in page.content()
    axe(page)
    budget.refresh_from_db()
    assert budget.status == Status.SIGN_OFF

    # The worker signs it off; the summary sheet is rendered and can be downloaded.
    sign_in(page, live_server, p.wendy)
    go(page, live_server, axe, reverse("signoff:queue"))
    go(page, live_server, axe, reverse("signoff:decide", args=[budget.pk]))
    page.get_by_label("Sign off the plan").check()
    page.get_by_role("button", name="Confirm decision").click()
    axe(page)
    budget.refresh_from_db()
    assert budget.status == Status.ACTIVE
    assert budget.agreed_weekly_pence == 12950
    assert review_open(budget=budget).due_date > datetime.date.today() + datetime.timedelta(weeks=7)

    sign_in(page, live_server, p.alice)
    assert "£129.50 a week" in page.content()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your summary sheet (PDF)").click()
    pdf_path = download_info.value.path()
    with open(pdf_path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    text = subprocess.run(["pdftotext", "-layout", pdf_path, "-"], capture_output=True, text=True, check=True).stdout
    assert "Alice Adams" in text and "129.50" in text
    assert len(axe.checked) >= 20
