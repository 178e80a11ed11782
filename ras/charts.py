"""
Charts drawn on the server as SVG, so they work without JavaScript. Each chart is decoration for
the table of the same numbers printed beside it, which is what screen readers are pointed to.
"""

from django.utils.html import format_html, format_html_join

WIDTH, BAR, GAP, LABEL = 640, 22, 8, 170


def bar_chart(rows, *, title, unit="") -> str:
    """Horizontal bars: rows are (label, value >= 0). Returns safe SVG markup."""
    top = max((value for _, value in rows), default=0) or 1
    height = len(rows) * (BAR + GAP) + GAP
    span = WIDTH - LABEL - 80
    bars = format_html_join(
        "", '<text x="{}" y="{}" text-anchor="end" fill="#0b0c0c">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#1d70b8"></rect>'
        '<text x="{}" y="{}" fill="#0b0c0c">{}{}</text>',
        (
            (LABEL - 6, GAP + n * (BAR + GAP) + BAR * 0.7, label, LABEL, GAP + n * (BAR + GAP), round(span * value / top), BAR,
             LABEL + round(span * value / top) + 6, GAP + n * (BAR + GAP) + BAR * 0.7, value, unit)
            for n, (label, value) in enumerate(rows)
        ),
    )
    return format_html(
        '<svg role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" '
        'xmlns="http://www.w3.org/2000/svg" font-family="Arial, sans-serif" font-size="14">'
        '<title>{}</title>{}</svg>',
        f"{title} (the same numbers are in the table)", WIDTH, height, title, bars,
    )


def scatter(points, *, title, x_label, y_label, size=320) -> str:
    """Indicative (x) against agreed (y) weekly pence, with the line where they are equal."""
    top = max((max(x, y) for x, y in points), default=0) or 1
    pad = 40
    span = size - 2 * pad

    def at(v):
        return pad + span * v / top

    dots = format_html_join("", '<circle cx="{}" cy="{}" r="3" fill="#1d70b8" fill-opacity="0.6"></circle>', ((round(at(x), 1), round(size - at(y), 1)) for x, y in points))
    return format_html(
        '<svg role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="Arial, sans-serif" font-size="12"><title>{}</title>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#0b0c0c"></line>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#0b0c0c"></line>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d4351c" stroke-dasharray="4 4"></line>'
        '<text x="{}" y="{}" text-anchor="middle">{}</text><text x="12" y="{}" transform="rotate(-90 12 {})" text-anchor="middle">{}</text>'
        '{}</svg>',
        f"{title} (the same numbers are in the table)", size, size, size, title,
        pad, size - pad, size - pad, size - pad, pad, pad, pad, size - pad, pad, size - pad, size - pad, pad,
        size / 2, size - 8, x_label, size / 2, size / 2, y_label, dots,
    )
