"""
The sweep's rules beyond the basics: the worker on the day, managers weekly while overdue, the
council's own timings, reviews of closed budgets, and reconciliation of what was never sent.
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from pbudget.lifecycle import budget_move
from reviews.calendar import overdue_week
from reviews.models import ReminderKind, ReviewReminder, ReviewSettings, ReviewStatus
from reviews.reminders import reminders_mark_queued
from tests.reviews.factories import at


def sent(kind):
    return sorted(
        ReviewReminder.objects.filter(kind=kind, sent_at__isnull=False).values_list("overdue_week", "email")
    )


def test_the_worker_is_told_on_the_day(p, review, sweep):
    with at(2027, 3, 2, 9, 0):
        sweep()
    assert sent(ReminderKind.DUE) == []
    with at(2027, 3, 3, 9, 0):
        sweep()
        sweep()
    assert sent(ReminderKind.DUE) == [(0, "wendy@northshire.example")]
    due_today = [m for m in mail.outbox if "due today" in m.subject]
    assert [m.to for m in due_today] == [["wendy@northshire.example"]]
    assert due_today[0].subject == "Review of Alice Adams's personal budget is due today (3 March 2027)"


def test_a_missed_day_is_caught_up_by_the_next_sweep(p, review, sweep):
    with at(2027, 3, 5, 9, 0):  # beat did not run on 3 or 4 March
        sweep()
    assert sent(ReminderKind.DUE) == [(0, "wendy@northshire.example")]
    assert sent(ReminderKind.OVERDUE) == [(0, "mandy@northshire.example")]


def test_the_manager_is_told_again_each_week_it_stays_overdue(p, review, sweep):
    for day in (4, 5, 10):  # week 0: 4-10 March
        with at(2027, 3, day, 9, 0):
            sweep()
    assert sent(ReminderKind.OVERDUE) == [(0, "mandy@northshire.example")]
    with at(2027, 3, 11, 9, 0):  # eight days overdue: the second week
        sweep()
        sweep()
    with at(2027, 3, 18, 9, 0):
        sweep()
    assert sent(ReminderKind.OVERDUE) == [(w, "mandy@northshire.example") for w in (0, 1, 2)]
    assert len([m for m in mail.outbox if m.to == ["mandy@northshire.example"]]) == 3


@pytest.mark.parametrize(
    "today, week",
    [((2027, 3, 3), None), ((2027, 3, 4), 0), ((2027, 3, 10), 0), ((2027, 3, 11), 1), ((2027, 3, 31), 3)],
)
def test_overdue_week_numbers(today, week):
    assert overdue_week(datetime.date(*today), datetime.date(2027, 3, 3)) == week


def test_the_councils_own_reminder_lead_is_used(p, review, sweep):
    ReviewSettings.objects.create(council=p.northshire, reminder_lead_days=28)
    with at(2027, 2, 2, 9, 0):  # 29 days before
        sweep()
    assert mail.outbox == []
    with at(2027, 2, 3, 9, 0):  # 28 days before
        sweep()
    assert len(mail.outbox) == 3


def test_another_councils_lead_does_not_bring_northshires_reminders_forward(p, review, sweep):
    ReviewSettings.objects.create(council=p.southvale, reminder_lead_days=60)
    with at(2027, 2, 10, 9, 0):  # 21 days before: inside Southvale's window, not Northshire's
        sweep()
    assert mail.outbox == []


def test_closing_the_budget_closes_its_open_review_in_the_same_move(p, review, sweep):
    with at(2027, 3, 1, 9, 0):  # the window is open: reminders are recorded, not yet sent
        from reviews.sweep import reminders_record_due

        reminders_record_due(today=datetime.date(2027, 3, 1))
    assert ReviewReminder.objects.count() == 3
    budget_move(budget=review.budget, move="close", actor=p.wendy, reason="Moved to another council")
    review.refresh_from_db()
    assert review.status == ReviewStatus.CLOSED  # at once, not at the next sweep
    with at(2027, 3, 10, 9, 0):
        sweep()
    assert mail.outbox == [] and not ReviewReminder.objects.filter(sent_at__isnull=False).exists()
    assert ReviewReminder.objects.count() == 3  # and nothing new was recorded for it


def test_a_review_in_progress_closes_with_its_budget(p, review):
    from reviews.conduct import review_start

    review_start(review=review, actor=p.wendy)
    budget_move(budget=review.budget, move="close", actor=p.mandy, reason="Moved abroad")
    review.refresh_from_db()
    assert review.status == ReviewStatus.CLOSED


def test_a_close_that_fails_leaves_the_review_open(p, review):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        budget_move(budget=review.budget, move="close", actor=p.wendy, reason="Moved to another council")
        raise RuntimeError("something later in the same transaction failed")
    review.refresh_from_db()
    assert review.status == ReviewStatus.SCHEDULED


def test_the_core_runs_the_reviews_close_step_without_importing_reviews():
    import ast
    from pathlib import Path

    from pbudget.lifecycle import ON_CLOSE
    from reviews.services import reviews_close_with_budget

    assert reviews_close_with_budget in ON_CLOSE  # registered by ReviewsConfig.ready()
    source = (Path(__file__).resolve().parents[2] / "pbudget" / "lifecycle.py").read_text()
    imported = {node.module for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)}
    assert not any(module.startswith("reviews") for module in imported if module)


class TestReconciliation:
    def test_a_reminder_handed_over_but_lost_is_handed_over_again_after_the_limit(self, p, review, settings):
        settings.REVIEW_REMINDER_REQUEUE_SECONDS = 600
        with at(2027, 2, 20, 9, 0):
            from reviews.sweep import reminders_record_due

            reminders_record_due(today=timezone.localdate())
            first = reminders_mark_queued(now=timezone.now())
            assert len(first) == 3
            # The broker lost the messages: nothing was claimed or sent.
            assert reminders_mark_queued(now=timezone.now()) == []
        with at(2027, 2, 20, 9, 9):
            assert reminders_mark_queued(now=timezone.now()) == []
        with at(2027, 2, 20, 9, 11):
            assert reminders_mark_queued(now=timezone.now()) == first

    def test_the_sweep_sends_what_a_lost_message_left_unsent_once(self, p, review, sweep, settings):
        settings.REVIEW_REMINDER_REQUEUE_SECONDS = 600
        from reviews import tasks

        with at(2027, 2, 20, 9, 0):
            lost = []
            original = tasks.send_review_reminder.delay
            tasks.send_review_reminder.delay = lost.append  # the broker accepted, then lost them
            try:
                sweep()
            finally:
                tasks.send_review_reminder.delay = original
        assert len(lost) == 3 and mail.outbox == []
        with at(2027, 2, 20, 9, 5):
            sweep()
        assert mail.outbox == []  # too soon to tell lost from slow
        with at(2027, 2, 20, 9, 11):
            sweep()
            sweep()
        assert len(mail.outbox) == 3
        assert not ReviewReminder.objects.filter(sent_at__isnull=True).exists()


def test_after_the_clocks_go_forward_it_is_overdue_from_the_london_midnight(p, budget, sweep):
    from tests.reviews.factories import scheduled_review

    # The clocks go forward on 28 March 2027: London 00:30 on 31 March is still 30 March in UTC.
    scheduled_review(budget, datetime.date(2027, 3, 30))
    with at(2027, 3, 30, 23, 30):
        sweep()
    assert sent(ReminderKind.OVERDUE) == []
    with at(2027, 3, 31, 0, 30):
        assert timezone.now().date() == datetime.date(2027, 3, 30)  # UTC
        sweep()
    assert sent(ReminderKind.OVERDUE) == [(0, "mandy@northshire.example")]


class TestNextReminderDate:
    """The daily sweep looks only at reviews with news today, so it stays fast at any size."""

    def test_the_date_moves_on_with_each_sweep(self, p, review, sweep):
        with at(2027, 2, 20, 9, 0):
            sweep()
        review.refresh_from_db()
        assert review.next_reminder_on == datetime.date(2027, 3, 3)  # the due date: the worker's day
        with at(2027, 3, 3, 9, 0):
            sweep()
        review.refresh_from_db()
        assert review.next_reminder_on == datetime.date(2027, 3, 4)  # the first day overdue
        with at(2027, 3, 4, 9, 0):
            sweep()
        review.refresh_from_db()
        assert review.next_reminder_on == datetime.date(2027, 3, 11)  # a week on

    def test_a_council_changing_its_lead_moves_windows_not_yet_open(self, p, review, sweep):
        from reviews.services import review_settings_save

        with at(2027, 1, 10, 9, 0):
            sweep()  # gives the review its date: 17 February, 14 days before
            review.refresh_from_db()
            assert review.next_reminder_on == datetime.date(2027, 2, 17)
            review_settings_save(council=p.northshire, actor=p.adam, first_review_weeks=6,
                                 annual_review_months=12, reminder_lead_days=30)
        review.refresh_from_db()
        assert review.next_reminder_on == datetime.date(2027, 2, 1)
        with at(2027, 2, 1, 9, 0):
            sweep()
        assert len(mail.outbox) == 3

    @pytest.mark.parametrize("who", ["wendy", "mandy", "alice", "xavier"])
    def test_only_the_councils_administrator_changes_the_settings(self, p, who):
        from pbudget.lifecycle import MoveNotAllowed
        from reviews.services import review_settings_save

        with pytest.raises(MoveNotAllowed):
            review_settings_save(council=p.northshire, actor=getattr(p, who), first_review_weeks=6,
                                 annual_review_months=12, reminder_lead_days=30)
        assert not ReviewSettings.objects.exists()

    def test_settings_outside_the_law_are_refused(self, p):
        from django.core.exceptions import ValidationError

        from reviews.services import review_settings_save

        with pytest.raises(ValidationError):
            review_settings_save(council=p.northshire, actor=p.adam, first_review_weeks=10,
                                 annual_review_months=12, reminder_lead_days=14)
        assert not ReviewSettings.objects.exists()
