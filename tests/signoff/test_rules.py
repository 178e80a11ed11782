"""Council administrators keep the delegation rules: drafts, publishing, frozen versions, per team."""

import pytest
from django.urls import reverse

from pbudget.lifecycle import MoveNotAllowed
from signoff import rule_services
from signoff.defaults import default_delegation_rules
from signoff.models import DelegationRuleSet
from signoff.selectors import delegation_rules_live


def form(**overrides):
    data = {
        "social_worker_yearly_limit_pence": "20,000", "social_worker_over_indicative_percent": "5",
        "social_worker_needs_no_risk_flag": "on", "team_manager_yearly_limit_pence": "60000", "target_working_days": "3",
    }
    return {**data, **overrides}


def test_adam_drafts_changes_and_publishes_new_rules(client, p):
    first = default_delegation_rules(council=p.northshire)
    client.force_login(p.adam)
    page = client.get(reverse("signoff:rules")).content.decode()
    assert "The whole council, version 1" in page and "In force" in page
    assert "A social worker may sign off a plan costing up to £15,000.00 a year that is no more than 10% above" in page

    response = client.post(reverse("signoff:rules"), {"team": ""})
    draft = DelegationRuleSet.objects.get(published_at__isnull=True)
    assert response["Location"] == reverse("signoff:rule_set", args=[draft.pk])
    assert (draft.version, draft.team, draft.social_worker_yearly_limit_pence, draft.created_by) == (2, None, 1_500_000, p.adam)
    client.post(reverse("signoff:rules"), {"team": ""})  # a second click: the same draft
    assert DelegationRuleSet.objects.filter(published_at__isnull=True).count() == 1

    page = client.post(reverse("signoff:rule_set", args=[draft.pk]), form(team_manager_yearly_limit_pence="100")).content.decode()
    assert "The team manager limit must be at least the social worker limit" in page and "govuk-error-summary" in page
    page = client.post(reverse("signoff:rule_set", args=[draft.pk]), form(target_working_days="x")).content.decode()
    assert "Enter a whole number, like 5" in page
    client.post(reverse("signoff:rule_set", args=[draft.pk]), form())
    draft.refresh_from_db()
    assert (draft.social_worker_yearly_limit_pence, draft.social_worker_over_indicative_percent, draft.team_manager_yearly_limit_pence,
            draft.target_working_days) == (2_000_000, 5, 6_000_000, 3)
    assert delegation_rules_live(council_id=p.northshire.pk) == first  # a draft is not in force

    client.post(reverse("signoff:rule_set_publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.published_at is not None and draft.published_by == p.adam
    assert delegation_rules_live(council_id=p.northshire.pk) == draft
    page = client.get(reverse("signoff:rules")).content.decode()
    assert "Replaced" in page and page.count("In force") == 1


def test_published_rules_never_change(client, p):
    live = default_delegation_rules(council=p.northshire)
    with pytest.raises(MoveNotAllowed, match="published and can't be changed"):
        rule_services.delegation_rules_update(rule_set=live, actor=p.adam, social_worker_yearly_limit_pence=1)
    with pytest.raises(MoveNotAllowed):
        rule_services.delegation_rules_publish(rule_set=live, actor=p.adam)
    client.force_login(p.adam)
    assert client.post(reverse("signoff:rule_set", args=[live.pk]), form()).status_code == 404
    page = client.get(reverse("signoff:rule_set", args=[live.pk])).content.decode()
    assert "Published rules can't be changed" in page and "Save the draft" not in page
    live.refresh_from_db()
    assert live.social_worker_yearly_limit_pence == 1_500_000


def test_a_team_can_have_its_own_rules_which_take_the_place_of_the_councils(client, p):
    council = default_delegation_rules(council=p.northshire)
    client.force_login(p.adam)
    client.post(reverse("signoff:rules"), {"team": str(p.south.pk)})
    draft = DelegationRuleSet.objects.get(team=p.south)
    assert draft.version == 1 and draft.social_worker_yearly_limit_pence == council.social_worker_yearly_limit_pence
    client.post(reverse("signoff:rule_set", args=[draft.pk]), form(social_worker_yearly_limit_pence="25000"))
    client.post(reverse("signoff:rule_set_publish", args=[draft.pk]))
    assert delegation_rules_live(council_id=p.northshire.pk, team_id=p.south.pk).social_worker_yearly_limit_pence == 2_500_000
    assert delegation_rules_live(council_id=p.northshire.pk, team_id=p.north.pk) == council
    assert "South adults team, version 1" in client.get(reverse("signoff:rules")).content.decode()
    # Another council's team can't be named.
    assert client.post(reverse("signoff:rules"), {"team": str(p.vale.pk)}).status_code == 200
    assert not DelegationRuleSet.objects.filter(team=p.vale).exists()


def test_a_draft_can_be_thrown_away(client, p):
    default_delegation_rules(council=p.northshire)
    draft = rule_services.delegation_rules_draft(council=p.northshire, actor=p.adam)
    client.force_login(p.adam)
    client.post(reverse("signoff:rule_set_discard", args=[draft.pk]))
    assert not DelegationRuleSet.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("who", ["alice", "rita", "wendy", "mandy", "xavier"])
def test_the_rules_pages_are_for_the_councils_administrators_only(client, p, who):
    live = default_delegation_rules(council=p.northshire)
    draft = rule_services.delegation_rules_draft(council=p.northshire, actor=p.adam)
    client.force_login(getattr(p, who))
    for url in (reverse("signoff:rules"), reverse("signoff:rule_set", args=[draft.pk]), reverse("signoff:rule_set", args=[live.pk])):
        assert client.get(url).status_code == 404
    for url in (reverse("signoff:rule_set_publish", args=[draft.pk]), reverse("signoff:rule_set_discard", args=[draft.pk])):
        assert client.post(url).status_code == 404
    assert client.post(reverse("signoff:rule_set", args=[draft.pk]), form()).status_code == 404
    draft.refresh_from_db()
    assert draft.is_draft and draft.social_worker_yearly_limit_pence == 1_500_000
    with pytest.raises(MoveNotAllowed):
        rule_services.delegation_rules_draft(council=p.northshire, actor=getattr(p, who))


def test_another_councils_administrator_gets_404_for_our_rules(client, p):
    from pbudget.models import Role
    from tests.factories import UserFactory

    live = default_delegation_rules(council=p.northshire)
    other_admin = UserFactory(council=p.southvale, role=Role.COUNCIL_ADMIN)
    client.force_login(other_admin)
    assert client.get(reverse("signoff:rule_set", args=[live.pk])).status_code == 404
    assert client.post(reverse("signoff:rule_set_publish", args=[live.pk])).status_code == 404
    assert "version 1" not in client.get(reverse("signoff:rules")).content.decode()
    with pytest.raises(MoveNotAllowed):
        rule_services.delegation_rules_update(rule_set=live, actor=other_admin, target_working_days=9)


def test_the_old_delegation_limit_becomes_version_1_of_the_rules(transactional_db):
    """The data migration: a council's limit keeps its meaning (no panel, within the indicative budget)."""
    from tests.migrations import migrate, newest_afterwards

    with newest_afterwards():
        old = migrate([("signoff", "0001_initial")])
        council = old.get_model("pbudget", "Council").objects.create(name="Oldshire", slug="oldshire")
        old.get_model("signoff", "DelegationLimit").objects.create(council=council, social_worker_yearly_limit_pence=1_234_500)
    rules = DelegationRuleSet.objects.get(council_id=council.pk)
    assert (rules.version, rules.team, rules.social_worker_yearly_limit_pence, rules.social_worker_over_indicative_percent,
            rules.team_manager_yearly_limit_pence, rules.is_draft) == (1, None, 1_234_500, 0, None, False)


def test_adam_chooses_the_senior_managers_on_the_sign_off_panel(client, p):
    from pbudget.models import Role, User
    from tests.factories import UserFactory

    dan = UserFactory(council=p.northshire, role=Role.TEAM_MANAGER, full_name="Dan Director")
    p.north.managers.add(dan)
    elsewhere = UserFactory(council=p.southvale, role=Role.TEAM_MANAGER, full_name="Olga Otherplace")
    client.force_login(p.adam)
    url = reverse("signoff:senior_managers")
    page = client.get(url).content.decode()
    assert "Dan Director (North adults team)" in page and "Mandy Manager (North adults team)" in page
    assert "Olga Otherplace" not in page and "Wendy Worker" not in page  # team managers of this council only
    assert "The panel has 0 senior managers" in page

    response = client.post(url, {"senior_managers": [dan.pk, p.mandy.pk]})
    assert response.status_code == 302
    assert set(User.objects.filter(is_senior_manager=True)) == {dan, p.mandy}
    assert "The panel has" not in client.get(url).content.decode()
    for refused in ([p.wendy.pk], [elsewhere.pk], ["x"]):  # a social worker, another council's manager, nonsense
        page = client.post(url, {"senior_managers": [dan.pk, *refused]}).content.decode()
        assert "govuk-error-summary" in page
    assert set(User.objects.filter(is_senior_manager=True)) == {dan, p.mandy}  # nothing changed on bad input
    with pytest.raises(MoveNotAllowed):
        rule_services.senior_managers_set(council=p.northshire, actor=p.adam, user_ids=[dan.pk, p.wendy.pk])
    for too_few in ([dan.pk], []):  # a panel of one, or none, could never sign a plan off
        page = client.post(url, {"senior_managers": too_few}).content.decode()
        assert "govuk-error-summary" in page and "Choose at least two senior managers" in page
        with pytest.raises(MoveNotAllowed):
            rule_services.senior_managers_set(council=p.northshire, actor=p.adam, user_ids=too_few)
    assert set(User.objects.filter(is_senior_manager=True)) == {dan, p.mandy}
    eve = UserFactory(council=p.northshire, role=Role.TEAM_MANAGER, full_name="Eve Exec")
    client.post(url, {"senior_managers": [dan.pk, eve.pk]})  # Mandy taken off, Eve put on
    assert set(User.objects.filter(is_senior_manager=True)) == {dan, eve}


@pytest.mark.parametrize("who", ["alice", "wendy", "mandy", "xavier"])
def test_only_the_councils_administrators_choose_the_panel(client, p, who):
    client.force_login(getattr(p, who))
    assert client.get(reverse("signoff:senior_managers")).status_code == 404
    assert client.post(reverse("signoff:senior_managers"), {"senior_managers": [p.mandy.pk]}).status_code == 404
    p.mandy.refresh_from_db()
    assert not p.mandy.is_senior_manager
    with pytest.raises(MoveNotAllowed):
        rule_services.senior_managers_set(council=p.northshire, actor=getattr(p, who), user_ids=[p.mandy.pk])


def test_only_a_team_manager_can_be_a_senior_manager(p):
    from django.db import IntegrityError, transaction

    p.wendy.is_senior_manager = True
    with pytest.raises(IntegrityError), transaction.atomic():
        p.wendy.save()
