"""Hybrid logical clock: orders revisions across PCs whose clocks disagree.

A timestamp is (wall milliseconds, counter, terminal). ``now()`` never goes backwards on this
terminal (the last stamp survives a restart: the store passes it in), and ``observe()`` moves it
past anything read from another terminal, so a revision made after reading another one always
sorts after it, even if this PC's clock is hours behind.

A stamp only orders; where a record is filed and what time people see come from the revision's
own ``at`` (the writer's clock), so following a fast clock costs nothing visible, and following it
keeps what the hybrid clock is for: an edit made after seeing another sorts after it, even when
that other came from a PC ten years ahead. Only an absurd stamp is not followed: one beyond
``CEILING`` (the year 2200) would use up the fixed width (13-digit milliseconds, 5-digit counter)
and leave every later stamp equal; such a record is kept and used, and ``smtte check`` names it.
A stamp never leaves the fixed width, so a forged ``9999999999999.99999`` cannot make later
stamps invalid.

Serialised as a fixed-width string so plain string comparison is time order.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

Clock = Callable[[], dt.datetime]
MAX_WALL_MS = 9_999_999_999_999
MAX_COUNTER = 99_999
CEILING_MS = 7_258_118_400_000  # 2200-01-01T00:00Z
MAX_AHEAD = dt.timedelta(days=1)  # "far in the future" for reports (a PC with a wrong clock)


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def encode(wall_ms: int, counter: int, terminal: str) -> str:
    return f"{wall_ms:013d}.{counter:05d}.{terminal}"


def decode(stamp: str) -> tuple[int, int, str]:
    return int(stamp[:13]), int(stamp[14:19]), stamp[20:]  # fixed width (revision.HLC_PATTERN)


def wall_ms(stamp: str) -> int:
    return int(stamp[:13])


def wall_time(stamp: str) -> dt.datetime:
    return dt.datetime.fromtimestamp(min(decode(stamp)[0], MAX_WALL_MS) / 1000, tz=dt.UTC)


class HybridClock:
    def __init__(self, terminal: str, clock: Clock = system_clock, last: str | None = None) -> None:
        self.terminal = terminal
        self._clock = clock
        self._wall, self._counter = (0, 0)
        self._lock = threading.Lock()
        if last:
            # our own last stamp: trusted even if ahead, so stepping the clock back cannot rewind it
            wall, counter, _ = decode(last)
            self._wall, self._counter = min(wall, MAX_WALL_MS), min(counter, MAX_COUNTER)

    def _physical_ms(self) -> int:
        return max(0, min(int(self._clock().timestamp() * 1000), MAX_WALL_MS))

    def now(self) -> str:
        with self._lock:
            physical = self._physical_ms()
            if physical > self._wall:
                self._wall, self._counter = physical, 0
            elif self._counter < MAX_COUNTER:
                self._counter += 1
            elif self._wall < MAX_WALL_MS:
                self._wall, self._counter = self._wall + 1, 0  # counter full: borrow a millisecond
            return encode(self._wall, self._counter, self.terminal)

    def observe(self, stamp: str) -> None:
        """Move past a timestamp read from another terminal (unless it is absurd)."""
        wall, counter, _ = decode(stamp)
        if wall > CEILING_MS:
            return
        with self._lock:
            if wall > self._wall or (wall == self._wall and counter > self._counter):
                self._wall, self._counter = wall, min(counter, MAX_COUNTER)

    @property
    def last(self) -> str:
        return encode(self._wall, self._counter, self.terminal)
