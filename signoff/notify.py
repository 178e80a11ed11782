"""Telling the person and the plan's author about a sign-off decision, by email, exactly once."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import timezone

from signoff.models import Decision, SignoffDecision

SUBJECTS = {
    Decision.APPROVED: "Your support plan has been signed off",
    Decision.RETURNED: "Your support plan has come back with comments",
    Decision.DECLINED: "Your support plan has not been agreed",
}


def decision_recipients(decision) -> list[str]:
    """
    The person (their sign-in email, else the one on their record), every representative acting
    for them now (with recorded authority: ended ones are not told), and the plan's author; each
    address once, whoever it belongs to. A person with no email of their own is told through
    their representatives.
    """
    person = decision.budget.person
    representatives = [r.user.email for r in person.representatives.all() if r.ended_at is None]
    emails = [person.user.email if person.user_id else person.email, *representatives, decision.plan.created_by.email]
    return list(dict.fromkeys(e.lower() for e in emails if e))


def signoff_decision_notify(*, decision_id) -> int:
    """
    Email the decision to the person, their representatives and the plan's author. The decision is claimed first with
    one conditional update of `notified_at`, so a retried or doubled task sends nothing twice.
    Returns how many emails were sent.
    """
    claimed = SignoffDecision.objects.filter(pk=decision_id, notified_at__isnull=True).update(notified_at=timezone.now())
    if claimed != 1:
        return 0
    decision = SignoffDecision.objects.select_related(
        "budget__person__user", "budget__person__council", "plan__created_by", "decided_by"
    ).prefetch_related("budget__person__representatives__user").get(pk=decision_id)
    body = render_to_string("signoff/decision_email.txt", {"decision": decision, "person": decision.budget.person})
    try:
        return send_mass_mail(
            [(SUBJECTS[decision.decision], body, settings.DEFAULT_FROM_EMAIL, [to]) for to in decision_recipients(decision)]
        )
    except Exception:
        # Give the claim back, so the retry can send.
        SignoffDecision.objects.filter(pk=decision_id).update(notified_at=None)
        raise
