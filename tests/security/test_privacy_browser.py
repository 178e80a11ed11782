"""The privacy pages in a real browser, with axe-core: who has looked, and a subject access draft."""

import pytest

from tests.browser.helpers import follow, sign_in, submit, visit

pytestmark = pytest.mark.browser


def test_who_has_looked_and_a_subject_access_draft(page, live_server, p, axe):
    sign_in(page, live_server, p.wendy)
    visit(page, live_server, axe, f"/people/{p.alice_person.pk}/")
    follow(page, "Subject access export")
    axe(page)
    submit(page, "Prepare an export")
    assert "Draft ready for review" in page.content()
    axe(page)
    page.get_by_role("link", name="Read").first.click()
    page.wait_for_load_state()
    assert "Draft: review and redact before release" in page.content() and "Alice" in page.content()
    axe(page)

    sign_in(page, live_server, p.alice)
    follow(page, "Who has looked at your record")
    assert "A social worker" in page.content() and "Wendy" not in page.locator("table").inner_text()
    axe(page)
