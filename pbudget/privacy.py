"""
Privacy pages: who has looked at a person's record (from the append-only audit log), for the
person, their representatives and the staff who work with them; subject access exports, for staff.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from pbudget import access
from pbudget.audit import audit_view
from pbudget.lifecycle import STAFF
from pbudget.models import AuditEntry, Role, SubjectAccessExport
from pbudget.subject_access import subject_access_request

PAGE_SIZE = 50


def who_looked(entry, *, person, representatives, viewer) -> str:
    """
    Who, by role: the person and their representatives may see that "a social worker" looked, not
    which one: staff names add nothing to the person's oversight and invite contact outside the
    service. The council's own audit (Django admin) keeps the names.
    """
    user = entry.user
    if user is None:
        return "The system"
    if user.pk == viewer.pk:
        return "You"
    if user.pk == person.user_id:
        return person.first_name
    if user.pk in representatives:
        return "A representative"
    if user.is_senior_manager:
        return "A senior manager"
    return {
        Role.SOCIAL_WORKER: "A social worker", Role.TEAM_MANAGER: "A team manager",
        Role.COUNCIL_ADMIN: "A council administrator", Role.PLANNER: "A planner helping with the plan",
    }.get(user.role, "Someone at the council")


@require_GET
def record_access(request, person_id):
    person = access.person_for(request.user, person_id)
    audit_view(user=request.user, person=person, what="Who has looked at the record")
    entries = AuditEntry.objects.filter(person=person).select_related("user").order_by("-at", "-pk")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    representatives = set(person.representatives.values_list("user_id", flat=True))
    rows = [
        {"at": entry.at, "who": who_looked(entry, person=person, representatives=representatives, viewer=request.user),
         "action": entry.get_action_display(), "what": entry.what}
        for entry in page.object_list
    ]
    return render(request, "pbudget/record_access.html", {"person": person, "page": page, "rows": rows})


@require_http_methods(["GET", "POST"])
def subject_access(request, person_id):
    """Staff ask for everything held about the person (prepared in the background), and see the drafts."""
    person = access.person_for(request.user, person_id)
    access.require_relationship(request.user, person, STAFF)
    if request.method == "POST":
        subject_access_request(person=person, actor=request.user)
        messages.success(request, "The export is being prepared. Review and redact the draft before you send it.")
        return redirect("subject_access", person_id=person.pk)
    exports = SubjectAccessExport.objects.filter(person=person).select_related("requested_by").defer("data", "html")
    return render(request, "pbudget/subject_access.html", {"person": person, "exports": exports})


def _draft(request, person_id, export_id):
    person = access.person_for(request.user, person_id)
    access.require_relationship(request.user, person, STAFF)
    export = get_object_or_404(SubjectAccessExport, pk=export_id, person=person, state=SubjectAccessExport.State.DRAFT)
    audit_view(user=request.user, person=person, what="Subject access draft")
    return export


@require_GET
def subject_access_draft(request, person_id, export_id):
    export = _draft(request, person_id, export_id)
    return render(request, "pbudget/subject_access_draft.html", {"export": export, "draft": mark_safe(export.html)})


@require_GET
def subject_access_json(request, person_id, export_id):
    export = _draft(request, person_id, export_id)
    response = JsonResponse(export.data, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="subject-access-{export.pk}-draft.json"'
    return response
