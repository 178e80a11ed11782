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
    submit(page, "Start the review")
    submit(page, "Complete the review")  # nothing filled in: errors
    assert page.locator(".govuk-error-summary").is_visible()
    axe(page)
    page.get_by_label("Outcomes partly met").check()
    page.get_by_label("Notes from the review").fill("The allotment is going well; baths are still hard.")
    page.get_by_label("Carry on with the plan as it is").check()
    submit(page, "Complete the review")
    assert f"/people/{p.alice_person.pk}/" in page.url
    page.goto(f"{live_server.url}/reviews/{budget.pk}/")
    assert page.get_by_text("The allotment is going well").is_visible()
    axe(page)  # with the history
    page.context.clear_cookies()
    sign_in(page, live_server, p.alice)
    page.goto(f"{live_server.url}/reviews/{budget.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your review"
    axe(page)
    assert len(axe.checked) == 5
