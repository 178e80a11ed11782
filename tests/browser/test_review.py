"""
A review in a real browser: Alice fills in her part online before the meeting, Wendy reads it and
completes the review outcome by outcome. axe-core on every page.
"""

import datetime

import pytest

from reviews.models import Review, ReviewStatus
from reviews.selectors import review_plan_outcomes
from reviews.services import local_today
from tests.browser.helpers import follow, sign_in, submit, visit
from tests.reviews.conftest import budget  # noqa: F401  (the fixture: Alice's budget with an agreed plan)
from tests.reviews.factories import scheduled_review

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_person_fills_in_their_part_and_the_worker_completes_the_review(page, live_server, p, budget, axe):
    review = scheduled_review(budget, local_today() + datetime.timedelta(days=10))
    allotment, bath = review_plan_outcomes(budget=budget)

    sign_in(page, live_server, p.alice)
    visit(page, live_server, axe, f"/reviews/{budget.pk}/")
    follow(page, "Fill in your part of the review")
    assert page.get_by_role("heading", level=1).inner_text() == "Your part of the review"
    axe(page)
    page.locator(f'input[name="o{allotment.pk}_person_achieved"][value="fully"]').check()
    page.locator(f'textarea[name="o{allotment.pk}_person_working"]').fill("My PA drives me there on Tuesdays.")
    page.locator(f'input[name="o{bath.pk}_person_achieved"][value="not"]').check()
    page.locator(f'textarea[name="o{bath.pk}_person_not_working"]').fill("The bath seat still frightens me.")
    page.locator('input[name="quality_of_life"][value="4"]').check()
    page.locator('input[name="dignity"][value="3"]').check()
    submit(page, "Save my part")
    assert page.get_by_text("Your part of the review is saved").is_visible()
    axe(page)

    sign_in(page, live_server, p.wendy)
    visit(page, live_server, axe, f"/reviews/{budget.pk}/")
    assert page.get_by_text("My PA drives me there on Tuesdays.").is_visible()
    assert page.get_by_text("The bath seat still frightens me.").is_visible()
    submit(page, "Start the review")
    submit(page, "Complete the review")  # nothing chosen yet: the errors say what is missing
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.get_by_text("Select how the review was held").first.is_visible()
    axe(page)
    page.locator(f'input[name="o{allotment.pk}_achieved"][value="fully"]').check()
    page.locator(f'input[name="o{bath.pk}_achieved"][value="partly"]').check()
    page.locator(f'textarea[name="o{bath.pk}_worker_notes"]').fill("An OT will look at a bath lift.")
    page.get_by_label("By video call").check()
    page.get_by_label("Notes from the review").fill("The allotment is going well; baths are still hard.")
    page.get_by_label("Carry on with the plan as it is").check()
    submit(page, "Complete the review")
    assert f"/people/{p.alice_person.pk}/" in page.url
    assert page.get_by_text("Review completed.").is_visible()
    axe(page)

    done = Review.objects.get(pk=review.pk)
    assert (done.status, done.held_how, done.outcomes_met, done.quality_of_life) == (
        ReviewStatus.COMPLETED, "video", "partly", 4,
    )
    assert [(r.person_achieved, r.achieved) for r in done.outcomes.order_by("plan_outcome__order")] == [
        ("fully", "fully"), ("not", "partly"),
    ]
    assert len(axe.checked) == 6
