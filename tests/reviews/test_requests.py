"""Unplanned reviews asked for, who carries reviews out, and the team's work list."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from assessment.models import EligibilityDecision
from pbudget.lifecycle import MoveNotAllowed
from pbudget.models import AuditEntry, Role
from reviews.conduct import review_start
from reviews.models import EarlierReason, ReviewKind, ReviewStatus, Trigger
from reviews.services import review_reallocate, review_request, review_schedule_first
from tests.factories import UserFactory
from tests.reviews.factories import active_budget, at

DETAILS = "Alice came home from hospital on Monday and needs more help getting up."


def ask(review, who, trigger=Trigger.HOSPITAL_DISCHARGE, details=DETAILS):
    return review_request(budget=review.budget, actor=who, trigger=trigger, details=details)


class TestAskingForAReview:
    @pytest.mark.parametrize("who", ["alice", "rita", "wendy", "mandy"])
    def test_the_person_representative_or_staff_bring_the_review_forward(self, p, review, who):
        with at(2027, 1, 4, 10, 0):
            asked = ask(review, getattr(p, who))
        assert asked.pk == review.pk  # the scheduled review becomes the unplanned one
        assert (asked.kind, asked.trigger, asked.due_date) == (
            ReviewKind.UNPLANNED, Trigger.HOSPITAL_DISCHARGE, datetime.date(2027, 1, 11),
        )
        assert asked.requested_by == getattr(p, who) and asked.request_details == DETAILS
        assert asked.next_reminder_on is None  # the sweep works the reminders out again
        assert AuditEntry.objects.filter(what="Unplanned review asked for: Coming home from hospital").count() == 1

    @pytest.mark.parametrize(("trigger", "days"), [(Trigger.SAFEGUARDING, 2), (Trigger.CARER_UNABLE, 7),
                                                   (Trigger.MONEY_BUILDING_UP, 14)])
    def test_the_more_urgent_the_trigger_the_sooner_it_is_due(self, p, review, trigger, days):
        with at(2027, 1, 4, 10, 0):
            asked = ask(review, p.rita, trigger=trigger)
        assert asked.due_date == datetime.date(2027, 1, 4) + datetime.timedelta(days=days)

    def test_it_is_never_put_later_than_it_was(self, p, review):
        with at(2027, 2, 27, 10, 0):  # due 3 March anyway
            assert ask(review, p.alice, trigger=Trigger.MONEY_BUILDING_UP).due_date == datetime.date(2027, 3, 3)

    @pytest.mark.parametrize("who", ["bob", "walter", "xavier", "adam"])
    def test_outsiders_cannot_ask(self, p, review, who):
        with pytest.raises(MoveNotAllowed):
            ask(review, getattr(p, who))
        review.refresh_from_db()
        assert review.kind == ReviewKind.FIRST and review.trigger == ""

    def test_asking_twice_or_during_a_review_is_refused(self, p, review):
        ask(review, p.alice)
        with pytest.raises(MoveNotAllowed, match="already been asked for"):
            ask(review, p.rita)
        review_start(review=review, actor=p.wendy)
        with pytest.raises(MoveNotAllowed):
            ask(review, p.rita)

    @pytest.mark.parametrize(("trigger", "details"), [("lottery_win", DETAILS), (Trigger.SAFEGUARDING, "  ")])
    def test_bad_input_changes_nothing(self, p, review, trigger, details):
        with pytest.raises(MoveNotAllowed):
            ask(review, p.alice, trigger=trigger, details=details)
        review.refresh_from_db()
        assert review.kind == ReviewKind.FIRST

    def test_the_request_is_on_the_teams_work_list(self, client, p, review):
        client.force_login(p.wendy)
        assert "Reviews asked for" not in client.get("/").content.decode()
        ask(review, p.rita, trigger=Trigger.CARER_UNABLE)
        html = client.get("/").content.decode()
        assert "Reviews asked for" in html and "Alice Adams" in html and "a carer can no longer care" in html
        client.force_login(p.walter)  # another team
        assert "Reviews asked for" not in client.get("/").content.decode()

    def test_the_person_asks_on_the_page(self, client, p, review):
        client.force_login(p.alice)
        url = reverse("reviews:ask", args=[review.budget_id])
        response = client.post(url, {"trigger": "", "details": ""})
        assert response.status_code == 200
        assert "Select what has happened" in response.content.decode()
        response = client.post(url, {"trigger": Trigger.HOSPITAL_ADMISSION, "details": DETAILS})
        assert response.status_code == 302
        review.refresh_from_db()
        assert review.kind == ReviewKind.UNPLANNED

    @pytest.mark.parametrize("who", ["bob", "walter", "xavier", "adam"])
    def test_outsiders_get_404_on_the_page(self, client, p, review, who):
        client.force_login(getattr(p, who))
        url = reverse("reviews:ask", args=[review.budget_id])
        assert client.get(url).status_code == 404
        assert client.post(url, {"trigger": Trigger.SAFEGUARDING, "details": DETAILS}).status_code == 404
        review.refresh_from_db()
        assert review.kind == ReviewKind.FIRST


class TestAllocation:
    def test_the_first_review_goes_to_the_worker_who_decided_the_assessment(self, p, budget):
        olive = UserFactory(council=p.northshire, role=Role.SOCIAL_WORKER, team=p.north, email="olive@northshire.example")
        decision = EligibilityDecision(decided_by=olive)
        with mock.patch("reviews.services.eligibility_latest", return_value=decision):
            review = review_schedule_first(budget=budget, plan_start=datetime.date(2027, 1, 4))
        assert review.reviewer == olive
        # Unless they have left the team: then the allocated worker.
        olive.team = p.south
        olive.save()
        review.delete()
        with mock.patch("reviews.services.eligibility_latest", return_value=decision):
            assert review_schedule_first(budget=budget, plan_start=datetime.date(2027, 1, 4)).reviewer == p.wendy

    def test_the_first_review_goes_to_the_allocated_worker_without_an_assessment(self, p, budget):
        review = review_schedule_first(budget=budget, plan_start=datetime.date(2027, 1, 4))
        assert review.reviewer == p.wendy

    def test_without_a_worker_it_goes_to_the_team(self, p, budget):
        p.alice_person.allocated_worker = None
        p.alice_person.save()
        budget.person.refresh_from_db()
        review = review_schedule_first(budget=budget, plan_start=datetime.date(2027, 1, 4))
        assert review.reviewer is None

    def test_a_manager_reallocates_within_the_team(self, p, review, client):
        olive = UserFactory(council=p.northshire, role=Role.SOCIAL_WORKER, team=p.north, full_name="Olive North")
        client.force_login(p.mandy)
        response = client.post(reverse("reviews:reallocate", args=[review.budget_id]), {"reviewer": olive.pk})
        assert response.status_code == 302
        review.refresh_from_db()
        assert review.reviewer == olive
        assert "Olive North" in client.get(reverse("reviews:review", args=[review.budget_id])).content.decode()
        review_reallocate(review=review, actor=p.mandy, reviewer=None)
        review.refresh_from_db()
        assert review.reviewer is None

    @pytest.mark.parametrize("who", ["wendy", "alice", "walter"])
    def test_only_the_teams_manager_reallocates(self, p, review, who):
        with pytest.raises(MoveNotAllowed):
            review_reallocate(review=review, actor=getattr(p, who), reviewer=p.wendy)

    def test_not_to_a_worker_of_another_team(self, p, review):
        with pytest.raises(MoveNotAllowed, match="Choose a social worker in the person's team"):
            review_reallocate(review=review, actor=p.mandy, reviewer=p.walter)

    @pytest.mark.parametrize("who", ["bob", "walter", "xavier", "adam", "wendy", "alice"])
    def test_the_reallocate_page_refuses_others(self, client, p, review, who):
        client.force_login(getattr(p, who))
        response = client.post(reverse("reviews:reallocate", args=[review.budget_id]), {"reviewer": ""})
        assert response.status_code in (302, 404)  # refused with a message, or no such budget for them
        review.refresh_from_db()
        assert review.reviewer is None or review.reviewer == p.wendy


def test_an_earlier_next_review_needs_a_reason(p, review):
    from reviews.conduct import review_complete
    from tests.reviews.factories import outcome_answers

    review_start(review=review, actor=p.wendy)
    args = dict(review=review, actor=p.wendy, outcomes=outcome_answers(review.budget), held_how="phone",
                notes="Going well", next_step="continue")
    with pytest.raises(MoveNotAllowed, match="Say why"):
        review_complete(**args, earlier_months=6)
    with at(2027, 3, 1, 10, 0):
        review_complete(**args, earlier_months=6, earlier_reason=EarlierReason.RISK, earlier_details="Falls at night")
    following = review.budget.reviews.get(status=ReviewStatus.SCHEDULED)
    assert (following.due_date, following.earlier_reason, following.earlier_details) == (
        datetime.date(2027, 9, 1), EarlierReason.RISK, "Falls at night",
    )


def test_the_work_list_costs_the_same_for_1_or_15_requests(client, p, review):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import PersonFactory
    from tests.reviews.factories import scheduled_review

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            html = client.get("/").content.decode()
        return len(ctx), html

    client.force_login(p.wendy)
    ask(review, p.rita)
    one, html = queries()
    assert "1 unplanned review asked for" in html
    for i in range(14):
        other = scheduled_review(active_budget(PersonFactory(team=p.north)), datetime.date(2027, 5, 1))
        ask(other, p.wendy, trigger=Trigger.MONEY_RUNNING_OUT)
    fifteen, html = queries()
    assert one == fifteen
    assert "15 unplanned reviews asked for and not yet completed; the 10 most urgent" in html
