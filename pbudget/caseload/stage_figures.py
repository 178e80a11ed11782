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
    # The whole period less the months shown would give a hidden month away: withheld too.
    withheld = not names_people and any(row[1] == "fewer than 5" for row in section.rows)
    share = None if hidden or withheld or not approvals else by_worker / approvals * 100
    back = None if hidden or withheld or not decisions else returned / decisions * 100
    count = "not shown" if withheld and not hidden else "fewer than 5" if hidden else decisions
    section.rows.append(["Whole period", str(count), _shown(share, "%"), "–", _shown(back, "%")])
    section.csv += [("sign-off", "", "whole period", "decisions", count),
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


def review_figures_for(*, council_id, team_ids, months, end, today) -> dict:
    """reviews.selectors.review_figures for the period (read once for both review sections)."""
    from reviews.selectors import review_figures

    return review_figures(council_id=council_id, team_ids=team_ids, start=months[0], end=end, today=today)


def plan_figures_for(*, council_id, team_ids, months, end) -> dict:
    """support_planning's plan_figures for the period (read once for both plan sections)."""
    import datetime

    from support_planning.selectors import plan_figures

    return plan_figures(council=council_id, teams=team_ids, start=months[0], end=end - datetime.timedelta(days=1))


def reviews_section(*, figures, names_people) -> Section:
    """Are reviews on time, and what do they lead to: carrying on, a new plan, a reassessment; up, down or the same."""
    everyone = next(t for t in figures["teams"] if t.team_id is None)
    section = Section(
        "reviews", "Reviews: on time, and what they led to",
        "Reviews due in the next 30 days and overdue today; reviews completed in the period and how many by their due "
        "date; and what they led to for the budget (practitioners' surveys found 24% of budgets fell after review).",
        [],
    )
    # Someone who may not open the records: if a month of the period had 1 to 4 reviews completed, the
    # period's completed reviews (less another period's) could give those few away: withheld.
    withheld = not names_people and any(stats.small(row["reviews"]) for row in figures["ratings"])
    on_time = None if everyone.on_time_share is None or withheld or (not names_people and everyone.completed < stats.SMALL_NUMBER) else everyone.on_time_share * 100
    longest = everyone.longest_overdue_days if names_people or everyone.overdue >= stats.SMALL_NUMBER else None
    summary = [
        ("Due in the next 30 days", _count(everyone.due_soon, names_people)),
        ("Overdue today", _count(everyone.overdue, names_people)),
        *[(f"Overdue {label}", _count(n, names_people)) for label, n in everyone.overdue_bands.items()],
        ("Longest overdue (days)", "–" if longest is None else str(longest)),
        ("Completed in the period", "not shown" if withheld and not stats.small(everyone.completed) else _count(everyone.completed, names_people)),
        ("Completed by their due date", _shown(on_time, "%")),
    ]
    section.more.append(Table("Reviews due, overdue and completed", ["Measure", "Number"], [list(r) for r in summary]))
    section.csv += [("reviews", "", "whole period", measure.lower(), value.replace("–", "").replace("%", "")) for measure, value in summary]
    shown = []
    for change in figures["changes"]:
        label = f"{change['route'].capitalize()}: {change['change']}"
        hidden = not names_people and (withheld or change["count"] < stats.SMALL_NUMBER)
        text = ("not shown" if change["count"] >= stats.SMALL_NUMBER else "fewer than 5") if hidden else change["count"]
        shown.append((label, None if hidden else change["count"], None if hidden else change["share"] * 100, text))
        section.csv.append(("reviews: what they led to", "", "whole period", label, text))
    if not names_people:
        _complement(shown, [change["count"] for change in figures["changes"]])
    section.more.append(Table(
        "What the reviews completed in the period led to", ["Route and change to the budget", "Reviews", "Share"],
        [[label, str(text), _shown(share, "%")] for label, n, share, text in shown],
    ))
    section.svg = charts.bar_svg(
        charts.bar_chart(rows=[(label, n, None) for label, n, _, _ in shown], left=230),
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
    # All the groups together less the groups shown would give a hidden group away: withheld too.
    some_hidden = not names_people and any(stats.small(row.figures.count) for row in figures["groups"])
    for label, value in [*[(row.label, row.figures) for row in figures["groups"]], ("All client groups", figures["all"])]:
        withheld = some_hidden and value is figures["all"] and not stats.small(value.count)
        hidden = withheld or (not names_people and 0 < value.count < stats.SMALL_NUMBER)
        ratio = None if hidden or value.median_ratio is None else float(value.median_ratio) * 100
        within = None if hidden or value.within_10_percent is None else float(value.within_10_percent)
        bias = None if hidden or value.bias_percent is None else float(value.bias_percent)
        count = "not shown" if withheld else _count(value.count, names_people)
        section.rows.append([label, count, _shown(ratio, "%"), _shown(within, "%"), _shown(bias, "%")])
        section.csv += [("calibration", label, "whole period", measure, v) for measure, v in (
            ("budgets agreed", count), ("agreed as % of indicative (median)", _shown(ratio)),
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
    counts, small_month = {}, set()
    for row in rows:
        if row.team_id is None:
            counts[row.label] = counts.get(row.label, 0) + row.count
            if stats.small(row.count):
                small_month.add(row.label)
    total = sum(counts.values())
    ordered = sorted(counts.items(), key=lambda item: -item[1])
    # Someone who may not open the records: a kind with 1 to 4 plans in any month of the period is
    # hidden (another period's figure less this one's would give that month away), and so are more
    # kinds if the hidden ones add up to 1 to 4 (the total less the kinds shown would give them away).
    shown = [(label, None if not names_people and (stats.small(n) or label in small_month) else n, None, "") for label, n in ordered]
    if not names_people:
        _complement(shown, [n for _, n in ordered])
    table, bars, csv_rows = Table(caption, [first_column, "Plans", "Share"]), [], []
    for (label, n), (_, kept, _, _) in zip(ordered, shown):
        share = None if kept is None else n / total * 100
        text = str(n) if kept is not None else "fewer than 5" if stats.small(n) else "not shown"
        table.rows.append([label, text, _shown(share, "%")])
        csv_rows += [(figure, "", "whole period", f"{label}: plans", text), (figure, "", "whole period", f"{label}: share (%)", _shown(share))]
        bars.append((label, share, None))
    return table, bars, csv_rows


def _complement(shown, counts):
    """
    Rows (label, count or None when hidden, share, text) of one breakdown whose counts add up to a
    total: while the hidden rows add up to 1 to 4, hide the smallest row still shown as well, so
    the total less the rows shown never gives a small number away. Changes `shown` in place.
    """
    while True:
        hidden = sum(n for (_, kept, _, _), n in zip(shown, counts) if kept is None)
        visible = [i for i, (_, kept, _, _) in enumerate(shown) if kept is not None]
        if not stats.small(hidden) or not visible:
            return
        i = min(visible, key=lambda k: counts[k])
        label = shown[i][0]
        shown[i] = (label, None, None, "not shown")


def plans_section(*, figures, names_people) -> Section:
    """Who led the signed-off plans (practitioners' surveys: 3% by people and families), and how the money is managed."""
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


def _hidden(n, names_people):
    """A count about fewer than five people, shown only to someone who may open their records."""
    return not names_people and 0 < n < stats.SMALL_NUMBER


def assessments_section(*, council_id, team_ids, months, end, names_people) -> Section:
    """Assessment channels and completion: started, completed, how long, and where unfinished ones stopped."""
    from assessment.selectors import assessment_figures, channel_labels

    figures = assessment_figures(council_id=council_id, team_ids=team_ids, start=months[0], end=end)
    section = Section(
        "assessments", "Assessments: channels and completion",
        "For assessments started in the period, by questionnaire version and channel (online alone or with a "
        "representative, assisted, phone or paper): how many were started and completed, the median time from "
        "starting to sending, and the question where unfinished ones stopped.",
        ["Questionnaire and channel", "Started", "Completed", "Completion rate", "Median minutes to complete"],
    )
    channels = channel_labels()
    bars = []
    for (version, channel), value in figures.by_version.items():
        label = f"Version {version}: {channels.get(channel, channel)}"
        hidden = _hidden(value.started, names_people)
        # Not finished, or finished, by only a few: neither count nor time to someone who may not open the records.
        few = hidden or _hidden(value.completed, names_people) or _hidden(value.started - value.completed, names_people)
        rate = None if few else value.completion_percent
        median = None if few or not names_people and value.completed < stats.SMALL_NUMBER else value.median_minutes
        completed = "–" if hidden else _count(value.completed, names_people) if not few or _hidden(value.completed, names_people) else "not shown"
        section.rows.append([label, _count(value.started, names_people), completed, _shown(rate, "%"), _shown(median)])
        section.csv += [("assessments", label, "whole period", measure, v) for measure, v in (
            ("started", _count(value.started, names_people)), ("completed", "" if hidden else completed),
            ("completion rate (%)", _shown(rate)), ("median minutes to complete", _shown(median)),
        )]
        bars.append((label, rate, None))
    stops = Table("Where unfinished assessments stopped (the question last saved)", ["Questionnaire and channel", "Stopped at", "Assessments"])
    for (version, channel), counts in figures.stops.items():
        label = f"Version {version}: {channels.get(channel, channel)}"
        for question, n in counts[:5]:
            where = "Before the first answer" if question is None else f"{question[0]}. {question[2]}"
            stops.rows.append([label, where, _count(n, names_people)])
            section.csv.append(("assessments: where unfinished ones stopped", label, "whole period", where, _count(n, names_people)))
    section.more.append(stops)
    section.svg = charts.bar_svg(
        charts.bar_chart(rows=bars, left=330), chart_id="chart-assessments",
        title="Assessments completed, as a percentage of those started, by questionnaire version and channel",
        desc="A bar for each questionnaire version and channel, the percentage of assessments started in the period that were sent. "
             "The numbers are in the table below.",
    )
    return section


def ratings_section(*, figures, months, labels, names_people) -> Section:
    """What people said at review (1 worse to 4 a lot better), by month of completion."""
    from reviews.selectors import rating_questions

    by_month = {row["month"]: row for row in figures["ratings"]}
    questions = list(rating_questions().items())
    section = Section(
        "ratings", "Reviews: what people said had changed",
        "At each review the person rates how their support has changed five things, from 1 (worse) to 4 (a lot better). "
        "The average rating of each, by the month the review was completed.",
        ["Month", "Reviews", *[text for _, text in questions], "All five"],
    )
    overall = []
    for month, label in zip(months, labels):
        row = by_month.get(month, {"reviews": 0})
        hidden = _hidden(row["reviews"], names_people)
        answers = sum(row.get(f"{key}_answers", 0) for key, _ in questions)
        everything = None if hidden or not answers or _hidden(answers, names_people) else sum((row[key] or 0) * row[f"{key}_answers"] for key, _ in questions) / answers
        overall.append(everything)
        # An average of fewer than five people's ratings is one of theirs near enough: only to those who may open the records.
        values = [None if hidden or _hidden(row.get(f"{key}_answers", 0), names_people) else row.get(key) for key, _ in questions]
        section.rows.append([label, _count(row["reviews"], names_people), *[_shown(v) for v in values], _shown(everything)])
        section.csv += [("review ratings", "", f"{month:%Y-%m}", "reviews", _count(row["reviews"], names_people))]
        section.csv += [("review ratings", "", f"{month:%Y-%m}", f"{text}: average rating", _shown(v)) for (_, text), v in zip(questions, values)]
    section.svg = charts.line_svg(
        charts.line_chart(labels=labels, series=[charts.Series("Average rating, all five questions", overall)]),
        chart_id="chart-ratings", title="Average rating at review (1 worse to 4 a lot better), by month",
        desc="The average of all five ratings given at the reviews completed each month. Each question is in the table below.",
    )
    return section


def plans_by_team_section(*, figures, months, labels, names_people) -> Section:
    """The share of signed-off plans by who led them, by team and month (and all teams together)."""
    from support_planning.selectors import plan_leaders

    rows = figures["led_by"]
    leaders = plan_leaders()
    cells = {}
    for row in rows:
        cell = cells.setdefault((row.team_id, row.team, row.month), {"total": row.total})
        cell[row.key] = row.count
    section = Section(
        "plans-by-team", "Who led the signed-off plans, by team and month",
        "Of the plans signed off each month, the share led by each kind of author: for all the teams shown together, "
        "then by the team that signed each plan off.",
        ["Team and month", "Plans", *[label for _, label in leaders]],
    )
    # Someone who may not open the records sees the whole council only: no team's small numbers to subtract.
    teams = sorted({(t, name) for t, name, _ in cells if t is not None}, key=lambda t: t[1]) if names_people else []
    led_by_people = []
    for team_id, team_name in [(None, "All teams"), *teams]:
        for month, label in zip(months, labels):
            cell = cells.get((team_id, team_name if team_id else "All teams", month), {"total": 0})
            total = cell["total"]
            hidden = _hidden(total, names_people)
            shares = [None if hidden or not total else cell.get(key, 0) / total * 100 for key, _ in leaders]
            if not names_people and not hidden:  # a kind of author with 1 to 4 plans that month, and enough others to cover it
                kept = [(label, None if _hidden(cell.get(key, 0), names_people) else 1, None, "") for key, label in leaders]
                _complement(kept, [cell.get(key, 0) for key, _ in leaders])
                shares = [None if k[1] is None else s for k, s in zip(kept, shares)]
            if team_id is None:
                family = sum(cell.get(k, 0) for k in ("person", "representative"))
                few = hidden or not total or _hidden(family, names_people) or _hidden(total - family, names_people)
                led_by_people.append(None if few else family / total * 100)
            section.rows.append([f"{team_name}, {label}", _count(total, names_people), *[_shown(s, "%") for s in shares]])
            section.csv += [("plans: who led, by team and month", team_name, f"{month:%Y-%m}", "plans", _count(total, names_people))]
            section.csv += [("plans: who led, by team and month", team_name, f"{month:%Y-%m}", f"{text}: share (%)", _shown(s))
                            for (_, text), s in zip(leaders, shares)]
    section.svg = charts.line_svg(
        charts.line_chart(labels=labels, series=[charts.Series("Led by the person or their family (%)", led_by_people)]),
        chart_id="chart-plans-by-month", title="Share of signed-off plans led by the person or their family, by month",
        desc="The percentage of plans signed off each month that the person, or a family member or friend, led. "
             "Every kind of author, and each team, is in the table below.",
    )
    return section
