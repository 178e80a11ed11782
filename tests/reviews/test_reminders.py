"""
The reminder sweep: what is due is recorded once, and each reminder is sent exactly once,
however often the sweep runs, whatever fails in between (a send, a worker, the broker).
"""

import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from pbudget.models import Role
from reviews.models import ReminderKind, ReviewReminder, ReviewStatus
from reviews.reminders import reminder_send
from reviews.services import review_schedule_first
from reviews.sweep import reminders_record_due
from reviews.tasks import send_review_reminder
from tests.factories import PersonFactory, UserFactory
from tests.reviews.factories import active_budget, at, scheduled_review

ALICE_UPCOMING = {"alice@example.org", "rita@example.org", "wendy@northshire.example"}


def sent_to(kind=ReminderKind.UPCOMING):
    return sorted(ReviewReminder.objects.filter(kind=kind, sent_at__isnull=False).values_list("email", flat=True))


def outbox_to():
    return sorted(address for message in mail.outbox for address in message.to)


class TestRecording:
    def test_nothing_is_recorded_before_the_14_day_window(self, p, review, sweep):
        with at(2027, 2, 16, 12, 0):  # 15 days before 3 March
            sweep()
        assert not ReviewReminder.objects.exists()
        assert mail.outbox == []

    def test_on_the_first_day_of_the_window_the_person_representative_and_worker_are_told(self, p, review, sweep):
        with at(2027, 2, 17, 9, 0):
            sweep()
        assert outbox_to() == sorted(ALICE_UPCOMING)
        assert sent_to() == sorted(ALICE_UPCOMING)
        assert not ReviewReminder.objects.filter(kind=ReminderKind.OVERDUE).exists()
        alice = ReviewReminder.objects.get(email="alice@example.org")
        assert alice.recipient == p.alice

    def test_the_person_without_an_email_of_their_own_is_told_at_their_sign_in_address(self, p, review):
        p.alice_person.email = ""
        p.alice_person.save()
        reminders_record_due(today=datetime.date(2027, 2, 20))
        assert ReviewReminder.objects.filter(email="alice@example.org", recipient=p.alice).exists()

    def test_without_an_allocated_worker_every_worker_of_the_team_is_told(self, p, review):
        other = UserFactory(council=p.northshire, role=Role.SOCIAL_WORKER, team=p.north, email="olive@northshire.example")
        p.alice_person.allocated_worker = None
        p.alice_person.save()
        reminders_record_due(today=datetime.date(2027, 2, 20))
        emails = set(ReviewReminder.objects.values_list("email", flat=True))
        assert {"wendy@northshire.example", other.email} <= emails
        assert "walter@northshire.example" not in emails and "mandy@northshire.example" not in emails

    def test_a_representative_who_no_longer_acts_is_not_told(self, p, review):
        p.alice_person.representatives.update(ended_at=timezone.now())
        reminders_record_due(today=datetime.date(2027, 2, 20))
        assert "rita@example.org" not in set(ReviewReminder.objects.values_list("email", flat=True))

    def test_the_manager_is_told_once_the_review_is_overdue(self, p, review, sweep):
        with at(2027, 3, 3, 23, 30):  # the due date itself: not yet overdue
            sweep()
        assert not ReviewReminder.objects.filter(kind=ReminderKind.OVERDUE).exists()
        with at(2027, 3, 4, 0, 30):
            sweep()
            sweep()
        assert sent_to(ReminderKind.OVERDUE) == ["mandy@northshire.example"]
        overdue = [m for m in mail.outbox if "overdue" in m.subject]
        assert len(overdue) == 1 and overdue[0].to == ["mandy@northshire.example"]
        assert overdue[0].subject == "Review of Alice Adams's personal budget is overdue: it was due on 3 March 2027 (1 day ago)"

    def test_completed_reviews_and_closed_budgets_are_not_reminded(self, p, review, sweep):
        review.status, review.outcomes_met, review.next_step = ReviewStatus.COMPLETED, "met", "continue"
        review.save()
        closed = active_budget(p.bob_person, status="closed")
        scheduled_review(closed, datetime.date(2027, 3, 1))
        with at(2027, 3, 10, 9, 0):
            sweep()
        assert not ReviewReminder.objects.exists() and mail.outbox == []

    @pytest.mark.parametrize("rows", [1, 10])
    def test_recording_takes_a_fixed_number_of_queries(self, p, rows, django_assert_num_queries):
        for i in range(rows):
            person = PersonFactory(team=p.north, allocated_worker=p.wendy if i % 2 else None, email=f"p{i}@example.org")
            scheduled_review(active_budget(person), datetime.date(2027, 3, 1))
        # A savepoint and its release; whether any review needs its next reminder date, the
        # councils' leads, setting it; then one INSERT ... SELECT.
        with django_assert_num_queries(6):
            reminders_record_due(today=datetime.date(2027, 3, 10))
        # Person upcoming (late), worker due, manager overdue: no upcoming to the worker once it is due.
        assert ReviewReminder.objects.count() == rows * 3


class TestSending:
    def test_running_the_sweep_twice_sends_each_reminder_once(self, p, review, sweep):
        with at(2027, 2, 20, 9, 0):
            sweep()
            sweep()
        with at(2027, 2, 21, 9, 0):
            sweep()
        assert outbox_to() == sorted(ALICE_UPCOMING)
        assert ReviewReminder.objects.count() == 3
        assert not ReviewReminder.objects.filter(sent_at__isnull=True).exists()

    def test_the_email_is_plain_english_with_the_date_and_a_link(self, p, review, sweep, settings):
        settings.SITE_URL = "https://budgets.northshire.example"
        with at(2027, 2, 20, 9, 0):
            sweep()
        to_alice = next(m for m in mail.outbox if m.to == ["alice@example.org"])
        assert to_alice.subject == "Review of Alice Adams's personal budget due by 3 March 2027"
        assert "3 March 2027" in to_alice.body
        assert f"https://budgets.northshire.example/reviews/{review.budget_id}/" in to_alice.body
        assert "not about cutting the budget" in to_alice.body
        assert "tell us online how each part of the plan is going" in to_alice.body
        assert "&#x27;" not in to_alice.body  # plain text, not HTML-escaped
        to_wendy = next(m for m in mail.outbox if m.to == ["wendy@northshire.example"])
        assert "Please arrange it with Alice" in to_wendy.body

    def test_a_reminder_already_sent_is_never_sent_again(self, p, review):
        reminders_record_due(today=datetime.date(2027, 2, 20))
        reminder = ReviewReminder.objects.get(email="alice@example.org")
        assert reminder_send(reminder_id=reminder.pk) is True
        assert reminder_send(reminder_id=reminder.pk) is False
        assert len(mail.outbox) == 1

    def test_a_repeat_after_a_crash_carries_the_same_message_id(self, p, review, settings):
        settings.DEFAULT_FROM_EMAIL = "Northshire <reviews@northshire.example>"
        reminders_record_due(today=datetime.date(2027, 2, 20))
        reminder = ReviewReminder.objects.get(email="alice@example.org")
        assert reminder_send(reminder_id=reminder.pk) is True
        # The crash window: mailed, but the process died before sent_at was written; the claim expired.
        ReviewReminder.objects.filter(pk=reminder.pk).update(sent_at=None, claimed_at=timezone.now() - datetime.timedelta(hours=1))
        assert reminder_send(reminder_id=reminder.pk) is True
        first, again = (m.extra_headers["Message-ID"] for m in mail.outbox)
        assert first == again == f"<review-reminder-{reminder.pk}-{review.pk}@northshire.example>"
        other = ReviewReminder.objects.get(email="rita@example.org")
        reminder_send(reminder_id=other.pk)
        assert mail.outbox[2].extra_headers["Message-ID"] != first

    def test_a_failed_send_leaves_the_reminder_unsent_and_the_next_sweep_sends_it_once(self, p, review, sweep, caplog):
        with at(2027, 2, 20, 9, 0), mock.patch("reviews.reminders.EmailMessage.send", side_effect=smtplib.SMTPServerDisconnected("gone")):
            sweep()
        assert mail.outbox == []
        assert ReviewReminder.objects.filter(sent_at__isnull=True, claimed_at__isnull=True).count() == 3
        assert "the next sweep will retry" in caplog.text
        with at(2027, 2, 20, 10, 0):
            sweep()
            sweep()
        assert outbox_to() == sorted(ALICE_UPCOMING)

    def test_a_stale_claim_is_sent_by_the_next_sweep_but_a_fresh_one_is_not(self, p, review, sweep):
        with at(2027, 2, 20, 9, 0):
            reminders_record_due(today=timezone.localdate())
            now = timezone.now()
            # Alice's send was claimed by a worker that died 20 minutes ago; Rita's is being sent now.
            ReviewReminder.objects.filter(email="alice@example.org").update(claimed_at=now - datetime.timedelta(minutes=20))
            ReviewReminder.objects.filter(email="rita@example.org").update(claimed_at=now - datetime.timedelta(minutes=5))
            sweep()
        assert outbox_to() == ["alice@example.org", "wendy@northshire.example"]
        assert ReviewReminder.objects.get(email="rita@example.org").sent_at is None
        # Should that worker die too, its claim expires and a later sweep sends Rita's, once.
        with at(2027, 2, 20, 9, 30):
            sweep()
            sweep()
        assert outbox_to() == sorted(ALICE_UPCOMING)

    def test_a_broker_that_refuses_does_not_stop_the_sweep_or_lose_the_reminder(self, p, review, sweep, caplog):
        with at(2027, 2, 20, 9, 0), mock.patch.object(send_review_reminder, "delay", side_effect=OperationalError("refused")) as delay:
            sweep()
        assert delay.call_count == 3  # it tried every reminder, not just the first
        assert mail.outbox == []
        assert ReviewReminder.objects.filter(sent_at__isnull=True, claimed_at__isnull=True).count() == 3
        assert "Could not queue review reminder" in caplog.text
        with at(2027, 2, 20, 10, 0):  # the broker is back
            sweep()
            sweep()
        assert outbox_to() == sorted(ALICE_UPCOMING)

    def test_a_review_completed_before_its_reminder_went_out_sends_nothing(self, p, review, sweep):
        reminders_record_due(today=datetime.date(2027, 2, 20))
        Review = type(review)
        Review.objects.filter(pk=review.pk).update(status=ReviewStatus.COMPLETED, outcomes_met="met", next_step="continue")
        reminder = ReviewReminder.objects.get(email="alice@example.org")
        assert reminder_send(reminder_id=reminder.pk) is False
        with at(2027, 2, 20, 10, 0):
            sweep()
        assert mail.outbox == []


class TestClockChange:
    """Plan starts 1 September 2026: first review due 27 October, two days after the clocks go back."""

    @pytest.fixture
    def autumn_review(self, p):
        return review_schedule_first(budget=active_budget(p.alice_person), plan_start=datetime.date(2026, 9, 1))

    def test_the_window_opens_on_the_london_date_not_the_utc_date(self, p, autumn_review, sweep):
        assert autumn_review.due_date == datetime.date(2026, 10, 27)
        with at(2026, 10, 12, 23, 30):  # 15 days before, in London and in UTC
            sweep()
        assert mail.outbox == []
        with at(2026, 10, 13, 0, 30):  # 14 days before in London, still 12 October in UTC
            sweep()
        assert outbox_to() == sorted(ALICE_UPCOMING)

    def test_after_the_clocks_go_back_it_is_overdue_only_from_the_next_london_day(self, p, autumn_review, sweep):
        with at(2026, 10, 27, 23, 30):
            sweep()
        assert not ReviewReminder.objects.filter(kind=ReminderKind.OVERDUE).exists()
        with at(2026, 10, 28, 0, 30):
            sweep()
        assert sent_to(ReminderKind.OVERDUE) == ["mandy@northshire.example"]


def test_a_reminder_recorded_before_the_budget_was_closed_is_never_sent(p, django_capture_on_commit_callbacks):
    import datetime as dt

    from django.core import mail

    from pbudget.lifecycle import budget_move
    from reviews.models import ReviewReminder
    from reviews.services import local_today
    from reviews.sweep import reminders_record_due
    from reviews.tasks import review_reminder_sweep
    from tests.reviews.factories import active_budget, scheduled_review

    budget = active_budget(p.alice_person)
    scheduled_review(budget, local_today() + dt.timedelta(days=3))
    reminders_record_due(today=local_today())
    assert ReviewReminder.objects.filter(review__budget=budget).count() == 3
    budget_move(budget=budget, move="close", actor=p.wendy, reason="Moved to another council")
    with django_capture_on_commit_callbacks(execute=True):
        review_reminder_sweep()
    assert mail.outbox == []
    assert not ReviewReminder.objects.filter(sent_at__isnull=False).exists()


class TestWording:
    """Each email says how the review stands on the day it goes out: due by, due today, or overdue."""

    @pytest.fixture
    def late(self, p, budget, sweep):
        """The tester's case: a first review due on 20 November, the first sweep on 23 November."""
        scheduled_review(budget, datetime.date(2026, 11, 20))
        with at(2026, 11, 23, 9, 0):
            sweep()
        return [(m.to[0], m.subject, m.body) for m in mail.outbox]

    def by(self, messages, address):
        return [(subject, body) for to, subject, body in messages if to == address]

    def test_an_overdue_reminder_to_the_person_says_it_was_due_and_is_overdue(self, late):
        [(subject, body)] = self.by(late, "alice@example.org")
        assert subject == "Review of Alice Adams's personal budget is overdue: it was due on 20 November 2026 (3 days ago)"
        assert "was due for its first review on 20 November 2026, and the review has not happened yet" in body
        assert "due by" not in subject + body and "is due" not in body
        assert "will be in touch to arrange it as soon as they can" in body

    def test_an_overdue_reminder_to_the_worker_says_it_was_due_and_is_overdue(self, late):
        told = self.by(late, "wendy@northshire.example")
        assert len(told) == 1  # the due-day reminder only: an upcoming one as well would say the same again
        for subject, body in told:
            assert subject.endswith("is overdue: it was due on 20 November 2026 (3 days ago)")
            assert "The first review of Alice Adams's personal budget was due on 20 November 2026 and is overdue." in body
            assert "as soon as you can" in body and "due by" not in body and "due today" not in body

    def test_the_managers_reminder_says_by_how_many_days(self, late):
        [(subject, body)] = self.by(late, "mandy@northshire.example")
        assert subject == "Review of Alice Adams's personal budget is overdue: it was due on 20 November 2026 (3 days ago)"
        assert "was due on 20 November 2026 and is overdue by 3 days: it has not been completed." in body

    def test_on_time_and_on_the_day_the_email_says_due_by_and_due_today(self, p, budget):
        from reviews.reminders import reminder_message

        review = scheduled_review(budget, datetime.date(2026, 11, 20))
        reminders_record_due(today=datetime.date(2026, 11, 20))
        to_alice = ReviewReminder.objects.get(email="alice@example.org", kind=ReminderKind.UPCOMING)
        due_today = ReviewReminder.objects.get(kind=ReminderKind.DUE)
        subject, body = reminder_message(to_alice, today=datetime.date(2026, 11, 6))
        assert subject == "Review of Alice Adams's personal budget due by 20 November 2026"
        assert "is due for its first review by 20 November 2026." in body and "overdue" not in body
        subject, body = reminder_message(due_today, today=datetime.date(2026, 11, 20))
        assert subject == "Review of Alice Adams's personal budget is due today (20 November 2026)"
        assert "is due today, 20 November 2026." in body and "overdue" not in body
        subject, body = reminder_message(due_today, today=datetime.date(2026, 11, 21))  # sent a day late
        assert subject.endswith("is overdue: it was due on 20 November 2026 (1 day ago)")
        assert review.pk == to_alice.review_id
