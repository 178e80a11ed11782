"""The delegation rule: pure, no database."""

import pytest

from signoff.delegation import SOCIAL_WORKER, TEAM_MANAGER, may_sign_off, required_level

LIMIT = 1_500_000  # £15,000 a year


def test_within_the_limit_and_the_indicative_budget_a_social_worker_may_sign_off():
    level, reason = required_level(1_000_000, 1_200_000, LIMIT)
    assert level == SOCIAL_WORKER
    assert "£10,000.00 a year is within the social worker limit of £15,000.00" in reason


def test_exactly_at_both_limits_is_still_the_social_workers():
    assert required_level(LIMIT, LIMIT, LIMIT)[0] == SOCIAL_WORKER


def test_above_the_social_worker_limit_needs_a_manager():
    level, reason = required_level(LIMIT + 1, 2_000_000, LIMIT)
    assert level == TEAM_MANAGER
    assert reason == "A team manager must sign this off: £15,000.01 a year is above the social worker limit of £15,000.00."


def test_above_the_indicative_budget_needs_a_manager():
    level, reason = required_level(1_000_000, 999_999, LIMIT)
    assert level == TEAM_MANAGER
    assert "above the indicative budget of £9,999.99 a year" in reason and "social worker limit" not in reason


def test_above_both_says_both():
    level, reason = required_level(2_000_000, 1_000_000, LIMIT)
    assert level == TEAM_MANAGER
    assert "above the social worker limit" in reason and "above the indicative budget" in reason


def test_no_indicative_budget_needs_a_manager():
    level, reason = required_level(100, None, LIMIT)
    assert level == TEAM_MANAGER and "no indicative budget" in reason


@pytest.mark.parametrize(
    ("level", "role", "allowed"),
    [(SOCIAL_WORKER, SOCIAL_WORKER, True), (SOCIAL_WORKER, TEAM_MANAGER, True),
     (TEAM_MANAGER, TEAM_MANAGER, True), (TEAM_MANAGER, SOCIAL_WORKER, False), (SOCIAL_WORKER, "citizen", False)],
)
def test_who_may_sign_off_at_each_level(level, role, allowed):
    assert may_sign_off(level, role) is allowed
