"""
The one-page summary sheet: requested when a plan is submitted (so the approver reads the sheet,
not the whole plan) and again when it is approved (adding who signed off). One row per plan
version, so asking again for the same version replaces the PDF rather than adding a sheet.
Rendering runs in a worker, never inside a decision's transaction or a web request.
"""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from pbudget.access import require_relationship
from pbudget.audit import audit_change
from pbudget.lifecycle import SIGNERS, MoveNotAllowed
from pbudget.models import PersonalBudget
from pbudget.money import WEEKS_PER_YEAR
from reviews.selectors import review_open
from signoff.models import SignoffLevel, SignoffRequest, SummarySheet
from signoff.selectors import plan_facts
from support_planning.selectors import plan_money, plan_overview

log = logging.getLogger(__name__)

# How long a sheet may wait in the queue before the sweep queues it again (a lost message, a
# broker that was down, a worker that died mid-render).
SHEET_REQUEUE_AFTER = datetime.timedelta(minutes=10)
MAX_ATTEMPTS = 3


def summary_sheet_request(*, budget, plan, decision=None) -> SummarySheet:
    """
    Ask for the sheet of this plan version (inside the caller's transaction), replacing any sheet
    of the same version, and queue the render after commit.
    """
    now = timezone.now()
    sheet, _ = SummarySheet.objects.update_or_create(
        plan=plan, plan_lock_version=plan.lock_version,
        defaults={"budget": budget, "decision": decision, "state": SummarySheet.State.QUEUED, "requested_at": now,
                  "attempts": 0, "last_error": ""},
    )
    transaction.on_commit(partial(summary_sheet_queue, sheet_id=sheet.pk))
    return sheet


def summary_sheet_queue(*, sheet_id) -> None:
    """
    Hand a sheet to the worker. Never raises: the decision it follows has committed, and a broker
    that is down (or, with tasks inline, a render that failed) must not turn it into an error
    page. The sheet stays QUEUED or FAILED in the database, where the sweep and the "prepare
    again" button find it.
    """
    from signoff.tasks import render_summary_sheet  # tasks import this module

    try:
        render_summary_sheet.delay(sheet_id)
    except Exception:
        log.exception("Summary sheet %s could not be queued or rendered now; the sweep will retry", sheet_id)


def summary_sheets_requeue_stale(*, now) -> int:
    """
    Queue again every sheet that has waited longer than SHEET_REQUEUE_AFTER. Each is claimed
    with a conditional update of requested_at, so overlapping sweeps queue it once.
    """
    cutoff = now - SHEET_REQUEUE_AFTER
    queued = 0
    stale = SummarySheet.objects.filter(state=SummarySheet.State.QUEUED, requested_at__lt=cutoff)
    for sheet_id, requested_at in stale.values_list("pk", "requested_at"):
        claimed = SummarySheet.objects.filter(
            pk=sheet_id, state=SummarySheet.State.QUEUED, requested_at=requested_at
        ).update(requested_at=now)
        if claimed == 1:
            summary_sheet_queue(sheet_id=sheet_id)
            queued += 1
    return queued


@transaction.atomic
def summary_sheet_request_again(*, budget, actor) -> SummarySheet:
    """Staff ask for a sheet that failed (or waited too long) to be prepared again."""
    locked = PersonalBudget.objects.select_for_update(of=("self",)).select_related("person").get(pk=budget.pk)
    require_relationship(actor, locked.person, SIGNERS)  # a senior manager reaches only a panel plan's page
    sheet = SummarySheet.objects.select_for_update().filter(budget=locked).order_by("-requested_at", "-pk").first()
    if sheet is None or sheet.state == SummarySheet.State.READY:
        raise MoveNotAllowed("The summary sheet is ready: there is nothing to prepare again.")
    now = timezone.now()
    if sheet.state == SummarySheet.State.QUEUED and sheet.requested_at > now - SHEET_REQUEUE_AFTER:
        raise MoveNotAllowed("The summary sheet is already being prepared. Check again in a few minutes.")
    SummarySheet.objects.filter(pk=sheet.pk).update(state=SummarySheet.State.QUEUED, requested_at=now, attempts=0)
    audit_change(user=actor, person=locked.person, what="Asked for the summary sheet to be prepared again")
    transaction.on_commit(partial(summary_sheet_queue, sheet_id=sheet.pk))
    sheet.refresh_from_db()
    return sheet


def summary_sheet_render(*, sheet_id) -> SummarySheet:
    """
    Render a summary sheet to PDF and store it (READY). Runs in the worker. Rendering a READY
    sheet again does nothing. Every attempt is counted; a failure records the error, marks the
    sheet FAILED (what people see until a retry succeeds) and re-raises so the task can retry.
    """
    from weasyprint import HTML  # heavy import, only where it is used

    sheet = SummarySheet.objects.defer("pdf").select_related(
        "budget__person__council", "budget__person__team", "plan", "decision__decided_by", "decision__panel_first_approver",
    ).get(pk=sheet_id)
    if sheet.state == SummarySheet.State.READY:
        return sheet
    mine = SummarySheet.objects.filter(pk=sheet.pk, requested_at=sheet.requested_at).exclude(state=SummarySheet.State.READY)
    try:
        html = render_to_string("signoff/summary_sheet_pdf.html", summary_context(sheet))
        pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    except Exception as error:
        mine.update(state=SummarySheet.State.FAILED, attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:300])
        log.exception("Summary sheet %s could not be rendered", sheet.pk)
        raise
    # A conditional update: a sheet finished by another run, or asked for again meanwhile, is left alone.
    mine.update(pdf=pdf, state=SummarySheet.State.READY, rendered_at=timezone.now(), attempts=F("attempts") + 1, last_error="")
    sheet.refresh_from_db()
    return sheet


def summary_context(sheet) -> dict:
    """Everything the sheet shows, read once (the template does no queries of its own)."""
    budget, plan, decision = sheet.budget, sheet.plan, sheet.decision
    overview = plan_overview(plan=plan)
    request = SignoffRequest.objects.filter(plan=plan, plan_lock_version=sheet.plan_lock_version).select_related("rule_set").first()
    _, checklist_facts = plan_facts(budget=budget, plan=plan)
    # The plan's own counting (weekly, one-off, first year), with the agreed weekly budget once decided.
    money = plan_money(plan=plan, lines=overview["lines"], agreed_weekly_pence=decision.agreed_weekly_pence if decision and decision.agreed_weekly_pence else None)
    weekly, yearly = money.weekly_pence, money.first_year_pence
    indicative_yearly = request.indicative_yearly_pence if request else None
    return {
        "sheet": sheet, "decision": decision, "request": request, "budget": budget, "person": budget.person,
        "council": budget.person.council, "plan": plan, "overview": overview, "review": review_open(budget=budget),
        "weekly_pence": weekly, "yearly_pence": yearly, "indicative_yearly_pence": indicative_yearly,
        "variance_yearly_pence": None if indicative_yearly is None else yearly - indicative_yearly,
        "over_budget_reason": checklist_facts.over_budget_reason or "", "risks": checklist_facts.risks or "",
        "risk_management": checklist_facts.risk_management or "",
        "direct_payment": money.direct_payment, "one_off_pence": money.one_off_pence,
        "level_label": SignoffLevel(decision.level).label if decision else (SignoffLevel(request.level).label if request else ""),
        "weeks_per_year": WEEKS_PER_YEAR,
    }
