"""
Real worker processes: one is killed (SIGKILL) in the middle of a batch of sends, another takes over,
and every reminder goes out exactly once.
"""

import datetime
import signal
import time

import pytest
from django.utils import timezone

from pbudget.models import Role
from reviews.models import ReviewReminder
from reviews.services import local_today
from reviews.tasks import review_reminder_sweep
from tests.factories import PersonFactory, UserFactory
from tests.processes import celery_process, wait_for
from tests.reviews.factories import active_budget, scheduled_review

pytestmark = pytest.mark.worker

PEOPLE = 8


def _subjects_and_recipients(mail_dir):
    found = []
    for path in sorted(mail_dir.glob("*")):
        lines = path.read_text().splitlines()
        subjects = [line for line in lines if line.startswith("Subject:")]
        recipients = [line for line in lines if line.startswith("To:")]
        found += list(zip(recipients, subjects))
    return found


def test_a_worker_killed_mid_batch_loses_nothing_and_doubles_nothing(transactional_db, p, tmp_path, settings):
    settings.REVIEW_REMINDER_CLAIM_SECONDS = 3
    settings.REVIEW_REMINDER_REQUEUE_SECONDS = 2
    worker = UserFactory(council=p.northshire, role=Role.SOCIAL_WORKER, team=p.south, email="sam@northshire.example")
    for i in range(PEOPLE):
        person = PersonFactory(team=p.south, allocated_worker=worker, email=f"person{i}@example.org")
        scheduled_review(active_budget(person), local_today() + datetime.timedelta(days=5))
    expected = PEOPLE * 2  # each person, and Sam for each of them
    mail_dir = tmp_path / "mail"
    env = dict(
        EMAIL_BACKEND="tests.reviews.slow_mail.EmailBackend", EMAIL_FILE_PATH=str(mail_dir),
        SLOW_MAIL_SECONDS="0.4", REVIEW_REMINDER_CLAIM_SECONDS="3",
    )
    queue = f"test-kill-{int(time.time())}"
    with celery_process(tmp_path / "first.log", queue=queue, **env) as first:
        assert review_reminder_sweep() == expected
        assert wait_for(lambda: ReviewReminder.objects.filter(sent_at__isnull=False).count() >= 3, timeout=30)
        # Kill it while it holds a claim it has not sent: mid-send, as a crash or an OOM kill would.
        assert wait_for(
            lambda: ReviewReminder.objects.filter(claimed_at__isnull=False, sent_at__isnull=True).exists(),
            timeout=10, interval=0.02,
        )
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    sent_before = ReviewReminder.objects.filter(sent_at__isnull=False).count()
    assert sent_before < expected, "the worker finished before it could be killed"
    assert ReviewReminder.objects.filter(claimed_at__isnull=False, sent_at__isnull=True).count() == 1

    with celery_process(tmp_path / "second.log", queue=queue, **env):
        def caught_up():
            review_reminder_sweep()  # beat's job: re-queue what is unsent past the limits
            return ReviewReminder.objects.filter(sent_at__isnull=False).count() == expected

        assert wait_for(caught_up, timeout=90, interval=2), (tmp_path / "second.log").read_text()
        time.sleep(2)  # anything still queued twice would arrive now
        review_reminder_sweep()
        time.sleep(1)
    sent = _subjects_and_recipients(mail_dir)
    assert len(sent) == expected, sent
    assert len(set(sent)) == expected, "a reminder was sent twice"
    assert ReviewReminder.objects.count() == expected
    assert not ReviewReminder.objects.filter(sent_at__isnull=True).exists()
    assert ReviewReminder.objects.filter(sent_at__lte=timezone.now()).count() == expected
