"""Browser-test helpers: Playwright driving Debian's Chromium, with axe-core on every page."""

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from pbudget.accounts import two_factor

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps knocking on this closed network.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


class AxeChecker:
    """Runs axe-core (every rule) on the page and remembers every page it checked."""

    def __init__(self):
        self.axe = Axe()
        self.checked = []

    def __call__(self, page):
        results = self.axe.run(page)
        self.checked.append(page.url)
        assert results.response["violations"] == [], f"axe-core found violations on {page.url}:\n{results.generate_report()}"


def submit(page, name):
    """Press a button and wait for the page it leads to (a click alone doesn't wait for it)."""
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def follow(page, name):
    """Follow a link and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("link", name=name).click()


def sign_in(page, live_server, user, password=PASSWORD):
    """Sign in with the password, then, for staff (or anyone with an app set up), a code from the app."""
    needs_code = two_factor.is_required_by_role(user) or two_factor.has_second_factor(user)
    device = authenticator_for(user) if needs_code else None
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    submit(page, "Sign in")
    if device is not None:
        page.get_by_label("Code").fill(two_factor.current_code(device))
        submit(page, "Continue")


def authenticator_for(user):
    """The user's confirmed authenticator app (made if missing), ready to accept the current code again."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Test authenticator", confirmed=True
    )
    # A code is accepted once per 30 seconds; tests sign the same user in again sooner than that.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None)
    device.refresh_from_db()
    return device



def visit(page, live_server, axe, url):
    response = page.goto(live_server.url + url)
    assert response.status == 200, url
    axe(page)
