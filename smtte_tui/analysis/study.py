"""The PDSA "Study" step: how each tegn looked before the cycle and during it.

A cycle's own window is compared with the same number of days just before it started, so the
team sees a like-for-like change without having to pick a comparison period themselves.

When is a change a change? A small cycle moves a share or a median by chance alone (25 % ja on
4 observations and 27 % on 15 is the same borger), so the verdict is "bedre" or "værre" only when
the data show it, and says so plainly otherwise (:func:`judge_change`):

* **Too few observations**: fewer than :data:`MIN_OBSERVATIONS` (10) in either window gives
  "for få observationer", whatever the figures. Ten is the smallest number at which the test
  below is a fair approximation for shares that are not extreme, and it is what a two-week
  cycle with daily logging reaches.
* **ja/nej**: a two-proportion z-test (pooled share, two-sided, 5 % level, |z| ≥ 1,96) on the
  ja share before and during.
* **antal, minutter, skala**: Mood's median test, in the same two-proportion form: the share of
  observations above the pooled median before and during, tested as above; the verdict follows
  the change of the median, and a significant test with an unchanged median is no clear change.
  Rank-based like the headline median, so one bad day does not decide.

Both tests treat observations as independent, which a borger's days are not quite (a good week
follows a good week), so they are a guard against reading noise as progress, not proof; the run
charts (Anhøj rules, :mod:`smtte_tui.analysis.runchart`) are where a team sees a lasting shift.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from smtte_tui.dates import add_days
from smtte_tui.models import MaaleType, Observation, Retning, Tegn

# bedre/vaerre: a change larger than chance; ingen_klar: no change the data can tell from chance;
# faa: too few observations in a window to say (none at all included)
Direction = Literal["bedre", "vaerre", "ingen_klar", "faa"]
MIN_OBSERVATIONS = 10  # in each window, before a verdict other than "faa"
Z_CRITICAL = 1.96  # two-sided 5 % level
DateRange = tuple[dt.date, dt.date]


def windows(start: dt.date, slut: dt.date, today: dt.date) -> tuple[DateRange, DateRange]:
    """The (before, during) windows of a cycle, both inclusive ranges.

    During is ``[start, min(slut, today)]``: a running cycle is summarised up to today. Before is
    the same number of days ending the day before ``start``. A cycle that has not started yet
    (``today < start``) has an empty during window, written ``(start, start - 1 day)`` (last day
    before first day); its before window is then empty too, in the same form.
    """
    end = min(slut, today)
    days = max((end - start).days + 1, 0)
    during = (start, end) if days else (start, add_days(start, -1))
    before = (add_days(start, -days), add_days(start, -1))
    return before, during


@dataclass(frozen=True)
class WindowFigures:
    """What one tegn's observations in one window add up to.

    ``ja_share`` is set for ja/nej tegn only; ``median`` and ``mean`` for the numeric kinds only.
    All three are None when the window has no observations.
    """

    n: int
    days_with_data: int
    ja_share: float | None
    median: float | None
    mean: float | None


@dataclass(frozen=True)
class TegnStudy:
    """Before and during for one tegn, and whether the change is for the better (the verdict
    rests on ``before.n`` and ``during.n`` observations)."""

    tegn_id: str
    tekst: str
    maaletype: MaaleType
    bedre_retning: Retning
    before: WindowFigures
    during: WindowFigures
    change: float | None  # during minus before of the headline figure (see headline)
    direction: Direction


def figures(observations: list[Observation], maaletype: MaaleType) -> WindowFigures:
    """The figures of one tegn's observations in one window (already filtered)."""
    n = len(observations)
    days = len({obs.dato for obs in observations})
    if not n:
        return WindowFigures(n=0, days_with_data=0, ja_share=None, median=None, mean=None)
    if maaletype == "ja_nej":
        share = sum(1 for obs in observations if obs.vaerdi is True) / n
        return WindowFigures(n=n, days_with_data=days, ja_share=share, median=None, mean=None)
    values = [float(obs.vaerdi) for obs in observations]
    return WindowFigures(n=n, days_with_data=days, ja_share=None, median=float(statistics.median(values)), mean=statistics.fmean(values))


def headline(window: WindowFigures, maaletype: MaaleType) -> float | None:
    """The one figure compared across windows: the ja share for ja/nej, else the median.

    The median, not the mean, because a single bad day should not decide a small cycle.
    """
    return window.ja_share if maaletype == "ja_nej" else window.median


def two_proportion_z(hits_before: int, n_before: int, hits_during: int, n_during: int) -> float:
    """The z statistic of the change in share from before to during (pooled standard error);
    0 when there is no variation at all (every observation the same)."""
    pooled = (hits_before + hits_during) / (n_before + n_during)
    error = math.sqrt(pooled * (1 - pooled) * (1 / n_before + 1 / n_during))
    if error == 0:
        return 0.0
    return (hits_during / n_during - hits_before / n_before) / error


def change_z(before: list[float], during: list[float], maaletype: MaaleType) -> float:
    """How far the change lies from chance: the ja share's z for ja/nej, Mood's median test's z
    (share above the pooled median) for the numeric kinds. Windows must not be empty."""
    if maaletype == "ja_nej":
        return two_proportion_z(sum(1 for v in before if v), len(before), sum(1 for v in during if v), len(during))
    pooled = statistics.median(before + during)
    return two_proportion_z(sum(1 for v in before if v > pooled), len(before), sum(1 for v in during if v > pooled), len(during))


def judge_change(before: list[float], during: list[float], maaletype: MaaleType, bedre_retning: Retning) -> Direction:
    """The verdict on a tegn's change from ``before`` to ``during`` (its values, ja = 1):
    "faa" under :data:`MIN_OBSERVATIONS` on either side, "ingen_klar" unless the change is larger
    than chance (see the module's docstring), else "bedre" or "vaerre" by the tegn's direction."""
    if len(before) < MIN_OBSERVATIONS or len(during) < MIN_OBSERVATIONS:
        return "faa"
    if maaletype == "ja_nej":
        change = statistics.fmean(during) - statistics.fmean(before)
    else:
        change = statistics.median(during) - statistics.median(before)
    if math.isclose(change, 0.0, abs_tol=1e-9) or abs(change_z(before, during, maaletype)) < Z_CRITICAL:
        return "ingen_klar"
    return "bedre" if (change > 0) == (bedre_retning == "op") else "vaerre"


def _values(observations: list[Observation]) -> list[float]:
    return [float(obs.vaerdi) for obs in observations]


def study_summary(tegn: list[Tegn], observations: Iterable[Observation], start: dt.date, slut: dt.date, today: dt.date) -> list[TegnStudy]:
    """One :class:`TegnStudy` per tegn, in the order of ``tegn``.

    Only observations of that tegn (same id and same measure kind, so a value logged under an
    earlier kind is never mixed in) and dated inside a window count.
    """
    (before_from, before_to), (during_from, during_to) = windows(start, slut, today)
    wanted = {item.id: item.maaletype for item in tegn}
    before: dict[str, list[Observation]] = {item.id: [] for item in tegn}
    during: dict[str, list[Observation]] = {item.id: [] for item in tegn}
    for obs in observations:
        if wanted.get(obs.tegn_id) != obs.maaletype:
            continue
        if before_from <= obs.dato <= before_to:
            before[obs.tegn_id].append(obs)
        elif during_from <= obs.dato <= during_to:
            during[obs.tegn_id].append(obs)
    summary = []
    for item in tegn:
        then, now = figures(before[item.id], item.maaletype), figures(during[item.id], item.maaletype)
        old, new = headline(then, item.maaletype), headline(now, item.maaletype)
        change = None if old is None or new is None else new - old
        summary.append(
            TegnStudy(
                tegn_id=item.id,
                tekst=item.tekst,
                maaletype=item.maaletype,
                bedre_retning=item.bedre_retning,
                before=then,
                during=now,
                change=change,
                direction=judge_change(_values(before[item.id]), _values(during[item.id]), item.maaletype, item.bedre_retning),
            )
        )
    return summary
