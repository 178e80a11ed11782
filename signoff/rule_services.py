"""
Delegation rules, edited by council administrators: a draft is started (from the rules in
force), changed, checked and published. A published version is never changed again; the next
change is a new draft with the next version number.
"""

import logging

from django.db import transaction
from django.utils import timezone

from pbudget.lifecycle import MoveNotAllowed
from pbudget.models import Role, Team, User
from signoff.defaults import (
    DEFAULT_OVER_INDICATIVE_PERCENT, DEFAULT_SOCIAL_WORKER_YEARLY_LIMIT_PENCE, DEFAULT_TEAM_MANAGER_YEARLY_LIMIT_PENCE,
)
from signoff.delegation import PANEL_SIZE, PANEL_TOO_SMALL, Rules, rules_problems
from signoff.models import DelegationRuleSet
from signoff.selectors import delegation_rules_live

log = logging.getLogger(__name__)

RULE_FIELDS = (
    "social_worker_yearly_limit_pence", "social_worker_over_indicative_percent", "social_worker_needs_no_risk_flag",
    "team_manager_yearly_limit_pence", "target_working_days",
)


def _require_admin(actor, council_id):
    if actor.role != Role.COUNCIL_ADMIN or actor.council_id is None or actor.council_id != council_id:
        raise MoveNotAllowed("Only the council's administrators can change its delegation rules.")


@transaction.atomic
def delegation_rules_draft(*, council, actor, team_id=None) -> DelegationRuleSet:
    """
    The draft of the council's (or one of its teams') rules, started from the rules in force if
    there is no draft yet. Idempotent: a second call returns the same draft.
    """
    _require_admin(actor, council.pk)
    team = None
    if team_id:
        team = Team.objects.filter(council=council, pk=team_id).first()
        if team is None:
            raise MoveNotAllowed("There is no such team in this council.")
    # Lock the council's rule sets so two administrators can't take the same version number.
    existing = list(DelegationRuleSet.objects.select_for_update().filter(council=council, team=team).order_by("-version"))
    draft = next((r for r in existing if r.is_draft), None)
    if draft is not None:
        return draft
    source = delegation_rules_live(council_id=council.pk, team_id=team.pk if team else None)
    values = {f: getattr(source, f) for f in RULE_FIELDS} if source else {
        "social_worker_yearly_limit_pence": DEFAULT_SOCIAL_WORKER_YEARLY_LIMIT_PENCE,
        "social_worker_over_indicative_percent": DEFAULT_OVER_INDICATIVE_PERCENT,
        "team_manager_yearly_limit_pence": DEFAULT_TEAM_MANAGER_YEARLY_LIMIT_PENCE,
    }
    return DelegationRuleSet.objects.create(
        council=council, team=team, version=(existing[0].version + 1) if existing else 1, created_by=actor, **values
    )


def _draft_for_change(*, rule_set, actor) -> DelegationRuleSet:
    locked = DelegationRuleSet.objects.select_for_update().get(pk=rule_set.pk)
    _require_admin(actor, locked.council_id)
    if not locked.is_draft:
        raise MoveNotAllowed(f"Version {locked.version} is published and can't be changed. Start a new draft instead.")
    return locked


def _problems(values) -> dict[str, str]:
    rules = Rules(**{f: values[f] for f in RULE_FIELDS if f != "target_working_days"})
    return rules_problems(rules, values["target_working_days"])


@transaction.atomic
def delegation_rules_update(*, rule_set, actor, **values) -> DelegationRuleSet:
    """Change a draft. Refuses a published version, and values the rules can't work with."""
    locked = _draft_for_change(rule_set=rule_set, actor=actor)
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise ValueError(f"Not a rule field: {sorted(unknown)}")
    merged = {f: values.get(f, getattr(locked, f)) for f in RULE_FIELDS}
    problems = _problems(merged)
    if problems:
        raise MoveNotAllowed(" ".join(f"{m}." for m in problems.values()))
    for field, value in merged.items():
        setattr(locked, field, value)
    locked.save(update_fields=list(RULE_FIELDS))
    return locked


@transaction.atomic
def delegation_rules_publish(*, rule_set, actor) -> DelegationRuleSet:
    """Check a draft and put it in force. From now on it is frozen; new requests use it."""
    locked = _draft_for_change(rule_set=rule_set, actor=actor)
    problems = _problems({f: getattr(locked, f) for f in RULE_FIELDS})
    if problems:
        raise MoveNotAllowed("These rules can't be published yet: " + " ".join(f"{m}." for m in problems.values()))
    locked.published_at, locked.published_by = timezone.now(), actor
    locked.save(update_fields=["published_at", "published_by"])
    log.info("Delegation rules %s published by user %s", locked.pk, actor.pk)
    return locked


@transaction.atomic
def delegation_rules_discard(*, rule_set, actor) -> None:
    """Throw away a draft nobody has published."""
    locked = _draft_for_change(rule_set=rule_set, actor=actor)
    locked.delete()


@transaction.atomic
def senior_managers_set(*, council, actor, user_ids) -> list:
    """
    Put exactly these team managers of the council on its sign-off panel, taking everyone else
    off. Refuses (changing nothing) fewer than two people, and anyone who is not a team manager
    of this council. Each change
    is logged; a panel approval already given stands. Returns who is on the panel now.
    """
    _require_admin(actor, council.pk)
    wanted = set(user_ids)
    if len(wanted) < PANEL_SIZE:  # else no plan above the team manager limit could ever be signed off
        raise MoveNotAllowed(PANEL_TOO_SMALL)
    managers = {u.pk: u for u in User.objects.select_for_update().filter(council=council, role=Role.TEAM_MANAGER)}
    if wanted - managers.keys():
        raise MoveNotAllowed("Only the council's team managers can be senior managers on the sign-off panel.")
    for user in managers.values():
        if user.is_senior_manager != (user.pk in wanted):
            user.is_senior_manager = user.pk in wanted
            user.save(update_fields=["is_senior_manager"])
            log.info("User %s %s the sign-off panel by user %s", user.pk, "put on" if user.is_senior_manager else "taken off", actor.pk)
    return sorted((u for u in managers.values() if u.is_senior_manager), key=lambda u: u.full_name)
