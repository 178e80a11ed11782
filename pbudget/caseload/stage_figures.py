"""
The stage apps' own figures for managers (sign-off levels and waits; in time assessment
channels, who led the plans, reviews, calibration), drawn like the time figures: a chart, a
table of the same numbers and rows for the CSV. Each stage app works its figures out in its
selectors (set-based, by team and month); this module only lays them out, and, for someone who
may not open the records, hides the shares and times of months with fewer than five.
"""

from dataclasses import dataclass, field

from pbudget.caseload import charts, stats


@dataclass
class Table:
    caption: str
    columns: list
    rows: list = field(default_factory=list)  # [row label, formatted values...]


@dataclass
class Section:
    slug: str
    title: str
    intro: str
    columns: list
    rows: list = field(default_factory=list)  # [month label, formatted values...], then the whole period
    svg: str = ""
    csv: list = field(default_factory=list)  # (figure, stage, month, measure, value)
    more: list = field(default_factory=list)  # further Tables

    @property
    def tables(self):
        return [Table(f"{self.title}: the numbers", self.columns, self.rows), *self.more] if self.columns else self.more


def _percent(fraction):
    return None if fraction is None else float(fraction) * 100


def _shown(value, unit=""):
    return "–" if value is None else f"{value:.1f}{unit}"


def signoff_section(*, council_id, team_ids, months, end, labels, names_people) -> Section:
    """Who signs off (social worker or manager), how long it takes and how often plans come back."""
    from signoff.selectors import signoff_figures

    figures = {f.month: f for f in signoff_figures(council_id=council_id, team_ids=team_ids, start=months[0], end=end) if f.team_id is None}
    section = Section(
        "signoff", "Sign-off: who signs plans off, and how long it takes",
        "Of the plans approved each month, the share a social worker signed off within delegated authority "
        "(practitioners' surveys found 19%), the median days from submission to decision, and the share of "
        "decisions that sent the plan back.",
        ["Month", "Decisions", "Signed off by a social worker", "Median days to decision", "Returned"],
    )
    sw_shares, returned_shares = [], []
    totals = [0, 0, 0, 0]  # decisions, approvals, at social-worker level, returned
    for month, label in zip(months, labels):
        figure = figures.get(month)
        decisions = figure.decisions if figure else 0
        if figure:
            totals = [a + b for a, b in zip(totals, (figure.decisions, figure.approvals, figure.approvals_at_social_worker, figure.returned))]
        hidden = not names_people and 0 < decisions < stats.SMALL_NUMBER
        share = None if hidden or not figure else _percent(figure.social_worker_share)
        returned = None if hidden or not figure else _percent(figure.returned_rate)
        median = None if hidden or not figure else figure.median_days
        sw_shares.append(share)
        returned_shares.append(returned)
        section.rows.append([label, "fewer than 5" if hidden else str(decisions), _shown(share, "%"), _shown(median), _shown(returned, "%")])
        section.csv += [("sign-off", "", f"{month:%Y-%m}", measure, value) for measure, value in (
            ("decisions", "fewer than 5" if hidden else decisions), ("signed off by a social worker (%)", _shown(share)),
            ("median days to decision", _shown(median)), ("returned (%)", _shown(returned)),
        )]
    decisions, approvals, by_worker, returned = totals
    hidden = not names_people and 0 < decisions < stats.SMALL_NUMBER
    share = None if hidden or not approvals else by_worker / approvals * 100
    back = None if hidden or not decisions else returned / decisions * 100
    section.rows.append(["Whole period", "fewer than 5" if hidden else str(decisions), _shown(share, "%"), "–", _shown(back, "%")])
    section.csv += [("sign-off", "", "whole period", "decisions", "fewer than 5" if hidden else decisions),
                    ("sign-off", "", "whole period", "signed off by a social worker (%)", _shown(share)),
                    ("sign-off", "", "whole period", "returned (%)", _shown(back))]
    chart = charts.line_chart(labels=labels, series=[
        charts.Series("Signed off by a social worker (%)", sw_shares), charts.Series("Returned (%)", returned_shares, dashed=True),
    ])
    section.svg = charts.line_svg(
        chart, chart_id="chart-signoff", title="Sign-off by month: share signed off by a social worker, and share returned",
        desc="Solid line: percentage of approvals signed off by a social worker. Dashed line: percentage of decisions returning the plan.",
    )
    return section


def _count(n, names_people):
    """A count as shown: small ones only to someone who may open the records."""
    return "fewer than 5" if not names_people and 0 < n < stats.SMALL_NUMBER else str(n)


def reviews_section(*, council_id, team_ids, months, end, names_people, today) -> Section:
    """Are reviews on time, and what do they lead to: carrying on, a new plan, a reassessment; up, down or the same."""
    from reviews.selectors import review_figures

    figures = review_figures(council_id=council_id, team_ids=team_ids, start=months[0], end=end, today=today)
    everyone = next(t for t in figures["teams"] if t.team_id is None)
    section = Section(
        "reviews", "Reviews: on time, and what they led to",
        "Reviews due in the next 30 days and overdue today; reviews completed in the period and how many by their due "
        "date; and what they led to for the budget (practitioners' surveys found 24% of budgets fell after review).",
        [],
    )
    on_time = None if everyone.on_time_share is None or (not names_people and everyone.completed < stats.SMALL_NUMBER) else everyone.on_time_share * 100
    longest = everyone.longest_overdue_days if names_people or everyone.overdue >= stats.SMALL_NUMBER else None
    summary = [
        ("Due in the next 30 days", _count(everyone.due_soon, names_people)),
        ("Overdue today", _count(everyone.overdue, names_people)),
        *[(f"Overdue {label}", _count(n, names_people)) for label, n in everyone.overdue_bands.items()],
        ("Longest overdue (days)", "–" if longest is None else str(longest)),
        ("Completed in the period", _count(everyone.completed, names_people)),
        ("Completed by their due date", _shown(on_time, "%")),
    ]
    section.more.append(Table("Reviews due, overdue and completed", ["Measure", "Number"], [list(r) for r in summary]))
    section.csv += [("reviews", "", "whole period", measure.lower(), value.replace("–", "").replace("%", "")) for measure, value in summary]
    shown = []
    for change in figures["changes"]:
        label = f"{change['route'].capitalize()}: {change['change']}"
        hidden = not names_people and change["count"] < stats.SMALL_NUMBER
        shown.append((label, None if hidden else change["count"], None if hidden else change["share"] * 100))
        section.csv.append(("reviews: what they led to", "", "whole period", label, "fewer than 5" if hidden else change["count"]))
    section.more.append(Table(
        "What the reviews completed in the period led to", ["Route and change to the budget", "Reviews", "Share"],
        [[label, "fewer than 5" if n is None else str(n), _shown(share, "%")] for label, n, share in shown],
    ))
    section.svg = charts.bar_svg(
        charts.bar_chart(rows=[(label, n, None) for label, n, _ in shown], left=230),
        chart_id="chart-reviews", title="What the reviews completed in the period led to", number="{:.0f}",
        desc="A bar for each route and change to the budget, the number of reviews that led to it. The numbers are in the table below.",
    )
    return section


def calibration_section(*, council_id, team_ids, months, end, names_people) -> Section:
    """How well the indicative budget predicted the agreed one, by client group (the RAS's calibration)."""
    import datetime

    from ras.selectors import allocation_calibration

    figures = allocation_calibration(council=council_id, date_from=months[0], date_to=end - datetime.timedelta(days=1), teams=team_ids)
    section = Section(
        "calibration", "Indicative against agreed budgets, by client group",
        "For budgets agreed in the period: the agreed budget as a share of the indicative one (median), how many "
        "were within 10% of it, and the average difference (practitioners' surveys found 62% saying the RAS did "
        "not allocate in line with need).",
        ["Client group", "Budgets agreed", "Agreed as % of indicative (median)", "Within 10%", "Average difference"],
    )
    bars = []
    for label, value in [*[(row.label, row.figures) for row in figures["groups"]], ("All client groups", figures["all"])]:
        hidden = not names_people and 0 < value.count < stats.SMALL_NUMBER
        ratio = None if hidden or value.median_ratio is None else float(value.median_ratio) * 100
        within = None if hidden or value.within_10_percent is None else float(value.within_10_percent)
        bias = None if hidden or value.bias_percent is None else float(value.bias_percent)
        section.rows.append([label, _count(value.count, names_people), _shown(ratio, "%"), _shown(within, "%"), _shown(bias, "%")])
        section.csv += [("calibration", label, "whole period", measure, v) for measure, v in (
            ("budgets agreed", _count(value.count, names_people)), ("agreed as % of indicative (median)", _shown(ratio)),
            ("within 10% (%)", _shown(within)), ("average difference (%)", _shown(bias)),
        )]
        bars.append((label, ratio, None))
    section.svg = charts.bar_svg(
        charts.bar_chart(rows=bars, left=180), chart_id="chart-calibration",
        title="Agreed budget as a percentage of the indicative budget, median, by client group",
        desc="A bar for each client group: 100 means the agreed budget matched the indicative one. The numbers are in the table below.",
    )
    return section


def _shares_table(rows, caption, first_column, names_people, figure):
    """Whole-period counts and shares of one plan_figures list (the all-teams rows, months added up)."""
    counts = {}
    for row in rows:
        if row.team_id is None:
            counts[row.label] = counts.get(row.label, 0) + row.count
    total = sum(counts.values())
    table, bars, csv_rows = Table(caption, [first_column, "Plans", "Share"]), [], []
    for label, n in sorted(counts.items(), key=lambda item: -item[1]):
        hidden = not names_people and n < stats.SMALL_NUMBER
        share = None if hidden else n / total * 100
        table.rows.append([label, _count(n, names_people), _shown(share, "%")])
        csv_rows += [(figure, "", "whole period", f"{label}: plans", _count(n, names_people)),
                     (figure, "", "whole period", f"{label}: share (%)", _shown(share))]
        bars.append((label, share, None))
    return table, bars, csv_rows


def plans_section(*, council_id, team_ids, months, end, names_people) -> Section:
    """Who led the signed-off plans (practitioners' surveys: 3% by people and families), and how the money is managed."""
    import datetime

    from support_planning.selectors import plan_figures

    figures = plan_figures(council=council_id, teams=team_ids, start=months[0], end=end - datetime.timedelta(days=1))
    section = Section(
        "plans", "Support plans: who led them, and how the money is managed",
        "For plans signed off in the period: who led writing the plan (practitioners' surveys found 68% led by "
        "council staff and 3% by people and families), and how the money is managed.",
        [],
    )
    led, bars, csv_rows = _shares_table(figures["led_by"], "Who led the plans signed off in the period", "Who led the plan", names_people, "plans: who led")
    money, _, money_csv = _shares_table(figures["money"], "How the money is managed", "How the money is managed", names_people, "plans: money")
    section.more += [led, money]
    section.csv += csv_rows + money_csv
    section.svg = charts.bar_svg(
        charts.bar_chart(rows=bars, left=230), chart_id="chart-plans", title="Who led the plans signed off in the period (%)",
        desc="A bar for each kind of plan author, the percentage of plans signed off in the period. The numbers are in the table below.",
    )
    return section
