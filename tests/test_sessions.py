"""Session limits: staff 30 minutes idle, people 4 hours idle, everyone 12 hours at most."""

import datetime

import time_machine
from django.utils import timezone


def _at(start, **delta):
    return time_machine.travel(start + datetime.timedelta(**delta), tick=False)


def test_staff_are_signed_out_after_30_minutes_idle(client, p):
    start = timezone.now()
    with _at(start):
        client.force_login(p.wendy)
        assert client.get("/").status_code == 200
    with _at(start, minutes=29):
        assert client.get("/").status_code == 200  # activity keeps it alive
    with _at(start, minutes=29 + 31):
        response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_people_stay_signed_in_longer_but_not_for_ever(client, p):
    start = timezone.now()
    with _at(start):
        client.force_login(p.alice)
        client.get("/")
    with _at(start, minutes=31):
        assert client.get("/").status_code == 200
    with _at(start, minutes=31, hours=4, seconds=30):
        assert client.get("/").status_code == 302


def test_no_session_lasts_more_than_12_hours_however_active(client, p):
    start = timezone.now()
    with _at(start):
        client.force_login(p.wendy)
        client.get("/")
    for step in range(1, 40):  # every 20 minutes, past 12 hours
        with _at(start, minutes=20 * step):
            response = client.get("/")
        if response.status_code != 200:
            break
    assert step == 37  # the first request after 12 hours (36 x 20 minutes) is refused
    assert response.status_code == 302
    with _at(start, minutes=20 * step):
        page = client.get(response["Location"]).content.decode()
    assert "signed in for 12 hours" in page


def test_disabling_a_user_ends_their_sessions_at_once(client, p):
    client.force_login(p.wendy)
    assert client.get("/").status_code == 200
    p.wendy.is_active = False
    p.wendy.save(update_fields=["is_active"])
    response = client.get(f"/people/{p.alice_person.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
