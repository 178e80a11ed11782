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
from signoff.defaults import default_delegation_rules
from tests.browser.helpers import follow, sign_in, submit

pytestmark = pytest.mark.browser


def go(page, live_server, axe, url):
    response = page.goto(live_server.url + url)
    assert response.status == 200, url
    axe(page)


def test_one_budget_goes_round_the_cycle(page, live_server, p, axe):
    blocked = []  # anything the content security policy refused, as the browser reports it
    page.on("console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text))
    for council in (p.northshire,):
        default_questionnaire(council=council)
        default_allocation_table(council=council)
        default_delegation_rules(council=council)
    person_url = reverse("person_detail", args=[p.alice_person.pk])

    # The social worker opens a budget for Alice.
    sign_in(page, live_server, p.wendy)
    axe(page)  # the caseload
    go(page, live_server, axe, person_url)
    submit(page, "Start a new assessment")
    assert "A new budget is open for Alice Adams" in page.content()
    budget = PersonalBudget.objects.get(person=p.alice_person)

    # Alice self-assesses, one question per page.
    sign_in(page, live_server, p.alice)
    axe(page)
    follow(page, "Start your assessment")
    axe(page)
    submit(page, "Start now")
    axe(page)
    while "Check your answers" not in page.content():  # the third answer, or No to a Yes/No question
        radios = page.locator(".govuk-radios__input")
        if radios.count():  # not an optional "anything else" page
            radios.nth(min(2, radios.count() - 1)).check()
        submit(page, "Continue")
    assert "Check your answers" in page.content()
    axe(page)
    page.get_by_label("I confirm my answers are true to the best of my knowledge").check()
    submit(page, "Send your answers")
    assert "Answers sent" in page.content()
    axe(page)

    # The worker decides eligibility and shares the indicative budget.
    sign_in(page, live_server, p.wendy)
    follow(page, "Alice Adams")
    follow(page, "Decide eligibility")
    axe(page)
    for condition in ("impairment", "significant_impact"):  # the outcomes come ticked from the answers
        page.locator(f"#id_{condition}_1").check()
    page.get_by_label("Control over day-to-day life").check()
    page.get_by_label("Reasons for the decision").fill("Needs help with most daily tasks; wellbeing at risk.")
    submit(page, "Record the decision")
    axe(page)
    follow(page, "Check and share the indicative budget")
    axe(page)
    submit(page, "Share this indicative budget with Alice Adams")
    budget.refresh_from_db()
    assert budget.status == Status.PLANNING
    indicative = budget.allocations.get()

    # Alice sees her indicative budget, and why, and writes her plan.
    sign_in(page, live_server, p.alice)
    weekly = f"£{indicative.weekly_pence // 100:,}.{indicative.weekly_pence % 100:02d}"
    assert weekly in page.content()
    follow(page, "See how your indicative budget was worked out")
    assert weekly in page.content() and "indicative" in page.content().lower()
    axe(page)
    go(page, live_server, axe, reverse("support_planning:plan", args=[budget.pk]))
    submit(page, "Start your plan")
    axe(page)
    follow(page, "Add an outcome")
    axe(page)
    page.get_by_label("What do you want to achieve?").fill("I am up, washed and dressed by 9 every morning.")
    submit(page, "Save and go back to the plan")
    follow(page, "Add support for outcome 1")
    axe(page)
    page.get_by_label("What is the support?").fill("Personal assistant, morning calls")
    page.get_by_label("How much does it cost each time, in pounds?").fill("18.50")
    page.get_by_label("How many times a week?").fill("7")
    submit(page, "Save and go back to the plan")
    assert "£129.50" in page.content()  # 7 x £18.50, a week
    follow(page, "Change how the money is managed")
    axe(page)
    page.get_by_label("Direct payment: the money is paid to me").check()
    submit(page, "Save and go back to the plan")
    follow(page, "Change what happens if things go wrong")
    page.get_by_label("If things go wrong").fill("My sister covers mornings if my PA is ill.")
    submit(page, "Save and go back to the plan")
    axe(page)
    follow(page, "Submit for sign-off")
    axe(page)
    submit(page, "Submit for sign-off")
    assert "sent for sign-off" in page.content()
    axe(page)
    budget.refresh_from_db()
    assert budget.status == Status.SIGN_OFF

    # The worker signs it off; the summary sheet is rendered and can be downloaded.
    sign_in(page, live_server, p.wendy)
    go(page, live_server, axe, reverse("signoff:queue"))
    go(page, live_server, axe, reverse("signoff:decide", args=[budget.pk]))
    page.get_by_label("Sign off the plan").check()
    submit(page, "Confirm decision")
    axe(page)
    budget.refresh_from_db()
    assert budget.status == Status.ACTIVE
    assert budget.agreed_weekly_pence == 12950
    assert review_open(budget=budget).due_date > datetime.date.today() + datetime.timedelta(weeks=7)

    sign_in(page, live_server, p.alice)
    assert "£129.50 a week" in page.content()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your summary sheet (PDF)").click()  # a download, not a page
    pdf_path = download_info.value.path()
    with open(pdf_path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    text = subprocess.run(["pdftotext", "-layout", pdf_path, "-"], capture_output=True, text=True, check=True).stdout
    assert "Alice Adams" in text and "129.50" in text
    assert len(axe.checked) >= 20
    assert page.evaluate("document.body.classList.contains('js-enabled')")  # the nonce'd script ran
    assert blocked == []
