"""Hybrid logical clock: orders revisions across PCs whose clocks disagree.

A timestamp is (wall milliseconds, counter, terminal). ``now()`` never goes backwards on this
terminal, and ``observe()`` moves it past anything read from another terminal, so a revision made
after reading another one always sorts after it, even if this PC's clock is hours behind.

Serialised as a fixed-width string so plain string comparison is time order.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def encode(wall_ms: int, counter: int, terminal: str) -> str:
    return f"{wall_ms:013d}.{counter:05d}.{terminal}"


def decode(stamp: str) -> tuple[int, int, str]:
    wall, counter, terminal = stamp.split(".", 2)
    return int(wall), int(counter), terminal


def wall_time(stamp: str) -> dt.datetime:
    return dt.datetime.fromtimestamp(decode(stamp)[0] / 1000, tz=dt.timezone.utc)


class HybridClock:
    def __init__(self, terminal: str, clock: Clock = system_clock, last: str | None = None) -> None:
        self.terminal = terminal
        self._clock = clock
        self._wall, self._counter = (decode(last)[:2] if last else (0, 0))
        self._lock = threading.Lock()

    def _physical_ms(self) -> int:
        return int(self._clock().timestamp() * 1000)

    def now(self) -> str:
        with self._lock:
            physical = self._physical_ms()
            if physical > self._wall:
                self._wall, self._counter = physical, 0
            else:
                self._counter += 1
            return encode(self._wall, self._counter, self.terminal)

    def observe(self, stamp: str) -> None:
        """Move past a timestamp read from another terminal."""
        wall, counter, _ = decode(stamp)
        with self._lock:
            if wall > self._wall or (wall == self._wall and counter > self._counter):
                self._wall, self._counter = wall, counter

    @property
    def last(self) -> str:
        return encode(self._wall, self._counter, self.terminal)
