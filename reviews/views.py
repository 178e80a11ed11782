"""Review pages: the staff list of reviews due, and one budget's review."""

from django.contrib import messages
from django.http import Http404
from django.utils import dateformat
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pbudget import access
from pbudget.audit import audit_view
from pbudget.lifecycle import STAFF, MoveNotAllowed, Relationship, Status
from pbudget.models import Role
from reviews.forms import ReviewCompleteForm
from reviews.models import NextStep, ReviewStatus
from reviews.selectors import DUE_SOON_DAYS, review_open, reviews_completed, reviews_due_for
from reviews.services import local_today, review_complete, review_start
from support_planning.selectors import plan_current



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


@require_http_methods(["GET", "POST"])
def review(request, budget_id):
    """Staff: the open review and, once started, the form to complete it. The person: when it is due."""
    budget = access.budget_for(request.user, budget_id)
    person = budget.person
    relationship = access.relationship_to(request.user, person)
    if request.method == "POST":
        access.require_relationship(request.user, person, STAFF)
    open_review = review_open(budget=budget)
    form = None
    if _is_at(budget, open_review, Status.REVIEW, ReviewStatus.IN_PROGRESS):
        form = ReviewCompleteForm(request.POST or None)
    if request.method == "POST":
        if form is None:
            raise MoveNotAllowed("This review is not in progress, so it cannot be completed.")
        if form.is_valid():
            done = review_complete(review=open_review, actor=request.user, **form.cleaned_data)
            messages.success(request, _completed_message(budget, done))
            return redirect("person_detail", person_id=person.pk)
    audit_view(user=request.user, person=person, what="Review")
    context = {"budget": budget, "review": open_review, "history": reviews_completed(budget=budget)}
    if relationship == Relationship.PERSON:
        context["is_self"] = person.user_id == request.user.pk
        return render(request, "reviews/review_person.html", context)
    plan = plan_current(budget=budget)
    context.update(
        form=form,
        plan=plan,
        outcomes=list(plan.outcomes.all()) if plan else [],
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
