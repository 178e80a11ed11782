"""
Two-factor sign-in: staff pass a code from an authenticator app (or a single-use backup code)
before any page but sign-in, the two-factor step and sign-out; people may turn it on; a
password reset never gets round it.
"""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pbudget.accounts import two_factor
from pbudget.models import AuditEntry, BudgetEvent, Role
from tests.browser.helpers import authenticator_for
from tests.factories import UserFactory
from tests.test_no_leaks import _urls, alice_everywhere  # noqa: F401  (a fixture)

PASSWORD = "correct horse battery staple"
VERIFY = "/accounts/two-factor/"


def _sign_in(client, user, password=PASSWORD):
    response = client.post(reverse("login"), {"username": user.email, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def _code(client, code, next_url="/"):
    return client.post(VERIFY, {"code": code, "next": next_url})


@pytest.mark.parametrize("who", ["wendy", "mandy", "adam", "planner"])
def test_a_staff_session_with_only_a_password_reaches_no_page(client, p, alice_everywhere, who):  # noqa: F811
    user = UserFactory(council=p.northshire, role=Role.PLANNER) if who == "planner" else getattr(p, who)
    budget, made = alice_everywhere
    events, audits = BudgetEvent.objects.count(), AuditEntry.objects.count()
    client.force_login(user, second_factor=False)
    urls = [("home", "/", False), *_urls(p, budget, made), ("admin", "/django-admin/", False)]
    for name, url, _ in urls:
        if url.startswith("/accounts/two-factor/"):
            continue  # the second step itself
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, (method, url, response.status_code)
            assert response["Location"].startswith(VERIFY), (method, url, response["Location"])
            assert "Alice" not in response.content.decode()
    assert BudgetEvent.objects.count() == events and AuditEntry.objects.count() == audits


def test_staff_sign_in_is_password_then_code_with_a_new_session_id_at_each_step(client, p):
    device = authenticator_for(p.wendy)
    client.get(reverse("login"))
    before = client.cookies.get("sessionid")
    response = _sign_in(client, p.wendy)
    after_password = client.cookies["sessionid"].value
    assert before is None or before.value != after_password
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    page = client.get(response["Location"])
    assert "Enter your code" in page.content.decode()

    wrong = _code(client, "000000" if two_factor.current_code(device) != "000000" else "111111")
    assert "Enter the 6-digit code your app shows now" in wrong.content.decode()
    assert client.get("/").status_code == 302

    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=2)):  # past the pause a wrong code earns
        response = _code(client, two_factor.current_code(device), next_url=f"/people/{p.alice_person.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/people/{p.alice_person.pk}/"
    assert client.cookies["sessionid"].value != after_password
    assert client.get(f"/people/{p.alice_person.pk}/").status_code == 200


def test_a_code_works_once(client, p):
    device = authenticator_for(p.wendy)
    code = two_factor.current_code(device)
    _sign_in(client, p.wendy)
    assert _code(client, code).status_code == 302
    client.post(reverse("logout"))
    _sign_in(client, p.wendy)
    assert _code(client, code).status_code == 200  # replayed: refused
    assert client.get("/").status_code == 302
    # The code the demo shows (and browser tests type) is then the next one, accepted a step early.
    device.refresh_from_db()
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=2)):  # past the pause a wrong code earns
        following = two_factor.current_code(device)
        assert following != code
        assert _code(client, following).status_code == 302


def test_the_next_address_never_leads_off_the_site(client, p):
    device = authenticator_for(p.wendy)
    _sign_in(client, p.wendy)
    response = _code(client, two_factor.current_code(device), next_url="https://evil.example/")
    assert response["Location"] == "/"


def test_a_backup_code_works_once_and_then_is_gone(client, p):
    client.force_login(p.wendy)
    page = client.post(reverse("backup_codes_renew")).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(codes) == 10
    client.post(reverse("logout"))
    _sign_in(client, p.wendy)
    assert _code(client, codes[0].upper()).status_code == 302  # however it is typed
    assert client.get("/").status_code == 200
    client.post(reverse("logout"))
    _sign_in(client, p.wendy)
    assert _code(client, codes[0]).status_code == 200
    assert StaticToken.objects.filter(device__user=p.wendy).count() == 9


def test_wrong_codes_slow_down_even_the_right_one(client, p):
    device = authenticator_for(p.wendy)
    _sign_in(client, p.wendy)
    for _ in range(3):
        _code(client, "abcdefgh")
        _code(client, "999999" if two_factor.current_code(device) != "999999" else "888888")
    response = _code(client, two_factor.current_code(device))
    assert response.status_code == 200
    assert "Wait a minute" in response.content.decode()


def test_new_staff_set_up_the_app_from_a_qr_code_then_get_backup_codes(client, p):
    client.force_login(p.walter, second_factor=False)
    response = client.get(VERIFY)
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_setup"))
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and "QR code for your authenticator app" in page
    pending = TOTPDevice.objects.get(user=p.walter, confirmed=False)
    assert two_factor.secret_for_people(pending) in page
    assert client.get("/").status_code == 302  # still not through

    response = client.post(reverse("two_factor_setup"), {"code": two_factor.current_code(pending), "next": "/"})
    assert "Two-factor sign-in is set up" in response.content.decode()
    assert len(re.findall(r"<li><code>[a-z2-7]{8}</code></li>", response.content.decode())) == 10
    assert TOTPDevice.objects.get(user=p.walter).confirmed
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(user=p.walter, what="Two-factor sign-in set up").exists()


def test_a_password_alone_cannot_replace_the_app(client, p):
    authenticator_for(p.wendy)
    client.force_login(p.wendy, second_factor=False)
    response = client.get(reverse("two_factor_setup"))
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    response = client.post(reverse("two_factor_setup"), {"code": "123456"})
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert not TOTPDevice.objects.filter(user=p.wendy, confirmed=False).exists()


def test_people_need_no_code_until_they_turn_it_on_and_then_they_do(client, p):
    _sign_in(client, p.alice)
    assert client.get("/").status_code == 200
    page = client.get(reverse("account_security")).content.decode()
    assert "Two-factor sign-in is off" in page
    client.get(reverse("two_factor_setup"))
    pending = TOTPDevice.objects.get(user=p.alice, confirmed=False)
    client.post(reverse("two_factor_setup"), {"code": two_factor.current_code(pending)})
    client.post(reverse("logout"))

    _sign_in(client, p.alice)
    assert client.get("/")["Location"].startswith(VERIFY)
    TOTPDevice.objects.filter(pk=pending.pk).update(last_t=-1)
    assert _code(client, two_factor.current_code(pending)).status_code == 302
    client.post(reverse("two_factor_turn_off"))
    assert not TOTPDevice.objects.filter(user=p.alice).exists()
    client.post(reverse("logout"))
    _sign_in(client, p.alice)
    assert client.get("/").status_code == 200


def test_staff_cannot_turn_it_off(client, p):
    client.force_login(p.wendy)
    response = client.post(reverse("two_factor_turn_off"), follow=True)
    assert "Council staff must use two-factor sign-in" in response.content.decode()
    assert TOTPDevice.objects.filter(user=p.wendy, confirmed=True).exists()


def test_a_password_reset_emails_a_link_and_never_skips_the_second_factor(client, p, settings):
    settings.SITE_URL = "https://budgets.example.gov.uk"
    settings.ALLOWED_HOSTS = ["*"]  # even so, the link is built from SITE_URL, not the Host header
    device = authenticator_for(p.wendy)
    response = client.post(reverse("password_reset"), {"email": "Wendy@Northshire.example"}, HTTP_HOST="evil.example")
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["wendy@northshire.example"]
    link = re.search(r"https://budgets\.example\.gov\.uk(/accounts/password-reset/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    new = "lantern otter quarry meadow"
    response = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session  # the reset signs nobody in
    assert client.get("/")["Location"].startswith("/accounts/login/")
    _sign_in(client, p.wendy, password=new)
    assert client.get(f"/people/{p.alice_person.pk}/")["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, p):
    known = client.post(reverse("password_reset"), {"email": "alice@example.org"}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert "Check your email" in unknown.content.decode()
    assert len(mail.outbox) == 1


def test_the_demo_shows_the_code_only_in_demo_mode(client, p, settings):
    TOTPDevice.objects.create(user=p.wendy, name=two_factor.DEMO_DEVICE, confirmed=True)
    client.force_login(p.wendy, second_factor=False)
    settings.DEMO_MODE = False
    assert "Demo only" not in client.get(VERIFY).content.decode()
    settings.DEMO_MODE = True
    assert "Demo only: the code for this demo account is" in client.get(VERIFY).content.decode()
