"""Helpers for the assessment and RAS axe-core browser tests (Playwright on Debian's Chromium)."""

import pytest
from django.urls import reverse

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture
def axe():
    """axe-core on the page, every rule but "region": base.html puts the phase banner and back link
    outside any landmark (a shared-layout matter, reported, not these pages')."""
    from axe_playwright_python.sync_playwright import Axe

    checker = Axe()

    def check(page):
        results = checker.run(page, options={"rules": {"region": {"enabled": False}}})
        assert results.response["violations"] == [], f"axe-core on {page.url}:\n{results.generate_report()}"

    return check


def sign_in(page, live_server, user):
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()


def visit(page, live_server, axe, url):
    response = page.goto(live_server.url + url)
    assert response.status == 200, url
    axe(page)
