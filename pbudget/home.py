"""
Home pages. These sit above the stage apps: they read each stage through its public
selectors (the core modules import no stage app; this one may).
"""

from django.core.paginator import Paginator
from django.db.models import Count, Min
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from assessment.selectors import assessment_in_progress, eligibility_latest
from pbudget.audit import audit_views
from pbudget.lifecycle import Status
from pbudget.models import Person, PersonalBudget, Role
from ras.selectors import indicative_budget
from reviews.selectors import review_open, reviews_requested_for
from signoff.selectors import decision_latest, decisions_on_plans_by, summary_sheet_latest
from support_planning.selectors import help_requests_open, plan_costs, plan_current, planner_plans

# How long a budget may sit at a stage before a manager's page calls it waiting.
WAITING_STATUSES = [Status.ASSESSMENT, Status.ELIGIBILITY, Status.ALLOCATION, Status.PLANNING, Status.SIGN_OFF, Status.REVIEW]


@require_GET
def home(request):
    user = request.user
    if user.role == Role.SOCIAL_WORKER:
        return worker_home(request)
    if user.role == Role.TEAM_MANAGER:
        return manager_home(request)
    if user.role == Role.COUNCIL_ADMIN:
        return render(request, "pbudget/home_admin.html")
    if user.role == Role.PLANNER:
        return render(request, "support_planning/planner_home.html", {"budgets": planner_plans(user=user)})
    return person_home(request)


def person_home(request):
    """Where each of the user's people is in the cycle, and what to do next, in plain English."""
    people = list(Person.objects.visible_to(request.user).select_related("allocated_worker", "team"))
    audit_views(user=request.user, people=people, what="Home page")
    newest = {}
    for budget in PersonalBudget.objects.filter(person__in=people).order_by("-opened_at", "-pk"):
        newest.setdefault(budget.person_id, budget)
    cards = []
    # A person or representative sees one or a few people: the stage facts are read per card.
    for person in people:
        budget = newest.get(person.pk)
        card = {"person": person, "budget": budget, "is_self": person.user_id == request.user.pk}
        if budget is not None:
            card.update(_stage_facts(budget))
        cards.append(card)
    return render(request, "pbudget/home_person.html", {"cards": cards})


def _stage_facts(budget):
    facts = {}
    if budget.status == Status.ASSESSMENT:
        in_progress = assessment_in_progress(budget=budget)
        facts["started"] = in_progress is not None and in_progress.answers.exists()
    if budget.status == Status.CLOSED:
        facts["eligibility"] = eligibility_latest(budget=budget)
    if budget.status in {Status.PLANNING, Status.SIGN_OFF, Status.ACTIVE, Status.REVIEW}:
        facts["indicative"] = indicative_budget(budget=budget)
        plan = plan_current(budget=budget)
        facts["plan"] = plan
        facts["plan_totals"] = plan_costs(plan=plan) if plan else None
        facts["decision"] = decision_latest(budget=budget)
    if budget.status in {Status.ACTIVE, Status.REVIEW}:
        facts["summary_sheet"] = summary_sheet_latest(budget=budget)
        facts["review"] = review_open(budget=budget)
    return facts


def _caseload(user):
    return (
        PersonalBudget.objects.visible_to(user)
        .open()
        .select_related("person", "person__allocated_worker", "person__team")
        .order_by("status_changed_at", "pk")
    )


CASELOAD_PAGE_SIZE = 25


def worker_home(request):
    """
    The team's caseload: counts by stage, then one table (oldest at its stage first), filtered by
    stage and paginated, so the page costs the same whatever the team's size.
    """
    caseload = _caseload(request.user)
    counts = dict(caseload.order_by().values_list("status").annotate(n=Count("pk")))
    stage = request.GET.get("stage", "")
    if stage not in Status.values:
        stage = ""
    rows = caseload.filter(status=stage) if stage else caseload
    page = Paginator(rows, CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    stages = [{"status": s, "count": counts.get(s, 0)} for s in Status if s != Status.CLOSED]
    requested, requested_total = reviews_requested_for(user=request.user)
    help_requests = help_requests_open(budgets=caseload.filter(status=Status.PLANNING).order_by())
    return render(
        request,
        "pbudget/home_worker.html",
        {"stages": stages, "stage": stage, "page": page, "total": sum(counts.values()),
         "requested_reviews": requested, "requested_total": requested_total,
         "authored_decisions": decisions_on_plans_by(user=request.user), "help_requests": help_requests},
    )


def manager_home(request):
    """Counts by stage across the manager's teams, and what has waited longest."""
    caseload = _caseload(request.user)
    counts = {
        row["status"]: row
        for row in caseload.order_by().values("status").annotate(n=Count("pk"), oldest=Min("status_changed_at"))
    }
    now = timezone.now()
    stages = [
        {
            "status": status,
            "count": counts.get(status, {}).get("n", 0),
            "oldest_days": (now - counts[status]["oldest"]).days if status in counts else None,
        }
        for status in Status
        if status != Status.CLOSED
    ]
    waiting = list(caseload.filter(status__in=WAITING_STATUSES)[:10])
    for budget in waiting:
        budget.waiting_days = (now - budget.status_changed_at).days
    return render(
        request,
        "pbudget/home_manager.html",
        {"stages": stages, "waiting": waiting, "teams": request.user.managed_teams.all()},
    )
