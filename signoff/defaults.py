"""Starting values for a new council (used by the demo seeding)."""

from signoff.models import DelegationLimit

DEFAULT_SOCIAL_WORKER_YEARLY_LIMIT_PENCE = 1_500_000  # £15,000 a year


def default_delegation_limit(*, council) -> DelegationLimit:
    """The council's delegation limit, created at £15,000 a year if it has none. Idempotent."""
    limit, _ = DelegationLimit.objects.get_or_create(
        council=council, defaults={"social_worker_yearly_limit_pence": DEFAULT_SOCIAL_WORKER_YEARLY_LIMIT_PENCE}
    )
    return limit
