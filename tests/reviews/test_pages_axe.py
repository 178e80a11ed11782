"""The review pages in a real browser, clicked through by a worker and the person: axe-core clean."""

import datetime

import pytest

from reviews.services import local_today
from tests.browser.helpers import sign_in, submit
from tests.reviews.factories import active_budget, scheduled_review

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_every_review_page_passes_axe(page, live_server, p, budget, axe):
    scheduled_review(budget, local_today() - datetime.timedelta(days=2))  # overdue
    scheduled_review(active_budget(p.bob_person), local_today() + datetime.timedelta(days=9))
    sign_in(page, live_server, p.wendy)
    page.goto(f"{live_server.url}/reviews/")
    assert page.get_by_role("heading", level=1).inner_text() == "Reviews due"
    axe(page)
    page.goto(f"{live_server.url}/reviews/{budget.pk}/")
    axe(page)  # with the "Start the review" button
    page.goto(f"{live_server.url}/reviews/{budget.pk}/ask/")
    submit(page, "Ask for a review")  # nothing chosen: errors
    assert page.locator(".govuk-error-summary").is_visible()
    axe(page)
    page.get_by_label("A carer can no longer care").check()
    page.get_by_label("Tell us briefly what has changed").fill("Her daughter has moved away.")
    submit(page, "Ask for a review")
    assert page.get_by_text("A review has been asked for").is_visible()
    page.goto(f"{live_server.url}/")
    assert page.get_by_text("Reviews asked for").is_visible()
    axe(page)  # the worker's home with the work list
    sign_in(page, live_server, p.mandy)
    page.goto(f"{live_server.url}/reviews/{budget.pk}/")
    assert page.get_by_role("heading", name="Allocate the review").is_visible()
    axe(page)  # the manager's view, with reallocation
    sign_in(page, live_server, p.alice)
    page.goto(f"{live_server.url}/reviews/{budget.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your review"
    axe(page)
    assert len(axe.checked) == 6


def test_the_review_settings_page_passes_axe_and_saves(page, live_server, p, axe):
    from reviews.models import ReviewSettings

    sign_in(page, live_server, p.adam)
    page.goto(f"{live_server.url}/reviews/settings/")
    assert page.get_by_role("heading", level=1).inner_text() == "Review settings"
    axe(page)
    page.get_by_label("First review, weeks after the plan starts").fill("10")
    page.get_by_label("A safeguarding concern: review within how many days").fill("9")
    submit(page, "Save the review settings")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.get_by_text("Enter a number of weeks from 1 to 8").first.is_visible()
    axe(page)  # with the errors
    page.get_by_label("First review, weeks after the plan starts").fill("6")
    page.get_by_label("A safeguarding concern: review within how many days").fill("1")
    submit(page, "Save the review settings")
    assert page.get_by_text("The review settings are saved").is_visible()
    axe(page)
    assert (ReviewSettings.objects.get(council=p.northshire).first_review_weeks,
            ReviewSettings.objects.get(council=p.northshire).most_urgent_review_days) == (6, 1)
    assert len(axe.checked) == 3
