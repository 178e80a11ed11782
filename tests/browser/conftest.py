"""Playwright driving Debian's Chromium (Playwright cannot download its own browser here)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


class AxeChecker:
    """Runs axe-core on the page and remembers every page it checked."""

    def __init__(self):
        self.axe = Axe()
        self.checked = []

    def __call__(self, page):
        results = self.axe.run(page)
        violations = results.response["violations"]
        self.checked.append(page.url)
        assert violations == [], f"axe-core found violations on {page.url}:\n{results.generate_report()}"


@pytest.fixture
def axe():
    return AxeChecker()
