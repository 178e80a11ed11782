"""The public allocation rules: each council's live tables, for anyone, without signing in."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from assessment.selectors import questionnaire_live, questions_for

from pbudget.models import Council
from pbudget.money import WEEKS_PER_YEAR
from ras.calculation import ROUNDING
from ras.selectors import allocation_tables_live


@require_GET
def allocation_rules(request):
    return render(request, "ras/public_index.html", {"councils": Council.objects.order_by("name")})


@require_GET
def allocation_rules_council(request, council_slug):
    """How answers become money in this council: every live table, in full. No personal data."""
    council = get_object_or_404(Council, slug=council_slug)
    tables = allocation_tables_live(council=council)
    # The points each answer gives, so anyone can add up their own figure.
    questionnaire = questionnaire_live(council=council)
    questions = questions_for(questionnaire=questionnaire) if questionnaire else []
    return render(request, "ras/public_council.html", {
        "shown_council": council, "tables": tables, "questions": questions, "rounding": ROUNDING, "weeks_per_year": WEEKS_PER_YEAR,
    })
