"""Who sees whom: the access rules, climbing the ladder anonymous -> wrong role -> right role."""

import pytest

from pbudget.access import relationship_to
from pbudget.lifecycle import Status
from pbudget.models import AuditEntry, Person, PersonalBudget, Role
from tests.factories import BudgetFactory, PersonFactory, UserFactory

# persona -> names of the people they may see (alice_person is "Alice", bob_person is "Bob", the
# south team's Sam and the other council's Vera are created below)
VISIBLE = {
    "alice": {"Alice"},
    "rita": {"Alice"},
    "bob": {"Bob"},
    "wendy": {"Alice", "Bob"},
    "walter": {"Sam"},
    "mandy": {"Alice", "Bob"},
    "adam": set(),
    "xavier": {"Vera"},
    # A senior manager on the sign-off panel who manages the South team: the panel shows no records.
    "sue": {"Sam"},
}


@pytest.fixture
def everyone(p):
    PersonFactory(team=p.south, first_name="Sam")
    PersonFactory(team=p.vale, first_name="Vera")
    p.sue = UserFactory(council=p.northshire, role=Role.TEAM_MANAGER, is_senior_manager=True, full_name="Sue Senior")
    p.south.managers.add(p.sue)
    return p


@pytest.mark.parametrize("persona", VISIBLE)
def test_people_visible_to_each_persona(everyone, persona):
    user = getattr(everyone, persona)
    assert set(Person.objects.visible_to(user).values_list("first_name", flat=True)) == VISIBLE[persona]


@pytest.mark.parametrize("persona", VISIBLE)
def test_budgets_visible_to_each_persona(everyone, persona):
    for person in Person.objects.all():
        BudgetFactory(person=person, status=Status.PLANNING)
    user = getattr(everyone, persona)
    seen = set(PersonalBudget.objects.visible_to(user).values_list("person__first_name", flat=True))
    assert seen == VISIBLE[persona]


def test_inactive_users_see_nobody(p):
    p.wendy.is_active = False
    p.wendy.save()
    assert not Person.objects.visible_to(p.wendy).exists()
    assert relationship_to(p.wendy, p.alice_person) is None


def test_relationships(p):
    assert relationship_to(p.alice, p.alice_person) == "person"
    assert relationship_to(p.rita, p.alice_person) == "person"
    assert relationship_to(p.wendy, p.alice_person) == "worker"
    assert relationship_to(p.mandy, p.alice_person) == "manager"
    for outsider in (p.bob, p.walter, p.adam, p.xavier):
        assert relationship_to(outsider, p.alice_person) is None


def test_a_senior_manager_stands_as_the_panel_to_people_outside_their_teams_in_their_council_only(everyone):
    p = everyone
    assert relationship_to(p.sue, Person.objects.get(first_name="Sam")) == "manager"  # her own team: the team rule
    assert relationship_to(p.sue, p.alice_person) == "panel"  # the sign-off moves only; no record
    assert relationship_to(p.sue, Person.objects.get(first_name="Vera")) is None  # another council
    p.sue.is_senior_manager = False
    p.sue.save()
    assert relationship_to(p.sue, p.alice_person) is None


def test_a_worker_moved_to_another_council_loses_access(p):
    p.wendy.council = p.southvale
    p.wendy.save()
    assert not Person.objects.visible_to(p.wendy).filter(pk=p.alice_person.pk).exists()
    assert relationship_to(p.wendy, p.alice_person) is None


class TestPersonRecord:
    def url(self, p):
        return f"/people/{p.alice_person.pk}/"

    def test_anonymous_is_sent_to_sign_in(self, client, p):
        response = client.get(self.url(p))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    @pytest.mark.parametrize("outsider", ["bob", "walter", "xavier", "adam"])
    def test_no_relationship_answers_404_like_a_missing_record(self, client, p, outsider):
        client.force_login(getattr(p, outsider))
        assert client.get(self.url(p)).status_code == 404
        assert client.get("/people/999999/").status_code == 404
        assert not AuditEntry.objects.filter(person=p.alice_person).exists()

    def test_the_person_is_sent_to_their_home_page(self, client, p):
        client.force_login(p.alice)
        response = client.get(self.url(p))
        assert response.status_code == 302 and response["Location"] == "/"

    @pytest.mark.parametrize("staff", ["wendy", "mandy"])
    def test_staff_see_the_record_and_the_view_is_logged(self, client, p, staff):
        budget = BudgetFactory(person=p.alice_person, status=Status.ASSESSMENT)
        client.force_login(getattr(p, staff))
        response = client.get(self.url(p))
        assert response.status_code == 200
        assert "Alice Adams" in response.content.decode()
        assert response["Cache-Control"] == "no-store"
        entry = AuditEntry.objects.get(person=p.alice_person)
        assert (entry.user, entry.action) == (getattr(p, staff), "view")
        assert f"/budgets/{budget.pk}/assessment/" in response.content.decode()


class TestOpenAndClose:
    def test_a_worker_opens_a_budget_once(self, client, p):
        client.force_login(p.wendy)
        response = client.post(f"/people/{p.bob_person.pk}/open-budget/", follow=True)
        assert "A new budget is open for Bob Brown" in response.content.decode()
        budget = PersonalBudget.objects.get(person=p.bob_person)
        assert budget.status == Status.ASSESSMENT
        assert budget.events.get().move == "open"
        response = client.post(f"/people/{p.bob_person.pk}/open-budget/", follow=True)
        assert "already has an open budget" in response.content.decode()
        assert PersonalBudget.objects.filter(person=p.bob_person).count() == 1

    @pytest.mark.parametrize("outsider", ["walter", "xavier", "adam"])
    def test_outsiders_cannot_open(self, client, p, outsider):
        client.force_login(getattr(p, outsider))
        assert client.post(f"/people/{p.bob_person.pk}/open-budget/").status_code == 404
        assert not PersonalBudget.objects.filter(person=p.bob_person).exists()

    def test_the_person_cannot_open_their_own(self, client, p):
        client.force_login(p.bob)
        client.post(f"/people/{p.bob_person.pk}/open-budget/")
        assert not PersonalBudget.objects.filter(person=p.bob_person).exists()

    def test_closing_needs_a_reason_and_records_it(self, client, p):
        budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
        client.force_login(p.wendy)
        response = client.post(f"/budgets/{budget.pk}/close/", {"reason": ""})
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode()
        assert "Enter why the budget is being closed" in response.content.decode()
        budget.refresh_from_db()
        assert budget.status == Status.PLANNING
        response = client.post(f"/budgets/{budget.pk}/close/", {"reason": "Moved to another area"})
        assert response.status_code == 302
        budget.refresh_from_db()
        assert budget.status == Status.CLOSED
        assert budget.events.get().reason == "Moved to another area"

    @pytest.mark.parametrize("who", ["bob", "walter", "xavier", "adam"])
    def test_outsiders_cannot_close(self, client, p, who):
        budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
        client.force_login(getattr(p, who))
        assert client.post(f"/budgets/{budget.pk}/close/", {"reason": "x"}).status_code == 404
        budget.refresh_from_db()
        assert budget.status == Status.PLANNING

    def test_the_person_cannot_close_their_own(self, client, p):
        budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
        client.force_login(p.alice)
        client.post(f"/budgets/{budget.pk}/close/", {"reason": "x"})
        budget.refresh_from_db()
        assert budget.status == Status.PLANNING


class TestReallocate:
    def url(self, p):
        return f"/people/{p.alice_person.pk}/reallocate/"

    def test_the_manager_reallocates_within_the_team_and_it_is_recorded(self, client, p):
        from tests.factories import UserFactory

        will = UserFactory(council=p.northshire, role="social_worker", team=p.north, full_name="Will Walker")
        client.force_login(p.mandy)
        page = client.get(f"/people/{p.alice_person.pk}/").content.decode()
        assert "Reallocate Alice to another worker" in page and "Will Walker" in page and "Walter Other" not in page
        response = client.post(self.url(p), {"worker": will.pk}, follow=True)
        assert "Alice Adams is now allocated to Will Walker." in response.content.decode()
        p.alice_person.refresh_from_db()
        assert p.alice_person.allocated_worker == will
        entry = AuditEntry.objects.get(person=p.alice_person, action="change")
        assert (entry.user, entry.what) == (p.mandy, "Reallocated from Wendy Worker to Will Walker")
        assert "Reallocated from Wendy Worker to Will Walker by Mandy Manager" in response.content.decode()

    def test_a_worker_in_another_team_cannot_be_chosen(self, client, p):
        client.force_login(p.mandy)
        response = client.post(self.url(p), {"worker": p.walter.pk}, HTTP_REFERER=f"http://testserver/people/{p.alice_person.pk}/", follow=True)
        assert "Select a social worker in the team" in response.content.decode()
        p.alice_person.refresh_from_db()
        assert p.alice_person.allocated_worker == p.wendy

    @pytest.mark.parametrize("who", ["wendy", "alice", "rita"])
    def test_only_the_manager_may_reallocate(self, client, p, who):
        client.force_login(getattr(p, who))
        client.post(self.url(p), {"worker": p.wendy.pk})
        assert "Reallocate" not in client.get(f"/people/{p.alice_person.pk}/", follow=True).content.decode()
        assert not AuditEntry.objects.filter(action="change").exists()

    @pytest.mark.parametrize("who", ["bob", "walter", "xavier", "adam"])
    def test_outsiders_get_404(self, client, p, who):
        client.force_login(getattr(p, who))
        assert client.post(self.url(p), {"worker": p.wendy.pk}).status_code == 404
