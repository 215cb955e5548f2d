"""Which shift it is: dag, aften or nat, from the clock and configurable boundaries.

A shift belongs to the date it *started*: a night shift logged at 06:30 on the 26th is the night
of the 25th, so the night's signs are counted together on one date.
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
    dag: dt.time = dt.time(7)
    aften: dt.time = dt.time(15)
    nat: dt.time = dt.time(23)

    @classmethod
    def from_settings(cls, settings: Settings) -> ShiftBoundaries:
        return cls(_time(settings.shift_day_starts), _time(settings.shift_evening_starts), _time(settings.shift_night_starts))


def current_shift(now: dt.datetime, boundaries: ShiftBoundaries = ShiftBoundaries()) -> tuple[Vagt, dt.date]:
    """The shift at ``now`` (local time) and the date it started."""
    clock = now.time()
    if boundaries.dag <= clock < boundaries.aften:
        return "dag", now.date()
    if boundaries.aften <= clock < boundaries.nat:
        return "aften", now.date()
    started = now.date() if clock >= boundaries.nat else now.date() - dt.timedelta(days=1)
    return "nat", started


def next_shift(vagt: Vagt) -> Vagt:
    """dag → aften → nat → dag (the one-key shift change)."""
    return ORDER[(ORDER.index(vagt) + 1) % len(ORDER)]
