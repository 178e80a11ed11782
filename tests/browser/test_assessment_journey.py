"""
The self-assessment in a real browser, by the person and by a representative: start page, one
question per page (with the child question shown only after Yes), the "anything else" pages,
save and come back later, check your answers with a change, the declaration, the confirmation.
axe-core runs on every page visited.
"""

import pytest
from django.urls import reverse

from assessment.defaults import default_questionnaire
from assessment.models import Assessment, Channel
from pbudget.lifecycle import Status
from tests.browser.helpers import follow, sign_in, submit
from tests.factories import BudgetFactory

pytestmark = pytest.mark.browser


def answer_until_check(page, axe, pick, *, stop_after=None):
    """Answer each page with radio `pick` (or the last, for Yes/No), continuing past the notes."""
    seen = 0
    while "answers before sending them" not in page.content():  # "Check your" or "Check Alice's"
        axe(page)
        radios = page.locator(".govuk-radios__input")
        if radios.count():
            radios.nth(min(pick, radios.count() - 1)).check()
            seen += 1
            if seen == stop_after:
                submit(page, "Save and come back later")
                return seen
        else:
            page.get_by_role("textbox").fill("Some days are worse than others.")
        submit(page, "Continue")
    axe(page)
    return seen


@pytest.fixture
def budget(p):
    default_questionnaire(council=p.northshire)
    return BudgetFactory(person=p.alice_person, status=Status.ASSESSMENT)


def test_alice_assesses_herself_saves_and_comes_back(page, live_server, p, budget, axe):
    sign_in(page, live_server, p.alice)
    axe(page)
    follow(page, "Start your assessment")
    axe(page)
    assert "Tell us about a typical week" in page.content()
    submit(page, "Start now")
    assert "Question 1 of 10" in page.content()
    page.get_by_text("Why we ask").click()
    axe(page)
    submit(page, "Continue")  # nothing chosen
    assert "Select the answer that best fits a typical week" in page.content()
    axe(page)
    assert answer_until_check(page, axe, 0, stop_after=3) == 3  # three answers, then later
    assert "Your answers are saved" in page.content()
    axe(page)

    follow(page, "Carry on with your assessment")
    axe(page)
    submit(page, "Continue")
    assert "Question 4 of 10" in page.content()  # resumes at the first unanswered question
    answer_until_check(page, axe, 0)  # Yes to looking after a child asks one more question
    assert page.content().count(">Change<") == 14  # 11 answers and 3 notes
    follow(page, "Change how do you manage food and drink?")
    axe(page)
    page.locator(".govuk-radios__input").nth(2).check()
    submit(page, "Continue")
    assert "Check your answers" in page.content()
    page.get_by_label("I confirm my answers are true to the best of my knowledge").check()
    submit(page, "Send your answers")
    assert "Answers sent" in page.content()
    axe(page)
    follow(page, "See the answers that were sent")
    axe(page)
    assessment = Assessment.objects.get()
    assert assessment.channel == Channel.ONLINE and assessment.submitted_by == p.alice
    assert assessment.answers.count() == 11 and assessment.notes.count() == 3


def test_rita_answers_for_her_mother(page, live_server, p, budget, axe):
    sign_in(page, live_server, p.rita)
    axe(page)
    page.goto(live_server.url + reverse("assessment:start", args=[budget.pk]))
    axe(page)
    assert "Tell us about Alice's typical week" in page.content()
    submit(page, "Start now")
    assert "“you” means Alice" in page.content()
    answer_until_check(page, axe, 2)  # No to looking after a child: ten questions
    assert "About Alice Adams" in page.content() and "Check Alice's answers before sending them" in page.content()
    page.get_by_label("I confirm these answers are true of Alice, to the best of my knowledge").check()
    submit(page, "Send Alice's answers")
    assert "Alice Adams's assessment has been sent" in page.content()
    axe(page)
    assessment = Assessment.objects.get()
    assert (assessment.channel, assessment.submitted_by) == (Channel.ONLINE_REPRESENTATIVE, p.rita)
    assert assessment.answers.count() == 10

