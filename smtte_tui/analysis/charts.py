"""One run chart per tegn: the points, the centre line, the Anhøj verdict, the target and markers.

Everything a chart needs, computed once and drawn twice: in the terminal (``screens/widgets/
runchart.py``) and as SVG in the HTML report (``smtte_tui/report/svg.py``). Pure functions on
plain data, so the meeting screen, the report and the tests all read the same numbers.

Defaults follow the measure kind (the issue's rule): ja/nej, skala and minutter per week, antal per
week too; any tegn can be shown per day, week or month by the viewer's choice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from smtte_tui.analysis.runchart import MIN_USEFUL, AnhoejResult, Granularity, Logged, Point, Verdict, aggregate, anhoej, centre_line, judge, measure, period_start, recent_side
from smtte_tui.i18n import t
from smtte_tui.models import Tegn

MarkerKind = Literal["pdsa", "plan", "evaluering"]
PERIODS: tuple[Granularity, ...] = ("dag", "uge", "maaned")
L = TypeVar("L", bound=Logged)


@dataclass(frozen=True)
class Marker:
    """Something that happened on a date and belongs on the chart: a PDSA start, a plan change."""

    dato: dt.date
    kind: MarkerKind
    label: str
    plan_id: str | None = None  # whose plan it belongs to; a chart shows its own plan's markers


@dataclass(frozen=True)
class Baseline:
    """Which points the centre line is the median of: all (``count`` None) or the first ``count``.

    ``until`` is the date the frozen baseline ends before (e.g. the first PDSA start), kept so the
    chart can say why the centre line sits where it does.
    """

    count: int | None = None
    until: dt.date | None = None


@dataclass(frozen=True)
class TegnChart:
    tegn: Tegn
    period: Granularity
    points: list[Point]
    centre: float | None  # None when there are no points
    baseline: Baseline
    result: AnhoejResult | None
    verdict: Verdict
    target: float | None  # the tegn's maalvaerdi (a share for ja/nej), drawn as a line
    markers: list[Marker] = field(default_factory=list)

    @property
    def values(self) -> list[float]:
        return [point.value for point in self.points]


def default_period(tegn: Tegn) -> Granularity:
    """Week for every kind: a day of ja/nej is 0 or 1 and tells nothing on its own; five years of
    weeks (260 points) still fit a chart. Viewers switch to day or month with a key."""
    return "uge"


def in_range(observations: Iterable[L], start: dt.date | None, end: dt.date | None) -> list[L]:
    return [obs for obs in observations if (start is None or obs.dato >= start) and (end is None or obs.dato <= end)]


def baseline_before(points: list[Point], day: dt.date | None) -> Baseline:
    """A baseline frozen at the points before ``day`` (a change's start); all points when there
    are none before it or no day is given."""
    if day is None:
        return Baseline()
    count = sum(1 for point in points if point.start < day)
    return Baseline(count, day) if count else Baseline()


def tegn_chart(
    tegn: Tegn,
    observations: Iterable[Logged],
    *,
    period: Granularity | None = None,
    baseline_until: dt.date | None = None,
    markers: Iterable[Marker] = (),
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> TegnChart:
    """The run chart of one tegn from its observations (others are ignored by ``aggregate``).

    The centre line is the median of every point, or of the points before ``baseline_until`` when
    given (a frozen baseline, as qicharts2's ``freeze``): then the rules ask whether the time after
    differs from the time before. Markers outside the shown range are dropped.
    """
    period = period or default_period(tegn)
    points = aggregate(in_range(observations, start, end), tegn, period)
    baseline = baseline_before(points, baseline_until)
    values = [point.value for point in points]
    if not values:
        return TegnChart(tegn, period, [], None, baseline, None, "ingen", tegn.maalvaerdi, [])
    centre = centre_line(values, baseline.count)
    result = anhoej(values, centre)
    verdict = judge(result, tegn.bedre_retning, recent_side(values, centre, baseline.count))
    first, newest = points[0].start, points[-1].start
    # Fix: without an end the range runs to the end of the newest point's period, not to its first
    # day (a prøvehandling started on the Wednesday of the newest week belongs on the chart).
    shown = sorted(
        (m for m in markers if first <= m.dato and (m.dato <= end if end is not None else period_start(m.dato, period) <= newest) and (start is None or m.dato >= start)),
        key=lambda m: m.dato,
    )
    return TegnChart(tegn, period, points, centre, baseline, result, verdict, tegn.maalvaerdi, shown)


def marker_index(chart: TegnChart, marker: Marker) -> float:
    """Where a marker sits on the x axis of point indexes (0-based): on its period's point, or
    half-way between two points when nobody logged in its period."""
    start = period_start(marker.dato, chart.period)
    for index, point in enumerate(chart.points):
        if point.start == start:
            return float(index)
        if point.start > start:
            return max(index - 0.5, 0.0)
    return float(max(len(chart.points) - 1, 0))


# --- words ---------------------------------------------------------------------------------------


def format_number(value: float) -> str:
    """A figure as staff read it: whole numbers bare, else one decimal with the language's comma."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}".replace(".", t("number.decimal"))


def format_value(maaletype: str, value: float) -> str:
    """A chart value: a share of ja as a percentage ("71 %"), anything else as a number."""
    if maaletype == "ja_nej":
        return t("chart.percent", value=round(value * 100))
    return format_number(value)


def measure_words(chart: TegnChart) -> str:
    """ "andel ja pr. uge", "i alt pr. dag", "gennemsnit pr. måned"."""
    return f"{t(f'chart.measure.{measure(chart.tegn)}')} {t(f'chart.period.{chart.period}')}"


def signal_words(chart: TegnChart) -> str:
    """The verdict in plain words: a real change (and which way) or nothing beyond the usual."""
    if chart.result is None or not chart.result.enough_data:
        return t("chart.signal.too_few", n=chart.result.n_useful if chart.result else 0, need=MIN_USEFUL)
    if chart.verdict == "ingen":
        return t("chart.signal.none")
    return t(f"chart.signal.{chart.verdict}")


def rule_words(chart: TegnChart) -> str:
    """The two Anhøj tests with their numbers, for those who want to see why."""
    result = chart.result
    if result is None or not result.enough_data:
        return ""
    return t(
        "chart.rules",
        run=result.longest_run,
        run_limit=result.run_limit,
        crossings=result.crossings,
        crossings_limit=result.crossings_limit,
        n=result.n_useful,
    )


def centre_words(chart: TegnChart) -> str:
    if chart.centre is None:
        return t("chart.no_points")
    value = format_value(chart.tegn.maaletype, chart.centre)
    if chart.baseline.count is not None and chart.baseline.until is not None:
        return t("chart.centre.frozen", value=value, n=chart.baseline.count, dato=f"{chart.baseline.until:%d.%m.%Y}")
    return t("chart.centre.all", value=value)
