"""Run charts and the Anhøj rules, as in the R package qicharts2.

A run chart shows a tegn per day, week or month around a centre line (the median). The Anhøj
rules tell non-random variation from noise with two tests that need no distribution assumptions:
an unusually long run on one side of the centre (a shift) and unusually few crossings of it.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, Protocol

from smtte_tui.dates import add_days
from smtte_tui.models import MaaleType, Retning, Tegn

Granularity = Literal["dag", "uge", "maaned"]
Side = Literal["over", "under"]
Verdict = Literal["bedre", "vaerre", "ingen"]
Measure = Literal["ja_nej", "sum", "gennemsnit"]

MIN_USEFUL = 10  # fewer useful points than this and the rules are too weak to say anything


class Logged(Protocol):
    """What a chart reads of one logged sign: an :class:`~smtte_tui.models.Observation`, or just
    these values of one (``group.Sign``, read without building the model)."""

    @property
    def tegn_id(self) -> str: ...
    @property
    def maaletype(self) -> MaaleType: ...
    @property
    def vaerdi(self) -> bool | int | float: ...
    @property
    def dato(self) -> dt.date: ...


@dataclass(frozen=True)
class Point:
    """One period on the chart: its first day, its value and how many observations made it."""

    start: dt.date
    value: float
    n: int


def period_start(d: dt.date, period: Granularity) -> dt.date:
    """The first day of the period holding ``d``: the day itself, its ISO week's Monday or day 1."""
    if period == "dag":
        return d
    if period == "uge":
        return add_days(d, -d.weekday())
    if period == "maaned":
        return d.replace(day=1)
    raise ValueError(f"unknown period {period!r}")


def measure(tegn: Tegn) -> Measure:
    """What one period's value of the tegn is: the share of ja, the sum, or the mean.

    antal and minutter follow ``tegn.aggregering``; skala_1_5 is always the mean (a sum of moods
    means nothing)."""
    if tegn.maaletype == "ja_nej":
        return "ja_nej"
    return "sum" if tegn.maaletype in ("antal", "minutter") and tegn.aggregering == "sum" else "gennemsnit"


def aggregate(observations: Iterable[Logged], tegn: Tegn, period: Granularity) -> list[Point]:
    """One point per period with data for ``tegn``, oldest first.

    ja/nej gives the share of ja (0..1); antal and minutter the sum or mean by ``tegn.aggregering``;
    skala_1_5 always the mean (a sum of moods means nothing). Periods without observations are
    left out rather than drawn as zero: nobody logged, which is not the same as "0 times".
    Observations of another tegn or logged under another measure kind are not counted.
    """
    buckets: dict[dt.date, list[float]] = defaultdict(list)
    starts: dict[dt.date, dt.date] = {}  # each day's period worked out once (three signs a day, five years)
    for obs in observations:
        if obs.tegn_id == tegn.id and obs.maaletype == tegn.maaletype:
            day = obs.dato
            start = starts.get(day)
            if start is None:
                start = starts[day] = period_start(day, period)
            buckets[start].append(float(obs.vaerdi))
    use_sum = measure(tegn) == "sum"
    return [Point(start=start, value=math.fsum(values) if use_sum else statistics.fmean(values), n=len(values)) for start, values in sorted(buckets.items())]


def longest_run_limit(n: int) -> int:
    """The longest run expected by chance among ``n`` useful points: ``round(log2(n) + 3)``.

    Python rounds half to even and R rounds half to even too, but it never matters here:
    log2(n) + 3 is never exactly x.5 for a whole n (that would need n = 2**k * sqrt(2)).
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    return round(math.log2(n) + 3)


def crossings_limit(n: int) -> int:
    """The fewest crossings expected by chance among ``n`` useful points.

    qicharts2's ``qbinom(0.05, n - 1, 0.5)``: the smallest k with P(X <= k) >= 0.05 for
    X ~ Binomial(n - 1, 1/2). Exact fractions, so no float noise decides a borderline k.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    trials = n - 1
    target = Fraction(1, 20) * 2**trials  # compare counts of outcomes, not probabilities
    cumulative = 0
    for k in range(trials + 1):
        cumulative += math.comb(trials, k)
        if cumulative >= target:
            return k
    return trials  # unreachable: the full CDF is 1


def centre_line(values: list[float], baseline_count: int | None = None) -> float:
    """The median of the first ``baseline_count`` values (a frozen baseline), or of all values."""
    base = values if baseline_count is None else values[:baseline_count]
    if not base:
        raise ValueError("a centre line needs at least one value")
    return float(statistics.median(base))


def sides(values: list[float], centre: float) -> list[Side]:
    """Which side of the centre each useful point lies on; points on the centre are dropped."""
    return ["over" if value > centre else "under" for value in values if value != centre]


@dataclass(frozen=True)
class AnhoejResult:
    """The Anhøj rules applied to one series.

    With fewer than ``MIN_USEFUL`` useful points ``enough_data`` is False, no rule signals and the
    limits are None. ``direction`` is the side of the longest run; when runs on both sides are
    equally long it is the side of the most recent one, since that is where the process is now.
    """

    n_useful: int
    longest_run: int
    run_limit: int | None
    crossings: int
    crossings_limit: int | None
    shift: bool
    crossing_signal: bool
    signal: bool
    direction: Side | None
    enough_data: bool


def anhoej(values: list[float], centre: float) -> AnhoejResult:
    """Apply both Anhøj rules to ``values`` around ``centre``.

    Points exactly on the centre neither break nor extend a run and are no crossing, so they are
    removed before counting (as qicharts2 does); ``n_useful`` counts what is left.
    """
    useful = sides(values, centre)
    runs: list[tuple[Side, int]] = []
    for side in useful:
        if runs and runs[-1][0] == side:
            runs[-1] = (side, runs[-1][1] + 1)
        else:
            runs.append((side, 1))
    longest = max((length for _, length in runs), default=0)
    direction = next((side for side, length in reversed(runs) if length == longest), None)
    crossings = max(len(runs) - 1, 0)
    enough = len(useful) >= MIN_USEFUL
    run_limit = longest_run_limit(len(useful)) if enough else None
    cross_limit = crossings_limit(len(useful)) if enough else None
    shift = run_limit is not None and longest > run_limit
    crossing_signal = cross_limit is not None and crossings < cross_limit
    return AnhoejResult(
        n_useful=len(useful),
        longest_run=longest,
        run_limit=run_limit,
        crossings=crossings,
        crossings_limit=cross_limit,
        shift=shift,
        crossing_signal=crossing_signal,
        signal=shift or crossing_signal,
        direction=direction,
        enough_data=enough,
    )


def recent_side(values: list[float], centre: float, baseline_count: int | None = None) -> Side | None:
    """Where the series is now: the side of the median of the recent points, None on the centre.

    Recent means the points after a frozen baseline, or else the later half. A signal says the
    process changed; which way is answered by comparing now with the centre line. The longest run
    alone cannot tell: with the median of all points, a change for the better shows as a long run
    *under* the line before it as often as a long run over it after it.
    """
    recent = values[baseline_count:] if baseline_count else values[len(values) // 2 :]
    if not recent:
        return None
    middle = statistics.median(recent)
    if middle == centre:
        return None
    return "over" if middle > centre else "under"


def judge(result: AnhoejResult, bedre_retning: Retning, recent: Side | None) -> Verdict:
    """Whether a signal points the better way for a tegn ("op": above the centre is better).

    ``recent`` (see :func:`recent_side`) is where the series is now; when it sits on the centre,
    the longest run's side decides. No signal, or no side to judge by, is "ingen".
    """
    if not result.signal:
        return "ingen"
    side = recent or result.direction
    if side is None:
        return "ingen"
    return "bedre" if (side == "over") == (bedre_retning == "op") else "vaerre"
