"""`manage.py review_reminders` runs the sweep: the demo's way to see reminders without beat."""

import datetime
import io

from django.core import mail
from django.core.management import call_command

from reviews.services import local_today
from tests.reviews.factories import active_budget, scheduled_review


def test_the_command_sends_due_reminders_once(p, django_capture_on_commit_callbacks):
    scheduled_review(active_budget(p.alice_person), local_today() + datetime.timedelta(days=3))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("review_reminders", stdout=out)
    assert "3 reminder(s) were due" in out.getvalue()
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "rita@example.org", "wendy@northshire.example"]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("review_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 3
