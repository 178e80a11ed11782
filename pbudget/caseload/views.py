"""Managers' pages: thin views over `selectors` (reads only; reallocation is on the person's record)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from pbudget.audit import audit_views
from pbudget.caseload import selectors
from pbudget.caseload.forms import CaseloadFilter, TeamFilter

PAGE_SIZE = 25
COLUMNS = [("name", "Person"), ("team", "Team"), ("worker", "Allocated worker"), ("group", "Client group"),
           ("stage", "Stage"), ("days", "Days at this stage")]


@require_GET
def caseload(request):
    """
    People by stage with how long they have waited (median and longest), filtered by team,
    worker, client group and stage. A manager also gets the people, sortable and paginated, each
    linking to their record; a council administrator gets the numbers only.
    """
    scope = selectors.scope_for(request.user)
    workers = list(selectors.workers_in(scope)) if scope.names_people else []
    form = CaseloadFilter(request.GET, scope=scope, workers=workers)
    form.is_valid()  # an invalid filter shows its error and is left out
    filters = form.filters()
    now = timezone.now()
    summary = selectors.stage_summary(
        selectors.open_budgets(scope, **{**filters, "stage": ""}), now=now, names_people=scope.names_people
    )
    context = {"scope": scope, "form": form, "summary": summary, "total": sum(row.count for row in summary)}
    if scope.names_people:
        sort = form.cleaned_data.get("sort") or "days"
        descending = (form.cleaned_data.get("order") or ("desc" if sort == "days" else "asc")) == "desc"
        rows = selectors.people_rows(selectors.open_budgets(scope, **filters), sort=sort, descending=descending)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        for budget in page.object_list:
            budget.days_at_stage = (now - budget.status_changed_at).days
        audit_views(user=request.user, people=[b.person for b in page.object_list], what="Caseload")
        kept = request.GET.copy()
        for name in ("sort", "order", "page", "apply"):
            kept.pop(name, None)
        context.update(
            page=page, filter_query=kept.urlencode(), sort_query=without(request.GET, "page", "apply"),
            columns=_sortable_columns(kept, sort, descending),
        )
    return render(request, "caseload/caseload.html", context)


def without(query, *names):
    kept = query.copy()
    for name in names:
        kept.pop(name, None)
    return kept.urlencode()


def _sortable_columns(kept, sort, descending):
    """GOV.UK table headers: each a link that sorts by it (the other way if it already does)."""
    columns = []
    for key, label in COLUMNS:
        active = key == sort
        query = kept.copy()
        query["sort"] = key
        query["order"] = "asc" if active and descending else ("desc" if active or key == "days" else "asc")
        columns.append({
            "label": label, "href": "?" + query.urlencode(), "numeric": key == "days",
            "aria_sort": ("descending" if descending else "ascending") if active else "none",
        })
    return columns


@require_GET
def workload(request):
    """Each worker's open cases by stage, sign-offs waiting and reviews due or overdue (managers only)."""
    scope = selectors.scope_for(request.user)
    if not scope.names_people:
        raise Http404("No such page")
    form = TeamFilter(request.GET, scope=scope)
    form.is_valid()
    team = getattr(form, "cleaned_data", {}).get("team")
    rows = selectors.workload(scope, team=team, today=timezone.localdate())
    return render(
        request, "caseload/workload.html",
        {"form": form, "rows": rows, "stages": selectors.OPEN_STAGES, "team": team, "scope": scope},
    )
