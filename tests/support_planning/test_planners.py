"""Planners: invited by email, sign up through a one-time link, reach only invited plans until withdrawn or signed off."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pbudget.lifecycle import MoveNotAllowed, Status
from pbudget.models import AuditEntry, Role, User
from signoff import services as signoff_services
from signoff.defaults import default_delegation_rules
from support_planning import services
from support_planning.models import PlannerInvitation, PlanStatus, SupportPlan
from tests.factories import BudgetFactory, UserFactory
from tests.support_planning.factories import indicative, plan


@pytest.fixture
def budget(p):
    budget = BudgetFactory(person=p.alice_person, status=Status.PLANNING)
    indicative(budget=budget, weekly_pence=20000, actor=p.wendy)
    plan(budget=budget, actor=p.alice)
    return budget


def url(name, budget, *args):
    return reverse(f"support_planning:{name}", args=[budget.pk, *args])


def invite(client, p, budget, capture, email="bea@brokers.example"):
    """Alice invites Bea through the page; the email goes after commit. Returns the invitation and the link's token."""
    client.force_login(p.alice)
    with capture(execute=True):
        response = client.post(url("invite", budget), {"name": "Bea Broker", "email": email, "kind": "broker"})
    assert response.status_code == 302, response.content.decode()[:2000]
    link = re.search(r"https?://\S+/planning/invitations/(\S+)/", mail.outbox[-1].body)
    return PlannerInvitation.objects.get(email=email), link.group(1)


def sign_up(client, token, password="a long enough passphrase", second_factor=True):
    """Bea opens the link and chooses a password; like all staff, she then passes a second factor."""
    client.logout()
    response = client.post(reverse("planners:accept", args=[token]), {"full_name": "Bea Broker", "password": password, "password_again": password})
    if second_factor and response.status_code == 302:
        client.force_login(User.objects.get(email="bea@brokers.example"))
    return response


def test_alice_invites_a_broker_who_signs_up_and_helps_with_only_that_plan(client, p, budget, django_capture_on_commit_callbacks):
    invitation, token = invite(client, p, budget, django_capture_on_commit_callbacks)
    message = mail.outbox[-1]
    assert message.to == ["bea@brokers.example"] and "Alice has invited you" in message.subject
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64  # only a hash is kept
    assert AuditEntry.objects.filter(user=p.alice, person=p.alice_person, what__contains="Invited bea@brokers.example").exists()
    page = client.get(url("plan", budget)).content.decode()
    assert "Bea Broker" in page and "Invited" in page

    page = client.get(reverse("planners:accept", args=[token])).content.decode()
    assert "Sign out, then open the link again" in page and "Accept the invitation" not in page  # Alice can't be a planner
    client.logout()
    page = client.get(reverse("planners:accept", args=[token])).content.decode()  # anonymous: the link is public
    assert "Help Alice with their support plan" in page and "bea@brokers.example" in page
    response = sign_up(client, token, second_factor=False)
    assert response.status_code == 302 and response["Location"] == url("plan", budget)
    assert "/accounts/two-factor/" in client.get(url("plan", budget))["Location"]  # planners are staff for sign-in
    bea = User.objects.get(email="bea@brokers.example")
    client.force_login(bea)
    assert (bea.role, bea.council, bea.full_name) == (Role.PLANNER, p.northshire, "Bea Broker")
    invitation.refresh_from_db()
    assert invitation.planner == bea and invitation.accepted_at is not None

    page = client.get(url("plan", budget)).content.decode()  # signed in as Bea by the sign-up
    assert "Support plan" in page and "£200.00" in page and "Get out to the allotment" in page
    assert "Invite someone to help" not in page and "Submit for sign-off" not in page
    assert "Alice Adams's support plan" in client.get(reverse("home")).content.decode()
    client.post(url("contingency", budget), {"lock_version": 0, "contingency": "Bea will call the agency"})
    assert SupportPlan.objects.get(budget=budget).contingency == "Bea will call the agency"
    assert AuditEntry.objects.filter(user=bea, person=p.alice_person, action="change").exists()

    # Not the person's record, not anyone else's plan, not the sign-off pages.
    assert client.get(reverse("person_detail", args=[p.alice_person.pk])).status_code == 404
    bobs = BudgetFactory(person=p.bob_person, status=Status.PLANNING)
    plan(budget=bobs, actor=p.bob)
    assert client.get(url("plan", bobs)).status_code == 404
    assert client.post(url("contingency", bobs), {"lock_version": 0, "contingency": "x"}).status_code == 404
    assert client.get(url("invite", budget)).status_code == 404
    assert "Bob" not in client.get(reverse("home")).content.decode()

    # The link worked once.
    assert sign_up(client, token).status_code == 404


def test_a_planner_cannot_submit_or_change_who_leads(client, p, budget, django_capture_on_commit_callbacks):
    _, token = invite(client, p, budget, django_capture_on_commit_callbacks)
    sign_up(client, token)
    bea = User.objects.get(email="bea@brokers.example")
    draft = SupportPlan.objects.get(budget=budget)
    with pytest.raises(MoveNotAllowed, match="Only the person, their representative or the council can submit"):
        services.plan_submit(plan=draft, actor=bea, lock_version=draft.lock_version)
    with pytest.raises(MoveNotAllowed, match="change who leads"):
        services.plan_update_about(plan=draft, actor=bea, lock_version=draft.lock_version, what_matters="x", led_by="broker")
    page = client.get(url("about", budget)).content.decode()
    assert "Who is leading this plan?" not in page
    client.post(url("about", budget), {"lock_version": draft.lock_version, "what_matters": "Gardening", "led_by": "broker"})
    draft.refresh_from_db()
    assert (draft.what_matters, draft.led_by) == ("Gardening", "person")
    assert Status.PLANNING == type(budget).objects.get(pk=budget.pk).status


def test_withdrawing_ends_access_at_once_and_is_logged(client, p, budget, django_capture_on_commit_callbacks):
    invitation, token = invite(client, p, budget, django_capture_on_commit_callbacks)
    sign_up(client, token)
    assert client.get(url("plan", budget)).status_code == 200
    planner_client = client
    from django.test import Client

    alice = Client()
    alice.force_login(p.rita)  # her representative may withdraw it too
    alice.post(url("invitation_withdraw", budget, invitation.pk))
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None and invitation.withdrawn_by == p.rita
    assert AuditEntry.objects.filter(user=p.rita, what__contains="Withdrew bea@brokers.example").exists()
    assert planner_client.get(url("plan", budget)).status_code == 404
    assert planner_client.post(url("contingency", budget), {"lock_version": 0, "contingency": "x"}).status_code == 404
    assert "Withdrawn" in alice.get(url("plan", budget)).content.decode()


def test_sign_off_ends_planners_access_and_logs_it(client, p, budget, django_capture_on_commit_callbacks):
    invitation, token = invite(client, p, budget, django_capture_on_commit_callbacks)
    sign_up(client, token)
    draft = SupportPlan.objects.get(budget=budget)
    default_delegation_rules(council=p.northshire)
    services.plan_submit(plan=draft, actor=p.alice, lock_version=draft.lock_version)
    assert client.get(url("plan", budget)).status_code == 200  # still sees it while it waits for sign-off
    draft.refresh_from_db()
    signoff_services.signoff_approve(budget=budget, actor=p.wendy, plan_lock_version=draft.lock_version)
    invitation.refresh_from_db()
    assert invitation.ended_at is not None and invitation.ended_reason == "The plan was signed off"
    assert AuditEntry.objects.filter(user=p.wendy, what__contains="access to the support plan ended").count() == 1
    assert client.get(url("plan", budget)).status_code == 404
    assert "not helping with any plans" in client.get(reverse("home")).content.decode()


def test_an_expired_link_does_not_work(client, p, budget, django_capture_on_commit_callbacks):
    _, token = invite(client, p, budget, django_capture_on_commit_callbacks)
    client.logout()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        response = client.get(reverse("planners:accept", args=[token]))
        assert response.status_code == 404 and "This link does not work" in response.content.decode()
        assert sign_up(client, token).status_code == 404
    assert not User.objects.filter(email="bea@brokers.example").exists()


@pytest.mark.parametrize("token", ["nonsense", "x" * 300, "%00"])
def test_a_made_up_link_does_not_work(client, p, budget, token):
    assert client.get(reverse("planners:accept", args=[token])).status_code == 404


def test_an_address_that_belongs_to_someone_else_is_refused(client, p, budget, django_capture_on_commit_callbacks):
    invitation, token = invite(client, p, budget, django_capture_on_commit_callbacks, email="wendy@northshire.example")
    response = sign_up(client, token)
    assert response.status_code == 200 and "already an account with this email address" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert User.objects.get(email="wendy@northshire.example").role == Role.SOCIAL_WORKER


def test_a_planner_already_signed_in_accepts_another_invitation(client, p, budget, django_capture_on_commit_callbacks):
    bea = UserFactory(council=p.northshire, role=Role.PLANNER, email="bea@brokers.example")
    invitation, token = invite(client, p, budget, django_capture_on_commit_callbacks)
    client.force_login(bea)
    assert "Accept the invitation" in client.get(reverse("planners:accept", args=[token])).content.decode()
    client.post(reverse("planners:accept", args=[token]))
    invitation.refresh_from_db()
    assert invitation.planner == bea
    assert client.get(url("plan", budget)).status_code == 200


def test_a_weak_password_is_refused_with_a_message(client, p, budget, django_capture_on_commit_callbacks):
    _, token = invite(client, p, budget, django_capture_on_commit_callbacks)
    response = sign_up(client, token, password="short")
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not User.objects.filter(email="bea@brokers.example").exists()


@pytest.mark.parametrize("outsider", ["bob", "walter", "xavier", "adam"])
def test_outsiders_cannot_invite(client, p, budget, outsider):
    client.force_login(getattr(p, outsider))
    assert client.post(url("invite", budget), {"name": "X", "email": "x@example.org", "kind": "broker"}).status_code == 404
    assert not PlannerInvitation.objects.exists()
    with pytest.raises(MoveNotAllowed):
        services.planner_invite(budget=budget, actor=getattr(p, outsider), email="x@example.org", name="X", kind="broker")


def test_inviting_the_same_address_twice_is_refused(client, p, budget):
    services.planner_invite(budget=budget, actor=p.wendy, email="bea@brokers.example", name="Bea", kind="peer")
    client.force_login(p.alice)
    response = client.post(url("invite", budget), {"name": "Bea", "email": "BEA@brokers.example", "kind": "broker"})
    assert "already been invited" in response.content.decode()
    assert PlannerInvitation.objects.count() == 1


def test_planners_are_only_invited_while_the_plan_is_written(p, budget):
    type(budget).objects.filter(pk=budget.pk).update(status=Status.SIGN_OFF)
    with pytest.raises(MoveNotAllowed, match="only while the plan is being written"):
        services.planner_invite(budget=budget, actor=p.alice, email="b@example.org", name="B", kind="broker")


def test_a_planner_of_another_council_is_refused_even_with_an_invitation(client, p, budget):
    invitation = services.planner_invite(budget=budget, actor=p.alice, email="far@example.org", name="Far", kind="broker")
    far = UserFactory(council=p.southvale, role=Role.PLANNER, email="far@example.org")
    PlannerInvitation.objects.filter(pk=invitation.pk).update(planner=far, accepted_at=timezone.now())
    client.force_login(far)
    assert client.get(url("plan", budget)).status_code == 404


def test_who_leads_is_recorded_each_time_it_changes(client, p, budget):
    draft = SupportPlan.objects.get(budget=budget)
    client.force_login(p.rita)
    client.post(url("about", budget), {"lock_version": 0, "what_matters": "x", "led_by": "representative"})
    client.force_login(p.wendy)
    client.post(url("about", budget), {"lock_version": 1, "what_matters": "x", "led_by": "council"})
    changes = list(draft.changes.filter(part="led_by").values_list("by__email", "what"))
    assert changes == [("rita@example.org", "now led by: A family member or friend"), ("wendy@northshire.example", "now led by: The council's social worker")]
    assert "The council&#x27;s social worker" in client.get(url("plan", budget)).content.decode()
    assert PlanStatus.DRAFT == SupportPlan.objects.get(pk=draft.pk).status
