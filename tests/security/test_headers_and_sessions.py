"""Headers on personal pages, session ids, sign-out, and the deployment checks that guard them."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.test_deploy import PRODUCTION, _manage

PASSWORD = "correct horse battery staple"


def test_a_personal_page_carries_every_protective_header(client, p, settings):
    settings.SECURE_HSTS_SECONDS = 31536000  # production's value (scripts/test runs with DEBUG off)
    client.force_login(p.wendy)
    response = client.get(f"/people/{p.alice_person.pk}/", secure=True)
    assert response.status_code == 200 and "Alice" in response.content.decode()
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("who", ["alice", "rita"])
def test_people_and_representatives_pages_are_not_stored_either(client, p, who):
    client.force_login(getattr(p, who))
    response = client.get("/")
    assert "Alice" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_signing_in_gives_a_new_session_id(client, p):
    client.get(reverse("login"))
    session = client.session
    session["before"] = "anonymous"
    session.save()
    anonymous_key = session.session_key
    client.cookies["sessionid"] = anonymous_key
    response = client.post(reverse("login"), {"username": p.alice.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != anonymous_key
    assert not Session.objects.filter(session_key=anonymous_key).exists()  # a fixed id can't be planted


def test_signing_out_ends_the_session_on_the_server(client, p):
    client.force_login(p.alice)
    key = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key  # a copied cookie is worth nothing afterwards
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_production_must_say_how_many_proxies_are_in_front():
    result = _manage("check", "--deploy", **{**PRODUCTION, "PROXY_COUNT": ""})
    assert result.returncode != 0 and "pbudget.E005" in result.stderr, result.stderr


def test_production_refuses_demo_mode():
    result = _manage("check", "--deploy", **{**PRODUCTION, "DEMO_MODE": "true"})
    assert result.returncode != 0 and "pbudget.E006" in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("count", "forwarded", "address"),
    [
        (0, "203.0.113.66", "10.0.0.1"),  # no proxy: the header is the client's own claim
        (1, "203.0.113.66", "203.0.113.66"),
        (1, "192.0.2.1, 203.0.113.66", "203.0.113.66"),  # the left entry was typed by the client
        (2, "192.0.2.1, 203.0.113.66, 10.0.0.2", "203.0.113.66"),
        (2, "203.0.113.66", "10.0.0.1"),  # fewer entries than proxies: not as configured
        (1, "not-an-address", "10.0.0.1"),
    ],
)
def test_the_client_address_takes_only_what_the_proxies_wrote(rf, settings, count, forwarded, address):
    from pbudget.client_address import client_address

    settings.AXES_IPWARE_PROXY_COUNT = count
    assert client_address(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)) == address


def test_the_address_behind_a_proxy_is_the_client_not_the_proxy(client, p, settings):
    """With PROXY_COUNT=1 failures count against the address the proxy saw, not the proxy's own."""
    settings.AXES_IPWARE_PROXY_COUNT = 1
    for n in range(10):
        client.post(reverse("login"), {"username": f"nobody{n}@example.org", "password": "x"},
                    REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    locked = client.post(reverse("login"), {"username": p.bob.email, "password": PASSWORD},
                         REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert locked.status_code == 429
    other = client.post(reverse("login"), {"username": p.alice.email, "password": PASSWORD},
                        REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.5")
    assert other.status_code == 302  # another user behind the same proxy is not locked out
