"""
The council's allocation tables: administrators start, edit, import and publish drafts; managers
and administrators read them, compare a draft with the live table and run the what-if. Nobody
else has these pages (404). None of them shows a person.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pbudget.models import ClientGroup, Role
from ras import tables as services
from ras.calculation import ROUNDING, table_problems
from ras.forms import NewDraftForm, TableForm, UploadForm
from ras.selectors import (
    TABLE_READERS, allocation_table_compare, allocation_table_for, allocation_table_history, allocation_table_live,
    allocation_tables_for_council,
)
from ras.spreadsheet import TableProblems, read_upload, table_rows, write_csv, write_xlsx

GROUPS = [("", "Everyone without a table of their own"), *ClientGroup.choices]
MAX_UPLOAD = 2 * 1024 * 1024


def _council_user(request, *, edit=False):
    allowed = {Role.COUNCIL_ADMIN} if edit else TABLE_READERS
    if request.user.role not in allowed or request.user.council_id is None:
        raise Http404("Not a page for this user")
    return request.user


@require_http_methods(["GET", "POST"])
def tables(request):
    """Every client group's live table, drafts and earlier versions; administrators start drafts."""
    user = _council_user(request, edit=request.method == "POST")
    form = NewDraftForm(request.POST or None, groups=GROUPS)
    if request.method == "POST" and form.is_valid():
        table = services.allocation_table_draft_start(council=user.council, client_group=form.cleaned_data["client_group"], actor=user)
        messages.success(request, f"Draft version {table.version} started from the live table.")
        return redirect("ras_tables:edit", table_id=table.pk)
    by_group = {value: {"label": label, "tables": []} for value, label in GROUPS}
    live_ids = set()
    for table in allocation_tables_for_council(council=user.council_id):
        by_group[table.client_group]["tables"].append(table)
    for group in by_group.values():
        live = next((t for t in group["tables"] if t.is_published and t.effective_from <= _today()), None)
        group["live"] = live
        live_ids.add(live.pk if live else None)
    return render(request, "ras/tables.html", {
        "groups": by_group.values(), "live_ids": live_ids, "form": form, "is_admin": user.role == Role.COUNCIL_ADMIN,
    })


def _today():
    from django.utils import timezone

    return timezone.localdate()


@require_GET
def table_detail(request, table_id):
    """
    One version in full; for a draft, what is wrong with it and how it differs from the live one.
    Administrators also see the history of the group's versions: who did what, and when.
    """
    user = _council_user(request)
    table = allocation_table_for(user=user, table_id=table_id)
    live = allocation_table_live(council=table.council_id, client_group=table.client_group)
    is_admin = user.role == Role.COUNCIL_ADMIN
    return render(request, "ras/table_detail.html", {
        "table": table, "live": live if live and live.pk != table.pk else None, "problems": table_problems(table.rules()),
        "differences": allocation_table_compare(table=table, live=live) if live and live.pk != table.pk else [],
        "is_admin": is_admin, "rounding": ROUNDING, "history": allocation_table_history(table=table) if is_admin else None,
    })


@require_http_methods(["GET", "POST"])
def table_edit(request, table_id):
    user = _council_user(request, edit=True)
    table = allocation_table_for(user=user, table_id=table_id, edit=True)
    if table.is_published:
        messages.info(request, "A published table never changes. Start a new draft to change the rules.")
        return redirect("ras_tables:detail", table_id=table.pk)
    form = TableForm(request.POST or None, initial=TableForm.initial_for(table))
    if request.method == "POST" and form.is_valid():
        services.allocation_table_draft_update(
            table=table, actor=user, lock_version=form.cleaned_data["lock_version"], fields=form.table_fields,
        )
        messages.success(request, "The draft is saved.")
        return redirect("ras_tables:detail", table_id=table.pk)
    return render(request, "ras/table_edit.html", {"table": table, "form": form})


@require_POST
def table_publish(request, table_id):
    user = _council_user(request, edit=True)
    table = allocation_table_for(user=user, table_id=table_id, edit=True)
    services.allocation_table_publish(table=table, actor=user, lock_version=request.POST.get("lock_version"))
    messages.success(request, f"Version {table.version} is published. It is live from {table.effective_from:%-d %B %Y}.")
    return redirect("ras_tables:detail", table_id=table.pk)


@require_GET
def table_export(request, table_id, fmt):
    table = allocation_table_for(user=_council_user(request), table_id=table_id)
    rows = table_rows(table)
    name = f"allocation-table-{table.client_group or 'all'}-v{table.version}"
    if fmt == "xlsx":
        response = HttpResponse(write_xlsx(rows), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        response = HttpResponse(write_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
def table_import(request):
    """Upload a spreadsheet as a new draft; a bad one is refused with each row's problem."""
    user = _council_user(request, edit=True)
    form = UploadForm(request.POST or None, request.FILES or None, groups=GROUPS)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_UPLOAD:
                raise TableProblems(["The file is larger than 2 MB: an allocation table is much smaller."])
            rows = read_upload(upload.name, upload.read())
            table = services.allocation_table_import(council=user.council, client_group=form.cleaned_data["client_group"], actor=user, rows=rows)
        except TableProblems as refused:
            problems = refused.problems
        else:
            messages.success(request, f"The spreadsheet is now draft version {table.version}. Check it, then publish it.")
            return redirect("ras_tables:detail", table_id=table.pk)
    return render(request, "ras/table_import.html", {"form": form, "problems": problems}, status=400 if problems else 200)


@require_GET
def whatif(request, table_id):
    """A table (usually a draft) tried on the council's current caseload. Nothing is saved."""
    from ras.charts import bar_chart
    from ras.whatif import allocation_whatif

    table = allocation_table_for(user=_council_user(request), table_id=table_id)
    result = allocation_whatif(table=table)
    return render(request, "ras/whatif.html", {
        "table": table, "result": result,
        "chart": bar_chart(result.histogram_rows, title="How many indicative budgets would change, and by how much", unit=""),
    })
