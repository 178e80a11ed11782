"""The process, measured: the figures page and its CSV (thin views over `figures` and `stage_figures`)."""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from pbudget.caseload import charts, selectors, stage_figures
from pbudget.caseload.figures import figures_session, process_figures
from pbudget.caseload.forms import FiguresFilter
from pbudget.caseload.views import without

PER_MONTH = "Median and 90th percentile of the days {what}, by month. The numbers are in the table below."


def _figures(request):
    """Who may see what, the period and team asked for, the time figures and the stages' own figures."""
    scope = selectors.scope_for(request.user)
    form = FiguresFilter(request.GET or None, scope=scope, today=timezone.localdate())
    team, start, end = form.period()
    if scope.names_people:
        team_ids = [team.pk] if team is not None else scope.team_ids
    else:
        team_ids = None  # an administrator sees the whole council, never one team's small numbers
    with figures_session():
        data = process_figures(council_id=scope.council_id, team_ids=team_ids, start=start, end=end, names_people=scope.names_people)
        labels = [f"{m:%b %Y}" for m in data.months]
        where = {"council_id": scope.council_id, "team_ids": team_ids, "months": data.months, "end": end}
        reviews = stage_figures.review_figures_for(**where, today=timezone.localdate())
        plans = stage_figures.plan_figures_for(**where)
        people = scope.names_people
        sections = [
            stage_figures.assessments_section(**where, names_people=people),
            stage_figures.signoff_section(**where, labels=labels, names_people=people),
            stage_figures.reviews_section(figures=reviews, names_people=people),
            stage_figures.ratings_section(figures=reviews, months=data.months, labels=labels, names_people=people),
            stage_figures.calibration_section(**where, names_people=people),
            stage_figures.plans_section(figures=plans, names_people=people),
            stage_figures.plans_by_team_section(figures=plans, months=data.months, labels=labels, names_people=people),
        ]
    return scope, form, team, data, labels, sections


def _time_figure(value, months, labels, *, chart_id, title, what):
    cells = value.cells(months)
    chart = charts.line_chart(labels=labels, series=[
        charts.Series("Median", [c.median for c in cells]),
        charts.Series("90th percentile", [c.p90 for c in cells], dashed=True),
    ])
    return {
        "svg": mark_safe(charts.line_svg(chart, chart_id=chart_id, title=title, desc=PER_MONTH.format(what=what))),  # noqa: S308 (escaped in charts)
        "title": title, "rows": [(label, *_shown(c)) for label, c in zip(labels, cells)], "overall_shown": _shown(value.overall),
        "overall": value.overall,
    }


@require_GET
def figures(request):
    """The process measured, by month: charts with a table of the same numbers, and a CSV of them."""
    scope, form, team, data, labels, sections = _figures(request)
    journey = _time_figure(data.journey, data.months, labels, chart_id="chart-journey",
                           title="Days from assessment started to agreed budget, by month",
                           what="from an assessment starting to the plan being signed off, for budgets agreed each month")
    stages = [
        {"status": status, "slug": status.value, **_time_figure(
            value, data.months, labels, chart_id=f"chart-{status.value}", title=f"Days at {status.label.lower()}, by month",
            what="budgets spent at this stage, by the month they moved on")}
        for status, value in data.stages.items()
    ]
    waits = charts.bar_chart(rows=[(s["status"].label, s["overall"].median, s["overall"].p90) for s in stages])
    waits_svg = charts.bar_svg(
        waits, chart_id="chart-waits", title="Median days at each stage over the whole period",
        desc="A bar for each stage's median days, with a black tick at its 90th percentile. The numbers are in the tables below.",
    )
    for section in sections:
        section.svg = mark_safe(section.svg)  # noqa: S308 (escaped in charts)
    return render(request, "caseload/figures.html", {
        "scope": scope, "form": form, "team": team, "period": f"{labels[0]} to {labels[-1]}",
        "journey": journey, "stages": stages, "waits_svg": mark_safe(waits_svg),  # noqa: S308 (escaped in charts)
        "sections": sections, "csv_query": without(request.GET, "apply"),
    })


def _shown(cell):
    """A cell as the table shows it: (budgets, median, 90th percentile), already formatted."""
    if cell.withheld:
        return ("not shown", "–", "–")
    if cell.suppressed:
        return ("fewer than 5", "–", "–")
    return (str(cell.count), "–" if cell.median is None else f"{cell.median:.1f}", "–" if cell.p90 is None else f"{cell.p90:.1f}")


@require_GET
def figures_csv(request):
    """The numbers behind the figures page, for the same period and team: one number a row."""
    scope, form, team, data, labels, sections = _figures(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    first, last = data.months[0], data.months[-1]
    response["Content-Disposition"] = f'attachment; filename="process-figures-{first:%Y-%m}-to-{last:%Y-%m}.csv"'
    writer = csv.writer(response)
    writer.writerow(["figure", "stage", "month", "measure", "value"])
    times = [("assessment started to agreed budget", "", data.journey)]
    times += [("time at stage", status.label, figure) for status, figure in data.stages.items()]
    for name, stage, figure in times:
        for month, value in [*zip([f"{m:%Y-%m}" for m in data.months], figure.cells(data.months)), ("whole period", figure.overall)]:
            budgets, median, p90 = _shown(value)
            writer.writerows([(name, stage, month, "budgets", budgets), (name, stage, month, "median days", median.replace("–", "")),
                              (name, stage, month, "90th percentile days", p90.replace("–", ""))])
    for section in sections:
        writer.writerows((figure, stage, month, measure, "" if value == "–" else value) for figure, stage, month, measure, value in section.csv)
    return response
