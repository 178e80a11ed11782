"""
The review itself: the person's part before the meeting, outcome by outcome; the standard
questions; how it was held; and what it led to. A review is never a back door to cuts.
"""

import re

import pytest
from django.urls import reverse

from pbudget.lifecycle import MoveNotAllowed, Status
from pbudget.models import PersonalBudget
from reviews.conduct import review_complete, review_person_part_save, review_start
from reviews.models import NextStep, OutcomesMet, Review, ReviewStatus
from reviews.selectors import review_plan_outcomes
from signoff import services as signoff
from signoff.defaults import default_delegation_rules
from support_planning.models import PlanStatus, SupportPlan
from tests.factories import BudgetFactory
from tests.support_planning.factories import indicative, plan


def person_answers(budget):
    first, second = review_plan_outcomes(budget=budget)
    return {
        first.pk: {"person_achieved": "fully", "person_working": "My PA drives me to the allotment on Tuesdays."},
        second.pk: {"person_achieved": "not", "person_not_working": "The bath seat still frightens me."},
    }


RATINGS = {"quality_of_life": 4, "choice_control": 4, "dignity": 3, "relationships": 2, "health": 3}


class TestThePersonsPart:
    @pytest.mark.parametrize("who", ["alice", "rita"])
    def test_the_person_or_representative_fill_in_their_part(self, p, review, who):
        review_person_part_save(review=review, actor=getattr(p, who), outcomes=person_answers(review.budget), ratings=RATINGS)
        review.refresh_from_db()
        assert review.person_part_by == getattr(p, who) and review.person_part_at is not None
        assert (review.quality_of_life, review.relationships) == (4, 2)
        rows = list(review.outcomes.order_by("plan_outcome__order"))
        assert [(r.person_achieved, r.person_working, r.person_not_working) for r in rows] == [
            ("fully", "My PA drives me to the allotment on Tuesdays.", ""),
            ("not", "", "The bath seat still frightens me."),
        ]

    @pytest.mark.parametrize("who", ["wendy", "bob", "xavier"])
    def test_nobody_else_fills_it_in(self, p, review, who):
        with pytest.raises(MoveNotAllowed):
            review_person_part_save(review=review, actor=getattr(p, who), outcomes=person_answers(review.budget), ratings={})
        assert not review.outcomes.exists()

    def test_a_rating_off_the_scale_is_refused_and_nothing_is_written(self, p, review):
        with pytest.raises(MoveNotAllowed, match="scale"):
            review_person_part_save(review=review, actor=p.alice, outcomes=person_answers(review.budget),
                                    ratings={"health": 9})
        assert not review.outcomes.exists()

    def test_on_the_page_and_the_worker_sees_it(self, client, p, review):
        first, second = review_plan_outcomes(budget=review.budget)
        client.force_login(p.alice)
        url = reverse("reviews:person_part", args=[review.budget_id])
        html = client.get(url).content.decode()
        assert "Your part of the review" in html and "Get to my allotment twice a week" in html
        response = client.post(url, {
            f"o{first.pk}_person_achieved": "partly", f"o{first.pk}_person_working": "Tuesdays are good",
            "dignity": "4",
        })
        assert response.status_code == 302
        assert "filled in on" in client.get(reverse("reviews:review", args=[review.budget_id])).content.decode()
        client.force_login(p.wendy)
        html = client.get(reverse("reviews:review", args=[review.budget_id])).content.decode()
        assert "Partly achieved" in html and "Tuesdays are good" in html

    def test_saving_nothing_is_refused_and_not_shown_as_filled_in(self, client, p, review):
        client.force_login(p.alice)
        response = client.post(reverse("reviews:person_part", args=[review.budget_id]), {})
        assert response.status_code == 200
        assert "Answer at least one question before you save your part of the review" in response.content.decode()
        review.refresh_from_db()
        assert review.person_part_at is None and not review.outcomes.exists()

    @pytest.mark.parametrize("who", ["bob", "walter", "xavier", "adam"])
    def test_outsiders_get_404(self, client, p, review, who):
        client.force_login(getattr(p, who))
        url = reverse("reviews:person_part", args=[review.budget_id])
        assert client.get(url).status_code == 404
        assert client.post(url, {"dignity": "4"}).status_code == 404
        assert not review.outcomes.exists()

    def test_staff_do_not_fill_in_the_persons_part(self, client, p, review):
        client.force_login(p.wendy)
        response = client.get(reverse("reviews:person_part", args=[review.budget_id]))
        assert response.status_code in (302, 403) or "not allowed" in response.content.decode()
        assert not review.outcomes.exists()


class TestCompleting:
    def test_outcome_by_outcome_with_how_it_was_held(self, p, review):
        review_person_part_save(review=review, actor=p.alice, outcomes=person_answers(review.budget), ratings=RATINGS)
        review_start(review=review, actor=p.wendy)
        first, second = review_plan_outcomes(budget=review.budget)
        done = review_complete(
            review=review, actor=p.wendy, held_how="video", notes="Good progress", next_step=NextStep.CONTINUE,
            outcomes={first.pk: {"achieved": "fully", "worker_notes": "Going every week"},
                      second.pk: {"achieved": "partly", "worker_notes": "Needs an OT visit"}},
            ratings={"health": 2},
        )
        done = Review.objects.get(pk=done.pk)
        assert (done.held_how, done.outcomes_met, done.health, done.dignity) == ("video", OutcomesMet.PARTLY, 2, 3)
        rows = list(done.outcomes.order_by("plan_outcome__order"))
        assert [(r.person_achieved, r.achieved, r.worker_notes) for r in rows] == [
            ("fully", "fully", "Going every week"), ("not", "partly", "Needs an OT visit"),
        ]
        assert (done.budget_before_pence, done.budget_after_pence) == (23450, 23450)  # no change

    def test_the_page_completes_it(self, client, p, review):
        from tests.reviews.factories import complete_form

        review_start(review=review, actor=p.wendy)
        client.force_login(p.wendy)
        response = client.post(reverse("reviews:review", args=[review.budget_id]),
                               complete_form(review.budget, achieved="fully", held_how="phone"))
        assert response.status_code == 302
        review.refresh_from_db()
        assert (review.status, review.held_how, review.outcomes_met) == (ReviewStatus.COMPLETED, "phone", OutcomesMet.MET)


@pytest.fixture
def agreed(p):
    """Alice's budget signed off at £100 a week (indicative £200), through sign-off itself."""
    default_delegation_rules(council=p.northshire)
    budget = BudgetFactory(person=p.alice_person, status=Status.SIGN_OFF)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    submitted = plan(budget=budget, actor=p.alice, status=PlanStatus.SUBMITTED, lines=((2500, "4"),))
    signoff.signoff_request_open(budget=budget, plan=submitted, actor=p.alice)
    signoff.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=submitted.lock_version)
    return budget


def _reviewed(p, budget, next_step):
    review = Review.objects.get(budget=budget, status=ReviewStatus.SCHEDULED)
    review_start(review=review, actor=p.wendy)
    from tests.reviews.factories import outcome_answers

    return review_complete(review=review, actor=p.wendy, outcomes=outcome_answers(budget), held_how="face_to_face",
                           notes="Needs have changed", next_step=next_step)


def _back_at_signoff(p, budget, weekly_cost_pence):
    """What planning would have done: a new plan submitted (the status moved by the shortcut tests use)."""
    PersonalBudget.objects.filter(pk=budget.pk).update(status=Status.SIGN_OFF)
    newest = SupportPlan.objects.filter(budget=budget).order_by("-number").first()
    submitted = plan(budget=budget, actor=p.alice, status=PlanStatus.SUBMITTED, lines=((weekly_cost_pence, "1"),),
                     number=newest.number + 1)
    signoff.signoff_request_open(budget=budget, plan=submitted, actor=p.alice)
    return submitted


class TestNoArbitraryCuts:
    def test_completing_a_review_never_changes_the_agreed_budget(self, p, agreed):
        done = _reviewed(p, agreed, NextStep.VARY)
        agreed.refresh_from_db()
        assert agreed.agreed_weekly_pence == 10000 and done.budget_before_pence == 10000

    def test_a_varied_plan_cannot_come_in_lower(self, p, agreed):
        _reviewed(p, agreed, NextStep.VARY)
        cheaper = _back_at_signoff(p, agreed, 6000)
        with pytest.raises(MoveNotAllowed, match="reassess"):
            signoff.signoff_approve(budget=agreed, actor=p.wendy, plan_lock_version=cheaper.lock_version)
        assert PersonalBudget.objects.get(pk=agreed.pk).agreed_weekly_pence == 10000

    def test_an_increase_through_a_variation_is_recorded(self, p, agreed):
        done = _reviewed(p, agreed, NextStep.VARY)
        dearer = _back_at_signoff(p, agreed, 12000)
        signoff.signoff_approve(budget=agreed, actor=p.wendy, plan_lock_version=dearer.lock_version)
        done.refresh_from_db()
        assert (done.budget_before_pence, done.budget_after_pence) == (10000, 12000)
        assert done.needs_before_points is None  # no reassessment on this route

    def test_a_reduction_after_reassessment_is_recorded_with_the_needs_before_and_after(self, p, agreed):
        done = _reviewed(p, agreed, NextStep.REASSESS)
        assert done.needs_before_weekly_pence == 20000
        indicative(budget=agreed, weekly_pence=8000, actor=p.wendy)  # the reassessment shows less need
        cheaper = _back_at_signoff(p, agreed, 6000)
        signoff.signoff_approve(budget=agreed, actor=p.wendy, plan_lock_version=cheaper.lock_version)
        done.refresh_from_db()
        assert (done.budget_before_pence, done.budget_after_pence) == (10000, 6000)
        assert (done.needs_before_weekly_pence, done.needs_after_weekly_pence) == (20000, 8000)
        assert done.needs_before_points is not None and done.needs_after_points is not None


def test_the_standard_questions_are_the_poet_areas_in_plain_english_on_one_scale(client, p, review):
    client.force_login(p.alice)
    page = client.get(reverse("reviews:person_part", args=[review.budget_id])).content.decode()
    for area in ("your quality of life", "having choice and control over your life and support",
                 "being treated with dignity and respect", "your relationships with family and friends",
                 "your physical and mental health"):
        assert f"What difference has your personal budget made to {area}?" in page
    for name in ("quality_of_life", "choice_control", "dignity", "relationships", "health"):
        # The same four answers, from worse to a lot better, for each question.
        values = re.findall(rf'<input[^>]*name="{name}"[^>]*value="(\d)"', page)
        assert values == ["1", "2", "3", "4"], name
    labels = re.findall(r'<label class="govuk-label govuk-radios__label" for="id_health_\d">\s*([^<]*?)\s*</label>', page)
    assert labels == ["Worse", "No difference", "A little better", "A lot better"]
