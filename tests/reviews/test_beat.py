"""
Real Celery beat and worker processes send review reminders through Redis: each one once, however
many times the sweep runs.
"""

import datetime

import pytest

from reviews.models import ReviewReminder
from reviews.services import local_today
from tests.processes import celery_process, wait_for
from tests.reviews.factories import active_budget, scheduled_review

pytestmark = pytest.mark.worker


def _subjects(mail_dir):
    return [
        line
        for path in sorted(mail_dir.glob("*"))
        for line in path.read_text().splitlines()
        if line.startswith("Subject:")
    ]


def test_beat_and_worker_send_each_reminder_once(transactional_db, p, tmp_path):
    budget = active_budget(p.alice_person)
    scheduled_review(budget, local_today() + datetime.timedelta(days=5))
    mail_dir = tmp_path / "mail"
    log = tmp_path / "celery.log"
    with celery_process(
        log, "--beat", "--schedule", str(tmp_path / "beat-schedule"),
        REVIEW_SWEEP_SECONDS="2", EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
    ):
        # Alice, Rita (her representative) and Wendy (her worker) are each reminded.
        assert wait_for(lambda: ReviewReminder.objects.filter(sent_at__isnull=False).count() == 3), log.read_text()
        sweeps_so_far = log.read_text().count("review_reminder_sweep")
        # Let beat run the sweep at least twice more.
        assert wait_for(lambda: log.read_text().count("Sending due task review-reminder-sweep") >= 3, timeout=30)
        assert wait_for(lambda: log.read_text().count("review_reminder_sweep") > sweeps_so_far, timeout=30)
    subjects = _subjects(mail_dir)
    assert len(subjects) == 3, subjects
    assert all("Alice Adams" in subject for subject in subjects)
    assert sorted(ReviewReminder.objects.values_list("email", flat=True)) == [
        "alice@example.org", "rita@example.org", "wendy@northshire.example",
    ]
