"""Council administrators' pages for the delegation rules: versions, a draft to edit, publishing."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from pbudget.models import Role, Team, User
from signoff import rule_services
from signoff.delegation import rules_in_words
from signoff.forms import NewDraftForm, RuleSetForm, SeniorManagersForm
from signoff.models import DelegationRuleSet
from signoff.selectors import delegation_rule_sets


def _admin(request):
    if request.user.role != Role.COUNCIL_ADMIN or request.user.council_id is None:
        raise Http404("Not a page for this user")
    return request.user


def _rule_set(request, rule_set_id):
    user = _admin(request)
    try:
        return DelegationRuleSet.objects.select_related("team", "published_by").get(pk=rule_set_id, council_id=user.council_id)
    except DelegationRuleSet.DoesNotExist:
        raise Http404("No such rules") from None


@require_http_methods(["GET", "POST"])
def rules(request):
    """Every version of the council's delegation rules (and its teams'), and starting a new draft."""
    user = _admin(request)
    teams = Team.objects.filter(council_id=user.council_id).order_by("name")
    form = NewDraftForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        draft = rule_services.delegation_rules_draft(council=user.council, actor=user, team_id=form.cleaned_data["team"] or None)
        return redirect("signoff:rule_set", rule_set_id=draft.pk)
    rule_sets = delegation_rule_sets(council_id=user.council_id)
    live = {}
    for rule_set in rule_sets:  # newest first within each team: the first published one is in force
        if rule_set.published_at and rule_set.team_id not in live:
            live[rule_set.team_id] = rule_set.pk
    for rule_set in rule_sets:
        rule_set.in_force = live.get(rule_set.team_id) == rule_set.pk
        rule_set.words = rules_in_words(rule_set.as_rules())
    return render(request, "signoff/rules.html", {"rule_sets": rule_sets, "form": form})


@require_http_methods(["GET", "POST"])
def rule_set(request, rule_set_id):
    """One version in words; a draft can be changed here."""
    found = _rule_set(request, rule_set_id)
    form = None
    if found.is_draft:
        initial = {f: getattr(found, f) for f in rule_services.RULE_FIELDS}
        form = RuleSetForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            rule_services.delegation_rules_update(rule_set=found, actor=request.user, **form.cleaned_data)
            messages.success(request, "The draft is saved. Publish it to put it in force.")
            return redirect("signoff:rule_set", rule_set_id=found.pk)
    elif request.method == "POST":
        raise Http404("Published rules can't be changed")
    return render(request, "signoff/rule_set.html", {"rule_set": found, "form": form, "words": rules_in_words(found.as_rules())})


@require_POST
def rule_set_publish(request, rule_set_id):
    found = _rule_set(request, rule_set_id)
    rule_services.delegation_rules_publish(rule_set=found, actor=request.user)
    messages.success(request, f"Version {found.version} is published. Plans submitted from now on use it.")
    return redirect("signoff:rules")


@require_POST
def rule_set_discard(request, rule_set_id):
    found = _rule_set(request, rule_set_id)
    rule_services.delegation_rules_discard(rule_set=found, actor=request.user)
    messages.success(request, "The draft is thrown away.")
    return redirect("signoff:rules")


@require_http_methods(["GET", "POST"])
def senior_managers(request):
    """Who sits on the council's sign-off panel: the team managers an administrator marks as senior managers."""
    user = _admin(request)
    managers = list(
        User.objects.filter(council_id=user.council_id, role=Role.TEAM_MANAGER, is_active=True)
        .prefetch_related("managed_teams").order_by("full_name", "pk")
    )
    initial = {"senior_managers": [m.pk for m in managers if m.is_senior_manager]}
    form = SeniorManagersForm(request.POST if request.method == "POST" else None, managers=managers, initial=initial)
    if request.method == "POST" and form.is_valid():
        panel = rule_services.senior_managers_set(council=user.council, actor=user, user_ids=form.cleaned_data["senior_managers"])
        messages.success(request, f"The sign-off panel has {len(panel)} senior manager{'' if len(panel) == 1 else 's'}.")
        return redirect("signoff:senior_managers")
    panel_size = len(initial["senior_managers"])
    return render(request, "signoff/senior_managers.html", {"form": form, "panel_size": panel_size})
