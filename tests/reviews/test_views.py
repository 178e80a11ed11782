"""The review pages: what each role sees and may do, and who may not."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from pbudget.lifecycle import Status
from pbudget.models import AuditEntry, BudgetEvent
from reviews.models import NextStep, OutcomesMet, Review, ReviewKind, ReviewStatus
from reviews.conduct import review_start
from tests.factories import PersonFactory
from tests.reviews.factories import active_budget, at, complete_form, scheduled_review

OUTSIDERS = ["bob", "walter", "xavier", "adam"]


def review_url(budget):
    return reverse("reviews:review", kwargs={"budget_id": budget.pk})


def start_url(budget):
    return reverse("reviews:start", kwargs={"budget_id": budget.pk})


def state(review):
    review.refresh_from_db()
    review.budget.refresh_from_db()
    return review.status, review.budget.status, BudgetEvent.objects.count(), Review.objects.count()


class TestDue:
    url = reverse("reviews:due")

    def test_anonymous_is_sent_to_sign_in(self, client, p):
        response = client.get(self.url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    @pytest.mark.parametrize("who", ["alice", "rita", "bob", "adam"])
    def test_only_staff_have_the_page(self, client, p, who):
        client.force_login(getattr(p, who))
        assert client.get(self.url).status_code == 404

    def test_lists_overdue_and_due_soon_soonest_first(self, client, p, review):
        bob_review = scheduled_review(active_budget(p.bob_person), datetime.date(2027, 2, 10))
        later = PersonFactory(team=p.north, first_name="Carol", last_name="Later")
        scheduled_review(active_budget(later), datetime.date(2027, 4, 15))  # 40 days on: not yet
        with at(2027, 3, 6, 9, 0):
            client.force_login(p.wendy)
            response = client.get(self.url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Bob Brown" in html and "Alice Adams" in html and "Carol Later" not in html
        assert html.index("Bob Brown") < html.index("Alice Adams")
        assert html.count("Overdue</strong>") == 2
        assert reverse("person_detail", args=[p.alice_person.pk]) in html
        assert review_url(review.budget) in html and review_url(bob_review.budget) in html

    def test_due_soon_is_not_flagged_overdue(self, client, p, review):
        with at(2027, 2, 20, 9, 0):
            client.force_login(p.mandy)
            html = client.get(self.url).content.decode()
        assert "Alice Adams" in html and "3 March 2027" in html and "Overdue</strong>" not in html

    @pytest.mark.parametrize("who", ["walter", "xavier"])
    def test_other_teams_do_not_see_alice(self, client, p, review, who):
        with at(2027, 2, 20, 9, 0):
            client.force_login(getattr(p, who))
            html = client.get(self.url).content.decode()
        assert "Alice Adams" not in html and "No reviews are overdue" in html

    @pytest.mark.parametrize("rows", [1, 50])
    def test_a_fixed_number_of_queries_whatever_the_size(self, client, p, rows, django_assert_num_queries):
        for i in range(rows):
            person = PersonFactory(team=p.north, allocated_worker=p.wendy if i % 2 else None)
            scheduled_review(active_budget(person), datetime.date(2027, 2, 1) + datetime.timedelta(days=i))
        # Session, user, the user's council (for the header), then the reviews with their
        # people, teams and workers in one query: the same for 1 row as for 50.
        with at(2027, 2, 20, 9, 0):
            client.force_login(p.wendy)
            with django_assert_num_queries(4):
                response = client.get(self.url)
        assert response.content.decode().count("Open the review") == rows


class TestReviewPageForStaff:
    def test_shows_the_review_the_outcomes_and_the_agreed_budget(self, client, p, review):
        client.force_login(p.wendy)
        response = client.get(review_url(review.budget))
        html = response.content.decode()
        assert response.status_code == 200
        assert "First review" in html and "3 March 2027" in html
        assert "Get to my allotment twice a week" in html and "Have a bath without being afraid of falling" in html
        assert "£234.50" in html
        assert "Start the review" in html and 'name="next_step"' not in html
        assert AuditEntry.objects.filter(user=p.wendy, person=p.alice_person, action="view", what="Review").exists()

    def test_starting_then_completing_the_review(self, client, p, review):
        client.force_login(p.wendy)
        response = client.post(start_url(review.budget))
        assert response.status_code == 302 and response["Location"] == review_url(review.budget)
        assert state(review)[:2] == (ReviewStatus.IN_PROGRESS, Status.REVIEW)

        html = client.get(review_url(review.budget)).content.decode()
        assert 'name="held_how"' in html and 'name="next_step"' in html and "Start the review" not in html

        with at(2027, 3, 1, 11, 0):
            client.force_login(p.wendy)
            response = client.post(review_url(review.budget), complete_form(review.budget))
        assert response.status_code == 302
        assert response["Location"] == reverse("person_detail", args=[p.alice_person.pk])
        assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
            "Review completed. Alice Adams's plan carries on; the next review is due by 1 March 2028."
        )
        assert state(review)[:2] == (ReviewStatus.COMPLETED, Status.ACTIVE)
        following = Review.objects.get(budget=review.budget, status=ReviewStatus.SCHEDULED)
        assert (following.kind, following.due_date) == (ReviewKind.ANNUAL, datetime.date(2028, 3, 1))

        html = client.get(review_url(review.budget)).content.decode()
        assert "Past reviews" in html and "The allotment is going well." in html and "Annual review" in html

    def test_the_form_says_what_is_missing_and_changes_nothing(self, client, p, review):
        review_start(review=review, actor=p.wendy)
        client.force_login(p.mandy)
        before = state(review)
        response = client.post(review_url(review.budget), {"notes": "  "})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Enter notes from the review" in html and "Select what happens next" in html
        assert "Select how the review was held" in html and "Say how far outcome 1 was achieved" in html
        assert "govuk-error-summary" in html
        assert state(review) == before

    def test_completing_a_review_not_started_is_refused(self, client, p, review):
        client.force_login(p.wendy)
        before = state(review)
        response = client.post(review_url(review.budget), complete_form(review.budget))
        assert response.status_code == 302
        assert state(review) == before

    def test_unknown_budget_is_404(self, client, p):
        client.force_login(p.wendy)
        assert client.get("/reviews/999999/").status_code == 404


class TestReviewPageForThePerson:
    @pytest.mark.parametrize(("who", "heading"), [("alice", "Your review"), ("rita", "Alice Adams's review")])
    def test_says_when_it_is_due_and_what_it_is_for(self, client, p, review, who, heading):
        client.force_login(getattr(p, who))
        response = client.get(review_url(review.budget))
        html = response.content.decode()
        assert response.status_code == 200
        assert heading in html and "3 March 2027" in html
        assert "It is not about cutting the budget" in html
        assert "Start the review" not in html and "<form method=\"post\" novalidate>" not in html

    def test_alice_cannot_start_her_own_review(self, client, p, review):
        client.force_login(p.alice)
        before = state(review)
        response = client.post(start_url(review.budget))
        assert response.status_code == 302
        assert state(review) == before

    def test_alice_cannot_complete_her_own_review(self, client, p, review):
        review_start(review=review, actor=p.wendy)
        client.force_login(p.alice)
        before = state(review)
        response = client.post(review_url(review.budget), complete_form(review.budget))
        assert response.status_code == 302
        assert state(review) == before


class TestForbidden:
    def test_anonymous_is_sent_to_sign_in(self, client, p, review):
        for response in (client.get(review_url(review.budget)), client.post(start_url(review.budget))):
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    @pytest.mark.parametrize("who", OUTSIDERS)
    def test_outsiders_get_404_and_change_nothing(self, client, p, review, who):
        client.force_login(getattr(p, who))
        before = state(review)
        assert client.get(review_url(review.budget)).status_code == 404
        assert client.post(start_url(review.budget)).status_code == 404
        assert client.post(review_url(review.budget), complete_form(review.budget)).status_code == 404
        assert state(review) == before
        assert not AuditEntry.objects.filter(user=getattr(p, who)).exists()

    def test_start_is_post_only(self, client, p, review):
        client.force_login(p.wendy)
        assert client.get(start_url(review.budget)).status_code == 405

