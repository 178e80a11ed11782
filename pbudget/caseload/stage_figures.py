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
class Section:
    slug: str
    title: str
    intro: str
    columns: list
    rows: list = field(default_factory=list)  # [month label, formatted values...], then the whole period
    svg: str = ""
    csv: list = field(default_factory=list)  # (figure, stage, month, measure, value)


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
