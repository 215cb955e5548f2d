"""One run chart as inline SVG for the HTML report: points joined in time order, the centre line,
the target line when the tegn has one, and PDSA/plan markers as dashed vertical lines.

Plain text in, plain text out: no fonts, scripts or files are referred to, so the report stays one
self-contained file that prints the same in any browser. Every label is escaped. The x axis is the
point index (evenly spaced periods, as qicharts2 draws a run chart) labelled with Danish dates;
markers sit where :func:`marker_index` puts them.
"""

from __future__ import annotations

import math
from html import escape

from smtte_tui.analysis.charts import TegnChart, format_value, marker_index
from smtte_tui.dates import format_date
from smtte_tui.i18n import t

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 104, 34, 44
LABEL_EVERY_PX = 96  # room for one "25.11.2026" under the axis
CHAR_PX = 6.5  # about one character's width at font size 11
# The terminal chart's colours (screens/widgets/runchart.py), which the chart words name:
# points blue, centre line green, target purple, markers red.
INK, GRID, SERIES, CENTRE, TARGET, MARKER = "#222", "#d9d9d9", "#1f4e9c", "#2e7d32", "#7b1fa2", "#c62828"


def _n(value: float) -> str:
    return f"{value:.1f}"


def nice_step(span: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks`` steps over ``span``."""
    raw = max(span, 1e-9) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(factor * power for factor in (1, 2, 2.5, 5, 10) if factor * power >= raw)


def y_range(chart: TegnChart) -> tuple[float, float, list[float]]:
    """The value axis: its bottom, its top and the tick values. A share of ja is always 0–100 %,
    a scale always 1–5; counts and minutes start at 0 and end on a round number above the data."""
    kind = chart.tegn.maaletype
    if kind == "ja_nej":
        return 0.0, 1.0, [0.0, 0.25, 0.5, 0.75, 1.0]
    if kind == "skala_1_5":
        return 1.0, 5.0, [1.0, 2.0, 3.0, 4.0, 5.0]
    extras = [v for v in (chart.centre, chart.target) if v is not None]
    top = max(chart.values + extras + [0.0])
    step = nice_step(top) if top > 0 else 1.0
    top = step * max(math.ceil(top / step), 1)
    count = round(top / step)
    return 0.0, top, [step * i for i in range(count + 1)]


def chart_svg(chart: TegnChart, *, width: int = WIDTH, height: int = HEIGHT) -> str:
    """The chart as an ``<svg>`` element (empty text when the chart has no points)."""
    points = chart.points
    if not points:
        return ""
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    low, high, ticks = y_range(chart)
    span = high - low or 1.0
    last = len(points) - 1

    def x(index: float) -> float:
        return LEFT + (index / last * plot_w if last else plot_w / 2)

    def y(value: float) -> float:
        clipped = min(max(value, low), high)
        return TOP + plot_h - (clipped - low) / span * plot_h

    kind = chart.tegn.maaletype
    label = t("report.chart.label", tekst=chart.tegn.tekst)
    parts = [
        (f'<svg class="runchart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{escape(label)}" font-family="Arial, Helvetica, sans-serif" font-size="11">'),
        f"<title>{escape(label)}</title>",
    ]
    for tick in ticks:
        ty = _n(y(tick))
        parts.append(f'<line x1="{LEFT}" y1="{ty}" x2="{LEFT + plot_w}" y2="{ty}" stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{ty}" text-anchor="end" dominant-baseline="middle" fill="{INK}">{escape(format_value(kind, tick))}</text>')
    bottom = TOP + plot_h
    parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="{INK}" stroke-width="1"/>')
    parts.append(f'<line x1="{LEFT}" y1="{bottom}" x2="{LEFT + plot_w}" y2="{bottom}" stroke="{INK}" stroke-width="1"/>')

    every = max(1, math.ceil(len(points) / max(1, plot_w // LABEL_EVERY_PX)))
    for index in range(0, len(points), every):
        px = _n(x(index))
        parts.append(f'<line x1="{px}" y1="{bottom}" x2="{px}" y2="{bottom + 4}" stroke="{INK}" stroke-width="1"/>')
        parts.append(f'<text x="{px}" y="{bottom + 16}" text-anchor="middle" fill="{INK}">{escape(format_date(points[index].start))}</text>')

    at: dict[float, list[str]] = {}  # markers on the same spot share one line and one label
    for marker in chart.markers:
        at.setdefault(marker_index(chart, marker), []).append(marker.label)
    free_from = [-math.inf, -math.inf]  # where each of the two label rows is free again
    for spot, labels in sorted(at.items()):
        mx = x(spot)
        parts.append(f'<line class="marker" x1="{_n(mx)}" y1="{TOP - 2}" x2="{_n(mx)}" y2="{bottom}" stroke="{MARKER}" stroke-width="1.2" stroke-dasharray="4 3"/>')
        text = " ".join(dict.fromkeys(labels))
        half = len(text) * CHAR_PX / 2
        # the lower row if there is room, else the upper one; with neither the line stands alone
        row = next((r for r in (0, 1) if mx - half >= free_from[r]), None)
        if row is not None:
            free_from[row] = mx + half + 4
            parts.append(f'<text x="{_n(mx)}" y="{TOP - 6 - 12 * row}" text-anchor="middle" fill="{MARKER}">{escape(text)}</text>')

    if chart.centre is not None:
        cy = _n(y(chart.centre))
        words = f"{t('chart.centre')} {format_value(kind, chart.centre)}"
        parts.append(f'<line class="centre" x1="{LEFT}" y1="{cy}" x2="{LEFT + plot_w}" y2="{cy}" stroke="{CENTRE}" stroke-width="1.5"/>')
        parts.append(f'<text x="{LEFT + plot_w + 6}" y="{cy}" dominant-baseline="middle" fill="{CENTRE}">{escape(words)}</text>')
    if chart.target is not None:
        gy = _n(y(chart.target))
        words = f"{t('chart.target')} {format_value(kind, chart.target)}"
        # nudged below the centre label when both lines sit at the same height
        text_y = _n(y(chart.target) + (12 if chart.centre is not None and abs(y(chart.target) - y(chart.centre)) < 12 else 0))
        parts.append(f'<line class="target" x1="{LEFT}" y1="{gy}" x2="{LEFT + plot_w}" y2="{gy}" stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="8 4"/>')
        parts.append(f'<text x="{LEFT + plot_w + 6}" y="{text_y}" dominant-baseline="middle" fill="{TARGET}">{escape(words)}</text>')

    coords = [(x(index), y(point.value)) for index, point in enumerate(points)]
    if len(coords) > 1:
        joined = " ".join(f"{_n(px)},{_n(py)}" for px, py in coords)
        parts.append(f'<polyline class="series" points="{joined}" fill="none" stroke="{SERIES}" stroke-width="1.5" stroke-linejoin="round"/>')
    radius = "2.8" if len(points) <= 60 else "1.6"
    parts.extend(f'<circle cx="{_n(px)}" cy="{_n(py)}" r="{radius}" fill="{SERIES}"/>' for px, py in coords)
    parts.append("</svg>")
    return "\n".join(parts)
