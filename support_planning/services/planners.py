"""
Help with planning: inviting a broker, user-led organisation or peer supporter by email, their
sign-up through a one-time link, withdrawing or ending their access; and the person asking the
council for help, which shows on the team's work list. Every change writes an AuditEntry.
"""

import datetime
import hashlib
import logging
import secrets
from functools import partial

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from pbudget.access import require_relationship
from pbudget.audit import audit_change
from pbudget.lifecycle import ANYONE, PERSON, STAFF, MoveNotAllowed, Status
from pbudget.models import PersonalBudget, Role, User
from support_planning.models import PLANNER_KINDS, PlanHelpRequest, PlannerInvitation

log = logging.getLogger(__name__)

INVITATION_LIFETIME = datetime.timedelta(days=14)
LINK_NOT_VALID = "This invitation link has expired, has been used already, or has been withdrawn. Ask for a new invitation."


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _send_invitation(*, invitation_id, token):
    """After commit: email the one-time link. A mail server that fails is logged; the page offers to send again."""
    invitation = PlannerInvitation.objects.select_related("budget__person", "budget__council", "invited_by").get(pk=invitation_id)
    link = settings.SITE_URL.rstrip("/") + reverse("planners:accept", kwargs={"token": token})
    body = render_to_string("support_planning/emails/invitation.txt", {"invitation": invitation, "link": link})
    subject = f"{invitation.budget.person.first_name} has invited you to help with their support plan"
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    except Exception:  # noqa: BLE001 - any mail failure: the invitation stands and can be sent again
        log.exception("Planner invitation %s could not be emailed", invitation_id)


def _new_token(invitation):
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_hash(token)
    invitation.expires_at = timezone.now() + INVITATION_LIFETIME
    return token


@transaction.atomic
def planner_invite(*, budget, actor, email, name, kind) -> PlannerInvitation:
    """
    Invite a planner to help with this budget's plan, by email, while it is being written. The
    person, their representative or staff in their team may invite. Keeps only a hash of the
    one-time link's token; emails the link after commit. Refuses a second open invitation to the
    same address for the same budget.
    """
    locked = PersonalBudget.objects.select_for_update(of=("self",)).select_related("person").get(pk=budget.pk)
    require_relationship(actor, locked.person, ANYONE)
    if locked.status != Status.PLANNING:
        raise MoveNotAllowed("Planners can be invited only while the plan is being written.")
    if kind not in {k.value for k in PLANNER_KINDS}:
        raise MoveNotAllowed("Select whether they are a broker, a user-led organisation or a peer supporter.")
    email = User.objects.normalize_email(email).strip().lower()
    open_ones = PlannerInvitation.objects.filter(budget=locked, email__iexact=email, withdrawn_at__isnull=True, ended_at__isnull=True)
    if open_ones.exists():
        raise MoveNotAllowed(f"{email} has already been invited to help with this plan.")
    invitation = PlannerInvitation(budget=locked, email=email, name=name.strip(), kind=kind, invited_by=actor)
    token = _new_token(invitation)
    invitation.save()
    audit_change(user=actor, person=locked.person, what=f"Invited {email} to help with the support plan")
    transaction.on_commit(partial(_send_invitation, invitation_id=invitation.pk, token=token))
    return invitation


@transaction.atomic
def planner_invitation_resend(*, invitation, actor) -> PlannerInvitation:
    """Send a not-yet-accepted invitation again with a new link (the old link stops working)."""
    locked = PlannerInvitation.objects.select_for_update().select_related("budget__person").get(pk=invitation.pk)
    require_relationship(actor, locked.budget.person, ANYONE)
    if locked.accepted_at or locked.withdrawn_at or locked.ended_at:
        raise MoveNotAllowed("Only an invitation that hasn't been accepted or withdrawn can be sent again.")
    token = _new_token(locked)
    locked.save(update_fields=["token_hash", "expires_at"])
    audit_change(user=actor, person=locked.budget.person, what=f"Sent the planner invitation to {locked.email} again")
    transaction.on_commit(partial(_send_invitation, invitation_id=locked.pk, token=token))
    return locked


@transaction.atomic
def planner_invitation_withdraw(*, invitation, actor) -> PlannerInvitation:
    """Withdraw an invitation: the planner loses access at once. Logged; withdrawing twice changes nothing."""
    locked = PlannerInvitation.objects.select_for_update().select_related("budget__person").get(pk=invitation.pk)
    require_relationship(actor, locked.budget.person, ANYONE)
    if locked.withdrawn_at is None and locked.ended_at is None:
        locked.withdrawn_at, locked.withdrawn_by = timezone.now(), actor
        locked.save(update_fields=["withdrawn_at", "withdrawn_by"])
        audit_change(user=actor, person=locked.budget.person, what=f"Withdrew {locked.email}'s access to the support plan")
    return locked


def planner_invitations_end(*, budget, actor, reason="The plan was signed off") -> int:
    """
    End every open invitation for this budget (sign-off calls this inside its transaction when it
    approves the plan): planners' access ends, one AuditEntry each. Returns how many ended.
    """
    ending = list(PlannerInvitation.objects.select_for_update().filter(budget=budget, withdrawn_at__isnull=True, ended_at__isnull=True))
    now = timezone.now()
    for invitation in ending:
        invitation.ended_at, invitation.ended_reason = now, reason[:200]
        audit_change(user=actor, person=budget.person, what=f"{invitation.email}'s access to the support plan ended: {reason}"[:200])
    PlannerInvitation.objects.bulk_update(ending, ["ended_at", "ended_reason"])
    return len(ending)


def invitation_for_token(token: str) -> PlannerInvitation | None:
    """The open, unexpired, unaccepted invitation this link is for, or None."""
    return (
        PlannerInvitation.objects.select_related("budget__person", "budget__council")
        .filter(token_hash=token_hash(token or ""), accepted_at__isnull=True, withdrawn_at__isnull=True,
                ended_at__isnull=True, expires_at__gt=timezone.now(), budget__status=Status.PLANNING)
        .first()
    )


@transaction.atomic
def planner_accept(*, token, full_name, password, existing_user=None) -> User:
    """
    Accept an invitation through its one-time link. A new address gets a planner account with the
    password chosen (validated like every password); a planner of the same council who is already
    signed in (`existing_user`) just gains the plan. The link then stops working. An address that
    belongs to someone who isn't a planner is refused: a planner account sees only invited plans.
    """
    invitation = invitation_for_token(token)
    if invitation is None:
        raise MoveNotAllowed(LINK_NOT_VALID)
    invitation = PlannerInvitation.objects.select_for_update().select_related("budget__person").get(pk=invitation.pk)
    council_id = invitation.budget.council_id
    if existing_user is not None:
        planner = existing_user
        if planner.role != Role.PLANNER or planner.council_id != council_id:
            raise MoveNotAllowed("You are signed in with an account that can't be a planner. Sign out, then open the link again.")
    else:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise MoveNotAllowed("There is already an account with this email address. Sign in, then open the link again.")
        planner = User(email=invitation.email, full_name=full_name.strip(), role=Role.PLANNER, council_id=council_id)
        try:
            password_validation.validate_password(password, planner)
        except ValidationError as error:
            raise MoveNotAllowed(" ".join(error.messages)) from None
        planner.set_password(password)
        planner.save()
    invitation.planner, invitation.accepted_at = planner, timezone.now()
    invitation.save(update_fields=["planner", "accepted_at"])
    audit_change(user=planner, person=invitation.budget.person, what=f"{planner.email} accepted the invitation to help with the support plan")
    return planner


@transaction.atomic
def plan_help_request(*, budget, actor, message="") -> PlanHelpRequest:
    """
    The person (or their representative) asks the council for help with planning. It shows on
    the team's work list until a worker marks it answered; asking again while one is open
    returns the open one (a database constraint allows one).
    """
    locked = PersonalBudget.objects.select_for_update(of=("self",)).select_related("person").get(pk=budget.pk)
    require_relationship(actor, locked.person, {PERSON})
    if locked.status != Status.PLANNING:
        raise MoveNotAllowed("You can ask for help with planning while the plan is being written.")
    open_one = PlanHelpRequest.objects.filter(budget=locked, answered_at__isnull=True).first()
    if open_one is not None:
        return open_one
    request = PlanHelpRequest.objects.create(budget=locked, requested_by=actor, message=(message or "").strip())
    audit_change(user=actor, person=locked.person, what="Asked the council for help with planning")
    return request


@transaction.atomic
def plan_help_answer(*, help_request, actor) -> PlanHelpRequest:
    """A worker in the person's team marks a request for help answered (it leaves the work list)."""
    locked = PlanHelpRequest.objects.select_for_update(of=("self",)).select_related("budget__person").get(pk=help_request.pk)
    require_relationship(actor, locked.budget.person, STAFF)
    if locked.answered_at is None:
        locked.answered_at, locked.answered_by = timezone.now(), actor
        locked.save(update_fields=["answered_at", "answered_by"])
        audit_change(user=actor, person=locked.budget.person, what="Answered the request for help with planning")
    return locked
