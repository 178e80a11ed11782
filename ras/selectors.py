"""Public reads of the resource allocation stage."""

from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from assessment.models import Assessment
from assessment.selectors import answers_for, assessment_latest_submitted
from pbudget.lifecycle import MoveNotAllowed
from pbudget.models import Role
from ras.calculation import AnswerLine, Result, calculate
from ras.models import Allocation, AllocationTable, AllocationTableEvent

# Who may open the council's allocation tables: administrators change them, managers read them.
TABLE_READERS = {Role.COUNCIL_ADMIN, Role.TEAM_MANAGER}


def indicative_budget(*, budget) -> Allocation | None:
    """The budget's newest indicative budget (an immutable calculation record), if any."""
    return (
        Allocation.objects.filter(budget=budget).select_related("table", "calculated_by")
        .order_by("-calculated_at", "-pk").first()
    )


def allocation_table_live(*, council, client_group, on=None) -> AllocationTable | None:
    """
    The published table in force on `on` (today, London) for this client group, or else the
    council-wide one: the newest version whose effective date has come.
    """
    on = on or timezone.localdate()
    tables = AllocationTable.objects.filter(council=council, published_at__isnull=False, effective_from__lte=on)
    newest = ("-effective_from", "-version")
    return (
        tables.filter(client_group=client_group).order_by(*newest).first()
        or tables.filter(client_group="").order_by(*newest).first()
    )


def allocation_tables_live(*, council, on=None) -> list[AllocationTable]:
    """Every client group's table in force (council-wide first): what the public page shows."""
    on = on or timezone.localdate()
    tables = AllocationTable.objects.filter(council=council, published_at__isnull=False, effective_from__lte=on)
    live = {}
    for table in tables.order_by("client_group", "-effective_from", "-version"):
        live.setdefault(table.client_group, table)
    return [live[group] for group in sorted(live)]


def allocation_tables_for_council(*, council) -> list[AllocationTable]:
    return list(AllocationTable.objects.filter(council=council).select_related("published_by", "created_by"))


def allocation_table_history(*, table) -> list[AllocationTableEvent]:
    """Who started, changed and published each version of this table's client group, and when, newest first (one query)."""
    return list(
        AllocationTableEvent.objects.filter(table__council_id=table.council_id, table__client_group=table.client_group)
        .select_related("actor", "table").order_by("-at", "-pk")
    )


def allocation_table_for(*, user, table_id, edit=False) -> AllocationTable:
    """A table of the user's own council they may read (or, with `edit`, change); else 404."""
    allowed = {Role.COUNCIL_ADMIN} if edit else TABLE_READERS
    if user.role not in allowed or user.council_id is None:
        raise Http404("Not a page for this user")
    try:
        return AllocationTable.objects.select_related("council").get(pk=table_id, council_id=user.council_id)
    except (AllocationTable.DoesNotExist, ValueError):
        raise Http404("No such table") from None


def answer_line(question, option) -> AnswerLine:
    """The glue between the assessment's answers and the RAS: words for people, keys for rules."""
    return AnswerLine(
        question.text, option.label, option.points, section=question.section.key,
        question_key=question.key, option_key=option.key,
    )


def answer_lines_for(allocation) -> list[AnswerLine]:
    """The answers a stored calculation used, as they were (for recalculating it)."""
    texts = allocation.breakdown
    return [
        AnswerLine(
            texts[n]["question"] if n < len(texts) else "", texts[n]["answer"] if n < len(texts) else "",
            a.points, section=a.section_key, question_key=a.question_key, option_key=a.option_key,
        )
        for n, a in enumerate(allocation.answers_used.order_by("order"))
    ]


def allocation_recalculate(*, allocation) -> Result:
    """The stored calculation worked out again from its stored answers and table version."""
    return calculate(answers=answer_lines_for(allocation), table=allocation.table.rules())


@dataclass(frozen=True)
class Preview:
    """An indicative budget worked out but not stored: what sharing it would record."""

    assessment: Assessment
    table: AllocationTable
    answers: list
    result: Result


def indicative_preview(*, budget) -> Preview:
    """
    Work out the indicative budget from the latest submitted assessment's answers and the live
    table, without storing anything. Raises MoveNotAllowed (with a message for staff) when
    there are no answers or no published table.
    """
    assessment = assessment_latest_submitted(budget=budget)
    if assessment is None:
        raise MoveNotAllowed("There are no submitted assessment answers to work the indicative budget out from.")
    table = allocation_table_live(council=budget.council_id, client_group=budget.person.client_group)
    if table is None:
        raise MoveNotAllowed(
            "The council has not published an allocation table yet, so the indicative budget can't be "
            "worked out. Ask a council administrator to publish one."
        )
    lines = [answer_line(q, o) for q, o in answers_for(assessment=assessment)]
    return Preview(assessment=assessment, table=table, answers=lines, result=calculate(answers=lines, table=table.rules()))


def allocations_for_budgets(*, budget_ids) -> list[Allocation]:
    """Every indicative budget worked out for these budgets, oldest first (one query; no table rows)."""
    return list(Allocation.objects.filter(budget_id__in=budget_ids).select_related("calculated_by").order_by("calculated_at", "pk"))


def allocation_table_compare(*, table, live) -> list[tuple[str, str, str]]:
    """(what, live, this table) for every rule that differs, in words. Empty when they agree."""
    from pbudget.money import format_pence

    def words(t):
        if t is None:
            return {}
        said = {
            "Method": t.get_method_display(), "Floor a week": format_pence(t.floor_weekly_pence),
            "Ceiling a week": format_pence(t.ceiling_weekly_pence), "Takes effect": t.effective_from.strftime("%-d %B %Y"),
        }
        if t.method == "points":
            said["Price per point a week"] = format_pence(t.price_per_point_pence)
        said |= {f"Weight of section {k}": f"× {v}" for k, v in t.section_weights.items()}
        for b in t.bands:
            end = "no end" if b.get("to_points") is None else f"up to {b['to_points']}"
            said[f"Band from {b['from_points']} points"] = f"{end}: {format_pence(b['weekly_pence'])}"
        said |= {f"Adjustment for {a['question_key']} / {a['option_key']}": f"{format_pence(a['weekly_pence'])} ({a['label']})" for a in t.adjustments}
        return said

    before, after = words(live), words(table)
    keys = list(dict.fromkeys([*before, *after]))
    return [(k, before.get(k, "none"), after.get(k, "none")) for k in keys if before.get(k) != after.get(k)]


def allocation_calibration(*, council, date_from=None, date_to=None, teams=None) -> dict:
    """See ras.calibration.allocation_calibration: indicative against agreed budgets, by group and month."""
    from ras.calibration import allocation_calibration as figures

    return figures(council=council, date_from=date_from, date_to=date_to, teams=teams)
