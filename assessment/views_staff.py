"""Staff: the assessments in their caseload being filled in or waiting for a decision."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessment.selectors import assessments_for_staff
from pbudget.audit import audit_views
from pbudget.models import Role


@require_GET
def assessments(request):
    if request.user.role not in {Role.SOCIAL_WORKER, Role.TEAM_MANAGER}:
        raise Http404("Not a page for this user")
    rows = assessments_for_staff(user=request.user)
    audit_views(user=request.user, people=[a.budget.person for a in rows], what="Assessments list")
    return render(request, "assessment/staff_list.html", {
        "in_progress": [a for a in rows if not a.is_submitted],
        "waiting": [a for a in rows if a.is_submitted],
    })
