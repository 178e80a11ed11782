"""Public reads of the assessment stage, for later stages and the pages that join them."""

from assessment.models import Assessment, Questionnaire


def questionnaire_live(*, council) -> Questionnaire | None:
    """The council's newest published questionnaire."""
    return (
        Questionnaire.objects.filter(council=council, published_at__isnull=False).order_by("-version").first()
    )


def assessment_current(*, budget) -> Assessment | None:
    """The budget's newest assessment, in progress or submitted."""
    return Assessment.objects.filter(budget=budget).select_related("questionnaire").order_by("-started_at", "-pk").first()


def assessment_latest_submitted(*, budget) -> Assessment | None:
    return (
        Assessment.objects.filter(budget=budget, submitted_at__isnull=False)
        .select_related("questionnaire")
        .order_by("-submitted_at", "-pk")
        .first()
    )
