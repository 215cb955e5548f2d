"""A run chart in the terminal: points joined by a line, the median, the target and markers.

Drawn with textual-plotext (Textualize's plotext widget). The numbers come from
``smtte_tui.analysis.charts``; this widget only draws them, so the words under the chart and the
HTML report's SVG always agree with what is on screen.
"""

from __future__ import annotations

import math

from textual.content import Content
from textual_plotext import PlotextPlot

from smtte_tui.analysis.charts import TegnChart, format_number, marker_index, measure_words
from smtte_tui.glyphs import glyphs
from smtte_tui.i18n import t
from smtte_tui.screens.widgets.plain import literal, styled

MAX_TICKS = 6


def scale(chart: TegnChart, value: float) -> float:
    """ja/nej shares are drawn as percentages (0–100) so the axis reads like the words."""
    return value * 100 if chart.tegn.maaletype == "ja_nej" else value


def value_ticks(maaletype: str, low: float, top: float) -> tuple[list[float], list[str]]:
    """The value axis's marks and their words, in the language's number format (plotext writes
    "5.25", which a Danish reader takes for five hundred and twenty-five): every 25 % for a ja/nej
    share, every value of a scale, else a whole step of 1, 2 or 5 times ten to a power, at most
    five steps from ``low`` to ``top``."""
    if maaletype == "ja_nej":
        marks = [0.0, 25.0, 50.0, 75.0, 100.0]
        return marks, [t("chart.percent", value=round(mark)) for mark in marks]
    if maaletype == "skala_1_5":
        marks = [1.0, 2.0, 3.0, 4.0, 5.0]
        return marks, [format_number(mark) for mark in marks]
    span = max(top - low, 1e-9)
    power = 10 ** math.floor(math.log10(span / 5))
    step = next(power * factor for factor in (1, 2, 5, 10) if span / (power * factor) <= 5)
    first = math.ceil(low / step) * step
    marks = [round(first + index * step, 10) for index in range(int((top - first) / step + 1e-9) + 1)]
    return marks, [format_number(mark) for mark in marks]


def tick_positions(count: int, most: int = MAX_TICKS) -> list[int]:
    """Up to ``most`` evenly spread point indexes, always the first and the last."""
    if count <= most:
        return list(range(count))
    step = (count - 1) / (most - 1)
    return sorted({round(i * step) for i in range(most)})


class RunChartPlot(PlotextPlot):
    def __init__(self, chart: TegnChart | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.chart = chart

    def on_mount(self) -> None:
        super().on_mount()
        self.draw()

    def show(self, chart: TegnChart) -> None:
        self.chart = chart
        self.draw()

    def draw(self) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        chart = self.chart
        if chart is None or not chart.points:
            plt.title(t("chart.no_points"))
            self.refresh()
            return
        xs = list(range(len(chart.points)))
        ys = [scale(chart, v) for v in chart.values]
        marks = glyphs()
        plt.plot(xs, ys, marker=marks.line_marker, color="blue")
        plt.scatter(xs, ys, marker=marks.point_marker, color="blue")
        if chart.centre is not None:
            plt.hline(scale(chart, chart.centre), "green")
        if chart.target is not None:
            plt.hline(scale(chart, chart.target), "magenta")
        top = max(ys + [scale(chart, chart.target or 0)])
        low = min(ys + [scale(chart, chart.target)] if chart.target is not None else ys)
        if chart.tegn.maaletype == "ja_nej":
            low, top = 0, 100
        elif chart.tegn.maaletype == "skala_1_5":
            low, top = 1, 5
        else:
            low = min(low, 0)
        top = top if top > low else low + 1
        plt.ylim(low, top)
        plt.yticks(*value_ticks(chart.tegn.maaletype, low, top))
        labels: dict[float, list[str]] = {}
        for marker in chart.markers:
            labels.setdefault(marker_index(chart, marker), []).append(marker.label)
        for x, names in labels.items():
            plt.vline(x, "red")
            plt.text(" ".join(dict.fromkeys(names)), x, top, color="red")
        positions = tick_positions(len(xs))
        plt.xticks(positions, [f"{chart.points[i].start:%d.%m.%y}" for i in positions])
        self.refresh()


def chart_heading(chart: TegnChart) -> str:
    """ "Tager selv trøjen på – andel ja pr. uge (højere er bedre)"."""
    return t("chart.heading", tekst=chart.tegn.tekst, measure=measure_words(chart), better=t(f"chart.better.{chart.tegn.bedre_retning}"))


def chart_words(chart: TegnChart) -> Content:
    """The lines under a chart: the verdict first (bold), then the centre, target and rules."""
    from smtte_tui.analysis.charts import centre_words, format_value, rule_words, signal_words

    lines = [styled("[b]$verdict[/b]", verdict=signal_words(chart)), literal(centre_words(chart))]
    if chart.target is not None:
        lines.append(literal(t("chart.target_line", value=format_value(chart.tegn.maaletype, chart.target))))
    if chart.markers:
        lines.append(literal(t("chart.markers", markers=", ".join(f"{m.label} {m.dato:%d.%m.%y}" for m in chart.markers))))
    rules = rule_words(chart)
    if rules:
        lines.append(styled("[dim]$rules[/dim]", rules=rules))
    return Content("\n").join(lines)
