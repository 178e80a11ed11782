"""Managers' pages: thin views over `selectors` (reads only; reallocation is on the person's record)."""

import csv

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from pbudget.audit import audit_views
from pbudget.caseload import charts, selectors
from pbudget.caseload.figures import process_figures
from pbudget.caseload.forms import CaseloadFilter, FiguresFilter, TeamFilter

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
            page=page, filter_query=kept.urlencode(), sort_query=_without(request.GET, "page", "apply"),
            columns=_sortable_columns(kept, sort, descending),
        )
    return render(request, "caseload/caseload.html", context)


def _without(query, *names):
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


def _figures(request):
    scope = selectors.scope_for(request.user)
    form = FiguresFilter(request.GET or None, scope=scope, today=timezone.localdate())
    team, start, end = form.period()
    if scope.names_people:
        team_ids = [team.pk] if team is not None else scope.team_ids
    else:
        team_ids = None  # an administrator sees the whole council, never one team's small numbers
    data = process_figures(council_id=scope.council_id, team_ids=team_ids, start=start, end=end, names_people=scope.names_people)
    return scope, form, team, data


@require_GET
def figures(request):
    """The process measured, by month: charts with a table of the same numbers, and a CSV of them."""
    scope, form, team, data = _figures(request)
    labels = [f"{m:%b %Y}" for m in data.months]
    per_month = "Median and 90th percentile of the days {what}, by month. The numbers are in the table below."

    def figure(value, *, chart_id, title, what):
        cells = value.cells(data.months)
        chart = charts.line_chart(labels=labels, series=[
            charts.Series("Median", [c.median for c in cells]),
            charts.Series("90th percentile", [c.p90 for c in cells], dashed=True),
        ])
        return {
            "svg": mark_safe(charts.line_svg(chart, chart_id=chart_id, title=title, desc=per_month.format(what=what))),  # noqa: S308 (escaped in charts)
            "title": title, "rows": [(label, *_shown(c)) for label, c in zip(labels, cells)], "overall_shown": _shown(value.overall),
            "overall": value.overall,
        }

    journey = figure(data.journey, chart_id="chart-journey", title="Days from assessment started to agreed budget, by month",
                     what="from an assessment starting to the plan being signed off, for budgets agreed each month")
    stages = [
        {"status": status, "slug": status.value, **figure(
            value, chart_id=f"chart-{status.value}", title=f"Days at {status.label.lower()}, by month",
            what="budgets spent at this stage, by the month they moved on")}
        for status, value in data.stages.items()
    ]
    waits = charts.bar_chart(rows=[(s["status"].label, s["overall"].median, s["overall"].p90) for s in stages])
    waits_svg = charts.bar_svg(
        waits, chart_id="chart-waits", title="Median days at each stage over the whole period",
        desc="A bar for each stage's median days, with a black tick at its 90th percentile. The numbers are in the tables below.",
    )
    return render(request, "caseload/figures.html", {
        "scope": scope, "form": form, "team": team, "period": f"{labels[0]} to {labels[-1]}",
        "journey": journey, "stages": stages, "waits_svg": mark_safe(waits_svg),  # noqa: S308 (escaped in charts)
        "csv_query": _without(request.GET, "apply"),
    })


def _shown(cell):
    """A cell as the table shows it: (budgets, median, 90th percentile), already formatted."""
    if cell.suppressed:
        return ("fewer than 5", "–", "–")
    return (str(cell.count), "–" if cell.median is None else f"{cell.median:.1f}", "–" if cell.p90 is None else f"{cell.p90:.1f}")


@require_GET
def figures_csv(request):
    """The numbers behind the figures page, for the same period and team, as a spreadsheet."""
    scope, form, team, data = _figures(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    first, last = data.months[0], data.months[-1]
    response["Content-Disposition"] = f'attachment; filename="process-figures-{first:%Y-%m}-to-{last:%Y-%m}.csv"'
    writer = csv.writer(response)
    writer.writerow(["figure", "stage", "month", "budgets", "median_days", "p90_days"])
    rows = [("assessment started to agreed budget", "", data.journey)]
    rows += [("time at stage", status.label, figure) for status, figure in data.stages.items()]
    for name, stage, figure in rows:
        for month, value in [*zip([f"{m:%Y-%m}" for m in data.months], figure.cells(data.months)), ("whole period", figure.overall)]:
            writer.writerow([name, stage, month, *_csv_cell(value)])
    return response


def _csv_cell(value):
    if value.suppressed:
        return ["fewer than 5", "", ""]
    return [value.count, _round(value.median), _round(value.p90)]


def _round(days):
    return "" if days is None else f"{days:.1f}"
