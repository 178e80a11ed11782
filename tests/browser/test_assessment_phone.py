"""
The self-assessment on a phone-sized screen with JavaScript turned off, by the person and by a
representative: every page works from the server alone, fits the screen, and passes axe-core.
"""

import pytest

from assessment.models import Assessment
from tests.browser.helpers import follow, sign_in, submit
from tests.browser.test_assessment_journey import answer_until_check, budget  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


PHONE = {"width": 375, "height": 812}


@pytest.fixture
def phone_without_javascript(browser):
    """A phone-sized screen with JavaScript turned off: the journey must need neither."""
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_axe(browser, live_server, axe):
    """
    axe-core needs scripts, which this page has none of: each page as the phone received it is
    written into a phone-sized page of the same site with scripts on (so its stylesheets load and
    colour contrast is judged) and checked there.
    """
    context = browser.new_context(viewport=PHONE)
    checker = context.new_page()
    checker.goto(live_server.url + "/accessibility/")  # an HTML page of the same site

    def check(page):
        checker.set_content(page.content())
        axe(checker)
        axe.checked[-1] = page.url

    yield check
    context.close()


def fits_the_screen(page):
    """Nothing wider than the phone: no sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_alice_finishes_on_a_phone_with_javascript_off(phone_without_javascript, live_server, p, budget, phone_axe):
    page, axe = phone_without_javascript, phone_axe
    sign_in(page, live_server, p.alice)
    axe(page)
    # GOV.UK's inline script marks the page when scripts run; here nothing ran.
    assert "js-enabled" not in page.evaluate("document.body.className")
    follow(page, "Start your assessment")
    axe(page)
    assert fits_the_screen(page)
    submit(page, "Start now")
    assert "Question 1 of 10" in page.content() and fits_the_screen(page)
    page.get_by_text("Why we ask").click()  # <details> opens without scripts
    assert page.get_by_text("Everyone needs to eat and drink well").is_visible()
    axe(page)
    submit(page, "Continue")  # nothing chosen: the error summary, rendered by the server
    assert "There is a problem" in page.content() and "Select the answer that best fits a typical week" in page.content()
    axe(page)
    assert answer_until_check(page, axe, 0, stop_after=2) == 2  # save and come back later works too
    assert "Your answers are saved" in page.content()
    follow(page, "Carry on with your assessment")
    submit(page, "Continue")
    assert "Question 3 of 10" in page.content()
    answer_until_check(page, axe, 0)  # Yes to a child: the conditional question is asked, server-side
    assert fits_the_screen(page)
    follow(page, "Change how do you manage food and drink?")
    axe(page)
    page.locator(".govuk-radios__input").nth(1).check()
    submit(page, "Continue")
    assert "Check your answers" in page.content()
    submit(page, "Send your answers")  # no declaration ticked
    assert "There is a problem" in page.content()
    axe(page)
    page.get_by_label("I confirm my answers are true to the best of my knowledge").check()
    submit(page, "Send your answers")
    assert "Answers sent" in page.content() and fits_the_screen(page)
    axe(page)
    assessment = Assessment.objects.get()
    assert assessment.submitted_by == p.alice and assessment.answers.count() == 11


def test_rita_answers_for_her_mother_on_a_phone_with_javascript_off(phone_without_javascript, live_server, p, budget, phone_axe):
    page, axe = phone_without_javascript, phone_axe
    sign_in(page, live_server, p.rita)
    axe(page)
    assert "Start Alice's assessment" in page.content() and fits_the_screen(page)
    follow(page, "Start Alice's assessment")
    axe(page)
    submit(page, "Start now")
    assert "“you” means Alice" in page.content() and fits_the_screen(page)
    answer_until_check(page, axe, 2)
    assert "Check Alice's answers before sending them" in page.content() and fits_the_screen(page)
    page.get_by_label("I confirm these answers are true of Alice, to the best of my knowledge").check()
    submit(page, "Send Alice's answers")
    assert "Alice Adams's assessment has been sent" in page.content()
    axe(page)
    assert Assessment.objects.get().submitted_by == p.rita
