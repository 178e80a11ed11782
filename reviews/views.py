"""
Review pages: the staff list of reviews due, one budget's review, the person's own part, asking for
a review, and the council administrators' review settings.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import dateformat
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pbudget import access
from pbudget.audit import audit_view
from pbudget.lifecycle import ANYONE, MANAGER, PERSON, STAFF, MoveNotAllowed, Relationship, Status
from pbudget.models import Role, User
from reviews.conduct import review_complete, review_person_part_save, review_start
from reviews.forms import PersonPartForm, ReallocateForm, ReviewCompleteForm, ReviewRequestForm, ReviewSettingsForm
from reviews.models import RATING_QUESTIONS, NextStep, ReviewSettings, ReviewStatus
from reviews.selectors import (
    DUE_SOON_DAYS, review_open, review_outcomes_by_plan_outcome, review_plan_outcomes, reviews_completed,
    reviews_due_for,
)
from reviews.services import SETTINGS_FIELDS, local_today, review_reallocate, review_request, review_settings_save


@require_GET
def due(request):
    """Reviews due in the next 30 days and overdue, for the staff member's people."""
    if request.user.role not in {Role.SOCIAL_WORKER, Role.TEAM_MANAGER}:
        raise Http404("No such page")
    today = local_today()
    reviews = list(reviews_due_for(user=request.user, today=today))
    for review in reviews:
        review.is_overdue = review.due_date < today
    return render(request, "reviews/due.html", {"reviews": reviews, "days": DUE_SOON_DAYS, "today": today})


def _team_workers(person):
    return User.objects.filter(role=Role.SOCIAL_WORKER, team_id=person.team_id, is_active=True).order_by("full_name")


@require_http_methods(["GET", "POST"])
def review(request, budget_id):
    """Staff: the open review and, once started, the form to complete it. The person: when it is due, their part."""
    budget = access.budget_for(request.user, budget_id)
    person = budget.person
    relationship = access.relationship_to(request.user, person)
    if request.method == "POST":
        access.require_relationship(request.user, person, STAFF)
    open_review = review_open(budget=budget)
    outcomes = review_plan_outcomes(budget=budget)
    said = review_outcomes_by_plan_outcome(review=open_review)
    form = None
    if _is_at(budget, open_review, Status.REVIEW, ReviewStatus.IN_PROGRESS):
        initial = {name: getattr(open_review, name) for name in RATING_QUESTIONS}
        form = ReviewCompleteForm(request.POST or None, outcomes=outcomes, initial=initial)
    if request.method == "POST":
        if form is None:
            raise MoveNotAllowed("This review is not in progress, so it cannot be completed.")
        if form.is_valid():
            done = review_complete(review=open_review, actor=request.user, **form.service_arguments())
            messages.success(request, _completed_message(budget, done))
            return redirect("person_detail", person_id=person.pk)
    audit_view(user=request.user, person=person, what="Review")
    context = {
        "budget": budget, "review": open_review, "history": reviews_completed(budget=budget),
        "outcomes": [(outcome, said.get(outcome.pk)) for outcome in outcomes],
        "can_request": budget.status == Status.ACTIVE and (open_review is None or open_review.kind != "unplanned"),
    }
    if relationship == Relationship.PERSON:
        context["is_self"] = person.user_id == request.user.pk
        return render(request, "reviews/review_person.html", context)
    reallocate = None
    if relationship == MANAGER and open_review is not None:
        reallocate = ReallocateForm(workers=_team_workers(person), initial={"reviewer": open_review.reviewer_id or ""})
    context.update(
        form=form, reallocate=reallocate,
        can_start=_is_at(budget, open_review, Status.ACTIVE, ReviewStatus.SCHEDULED),
    )
    return render(request, "reviews/review_staff.html", context)


def _is_at(budget, review, budget_status, review_status) -> bool:
    return review is not None and budget.status == budget_status and review.status == review_status


def _completed_message(budget, done):
    name = budget.person.full_name
    if done.next_step == NextStep.CONTINUE:
        due = dateformat.format(review_open(budget=budget).due_date, "j F Y")
        return f"Review completed. {name}'s plan carries on; the next review is due by {due}."
    return {
        NextStep.VARY: f"Review completed. {name}'s support plan is open to be changed.",
        NextStep.REASSESS: f"Review completed. {name}'s needs will be reassessed.",
        NextStep.END: f"Review completed. {name}'s support has ended and the budget is closed.",
    }[done.next_step]


@require_POST
def start(request, budget_id):
    budget = access.budget_for(request.user, budget_id)
    access.require_relationship(request.user, budget.person, STAFF)
    open_review = review_open(budget=budget)
    if open_review is None:
        raise MoveNotAllowed("There is no review scheduled for this budget.")
    review_start(review=open_review, actor=request.user)
    messages.success(request, f"The review of {budget.person.full_name}'s budget has started.")
    return redirect("reviews:review", budget_id=budget.pk)


@require_http_methods(["GET", "POST"])
def person_part(request, budget_id):
    """The person or their representative: how the plan's outcomes went, in their words, before the meeting."""
    budget = access.budget_for(request.user, budget_id)
    person = budget.person
    access.require_relationship(request.user, person, {PERSON})
    open_review = review_open(budget=budget)
    if open_review is None:
        raise MoveNotAllowed("No review is planned at the moment.", go_to=f"/reviews/{budget.pk}/")
    outcomes = review_plan_outcomes(budget=budget)
    said = review_outcomes_by_plan_outcome(review=open_review)
    initial = {name: getattr(open_review, name) for name in RATING_QUESTIONS}
    for outcome in outcomes:
        row = said.get(outcome.pk)
        for name in PersonPartForm.outcome_fields:
            initial[f"o{outcome.pk}_{name}"] = getattr(row, name) if row else ""
    form = PersonPartForm(request.POST if request.method == "POST" else None, outcomes=outcomes, initial=initial)
    if request.method == "POST" and form.is_valid():
        review_person_part_save(
            review=open_review, actor=request.user, outcomes=form.outcome_values(), ratings=form.ratings(),
        )
        messages.success(request, "Thank you. Your part of the review is saved: the worker will read it before you meet.")
        return redirect("reviews:review", budget_id=budget.pk)
    audit_view(user=request.user, person=person, what="Their part of the review")
    return render(request, "reviews/person_part.html", {
        "budget": budget, "review": open_review, "form": form, "is_self": person.user_id == request.user.pk,
    })


@require_http_methods(["GET", "POST"])
def ask(request, budget_id):
    """Ask for a review sooner, saying what has happened (the person, their representative or staff)."""
    budget = access.budget_for(request.user, budget_id)
    person = budget.person
    access.require_relationship(request.user, person, ANYONE)
    form = ReviewRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        asked = review_request(budget=budget, actor=request.user, **form.cleaned_data)
        due = dateformat.format(asked.due_date, "j F Y")
        messages.success(request, f"A review has been asked for. It is due by {due}.")
        return redirect("reviews:review", budget_id=budget.pk)
    audit_view(user=request.user, person=person, what="Ask for a review")
    return render(request, "reviews/ask.html", {"budget": budget, "form": form})


@require_POST
def reallocate(request, budget_id):
    """A manager gives the review to another worker in the team, or to the team."""
    budget = access.budget_for(request.user, budget_id)
    person = budget.person
    access.require_relationship(request.user, person, {MANAGER})
    open_review = review_open(budget=budget)
    if open_review is None:
        raise MoveNotAllowed("There is no review to allocate.")
    workers = _team_workers(person)
    form = ReallocateForm(request.POST, workers=workers)
    if not form.is_valid():
        raise MoveNotAllowed("Choose a social worker in the person's team.")
    chosen = form.cleaned_data["reviewer"]
    reviewer = next((w for w in workers if str(w.pk) == chosen), None)
    review_reallocate(review=open_review, actor=request.user, reviewer=reviewer)
    messages.success(request, f"The review is allocated to {reviewer.full_name if reviewer else 'the team'}.")
    return redirect("reviews:review", budget_id=budget.pk)


@require_http_methods(["GET", "POST"])
def review_settings(request):
    """Council administrators: when reviews are due, when reminders go, how soon unplanned reviews are due."""
    if request.user.role != Role.COUNCIL_ADMIN or request.user.council_id is None:
        raise Http404("No such page")
    council = request.user.council
    current = ReviewSettings.for_council(council.pk)
    form = ReviewSettingsForm(request.POST or None, initial={name: getattr(current, name) for name in SETTINGS_FIELDS})
    if request.method == "POST" and form.is_valid():
        review_settings_save(council=council, actor=request.user, **form.cleaned_data)
        messages.success(request, "The review settings are saved. Reviews scheduled from now on use them.")
        return redirect("reviews:settings")
    return render(request, "reviews/settings.html", {"form": form, "council": council})
