"""The PDSA "Study" step: how each tegn looked before the cycle and during it.

A cycle's own window is compared with the same number of days just before it started, so the
team sees a like-for-like change without having to pick a comparison period themselves.
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

Direction = Literal["bedre", "vaerre", "uaendret", "ukendt"]
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
    """Before and during for one tegn, and whether the change is for the better."""

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
    return WindowFigures(
        n=n, days_with_data=days, ja_share=None, median=float(statistics.median(values)), mean=statistics.fmean(values)
    )


def headline(window: WindowFigures, maaletype: MaaleType) -> float | None:
    """The one figure compared across windows: the ja share for ja/nej, else the median.

    The median, not the mean, because a single bad day should not decide a small cycle.
    """
    return window.ja_share if maaletype == "ja_nej" else window.median


def judge_change(change: float | None, bedre_retning: Retning) -> Direction:
    """Whether ``change`` is for the better given which way is better for the tegn."""
    if change is None:
        return "ukendt"
    if math.isclose(change, 0.0, abs_tol=1e-9):  # 0.7 - 0.7 style float noise is no change
        return "uaendret"
    return "bedre" if (change > 0) == (bedre_retning == "op") else "vaerre"


def study_summary(
    tegn: list[Tegn], observations: Iterable[Observation], start: dt.date, slut: dt.date, today: dt.date
) -> list[TegnStudy]:
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
                direction=judge_change(change, item.bedre_retning),
            )
        )
    return summary
