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
