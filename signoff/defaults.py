"""Starting values for a new council (used by the demo seeding)."""

from django.utils import timezone

from signoff.models import DelegationRuleSet

DEFAULT_SOCIAL_WORKER_YEARLY_LIMIT_PENCE = 1_500_000  # £15,000 a year
DEFAULT_OVER_INDICATIVE_PERCENT = 10
DEFAULT_TEAM_MANAGER_YEARLY_LIMIT_PENCE = 5_000_000  # £50,000 a year; above it, a panel


def default_delegation_rules(*, council) -> DelegationRuleSet:
    """The council's live rules; version 1 of the defaults, published, if it has none. Idempotent."""
    live = DelegationRuleSet.objects.filter(council=council, team=None, published_at__isnull=False).order_by("-version").first()
    if live is not None:
        return live
    return DelegationRuleSet.objects.create(
        council=council, version=1 + DelegationRuleSet.objects.filter(council=council, team=None).count(),
        social_worker_yearly_limit_pence=DEFAULT_SOCIAL_WORKER_YEARLY_LIMIT_PENCE,
        social_worker_over_indicative_percent=DEFAULT_OVER_INDICATIVE_PERCENT,
        team_manager_yearly_limit_pence=DEFAULT_TEAM_MANAGER_YEARLY_LIMIT_PENCE, published_at=timezone.now(),
    )
