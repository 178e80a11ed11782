"""The core pages each role lands on pass axe-core in a real browser."""

import pytest

from pbudget.lifecycle import Status
from tests.browser.helpers import sign_in, submit, visit
from tests.factories import BudgetFactory, UserFactory

pytestmark = pytest.mark.browser


def test_manager_admin_and_error_pages(page, live_server, p, axe):
    UserFactory(council=p.northshire, role="social_worker", team=p.north, full_name="Will Walker")
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    BudgetFactory(person=p.bob_person, status=Status.SIGN_OFF)
    sign_in(page, live_server, p.mandy)
    axe(page)  # counts by stage, waiting longest
    visit(page, live_server, axe, f"/people/{p.alice_person.pk}/")
    page.get_by_text("Reallocate Alice to another worker").click()
    axe(page)
    page.get_by_label("Will Walker").check()
    submit(page, "Reallocate")
    assert "now allocated to Will Walker" in page.content()
    axe(page)
    visit(page, live_server, axe, f"/budgets/{budget.pk}/close/")
    submit(page, "Close the budget")  # no reason: the error summary
    assert "Enter why the budget is being closed" in page.content()
    axe(page)
    response = page.goto(live_server.url + "/people/999999/")
    assert response.status == 404
    axe(page)
    sign_in(page, live_server, p.adam)
    axe(page)
    page.goto(live_server.url + "/accessibility/")
    axe(page)
