"""The sign-in, two-factor and account pages in a real browser: they work and pass axe-core."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from pbudget.accounts import two_factor
from tests.browser.helpers import PASSWORD, authenticator_for, follow, sign_in, submit, visit

pytestmark = pytest.mark.browser


def _password_only(page, live_server, axe, user):
    visit(page, live_server, axe, "/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    submit(page, "Sign in")


def test_new_staff_set_up_the_app_then_sign_in_with_a_code(page, live_server, p, axe):
    _password_only(page, live_server, axe, p.walter)
    assert "Set up two-factor sign-in" in page.content()
    axe(page)  # the QR code (SVG) and the secret
    pending = TOTPDevice.objects.get(user=p.walter, confirmed=False)
    submit(page, "Set up two-factor sign-in")  # no code: the error summary
    assert "Enter the code from your authenticator app" in page.content()
    axe(page)
    page.get_by_label("Code").fill(two_factor.current_code(pending))
    submit(page, "Set up two-factor sign-in")
    assert "Two-factor sign-in is set up" in page.content()
    assert len(re.findall(r"<code>[a-z2-7]{8}</code>", page.content())) == 10
    axe(page)
    follow(page, "I have saved my backup codes")
    assert "caseload" in page.content().lower()
    follow(page, "Sign-in settings")
    axe(page)
    assert "Two-factor sign-in is on" in page.content()

    page.context.clear_cookies()
    _password_only(page, live_server, axe, p.walter)
    assert "Enter your code" in page.content()
    axe(page)
    page.get_by_label("Code").fill("12")
    submit(page, "Continue")
    assert "Enter the 6-digit code" in page.content()
    axe(page)


def test_password_reset_and_change_pages(page, live_server, p, axe):
    visit(page, live_server, axe, "/accounts/login/")
    follow(page, "I have forgotten my password")
    axe(page)
    submit(page, "Send the link")
    assert "Enter your email address" in page.content()
    axe(page)
    page.get_by_label("Email address").fill("alice@example.org")
    submit(page, "Send the link")
    assert "Check your email" in page.content()
    axe(page)
    authenticator_for(p.wendy)
    sign_in(page, live_server, p.wendy)
    visit(page, live_server, axe, "/accounts/security/password/")
    submit(page, "Change password")
    assert "Enter your current password" in page.content()
    axe(page)
