"""Bar charts as inline SVG for the group report: side by side or stacked, with a legend.

Like :mod:`smtte_tui.report.svg`: plain text in and out, no fonts, scripts or files referred to,
every label escaped, the same ink and grid colours and the same round steps on the value axis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from smtte_tui.report.svg import GRID, INK, nice_step

WIDTH, HEIGHT = 760, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 28
LEGEND_PX = 22  # the legend's row under the axis labels


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    values: list[int]
    colours: list[str] | None = None  # one colour per category instead (a single series)

    def colour_of(self, index: int) -> str:
        return self.colours[index] if self.colours else self.colour


def _n(value: float) -> str:
    return f"{value:.1f}"


def bars_svg(title: str, categories: list[str], series: list[Series], *, stacked: bool = False, width: int = WIDTH, height: int = HEIGHT) -> str:
    """One group of bars per category: the series side by side, or stacked when ``stacked``.

    Each bar carries its count (above it, or inside a stacked segment tall enough to hold it);
    a legend under the axis names the series when there is more than one. Empty text when
    there are no categories.
    """
    if not categories:
        return ""
    legend = LEGEND_PX if len(series) > 1 else 0
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM - legend
    totals = [sum(s.values[i] for s in series) if stacked else max((s.values[i] for s in series), default=0) for i in range(len(categories))]
    top = max(totals + [0])
    step = nice_step(top) if top > 0 else 1.0
    step = max(1.0, math.ceil(step))  # counts: whole-number ticks
    high = step * max(math.ceil(top / step), 1)
    bottom = TOP + plot_h

    def y(value: float) -> float:
        return bottom - value / high * plot_h

    parts = [
        f'<svg class="bars" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{escape(title)}" font-family="Arial, Helvetica, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
    ]
    tick = 0.0
    while tick <= high + 1e-9:
        ty = _n(y(tick))
        parts.append(f'<line x1="{LEFT}" y1="{ty}" x2="{LEFT + plot_w}" y2="{ty}" stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{ty}" text-anchor="end" dominant-baseline="middle" fill="{INK}">{int(tick)}</text>')
        tick += step
    parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="{INK}" stroke-width="1"/>')
    parts.append(f'<line x1="{LEFT}" y1="{bottom}" x2="{LEFT + plot_w}" y2="{bottom}" stroke="{INK}" stroke-width="1"/>')

    slot = plot_w / len(categories)
    group_w = slot * 0.7
    bar_w = group_w if stacked else group_w / max(len(series), 1)
    for index, category in enumerate(categories):
        x0 = LEFT + slot * index + (slot - group_w) / 2
        base = 0
        for number, one in enumerate(series):
            value = one.values[index]
            x = x0 if stacked else x0 + bar_w * number
            low, up = (base, base + value) if stacked else (0, value)
            if value:
                parts.append(
                    f'<rect x="{_n(x)}" y="{_n(y(up))}" width="{_n(bar_w)}" height="{_n(y(low) - y(up))}" fill="{one.colour_of(index)}"><title>{escape(f"{category}: {one.label} {value}")}</title></rect>'
                )
                if not stacked:
                    parts.append(f'<text x="{_n(x + bar_w / 2)}" y="{_n(y(up) - 3)}" text-anchor="middle" fill="{INK}">{value}</text>')
                elif y(low) - y(up) >= 12:
                    parts.append(f'<text x="{_n(x + bar_w / 2)}" y="{_n((y(low) + y(up)) / 2)}" text-anchor="middle" dominant-baseline="middle" fill="#fff">{value}</text>')
            base += value
        if stacked and totals[index]:
            parts.append(f'<text x="{_n(x0 + bar_w / 2)}" y="{_n(y(totals[index]) - 3)}" text-anchor="middle" fill="{INK}">{totals[index]}</text>')
        parts.append(f'<text x="{_n(LEFT + slot * index + slot / 2)}" y="{bottom + 16}" text-anchor="middle" fill="{INK}">{escape(category)}</text>')

    if legend:
        lx = LEFT
        ly = height - legend + 4
        for one in series:
            parts.append(f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{one.colour}"/>')
            parts.append(f'<text x="{lx + 14}" y="{ly}" fill="{INK}">{escape(one.label)}</text>')
            lx += 14 + int(len(one.label) * 6.5) + 18
    parts.append("</svg>")
    return "\n".join(parts)
