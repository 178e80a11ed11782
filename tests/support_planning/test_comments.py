"""Comments on parts of a plan: recorded by sign-off, shown beside the parts they concern."""

import pytest
from django.urls import reverse

from pbudget.lifecycle import MoveNotAllowed, Status
from pbudget.models import AuditEntry
from support_planning.models import PlanComment, PlanStatus
from support_planning.services import plan_comments_record
from tests.factories import BudgetFactory
from tests.support_planning.factories import indicative, plan


@pytest.fixture
def draft(p):
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    return plan(budget=budget, actor=p.alice, lines=((2500, "4"), (1000, "1")))


def test_comments_are_shown_beside_the_parts_they_concern(client, p, draft):
    outcome = draft.outcomes.get()
    first, second = draft.lines.order_by("pk")
    made = plan_comments_record(plan=draft, actor=p.wendy, comments={
        "general": "Nearly there.", "what_matters": "Say more about your garden.", f"outcome:{outcome.pk}": "Which days?",
        f"line:{second.pk}": "Is £10 right for this?", "money": "Who will be the employer?", "contingency": "",
    })
    assert sorted(c.part for c in made) == sorted(["general", "what_matters", f"outcome:{outcome.pk}", f"line:{second.pk}", "money"])
    assert AuditEntry.objects.filter(person=p.alice_person, user=p.wendy, what__contains="Comments on support plan").count() == 1

    client.force_login(p.alice)
    page = client.get(reverse("support_planning:plan", args=[draft.budget_id])).content.decode()
    assert "came back from sign-off" in page and "Nearly there." in page
    # Each comment sits in its part's card: after that part's heading and before the next one.
    order = [page.index(x) for x in (
        "Say more about your garden.", "Outcome 1: Get out to the allotment", "Which days?", "Personal assistant 2",
        "Is £10 right for this?", "How the money is managed", "Who will be the employer?", "If things go wrong",
    )]
    assert order == sorted(order)
    assert page.index("Personal assistant 1") < page.index("Personal assistant 2") < page.index("Is £10 right")
    assert page.count("Comment from sign-off") == 5 and "Wendy Worker" in page

    page = client.get(reverse("support_planning:line_edit", args=[draft.budget_id, second.pk])).content.decode()
    assert "Is £10 right for this?" in page and "Which days?" not in page
    page = client.get(reverse("support_planning:line_edit", args=[draft.budget_id, first.pk])).content.decode()
    assert "Comment from sign-off" not in page
    page = client.get(reverse("support_planning:money", args=[draft.budget_id])).content.decode()
    assert "Who will be the employer?" in page


def test_a_plan_with_no_comments_shows_none(client, p, draft):
    client.force_login(p.alice)
    page = client.get(reverse("support_planning:plan", args=[draft.budget_id])).content.decode()
    assert "Comment from sign-off" not in page and "came back from sign-off" not in page


@pytest.mark.parametrize("part", ["outcome:999999", "line:abc", "lines:1", "whatever", "outcome:"])
def test_a_comment_on_a_part_not_in_the_plan_is_refused_and_nothing_is_written(p, draft, part):
    with pytest.raises(MoveNotAllowed, match="isn't in this version"):
        plan_comments_record(plan=draft, actor=p.wendy, comments={"general": "ok", part: "x"})
    assert not PlanComment.objects.exists()


def test_a_comment_on_another_plans_line_is_refused(p, draft):
    other = plan(budget=BudgetFactory(person=p.bob_person, status=Status.PLANNING), actor=p.bob)
    with pytest.raises(MoveNotAllowed):
        plan_comments_record(plan=draft, actor=p.wendy, comments={f"line:{other.lines.get().pk}": "x"})
    assert not PlanComment.objects.exists()


@pytest.mark.parametrize("who", ["alice", "rita", "bob", "walter", "xavier", "adam"])
def test_only_staff_in_the_persons_team_may_comment(p, draft, who):
    with pytest.raises(MoveNotAllowed):
        plan_comments_record(plan=draft, actor=getattr(p, who), comments={"general": "x"})
    assert not PlanComment.objects.exists()


def test_blank_comments_write_nothing(p, draft):
    assert plan_comments_record(plan=draft, actor=p.mandy, comments={"general": "  ", "money": ""}) == []
    assert not PlanComment.objects.exists() and not AuditEntry.objects.filter(what__contains="Comments").exists()


def test_comments_are_not_shown_once_the_plan_is_submitted(client, p, draft):
    plan_comments_record(plan=draft, actor=p.wendy, comments={"money": "Who will be the employer?"})
    type(draft).objects.filter(pk=draft.pk).update(status=PlanStatus.SUBMITTED)
    client.force_login(p.alice)
    page = client.get(reverse("support_planning:plan", args=[draft.budget_id])).content.decode()
    assert "Who will be the employer?" not in page


def test_a_return_with_only_part_comments_says_so_on_the_persons_home(client, p, draft, mailoutbox, django_capture_on_commit_callbacks):
    from signoff import services as signoff_services
    from signoff.defaults import default_delegation_rules
    from support_planning import services

    default_delegation_rules(council=p.northshire)
    services.plan_submit(plan=draft, actor=p.alice, lock_version=draft.lock_version)
    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        signoff_services.signoff_return(
            budget=draft.budget, actor=p.wendy, plan_lock_version=draft.lock_version, comments="",
            part_comments={"money": "Who will be the employer?"},
        )
    client.force_login(p.alice)
    home = client.get(reverse("home")).content.decode()
    assert "with comments from Wendy Worker on parts of the plan." in home
    assert "with comments from Wendy Worker:" not in home
    assert "Each comment is shown beside the part of" in home
    email = next(m for m in mailoutbox if p.alice.email in m.to)
    assert "with comments from Wendy Worker on parts of the plan." in email.body and "Wendy Worker:\n" not in email.body
