"""
Server-rendered SVG charts, worked out as plain geometry (no Django): the template draws what
these return. Every chart is shown beside a table of the same numbers, so the picture is a
quick read and the table is the accessible, exact one.
"""

import math
from html import escape
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 36, 16, 40


@dataclass(frozen=True)
class Series:
    name: str
    values: list  # floats or None (no figure that month)
    dashed: bool = False


@dataclass(frozen=True)
class Line:
    name: str
    paths: list  # "x,y x,y ..." runs, broken where a month has no figure
    points: list  # (x, y, value) for markers
    dashed: bool


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right_edge: int
    top: int
    baseline: int
    y_ticks: list  # (y, label)
    x_labels: list  # (x, label)
    lines: list
    empty: bool


def nice_ceiling(value: float) -> float:
    """The next round number at or above `value` (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def line_chart(*, labels: list[str], series: list[Series], ticks: int = 4) -> Chart:
    """A line per series across `labels` (months), on one axis from zero to a round number."""
    known = [v for s in series for v in s.values if v is not None]
    top_value = nice_ceiling(max(known, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(labels) - 1, 1)

    def x(i):
        return round(LEFT + (i * step if len(labels) > 1 else plot_w / 2), 1)

    def y(v):
        return round(TOP + plot_h - v / top_value * plot_h, 1)

    lines = []
    for s in series:
        paths, run, points = [], [], []
        for i, v in enumerate(s.values):
            if v is None:  # no figure this month: break the line rather than draw through it
                if run:
                    paths.append(" ".join(run))
                run = []
                continue
            run.append(f"{x(i)},{y(v)}")
            points.append((x(i), y(v), v))
        if run:
            paths.append(" ".join(run))
        lines.append(Line(s.name, paths, points, s.dashed))
    # About six month labels, evenly spaced back from the last (the newest month is always named).
    every = max(1, math.ceil(len(labels) / 6))
    x_labels = [(x(i), label) for i, label in enumerate(labels) if (len(labels) - 1 - i) % every == 0]
    y_ticks = [(y(top_value * k / ticks), _number(top_value * k / ticks)) for k in range(ticks + 1)]
    return Chart(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, TOP, TOP + plot_h, y_ticks, x_labels, lines, not known)


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    width: float
    value: float
    marker_x: float | None  # the 90th percentile, a tick beyond the bar


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    bar_height: int
    bars: list
    empty: bool


def bar_chart(*, rows: list[tuple[str, float | None, float | None]], left: int = 150) -> BarChart:
    """Horizontal bars (median) with a tick at the 90th percentile, one row per stage."""
    bar_h, gap = 22, 12
    known = [v for _, m, p in rows for v in (m, p) if v is not None]
    top_value = nice_ceiling(max(known, default=0))
    plot_w = WIDTH - left - 60
    bars = []
    for i, (label, median, p90) in enumerate(rows):
        bars.append(Bar(
            label, TOP + i * (bar_h + gap), round((median or 0) / top_value * plot_w, 1), median,
            round(left + p90 / top_value * plot_w, 1) if p90 is not None else None,
        ))
    return BarChart(WIDTH, TOP * 2 + len(rows) * (bar_h + gap), left, bar_h, bars, not known)


def _number(value: float) -> str:
    return f"{value:g}"


# Drawing: the SVG text is built here rather than in a template, because a dozen charts of sixty
# points each cost a template engine far more than they cost a string join. Every piece of text
# is escaped; the caller marks the result safe.
BLUE, BLACK, GREY, MID_GREY = "#1d70b8", "#0b0c0c", "#b1b4b6", "#505a5f"


def _svg_open(width, height, chart_id, title, desc, size=12):
    return [
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"'
        f' focusable="false" font-family="Arial, sans-serif" font-size="{size}">',
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def line_svg(chart: Chart, *, chart_id: str, title: str, desc: str) -> str:
    parts = _svg_open(chart.width, chart.height, chart_id, title, "No figures for this period." if chart.empty else desc)
    for y, label in chart.y_ticks:
        parts.append(f'<line x1="{chart.left}" x2="{chart.right_edge}" y1="{y}" y2="{y}" stroke="{GREY}" stroke-width="1"/>'
                     f'<text x="{chart.left - 6}" y="{y}" text-anchor="end" dominant-baseline="middle" fill="{BLACK}">{escape(label)}</text>')
    for x, label in chart.x_labels:
        parts.append(f'<text x="{x}" y="{chart.baseline + 22}" text-anchor="middle" fill="{BLACK}">{escape(label)}</text>')
    for line in chart.lines:
        colour, dash, radius = (BLACK, ' stroke-dasharray="7 5"', 3) if line.dashed else (BLUE, "", 4)
        parts += [f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3"{dash}/>' for path in line.paths]
        parts += [f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{colour}"/>' for x, y, _ in line.points]
    parts.append("</svg>")
    return "".join(parts)


def bar_svg(chart: BarChart, *, chart_id: str, title: str, desc: str, number: str = "{:.1f}") -> str:
    parts = _svg_open(chart.width, chart.height, chart_id, title, "No figures for this period." if chart.empty else desc, size=13)
    for bar in chart.bars:
        parts.append(f'<text x="{chart.left - 8}" y="{bar.y}" dy="15" text-anchor="end" fill="{BLACK}">{escape(bar.label)}</text>')
        if bar.value is None:
            parts.append(f'<text x="{chart.left}" y="{bar.y}" dy="15" fill="{MID_GREY}">no figures</text>')
            continue
        parts.append(f'<rect x="{chart.left}" y="{bar.y}" width="{bar.width}" height="{chart.bar_height}" fill="{BLUE}"/>'
                     f'<text x="{round(chart.left + bar.width + 6, 1)}" y="{bar.y}" dy="15" fill="{BLACK}">{number.format(bar.value)}</text>')
        if bar.marker_x is not None:
            parts.append(f'<line x1="{bar.marker_x}" x2="{bar.marker_x}" y1="{bar.y}" y2="{bar.y + chart.bar_height}" stroke="{BLACK}" stroke-width="3"/>')
    parts.append("</svg>")
    return "".join(parts)
