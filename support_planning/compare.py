"""Comparing a plan version with the one before it: what was added, removed and changed, in words."""

from dataclasses import dataclass

from pbudget.money import format_pence
from support_planning.selectors import plan_overview

PLAN_TEXTS = [
    ("what_matters", "What matters"),
    ("led_by", "Who is leading the plan"),
    ("money_management", "How the money is managed"),
    ("provider_name", "Provider holding the money"),
    ("payment_frequency", "How often a direct payment is paid"),
    ("contingency", "If things go wrong"),
    ("risks", "Risks I choose to take"),
    ("risk_management", "How the risks will be managed"),
    ("over_budget_reason", "Why the plan costs more than the indicative budget"),
]


@dataclass(frozen=True)
class Difference:
    what: str
    change: str  # "added", "removed" or "changed"
    before: str = ""
    after: str = ""


def _shown(plan, field):
    display = getattr(plan, f"get_{field}_display", None)
    return str(display() if display and getattr(plan, field) else getattr(plan, field))


def _line_text(line) -> str:
    paid = line.get_paid_by_display()
    if line.one_off:
        cost = f"{format_pence(line.unit_cost_pence)} once"
    else:
        cost = f"{format_pence(line.unit_cost_pence)} x {line.units_per_week.normalize()} a week = {format_pence(line.weekly_pence)}"
    method = f", {line.get_money_management_display()}" if line.money_management else ""
    who = f" ({line.provider})" if line.provider else ""
    return f"{line.description}{who}: {cost}, {paid.lower()}{method}"


def _items(before, after, *, name, text):
    """Match items of the newer version to the older by `copied_from`; say what was added, removed, changed."""
    old = {x.pk: x for x in before}
    seen, out = set(), []
    for item in after:
        origin = old.get(item.copied_from_id)
        if origin is None:
            out.append(Difference(f"{name}: {item_label(item)}", "added", after=text(item)))
            continue
        seen.add(origin.pk)
        if text(origin) != text(item):
            out.append(Difference(f"{name}: {item_label(item)}", "changed", before=text(origin), after=text(item)))
    out += [Difference(f"{name}: {item_label(x)}", "removed", before=text(x)) for x in before if x.pk not in seen]
    return out


def item_label(item) -> str:
    return item.description[:60]


def plan_compare(*, plan, previous) -> dict:
    """
    The differences between `plan` and the version it was copied from, in the order of the plan,
    and the totals of both. Six queries (three per version).
    """
    now, then = plan_overview(plan=plan), plan_overview(plan=previous)
    differences = [
        Difference(label, "changed", before=_shown(previous, field), after=_shown(plan, field))
        for field, label in PLAN_TEXTS
        if getattr(previous, field) != getattr(plan, field)
    ]
    differences += _items(
        [x.outcome for x in then["outcomes"]], [x.outcome for x in now["outcomes"]], name="Outcome",
        text=lambda o: o.description + (f" (helps with: {'; '.join(o.care_act_labels)})" if o.care_act_outcomes else ""),
    )
    differences += _items(then["lines"], now["lines"], name="Support", text=_line_text)
    return {"differences": differences, "before": then["totals"], "after": now["totals"]}
