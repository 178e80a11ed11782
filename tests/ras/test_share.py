"""Sharing the indicative budget: the service, the page, and who may see what."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from pbudget.lifecycle import MoveNotAllowed, Status
from pbudget.models import AuditEntry, BudgetEvent
from ras.defaults import default_allocation_table
from ras.models import Allocation, AllocationTable
from ras.selectors import allocation_recalculate
from ras.services import allocation_share
from tests.ras.conftest import eligible_budget


def url(budget):
    return reverse("ras:indicative", kwargs={"budget_id": budget.pk})


def test_default_table_is_published_and_idempotent(p, table):
    assert default_allocation_table(council=p.northshire) == table
    assert AllocationTable.objects.filter(council=p.northshire).count() == 1
    assert table.published_at is not None and table.client_group == ""
    assert (table.price_per_point_pence, table.floor_weekly_pence, table.ceiling_weekly_pence) == (850, 5_000, 120_000)


def test_allocation_share_stores_the_record_and_moves(p, budget, table):
    allocation = allocation_share(budget=budget, actor=p.wendy)
    assert allocation.table == table and allocation.calculated_by == p.wendy
    assert allocation.assessment == budget.assessments.get()
    assert allocation.total_points == 47
    assert allocation.weekly_pence == 39_950 and allocation.yearly_pence == 39_950 * 52
    assert len(allocation.breakdown) == 10
    assert allocation.breakdown[0] == {
        "question": "How do you manage food and drink?", "answer": "I need someone to help with some of it, or to remind me",
        "points": 5, "section": "looking-after-yourself", "weight": "1", "pence": 4_250,
    }
    assert sum(line["pence"] for line in allocation.breakdown) == 39_950
    assert allocation.steps[1]["text"] == "Each point is worth £8.50 a week, so 47 points × £8.50 = £399.50 a week."
    assert allocation.calculated_weekly_pence == 39_950 and not allocation.complex_case and not allocation.is_override
    # The answers used are kept by key, so the figure can be worked out again to the penny.
    assert allocation.answers_used.count() == 10 and sum(a.points for a in allocation.answers_used.all()) == 47
    assert allocation_recalculate(allocation=allocation).weekly_pence == allocation.weekly_pence
    budget.refresh_from_db()
    assert budget.status == Status.PLANNING
    event = BudgetEvent.objects.filter(budget=budget).last()
    assert (event.move, event.actor) == ("share_allocation", p.wendy)


def test_sharing_twice_is_refused(p, budget):
    allocation_share(budget=budget, actor=p.mandy)
    with pytest.raises(MoveNotAllowed):
        allocation_share(budget=budget, actor=p.mandy)
    assert Allocation.objects.count() == 1


@pytest.mark.parametrize("who", ["alice", "rita", "walter", "xavier", "adam", "bob"])
def test_only_staff_in_the_team_may_share(p, budget, who):
    with pytest.raises(MoveNotAllowed):
        allocation_share(budget=budget, actor=getattr(p, who))
    assert not Allocation.objects.exists()
    budget.refresh_from_db()
    assert budget.status == Status.ALLOCATION


def test_no_table_refuses_with_a_clear_message_and_stores_nothing(p):
    budget = eligible_budget(p)
    with pytest.raises(MoveNotAllowed, match="has not published an allocation table"):
        allocation_share(budget=budget, actor=p.wendy)
    assert not Allocation.objects.exists()
    budget.refresh_from_db()
    assert budget.status == Status.ALLOCATION
    assert not BudgetEvent.objects.filter(move="share_allocation").exists()


def test_a_table_for_the_client_group_wins(p, budget, table):
    AllocationTable.objects.create(
        council=p.northshire, client_group=p.alice_person.client_group, version=1, name="Older people",
        price_per_point_pence=1_000, floor_weekly_pence=0, ceiling_weekly_pence=100_000,
        effective_from="2026-01-01", published_at="2026-01-01T00:00Z",
    )
    assert allocation_share(budget=budget, actor=p.wendy).weekly_pence == 47_000


def test_low_needs_get_the_floor(p, table):
    budget = eligible_budget(p, pick=0)  # "I manage on my own" everywhere: 0 points
    allocation = allocation_share(budget=budget, actor=p.wendy)
    assert allocation.total_points == 0 and allocation.weekly_pence == 5_000


# --- The page ---------------------------------------------------------------------------------


def test_wendy_sees_a_preview_that_stores_nothing(client, p, budget):
    client.force_login(p.wendy)
    page = client.get(url(budget)).content.decode()
    assert "Check the indicative budget" in page
    assert "£399.50" in page and "£20,774.00" in page
    assert "Which answers added how much" in page and "How do you manage food and drink?" in page
    assert "Council-wide allocation table, version 1" in page
    assert "Share this indicative budget with Alice Adams" in page
    assert not Allocation.objects.exists()


def test_wendy_shares_and_everyone_sees_the_stored_figure(client, p, budget):
    client.force_login(p.wendy)
    response = client.post(url(budget))
    assert response.url == url(budget)
    assert "The indicative budget is shared with Alice Adams." in [str(m) for m in get_messages(response.wsgi_request)]
    allocation = Allocation.objects.get()
    budget.refresh_from_db()
    assert budget.status == Status.PLANNING

    page = client.get(url(budget)).content.decode()
    assert "Technical details" in page and "version 1" in page and "by Wendy Worker" in page

    client.force_login(p.alice)
    page = client.get(url(budget)).content.decode()
    assert "Your indicative budget" in page
    assert "£399.50" in page and "£20,774.00" in page
    assert "What “indicative” means" in page
    assert "starting point" in page and "must be enough to meet your eligible needs" in page
    assert "can challenge it" in page
    assert "Your answer" in page and "I need someone to help with some of it, or to remind me" in page
    assert "Technical details" not in page and "Share this" not in page
    assert "47 points × £8.50 = £399.50 a week" in page

    # The stored figure stays even if the council's table changes later.
    AllocationTable.objects.filter(pk=allocation.table_id).update(price_per_point_pence=1)
    assert "£399.50" in client.get(url(budget)).content.decode()


def test_rita_sees_it_too(client, p, budget):
    allocation_share(budget=budget, actor=p.wendy)
    client.force_login(p.rita)
    assert "£399.50" in client.get(url(budget)).content.decode()


def test_before_sharing_the_person_sees_not_ready_yet(client, p, budget):
    client.force_login(p.alice)
    response = client.get(url(budget))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your indicative budget is not ready yet" in page and "£" not in page.split("<main")[1]


def test_without_a_table_staff_see_why_and_no_button(client, p):
    budget = eligible_budget(p)
    client.force_login(p.wendy)
    page = client.get(url(budget)).content.decode()
    assert "has not published an allocation table" in page and "Share this" not in page


def test_a_person_cannot_post_share(client, p, budget):
    for who in (p.alice, p.rita):
        client.force_login(who)
        response = client.post(url(budget), HTTP_REFERER=url(budget))
        assert response.status_code == 302
        assert "You are not allowed to do this for this person." in [str(m) for m in get_messages(response.wsgi_request)]
    assert not Allocation.objects.exists()
    budget.refresh_from_db()
    assert budget.status == Status.ALLOCATION


def test_anonymous_is_sent_to_sign_in(client, budget):
    for response in (client.get(url(budget)), client.post(url(budget))):
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("outsider", ["bob", "walter", "xavier", "adam"])
def test_outsiders_get_404(client, p, budget, outsider):
    client.force_login(getattr(p, outsider))
    assert client.get(url(budget)).status_code == 404
    assert client.post(url(budget)).status_code == 404
    allocation_share(budget=budget, actor=p.wendy)
    assert client.get(url(budget)).status_code == 404
    assert Allocation.objects.count() == 1


def test_the_page_logs_the_view(client, p, budget):
    client.force_login(p.rita)
    client.get(url(budget))
    assert AuditEntry.objects.filter(user=p.rita, person=p.alice_person, action="view", what="Indicative budget").exists()


def test_the_indicative_page_reads_a_fixed_number_of_queries(client, p, budget, django_assert_max_num_queries):
    allocation_share(budget=budget, actor=p.wendy)
    for who, most in ((p.alice, 14), (p.wendy, 14)):
        client.force_login(who)
        with django_assert_max_num_queries(most):
            assert client.get(url(budget)).status_code == 200
