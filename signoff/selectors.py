"""Public reads of the sign-off stage."""

from signoff.models import SignoffDecision, SummarySheet


def decision_latest(*, budget) -> SignoffDecision | None:
    return SignoffDecision.objects.filter(budget=budget).select_related("decided_by").order_by("-decided_at", "-pk").first()


def summary_sheet_latest(*, budget) -> SummarySheet | None:
    """The newest summary sheet, without loading its PDF bytes."""
    return SummarySheet.objects.filter(budget=budget).defer("pdf").order_by("-requested_at", "-pk").first()
