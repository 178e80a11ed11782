"""
Redis unreachable (the web side pointed at a port where nothing listens, rather than stopping the
Redis other test runs share): every review page still answers, and the reminders due meanwhile
are caught up, once each, when the broker is back.
"""

import time

import pytest
from django.core import mail

from pbudget.celery import app
from reviews.models import ReviewReminder
from tests.reviews.factories import at

pytestmark = pytest.mark.worker  # tasks are not run inline: they go to the (missing) broker


def _fresh_connections():
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # refused
    _fresh_connections()
    yield
    app.conf.broker_url = previous
    _fresh_connections()


def test_pages_work_without_the_broker_and_reminders_catch_up(p, client, review, sweep, broker_down, caplog):
    with at(2027, 2, 20, 9, 0):
        client.force_login(p.wendy)
        for url in ["/reviews/", f"/reviews/{review.budget_id}/", "/"]:
            started = time.monotonic()
            response = client.get(url)
            assert response.status_code == 200, url
            assert time.monotonic() - started < 2, f"{url} waited on the broker"
        response = client.post(f"/reviews/{review.budget_id}/start/")
        assert response.status_code == 302
        sweep()
    assert "Could not queue review reminder" in caplog.text
    assert mail.outbox == []
    assert ReviewReminder.objects.filter(queued_at__isnull=True, sent_at__isnull=True).count() == 3

    # The broker is back (running tasks inline stands in for it).
    app.conf.broker_url = "memory://localhost/"
    _fresh_connections()
    app.conf.task_always_eager = True
    with at(2027, 2, 20, 10, 0):
        sweep()
        sweep()
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "rita@example.org", "wendy@northshire.example"]
    assert not ReviewReminder.objects.filter(sent_at__isnull=True).exists()
