"""Waiting without sleeping: poll a condition against a deadline (a timeout is a failure, not a figure)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def eventually(look: Callable[[], T], until: Callable[[T], bool], timeout_s: float = 15.0, what: str = "the condition") -> T:
    """Call ``look`` every 50 ms until ``until`` accepts what it returned; fail after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    tick = threading.Event()
    seen = look()
    while not until(seen):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout_s:g} s; last seen: {seen!r}")
        tick.wait(0.05)
        seen = look()
    return seen
