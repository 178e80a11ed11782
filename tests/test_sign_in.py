"""Sign-in throttling: ten failures lock an email address or a network address for five minutes."""

import datetime
import re

import time_machine
from django.utils import timezone

LOGIN = "/accounts/login/"
RIGHT = "correct horse battery staple"


def _try(client, email, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


def test_ten_failures_lock_the_account_whatever_the_address(client, p):
    for n in range(9):
        response = _try(client, "alice@example.org", "wrong", address=f"198.51.100.{n}")
        assert "Enter a correct email address and password." in response.content.decode()
    assert _try(client, "alice@example.org", "wrong", address="198.51.100.9").status_code == 429  # the tenth
    response = _try(client, "alice@example.org", RIGHT, address="198.51.100.99")
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account signs in as usual from elsewhere.
    assert _try(client, "bob@example.org", RIGHT, address="192.0.2.1").status_code == 302
    # Five minutes later Alice can sign in again.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6)):
        assert _try(client, "alice@example.org", RIGHT, address="198.51.100.99").status_code == 302


def test_ten_failures_lock_the_address_and_say_nothing_about_which_accounts_exist(client, p):
    for n in range(10):
        _try(client, f"nobody{n}@example.org", "wrong")
    unknown = _try(client, "nobody-else@example.org", "wrong")
    known = _try(client, "alice@example.org", RIGHT)
    assert unknown.status_code == known.status_code == 429
    def without_nonce(response):
        return re.sub(rb'nonce="[^"]+"', b"", response.content)

    assert without_nonce(unknown) == without_nonce(known)


def test_a_success_clears_earlier_failures(client, p):
    for _ in range(9):
        _try(client, "alice@example.org", "wrong")
    assert _try(client, "alice@example.org", RIGHT).status_code == 302
    client.logout()
    for _ in range(9):
        _try(client, "alice@example.org", "wrong")
    assert _try(client, "alice@example.org", RIGHT).status_code == 302


def test_the_email_address_is_not_case_sensitive(client, p):
    assert _try(client, "Alice@Example.ORG", RIGHT).status_code == 302
