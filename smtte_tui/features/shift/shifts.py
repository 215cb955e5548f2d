"""Which shift it is: dag, aften or nat, from the clock and configurable start times.

A shift belongs to the date it *started*: a night shift that starts 23:00 on the 25th and is
logged at 06:30 on the 26th is the night of the 25th, so one night's signs share one date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smtte_tui.config import Settings
from smtte_tui.models import Vagt

ORDER: tuple[Vagt, ...] = ("dag", "aften", "nat")


def _time(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


@dataclass(frozen=True)
class ShiftBoundaries:
    """The local clock time each shift starts; each shift lasts until the next one starts."""

    dag: dt.time = dt.time(7)
    aften: dt.time = dt.time(15)
    nat: dt.time = dt.time(23)

    @classmethod
    def from_settings(cls, settings: Settings) -> ShiftBoundaries:
        """The start times configured in ``config.toml`` (``shift_*_starts``)."""
        return cls(_time(settings.shift_day_starts), _time(settings.shift_evening_starts), _time(settings.shift_night_starts))


def current_shift(now: dt.datetime, boundaries: ShiftBoundaries = ShiftBoundaries()) -> tuple[Vagt, dt.date]:
    """The shift running at ``now`` (read in ``now``'s own time zone) and the date it started.

    The shift is the one whose most recent start lies closest before ``now``; looking back over
    today and yesterday means a night shift configured to start after midnight ("00:30") works too.
    """
    starts: list[tuple[dt.datetime, Vagt]] = []
    for vagt in ORDER:
        at = getattr(boundaries, vagt)
        for day in (now.date(), now.date() - dt.timedelta(days=1)):
            start = dt.datetime.combine(day, at, tzinfo=now.tzinfo)
            if start <= now:
                starts.append((start, vagt))
    start, vagt = max(starts)
    return vagt, start.date()


def shifts_begun(now: dt.datetime, boundaries: ShiftBoundaries = ShiftBoundaries()) -> tuple[Vagt, ...]:
    """The shifts of ``now``'s calendar day that have started by ``now``, in order: what a
    day's count ("logged today") can ask for so far. At 14:30 only the day shift."""
    return tuple(vagt for vagt in ORDER if dt.datetime.combine(now.date(), getattr(boundaries, vagt), tzinfo=now.tzinfo) <= now)


def next_shift(vagt: Vagt) -> Vagt:
    """dag → aften → nat → dag (the one-key shift change on the log screen)."""
    return ORDER[(ORDER.index(vagt) + 1) % len(ORDER)]
