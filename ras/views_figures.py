"""
Calibration (does the RAS predict agreed budgets?) and the report of workers' overrides.
Calibration shows numbers only, never names: managers and administrators. Overrides name people:
managers, for their own teams.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from pbudget.audit import audit_views
from pbudget.models import ClientGroup, Role
from pbudget.money import WEEKS_PER_YEAR
from ras import tables as services
from ras.calibration import allocation_overrides
from ras.charts import bar_chart, scatter
from ras.calibration_math import suggested_band_amounts
from ras.selectors import TABLE_READERS, allocation_calibration, allocation_table_live, allocation_tables_live


class PeriodForm(forms.Form):
    date_from = forms.DateField(label="From", required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"], help_text="For example, 01/04/2026")
    date_to = forms.DateField(label="To", required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"], help_text="For example, 31/03/2027")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end of the period must be after its start")
        return data


def _period(request):
    form = PeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data.get("date_from"), form.cleaned_data.get("date_to")
    return form, None, None


@require_GET
def calibration(request):
    user = request.user
    if user.role not in TABLE_READERS or user.council_id is None:
        raise Http404("Not a page for this user")
    form, date_from, date_to = _period(request)
    figures = allocation_calibration(council=user.council_id, date_from=date_from, date_to=date_to)
    live = {t.client_group: t for t in allocation_tables_live(council=user.council_id)}
    charts = []
    for row in figures["groups"]:
        table = live.get(row.client_group) or live.get("")
        charts.append({
            "row": row, "live": table,
            "can_suggest": bool(row.figures.suggested_price_per_point_pence) and (table is None or table.method == "points"),
            "bands": _band_suggestion(row, table),
            "scatter": scatter(row.points_pairs, title=f"{row.label}: indicative against agreed, a week", x_label="Indicative", y_label="Agreed"),
            "months": bar_chart(
                [(m.strftime("%b %Y"), c.median_ratio or 0) for m, c in row.months],
                title=f"{row.label}: median agreed / indicative by month of agreement",
            ),
        })
    return render(request, "ras/calibration.html", {
        "form": form, "figures": figures, "charts": charts, "is_admin": user.role == Role.COUNCIL_ADMIN, "weeks_per_year": WEEKS_PER_YEAR,
    })


def _band_suggestion(row, table):
    """For a banded live table: [(band, suggested amount or None)] from the agreed budgets."""
    if table is None or table.method != "bands":
        return []
    amounts = suggested_band_amounts(row.pairs, [(b["from_points"], b.get("to_points")) for b in table.bands])
    return list(zip(table.bands, amounts))


@require_POST
def calibration_draft(request):
    """An administrator turns a suggested price per point into a draft table (then tries it in the what-if)."""
    user = request.user
    if user.role != Role.COUNCIL_ADMIN or user.council_id is None:
        raise Http404("Not a page for this user")
    group = request.POST.get("client_group", "")
    try:
        price = int(request.POST.get("price_per_point_pence") or 0)
        amounts = [int(a) for a in request.POST.getlist("band_pence")]
    except ValueError:
        price, amounts = 0, []
    live = allocation_table_live(council=user.council_id, client_group=group)
    name = f"{ClientGroup(group).label if group in ClientGroup.values else ''}: recalibrated {timezone.localdate():%B %Y}"
    if group in ClientGroup.values and 0 < price <= 1_000_000:
        fields = {"method": "points", "price_per_point_pence": price, "name": name}
    elif group in ClientGroup.values and live and live.method == "bands" and len(amounts) == len(live.bands) and all(0 <= a <= 10_000_000 for a in amounts):
        fields = {"bands": [{**band, "weekly_pence": amount} for band, amount in zip(live.bands, amounts)], "name": name}
    else:
        messages.error(request, "Choose a client group and a suggestion from the calibration page.")
        return redirect("ras_tables:calibration")
    table = services.allocation_table_draft_start(
        council=user.council, client_group=group, actor=user, fields=fields, source="From the calibration's suggestion",
    )
    messages.success(request, f"Draft version {table.version} uses the suggestion. Try it on the caseload before publishing.")
    return redirect("ras_tables:detail", table_id=table.pk)


@require_GET
def overrides(request):
    """Indicative budgets workers set differently from the table, with why: managers, their teams only."""
    if request.user.role != Role.TEAM_MANAGER:
        raise Http404("Not a page for this user")
    form, date_from, date_to = _period(request)
    rows = allocation_overrides(user=request.user, date_from=date_from, date_to=date_to)
    audit_views(user=request.user, people={row.budget.person for row in rows}, what="Indicative budgets changed by workers")
    return render(request, "ras/overrides.html", {"form": form, "rows": rows})
