"""Scheduling, starting and completing reviews."""

import datetime

import pytest
from django.db import IntegrityError

from pbudget.lifecycle import MoveNotAllowed, Status
from pbudget.models import AuditEntry, BudgetEvent
from reviews.models import NextStep, OutcomesMet, Review, ReviewKind, ReviewStatus
from reviews.conduct import review_complete, review_start
from reviews.services import review_schedule_first
from tests.reviews.factories import AGREED_WEEKLY_PENCE, active_budget, at, outcome_answers

NOTES = "Alice gets to the allotment most weeks; baths are still hard."


def complete(review, actor, next_step, achieved="partly", notes=NOTES, held_how="face_to_face", **kwargs):
    return review_complete(
        review=review, actor=actor, outcomes=outcome_answers(review.budget, achieved), held_how=held_how,
        notes=notes, next_step=next_step, **kwargs,
    )


class TestScheduling:
    def test_the_first_review_is_due_eight_weeks_after_the_plan_starts(self, p):
        budget = active_budget(p.alice_person)
        review = review_schedule_first(budget=budget, plan_start=datetime.date(2026, 3, 2))
        assert (review.kind, review.status, review.due_date) == (ReviewKind.FIRST, ReviewStatus.SCHEDULED, datetime.date(2026, 4, 27))

    def test_across_the_october_clock_change_the_date_is_still_eight_weeks_on(self, p):
        budget = active_budget(p.alice_person)
        review = review_schedule_first(budget=budget, plan_start=datetime.date(2026, 9, 1))
        assert Review.objects.get(pk=review.pk).due_date == datetime.date(2026, 10, 27)

    def test_scheduling_twice_fails_loudly(self, p):
        budget = active_budget(p.alice_person)
        review_schedule_first(budget=budget, plan_start=datetime.date(2026, 3, 2))
        with pytest.raises(IntegrityError):
            review_schedule_first(budget=budget, plan_start=datetime.date(2026, 3, 9))

    def test_continuing_schedules_the_annual_review_a_year_from_the_london_date(self, p, review):
        review_start(review=review, actor=p.wendy)
        # 00:30 in London during summer time is still 30 September in UTC.
        with at(2026, 10, 1, 0, 30):
            complete(review, p.wendy, NextStep.CONTINUE)
        following = Review.objects.get(budget=review.budget, status=ReviewStatus.SCHEDULED)
        assert (following.kind, following.due_date) == (ReviewKind.ANNUAL, datetime.date(2027, 10, 1))

    def test_a_review_completed_on_29_february_is_next_due_on_28_february(self, p, review):
        review_start(review=review, actor=p.wendy)
        with at(2028, 2, 29, 12, 0):
            complete(review, p.wendy, NextStep.CONTINUE)
        assert Review.objects.get(budget=review.budget, status=ReviewStatus.SCHEDULED).due_date == datetime.date(2029, 2, 28)


class TestStart:
    def test_starting_moves_the_budget_to_review(self, p, review):
        started = review_start(review=review, actor=p.wendy)
        review.budget.refresh_from_db()
        assert review.budget.status == Status.REVIEW
        assert started.status == ReviewStatus.IN_PROGRESS and started.started_at is not None
        assert Review.objects.get(pk=review.pk).status == ReviewStatus.IN_PROGRESS
        event = BudgetEvent.objects.get(budget=review.budget)
        assert (event.move, event.actor, event.from_status, event.to_status) == ("start_review", p.wendy, Status.ACTIVE, Status.REVIEW)
        assert AuditEntry.objects.filter(user=p.wendy, person=p.alice_person, action="change", what="First review started").exists()

    @pytest.mark.parametrize("who", ["alice", "rita", "bob", "walter", "xavier", "adam"])
    def test_only_staff_for_the_person_can_start(self, p, review, who):
        with pytest.raises(MoveNotAllowed):
            review_start(review=review, actor=getattr(p, who))
        review.refresh_from_db()
        review.budget.refresh_from_db()
        assert (review.status, review.budget.status) == (ReviewStatus.SCHEDULED, Status.ACTIVE)
        assert not BudgetEvent.objects.exists()

    def test_a_review_already_started_cannot_be_started_again(self, p, review):
        review_start(review=review, actor=p.wendy)
        with pytest.raises(MoveNotAllowed):
            review_start(review=review, actor=p.mandy)
        assert BudgetEvent.objects.count() == 1


MOVES = {
    NextStep.CONTINUE: ("continue_after_review", Status.ACTIVE),
    NextStep.VARY: ("vary_plan", Status.PLANNING),
    NextStep.REASSESS: ("reassess", Status.ASSESSMENT),
    NextStep.END: ("end_after_review", Status.CLOSED),
}


class TestComplete:
    @pytest.mark.parametrize("next_step", list(NextStep))
    def test_each_next_step_moves_the_budget_and_records_the_review(self, p, review, next_step):
        review_start(review=review, actor=p.wendy)
        with at(2027, 3, 1, 10, 0):
            done = complete(review, p.mandy, next_step, achieved="fully")
        budget = review.budget
        budget.refresh_from_db()
        move, target = MOVES[next_step]
        assert budget.status == target
        event = BudgetEvent.objects.filter(budget=budget).last()
        assert (event.move, event.actor, event.from_status, event.to_status) == (move, p.mandy, Status.REVIEW, target)
        done = Review.objects.get(pk=done.pk)
        assert (done.status, done.outcomes_met, done.notes, done.next_step, done.completed_by) == (
            ReviewStatus.COMPLETED, OutcomesMet.MET, NOTES, next_step, p.mandy,
        )
        assert done.completed_at is not None
        # Only carrying on schedules the next review; sign-off schedules a varied plan's.
        following = Review.objects.exclude(status=ReviewStatus.COMPLETED).filter(budget=budget)
        if next_step == NextStep.CONTINUE:
            assert [(r.kind, r.due_date) for r in following] == [(ReviewKind.ANNUAL, datetime.date(2028, 3, 1))]
        else:
            assert not following.exists()
        # A review is not a back door to cuts: the agreed budget is untouched whatever happens next.
        assert budget.agreed_weekly_pence == AGREED_WEEKLY_PENCE
        assert AuditEntry.objects.filter(person=p.alice_person, what__startswith="First review completed").count() == 1

    def test_ending_support_records_the_notes_as_the_reason(self, p, review):
        review_start(review=review, actor=p.wendy)
        complete(review, p.wendy, NextStep.END, notes="Alice has moved to live with her son in Wales.")
        event = BudgetEvent.objects.get(budget=review.budget, move="end_after_review")
        assert event.reason == "Alice has moved to live with her son in Wales."

    @pytest.mark.parametrize(
        ("achieved", "notes", "next_step", "held_how", "message"),
        [
            ("", NOTES, NextStep.CONTINUE, "phone", "Say how far each outcome"),
            ("brilliant", NOTES, NextStep.CONTINUE, "phone", "Choose how far"),
            ("fully", "   ", NextStep.CONTINUE, "phone", "Enter notes"),
            ("fully", NOTES, "cut_the_budget", "phone", "Select what happens next"),
            ("fully", NOTES, NextStep.CONTINUE, "", "Select how the review was held"),
        ],
    )
    def test_bad_input_is_refused_and_changes_nothing(self, p, review, achieved, notes, next_step, held_how, message):
        review_start(review=review, actor=p.wendy)
        with pytest.raises(MoveNotAllowed, match=message):
            complete(review, p.wendy, next_step, achieved=achieved, notes=notes, held_how=held_how)
        assert not review.outcomes.exists()
        review.refresh_from_db()
        review.budget.refresh_from_db()
        assert (review.status, review.budget.status) == (ReviewStatus.IN_PROGRESS, Status.REVIEW)

    def test_a_review_not_started_cannot_be_completed(self, p, review):
        with pytest.raises(MoveNotAllowed):
            complete(review, p.wendy, NextStep.CONTINUE)
        review.refresh_from_db()
        assert review.status == ReviewStatus.SCHEDULED and not BudgetEvent.objects.exists()

    @pytest.mark.parametrize("who", ["alice", "rita", "walter"])
    def test_only_staff_for_the_person_can_complete(self, p, review, who):
        review_start(review=review, actor=p.wendy)
        with pytest.raises(MoveNotAllowed):
            complete(review, getattr(p, who), NextStep.CONTINUE)
        review.refresh_from_db()
        assert review.status == ReviewStatus.IN_PROGRESS
        assert Review.objects.filter(budget=review.budget).count() == 1
