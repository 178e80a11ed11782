"""Support plan pages: the overview, one page per part to edit, the check-and-submit page."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pbudget.access import relationship_to
from pbudget.audit import audit_view
from pbudget.care_act import CareActOutcome
from pbudget.lifecycle import MoveNotAllowed, Relationship, Status
from ras.selectors import indicative_budget
from signoff.selectors import signoff_checklist
from support_planning import forms, services
from support_planning.access import is_planner, plan_budget_for
from support_planning.calculation import against_budget
from support_planning.models import PlanStatus
from support_planning.selectors import (
    assessed_needs, help_request_open, invitations_for, needs_without_outcome, plan_comments_by_part,
    plan_current, plan_document_latest, plan_missing, plan_money, plan_overview, plan_return_comments,
)

FIX_URL = {
    "outcome": "support_planning:outcome_add", "line": "support_planning:line_add", "line_money": "support_planning:plan",
    "money": "support_planning:money", "contingency": "support_planning:contingency",
    "over_budget_reason": "support_planning:over_budget", "risks": "support_planning:risks",
}


def _to_plan(budget):
    return redirect("support_planning:plan", budget_id=budget.pk)


def _draft(request, budget_id):
    """The budget and its draft plan, for an edit page; refused (with a message) otherwise."""
    budget = plan_budget_for(request.user, budget_id)
    plan = plan_current(budget=budget)
    if plan is None or plan.status != PlanStatus.DRAFT or budget.status != Status.PLANNING:
        raise MoveNotAllowed(
            "This plan can't be changed now: it is not being written.",
            go_to=reverse("support_planning:plan", kwargs={"budget_id": budget.pk}),
        )
    return budget, plan


def _costs_context(budget, plan, overview, indicative) -> dict:
    """The running total against the indicative budget, and the direct payment, for a plan page."""
    totals = overview["totals"]
    context = {}
    # Once the plan is signed off, a direct payment is paid from the agreed budget.
    agreed = budget.agreed_weekly_pence if plan.status == PlanStatus.APPROVED else None
    context["direct_payment"] = plan_money(plan=plan, lines=overview["lines"], agreed_weekly_pence=agreed).direct_payment
    if indicative is not None:
        compared = against_budget(totals, indicative.weekly_pence)
        context.update(
            against=compared, over=compared.over, difference_pence=abs(compared.weekly_difference_pence),
            yearly_difference_pence=abs(compared.yearly_difference_pence),
        )
    return context


@require_GET
def plan(request, budget_id):
    """The plan overview: every part, totals against the indicative budget, what to do next."""
    budget = plan_budget_for(request.user, budget_id)
    audit_view(user=request.user, person=budget.person, what="Support plan")
    current = plan_current(budget=budget)
    indicative = indicative_budget(budget=budget)
    planner = is_planner(request.user)
    needs = assessed_needs(budget=budget)
    context = {
        "budget": budget, "person": budget.person, "plan": current, "indicative": indicative, "planner": planner,
        "is_person": not planner and budget.person.user_id == request.user.pk,
        "need_labels": [CareActOutcome(need).label for need in needs],
        "editable": current is not None and current.status == PlanStatus.DRAFT and budget.status == Status.PLANNING,
        "can_start": budget.status == Status.PLANNING and (current is None or current.status not in {PlanStatus.DRAFT, PlanStatus.SUBMITTED}),
        "return_comments": plan_return_comments(budget=budget) if budget.status == Status.PLANNING else "",
        "help_request": help_request_open(budget=budget) if budget.status == Status.PLANNING else None,
        "invitations": [] if planner else invitations_for(budget=budget),
        "may_ask_for_help": relationship_to(request.user, budget.person) == Relationship.PERSON,
    }
    if current is not None:
        overview = plan_overview(plan=current)
        context.update(overview)
        context.update(_costs_context(budget, current, overview, indicative))
        context["unmet_needs"] = needs_without_outcome(plan=current, needs=needs)
        context["document"] = plan_document_latest(plan=current)
        if current.status == PlanStatus.DRAFT:
            context["comments"] = _comments_beside_parts(current, overview)
    return render(request, "support_planning/plan.html", context)


def _comments_beside_parts(plan, overview) -> dict:
    """Sign-off's comments, by part: fixed parts by name, outcomes' and lines' on the items themselves."""
    by_part = plan_comments_by_part(plan=plan)
    for item in overview["outcomes"]:
        item.outcome.comments = by_part.get(f"outcome:{item.outcome.pk}", [])
    for line in overview["lines"]:
        line.comments = by_part.get(f"line:{line.pk}", [])
    return by_part


@require_POST
def start(request, budget_id):
    budget = plan_budget_for(request.user, budget_id)
    services.plan_start(budget=budget, actor=request.user)
    return _to_plan(budget)


def _edit(request, budget, plan, form, *, title, save, success, template="support_planning/edit.html", extra=None, part=None):
    """
    The shared shape of every part page: show the form, or save through one service and go back.
    `part` names the plan part the page edits, so sign-off's comments on it are shown beside it.
    A save from a page opened before someone else's save is refused: the page comes back with what
    was typed, what the others changed, and the new version, so saving again is a decision.
    """
    changes = []
    if request.method == "POST" and form.is_valid():
        try:
            save(**form.cleaned_data)
        except services.PlanChanged as changed:
            changes = changed.changes
            form.data = form.data.copy()
            form.data["lock_version"] = changed.lock_version
            form.add_error(None, "Someone else saved changes to this plan after you opened this page, so your changes have not been saved yet. What you typed is still here: check what changed, then save again.")
        except MoveNotAllowed as refusal:
            # A rule the service enforces (a cost ceiling, say): keep what was typed, say why.
            form.add_error(None, str(refusal))
        else:
            messages.success(request, success)
            return _to_plan(budget)
    audit_view(user=request.user, person=budget.person, what=f"Support plan: {title}")
    comments = plan_comments_by_part(plan=plan).get(part, []) if part else []
    return render(request, template, {
        "budget": budget, "plan": plan, "form": form, "title": title, "comments": comments, "changes": changes[-10:],
        **(extra or {}),
    })


@require_http_methods(["GET", "POST"])
def about(request, budget_id):
    budget, plan = _draft(request, budget_id)
    lead_locked = is_planner(request.user)
    form = forms.AboutForm(request.POST or None, lead_locked=lead_locked, initial={"lock_version": plan.lock_version, "what_matters": plan.what_matters, "led_by": plan.led_by})
    return _edit(
        request, budget, plan, form, title="What matters", success="What matters has been saved.", part="what_matters",
        save=lambda **d: services.plan_update_about(plan=plan, actor=request.user, **{"led_by": plan.led_by, **d}),
    )


@require_http_methods(["GET", "POST"])
def outcome_add(request, budget_id):
    budget, plan = _draft(request, budget_id)
    form = forms.OutcomeForm(request.POST or None, needs=assessed_needs(budget=budget), initial={"lock_version": plan.lock_version})
    return _edit(
        request, budget, plan, form, title="Add an outcome", success="The outcome has been added.",
        save=lambda **d: services.plan_outcome_add(plan=plan, actor=request.user, **d),
    )


@require_http_methods(["GET", "POST"])
def outcome_edit(request, budget_id, outcome_id):
    budget, plan = _draft(request, budget_id)
    outcome = get_object_or_404(plan.outcomes, pk=outcome_id)
    form = forms.OutcomeForm(request.POST or None, needs=assessed_needs(budget=budget), initial={
        "lock_version": plan.lock_version, "description": outcome.description, "care_act_outcomes": outcome.care_act_outcomes,
    })
    return _edit(
        request, budget, plan, form, title="Change an outcome", success="The outcome has been changed.", part=f"outcome:{outcome.pk}",
        save=lambda **d: services.plan_outcome_update(outcome=outcome, actor=request.user, **d),
        extra={"remove_url": "support_planning:outcome_remove", "remove_id": outcome.pk,
               "remove_form": forms.RemoveForm(initial={"lock_version": plan.lock_version}),
               "remove_warning": f"Removing this outcome also removes the {outcome.lines.count()} support line(s) that meet it." if outcome.lines.exists() else ""},
    )


def _remove(request, budget_id, *, part, pk, service, message):
    """Remove an outcome or a line of the draft plan (the POST from its Change page)."""
    budget, plan = _draft(request, budget_id)
    item = get_object_or_404(getattr(plan, part), pk=pk)
    form = forms.RemoveForm(request.POST)
    lock_version = form.cleaned_data["lock_version"] if form.is_valid() else None  # lost or tampered: stale
    try:
        service(item, actor=request.user, lock_version=lock_version)
    except services.PlanChanged:
        raise MoveNotAllowed(services.STALE, go_to=reverse("support_planning:plan", kwargs={"budget_id": budget.pk})) from None
    messages.success(request, message)
    return _to_plan(budget)


@require_POST
def outcome_remove(request, budget_id, outcome_id):
    return _remove(
        request, budget_id, part="outcomes", pk=outcome_id, message="The outcome has been removed.",
        service=lambda item, **kw: services.plan_outcome_remove(outcome=item, **kw),
    )


def _line_page(request, budget, plan, form, *, line=None, **kwargs):
    """A support line page, with what the plan costs without this line, for the live running total."""
    from support_planning.calculation import plan_totals
    from support_planning.selectors import _cost

    others = [_cost(x) for x in plan.lines.all() if line is None or x.pk != line.pk]
    indicative = indicative_budget(budget=budget)
    extra = {**kwargs.pop("extra", {}), "others": plan_totals(others), "indicative": indicative}
    return _edit(request, budget, plan, form, template="support_planning/line.html", extra=extra, **kwargs)


@require_http_methods(["GET", "POST"])
def line_add(request, budget_id):
    budget, plan = _draft(request, budget_id)
    if not plan.outcomes.exists():
        messages.info(request, "Add an outcome first: each support line helps with one of your outcomes.")
        return redirect("support_planning:outcome_add", budget_id=budget.pk)
    initial = {"lock_version": plan.lock_version}
    try:
        initial["outcome"] = int(request.GET["outcome"])
    except (KeyError, ValueError):
        pass  # no outcome chosen in advance, or nonsense in the address: the person chooses
    form = forms.LineForm(request.POST or None, plan=plan, initial=initial)
    return _line_page(
        request, budget, plan, form, title="Add support", success="The support has been added.",
        save=lambda **d: services.plan_line_add(plan=plan, actor=request.user, **d),
    )


@require_http_methods(["GET", "POST"])
def line_edit(request, budget_id, line_id):
    budget, plan = _draft(request, budget_id)
    line = get_object_or_404(plan.lines, pk=line_id)
    form = forms.LineForm(request.POST or None, plan=plan, initial={
        "lock_version": plan.lock_version, "description": line.description, "outcome": line.outcome_id,
        "provider_kind": line.provider_kind, "provider": line.provider, "paid_by": line.paid_by,
        "one_off": "one_off" if line.one_off else "weekly", "unit_cost_pence": line.unit_cost_pence,
        "units_per_week": "" if line.one_off else line.units_per_week.normalize(),
        "money_management": line.money_management, "isf_provider": line.isf_provider,
    })
    return _line_page(
        request, budget, plan, form, line=line, title="Change support", success="The support has been changed.", part=f"line:{line.pk}",
        save=lambda **d: services.plan_line_update(line=line, actor=request.user, **d),
        extra={"remove_url": "support_planning:line_remove", "remove_id": line.pk,
               "remove_form": forms.RemoveForm(initial={"lock_version": plan.lock_version})},
    )


@require_POST
def line_remove(request, budget_id, line_id):
    return _remove(
        request, budget_id, part="lines", pk=line_id, message="The support has been removed.",
        service=lambda item, **kw: services.plan_line_remove(line=item, **kw),
    )


@require_http_methods(["GET", "POST"])
def money(request, budget_id):
    budget, plan = _draft(request, budget_id)
    form = forms.MoneyForm(request.POST or None, initial={
        "lock_version": plan.lock_version, "money_management": plan.money_management,
        "provider_name": plan.provider_name, "payment_frequency": plan.payment_frequency,
    })
    return _edit(
        request, budget, plan, form, title="How the money is managed", success="How the money is managed has been saved.", part="money",
        save=lambda money_management, **d: services.plan_set_money_management(
            plan=plan, actor=request.user, method=money_management, **d),
    )


@require_http_methods(["GET", "POST"])
def contingency(request, budget_id):
    budget, plan = _draft(request, budget_id)
    form = forms.ContingencyForm(request.POST or None, initial={"lock_version": plan.lock_version, "contingency": plan.contingency})
    return _edit(
        request, budget, plan, form, title="If things go wrong", success="What happens if things go wrong has been saved.", part="contingency",
        save=lambda **d: services.plan_update_contingency(plan=plan, actor=request.user, **d),
    )


@require_http_methods(["GET", "POST"])
def risks(request, budget_id):
    budget, plan = _draft(request, budget_id)
    form = forms.RisksForm(request.POST or None, initial={"lock_version": plan.lock_version, "risks": plan.risks, "risk_management": plan.risk_management})
    return _edit(
        request, budget, plan, form, title="Risks you choose to take", success="The risks have been saved.", part="risks",
        save=lambda **d: services.plan_update_risks(plan=plan, actor=request.user, **d),
    )


@require_http_methods(["GET", "POST"])
def over_budget(request, budget_id):
    budget, plan = _draft(request, budget_id)
    form = forms.OverBudgetForm(request.POST or None, initial={"lock_version": plan.lock_version, "over_budget_reason": plan.over_budget_reason})
    return _edit(
        request, budget, plan, form, title="Why the plan costs more than the indicative budget", part="over_budget_reason",
        success="The reason has been saved. It goes to sign-off with the plan.",
        save=lambda **d: services.plan_update_over_budget_reason(plan=plan, actor=request.user, **d),
    )


@require_http_methods(["GET", "POST"])
def check(request, budget_id):
    """Check the plan is complete, then submit it for sign-off."""
    budget, plan = _draft(request, budget_id)
    # One list: what the plan itself still needs, then what sign-off's rules need (a part already
    # listed as to do is not listed twice), to do first, each linking to the page that fixes it.
    missing = [{"text": m.text, "done": False, "url_name": FIX_URL[m.part]} for m in plan_missing(plan=plan)]
    listed = {m["url_name"] for m in missing}
    checklist = [
        {"text": i.text, "done": i.done, "url_name": FIX_URL.get(i.part, "support_planning:plan")}
        for i in signoff_checklist(budget=budget, plan=plan)
    ]
    missing += [i for i in checklist if not i["done"] and i["url_name"] not in listed]
    checklist = missing + [i for i in checklist if i["done"]]
    form = forms.SubmitForm(request.POST or None, initial={"lock_version": plan.lock_version})
    return _edit(
        request, budget, plan, form, title="Check your plan before you submit it",
        success="Your plan has been sent for sign-off. We will let you know when it has been agreed.",
        save=lambda **d: services.plan_submit(plan=plan, actor=request.user, **d),
        template="support_planning/check.html",
        extra={"missing": missing, "totals": plan_overview(plan=plan)["totals"], "planner": is_planner(request.user),
               "signoff_checklist": checklist, "unmet_needs": needs_without_outcome(plan=plan, needs=assessed_needs(budget=budget))},
    )
