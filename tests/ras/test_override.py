"""A worker's own figure: only with a reason, kept beside the calculated one; complex cases."""

import pytest
from django.urls import reverse

from pbudget.lifecycle import MoveNotAllowed, Status
from pbudget.models import AuditEntry
from ras.models import Allocation, AllocationTable
from ras.services import allocation_override, allocation_share


def url(budget, name="ras:indicative"):
    return reverse(name, kwargs={"budget_id": budget.pk})


def test_sharing_a_different_figure_needs_a_reason(p, budget):
    with pytest.raises(MoveNotAllowed, match="Give a reason"):
        allocation_share(budget=budget, actor=p.wendy, weekly_pence=45_000, reason="  ")
    assert not Allocation.objects.exists()
    budget.refresh_from_db()
    assert budget.status == Status.ALLOCATION
    allocation = allocation_share(budget=budget, actor=p.wendy, weekly_pence=45_000, reason="Two carers for every visit")
    assert (allocation.weekly_pence, allocation.calculated_weekly_pence) == (45_000, 39_950)
    assert allocation.yearly_pence == 45_000 * 52 and allocation.override_reason == "Two carers for every visit"


def test_the_page_refuses_a_figure_without_a_reason_and_shows_the_summary(client, p, budget):
    client.force_login(p.wendy)
    response = client.post(url(budget), {"weekly_pence": "450", "reason": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Enter why the figure is different" in page
    assert not Allocation.objects.exists()


def test_the_person_sees_both_figures_and_the_reason(client, p, budget):
    client.force_login(p.wendy)
    response = client.post(url(budget), {"weekly_pence": "450", "reason": "Two carers for every visit"})
    assert response.status_code == 302
    client.force_login(p.alice)
    page = client.get(url(budget)).content.decode()
    assert "£450.00" in page and "The council's table gives £399.50 a week" in page
    assert "Two carers for every visit" in page


def test_complex_case_has_no_figure_until_a_worker_costs_it(client, p, budget):
    AllocationTable.objects.update(ceiling_weekly_pence=30_000)  # 47 points x £8.50 = £399.50 is above
    client.force_login(p.wendy)
    page = client.get(url(budget)).content.decode()
    assert "Complex case: costed by a worker" in page and "£399.50 a week, more than the highest" in page
    response = client.post(url(budget), {"weekly_pence": "", "reason": ""})
    assert "Enter the weekly amount you have worked out for this complex case" in response.content.decode()
    with pytest.raises(MoveNotAllowed, match="complex case"):
        allocation_share(budget=budget, actor=p.wendy)
    client.post(url(budget), {"weekly_pence": "520", "reason": "Costed with Alice: 30 hours a week"})
    allocation = Allocation.objects.get()
    assert allocation.complex_case and allocation.calculated_weekly_pence is None and allocation.weekly_pence == 52_000
    client.force_login(p.alice)
    page = client.get(url(budget)).content.decode()
    assert "above what the council's table covers" in page and "Costed with Alice" in page


def test_override_after_sharing_is_a_new_record_beside_the_old(client, p, budget):
    first = allocation_share(budget=budget, actor=p.wendy)
    client.force_login(p.mandy)
    assert "Change the indicative budget" in client.get(url(budget)).content.decode()
    response = client.post(url(budget, "ras:override"), {"weekly_pence": "420", "reason": "Night checks"})
    assert response.status_code == 302
    newest = Allocation.objects.order_by("-pk").first()
    assert newest.pk != first.pk and newest.weekly_pence == 42_000 and newest.calculated_weekly_pence == 39_950
    assert newest.answers_used.count() == first.answers_used.count() == 10
    first.refresh_from_db()
    assert first.weekly_pence == 39_950 and not first.override_reason
    assert AuditEntry.objects.filter(user=p.mandy, what__startswith="Changed the indicative budget to £420.00").exists()


def test_override_needs_a_reason_and_the_planning_stage(p, budget):
    with pytest.raises(MoveNotAllowed):
        allocation_override(budget=budget, actor=p.wendy, weekly_pence=1_000, reason="x")  # not shared yet
    allocation_share(budget=budget, actor=p.wendy)
    with pytest.raises(MoveNotAllowed, match="Give a reason"):
        allocation_override(budget=budget, actor=p.wendy, weekly_pence=1_000, reason="")
    assert Allocation.objects.count() == 1


@pytest.mark.parametrize("who", ["alice", "rita", "bob", "walter", "xavier", "adam"])
def test_only_staff_in_the_team_may_override(client, p, budget, who):
    allocation_share(budget=budget, actor=p.wendy)
    with pytest.raises(MoveNotAllowed):
        allocation_override(budget=budget, actor=getattr(p, who), weekly_pence=1_000, reason="x")
    client.force_login(getattr(p, who))
    assert client.get(url(budget, "ras:override")).status_code == 404
    assert client.post(url(budget, "ras:override"), {"weekly_pence": "10", "reason": "x"}).status_code == 404
    assert Allocation.objects.count() == 1
