"""The delegation rules engine, the checklist and working days: pure, no database."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signoff.checklist import PlanFacts, checklist, missing
from signoff.delegation import (
    NO_RULES, PANEL, SOCIAL_WORKER, TEAM_MANAGER, Facts, Rules, evaluate, may_sign_off, rules_in_words, rules_problems,
)
from signoff.working_days import bank_holidays, working_days_between

SW_LIMIT, TM_LIMIT = 1_500_000, 5_000_000  # £15,000 and £50,000 a year
RULES = Rules(SW_LIMIT, social_worker_over_indicative_percent=10, social_worker_needs_no_risk_flag=True, team_manager_yearly_limit_pence=TM_LIMIT)


def level(plan, indicative=SW_LIMIT * 2, risk=False, rules=RULES):
    return evaluate(rules, Facts(plan, indicative, risk)).level


def test_within_every_condition_a_social_worker_may_sign_off_and_the_reason_says_why():
    outcome = evaluate(RULES, Facts(1_000_000, 1_000_000, False))
    assert (outcome.level, outcome.rule) == (SOCIAL_WORKER, "Rule 1: social worker sign-off")
    assert outcome.reason == (
        "A social worker may sign this off: £10,000.00 a year is within the social worker limit of £15,000.00, "
        "it is no more than 10% above the indicative budget of £10,000.00 a year and no risk is flagged."
    )


@pytest.mark.parametrize(("plan", "expected"), [
    (SW_LIMIT - 1, SOCIAL_WORKER), (SW_LIMIT, SOCIAL_WORKER), (SW_LIMIT + 1, TEAM_MANAGER),
    (TM_LIMIT - 1, TEAM_MANAGER), (TM_LIMIT, TEAM_MANAGER), (TM_LIMIT + 1, PANEL),
])
def test_boundaries_at_the_yearly_limits(plan, expected):
    assert level(plan, indicative=TM_LIMIT * 2) == expected


@pytest.mark.parametrize(("plan", "expected"), [
    (1_099_999, SOCIAL_WORKER), (1_100_000, SOCIAL_WORKER), (1_100_001, TEAM_MANAGER),  # indicative £10,000 + 10%
])
def test_boundary_at_the_percentage_above_the_indicative_budget(plan, expected):
    outcome = evaluate(RULES, Facts(plan, 1_000_000, False))
    assert outcome.level == expected
    if expected == TEAM_MANAGER:
        assert outcome.reason == (
            "A team manager must sign this off: it is more than 10% above the indicative budget of £10,000.00 a year; "
            "it is within the team manager limit of £50,000.00."
        )


def test_zero_percent_means_within_the_indicative_budget():
    rules = Rules(SW_LIMIT, social_worker_over_indicative_percent=0, team_manager_yearly_limit_pence=TM_LIMIT)
    assert level(1_000_000, 1_000_000, rules=rules) == SOCIAL_WORKER
    outcome = evaluate(rules, Facts(1_000_001, 1_000_000, False))
    assert outcome.level == TEAM_MANAGER and "more than the indicative budget of £10,000.00 a year" in outcome.reason


def test_a_risk_flag_needs_a_manager_unless_the_council_allows_it():
    assert level(100_000, risk=True) == TEAM_MANAGER
    assert "the plan has a risk flagged" in evaluate(RULES, Facts(100_000, 200_000, True)).reason
    relaxed = Rules(SW_LIMIT, 10, social_worker_needs_no_risk_flag=False, team_manager_yearly_limit_pence=TM_LIMIT)
    assert level(100_000, risk=True, rules=relaxed) == SOCIAL_WORKER


def test_no_indicative_budget_needs_a_manager():
    outcome = evaluate(RULES, Facts(100, None, False))
    assert outcome.level == TEAM_MANAGER and "there is no indicative budget to compare it with" in outcome.reason


def test_every_reason_is_given_at_once():
    outcome = evaluate(RULES, Facts(2_000_000, 1_000_000, True))
    assert outcome.reason == (
        "A team manager must sign this off: £20,000.00 a year is above the social worker limit of £15,000.00, "
        "it is more than 10% above the indicative budget of £10,000.00 a year and the plan has a risk flagged; "
        "it is within the team manager limit of £50,000.00."
    )


def test_above_the_manager_limit_is_a_panel_whatever_else():
    outcome = evaluate(RULES, Facts(TM_LIMIT + 1, TM_LIMIT * 2, False))
    assert (outcome.level, outcome.rule) == (PANEL, "Rule 3: panel of two senior managers")
    assert outcome.reason == "A panel of two senior managers must sign this off: £50,000.01 a year is above the team manager limit of £50,000.00."


def test_with_no_manager_limit_there_is_no_panel():
    rules = Rules(SW_LIMIT, 0, team_manager_yearly_limit_pence=None)
    outcome = evaluate(rules, Facts(99_000_000, 1, False))
    assert outcome.reason == (
        "A team manager must sign this off: £990,000.00 a year is above the social worker limit of £15,000.00 "
        "and it is more than the indicative budget of £0.01 a year."
    )


def test_with_no_rules_published_a_manager_signs_off_everything():
    assert evaluate(NO_RULES, Facts(1, 100, False)).level == TEAM_MANAGER


# Two cores shared by many test runs: drawing can be slow, which says nothing about the rules.
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    plan=st.integers(0, 10**9), indicative=st.one_of(st.none(), st.integers(0, 10**9)), risk=st.booleans(),
    sw=st.integers(0, 10**8), extra=st.integers(0, 10**8), percent=st.integers(0, 100),
)
def test_a_dearer_plan_never_needs_a_lower_level(plan, indicative, risk, sw, extra, percent):
    rules = Rules(sw, percent, True, sw + extra)
    rank = {SOCIAL_WORKER: 0, TEAM_MANAGER: 1, PANEL: 2}
    assert rank[level(plan + 1, indicative, risk, rules)] >= rank[level(plan, indicative, risk, rules)]


def test_rules_that_cannot_work_are_refused_with_reasons():
    assert rules_problems(RULES) == {}
    problems = rules_problems(Rules(SW_LIMIT, 101, True, SW_LIMIT - 1), target_working_days=0)
    assert problems == {
        "social_worker_over_indicative_percent": "Enter a percentage from 0 to 100",
        "team_manager_yearly_limit_pence": "The team manager limit must be at least the social worker limit",
        "target_working_days": "Enter a target from 1 to 60 working days",
    }


def test_the_rules_in_words():
    assert rules_in_words(RULES) == [
        "A social worker may sign off a plan costing up to £15,000.00 a year that is no more than 10% above the indicative budget, when no risk is flagged.",
        "A team manager may sign off any other plan costing up to £50,000.00 a year.",
        "A plan costing more than £50,000.00 a year needs a panel of two senior managers: two different people must "
        "approve it, and neither may be the person who submitted it.",
    ]


@pytest.mark.parametrize(
    ("level_", "team_role", "senior", "allowed"),
    [(SOCIAL_WORKER, SOCIAL_WORKER, False, True), (SOCIAL_WORKER, TEAM_MANAGER, False, True), (TEAM_MANAGER, TEAM_MANAGER, False, True),
     (TEAM_MANAGER, SOCIAL_WORKER, False, False), (PANEL, SOCIAL_WORKER, False, False), (SOCIAL_WORKER, "citizen", False, False),
     # Only senior managers sit on a panel: a team manager is not one by being a manager.
     (PANEL, TEAM_MANAGER, False, False), (PANEL, TEAM_MANAGER, True, True), (PANEL, None, True, True),
     # A senior manager from another team decides panel plans only, not that team's own.
     (TEAM_MANAGER, None, True, False), (SOCIAL_WORKER, None, True, False)],
)
def test_who_may_sign_off_at_each_level(level_, team_role, senior, allowed):
    assert may_sign_off(level_, team_role=team_role, senior_manager=senior) is allowed


def facts(**kw):
    base = dict(plan_yearly_pence=100, indicative_yearly_pence=100, money_management="direct_payment", provider_name="",
                contingency="Call Rita", over_budget_reason="", risks="")
    return PlanFacts(**{**base, **kw})


def test_the_checklist_asks_only_for_what_applies():
    assert [(i.text, i.done) for i in checklist(facts())] == [("Say what happens if things go wrong (your back-up arrangements)", True)]
    assert [i.part for i in missing(facts(contingency="  "))] == ["contingency"]
    assert [i.part for i in missing(facts(money_management="isf"))] == ["money"]
    assert missing(facts(money_management="isf", provider_name="Acme Care")) == []
    assert [i.part for i in missing(facts(plan_yearly_pence=101))] == ["over_budget_reason"]
    assert missing(facts(plan_yearly_pence=101, over_budget_reason="Two carers needed")) == []
    assert missing(facts(plan_yearly_pence=101, over_budget_reason=None)) == []  # the plan can't hold a reason yet
    assert missing(facts(plan_yearly_pence=101, indicative_yearly_pence=None)) == []
    assert [i.part for i in missing(facts(risks="I climb ladders", risk_management=""))] == ["risks"]
    assert missing(facts(risks="I climb ladders", risk_management="Rita holds the ladder")) == []
    assert missing(facts(risks="  ", risk_management="")) == []


MON = datetime.date(2026, 11, 23)


@pytest.mark.parametrize(("days", "expected"), [(-1, 0), (0, 0), (1, 1), (4, 4), (5, 4), (6, 4), (7, 5), (14, 10), (12, 9)])
def test_working_days_from_a_monday(days, expected):
    assert working_days_between(MON, MON + datetime.timedelta(days=days)) == expected


def test_working_days_from_a_friday_over_the_weekend():
    friday = datetime.date(2026, 11, 27)
    assert [working_days_between(friday, friday + datetime.timedelta(days=d)) for d in range(1, 5)] == [0, 0, 1, 2]


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(start=st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 1, 1)), days=st.integers(0, 400))
def test_working_days_match_counting_one_by_one(start, days):
    end = start + datetime.timedelta(days=days)
    off = bank_holidays(start.year) | bank_holidays(end.year) | bank_holidays(start.year + 1)
    slow = sum(1 for d in range(1, days + 1) if (day := start + datetime.timedelta(days=d)).weekday() < 5 and day not in off)
    assert working_days_between(start, end) == slow


D = datetime.date


@pytest.mark.parametrize(("start", "end", "expected", "why"), [
    # Christmas 2026: Friday 25th, Boxing Day on the Saturday taken on Monday 28th.
    (D(2026, 12, 24), D(2026, 12, 29), 1, "Thursday to Tuesday over Christmas: only the Tuesday"),
    (D(2026, 12, 21), D(2026, 12, 30), 5, "five working days from Monday 21st end on Wednesday 30th"),
    (D(2026, 12, 24), D(2027, 1, 4), 4, "29th, 30th, 31st and 4th: New Year's Day is a Friday bank holiday"),
    # Christmas 2027 falls at a weekend: both days are taken on Monday 27th and Tuesday 28th.
    (D(2027, 12, 24), D(2027, 12, 29), 1, "Friday to Wednesday: only the Wednesday"),
    # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
    (D(2027, 3, 25), D(2027, 3, 30), 1, "Thursday to Tuesday over Easter: only the Tuesday"),
    (D(2026, 4, 2), D(2026, 4, 9), 3, "Easter 2026: Good Friday 3 April and Easter Monday 6 April"),
    (D(2026, 5, 1), D(2026, 5, 5), 1, "Friday to Tuesday over the early May bank holiday"),
    (D(2026, 8, 28), D(2026, 9, 1), 1, "over the August bank holiday"),
    (D(2026, 11, 20), D(2026, 11, 27), 5, "an ordinary week has five"),
])
def test_bank_holidays_in_england_and_wales_are_not_working_days(start, end, expected, why):
    assert working_days_between(start, end) == expected, why


def test_the_bank_holidays_are_england_and_waless():
    assert {D(2026, 12, 25), D(2026, 12, 28), D(2027, 3, 29), D(2026, 8, 31)} <= bank_holidays(2026) | bank_holidays(2027)
    assert D(2026, 8, 3) not in bank_holidays(2026)  # Scotland's August bank holiday
    assert D(2026, 3, 17) not in bank_holidays(2026)  # St Patrick's Day (Northern Ireland)
    assert D(2026, 1, 2) not in bank_holidays(2026)  # Scotland's 2 January
