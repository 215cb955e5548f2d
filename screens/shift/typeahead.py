"""Type-ahead: the App hands the person's keys to the screens one at a time, each only once the
screen it is meant for is ready for it.

A slow PC queues keys while the app is busy and then delivers them in one burst. Textual would pass
every key of the burst straight to the widget that has focus *now*, while the effect of the keys
before it (a binding that moves focus, Enter that opens the next screen, a sign-in that is being
checked) comes later: "M A Enter 2 4 6 8 1 3 Enter" ends as "MA246813" in the initials field.

So every key goes through :class:`TypeAhead`, in the order it arrived:

1. **One key at a time.** A key is delivered (handed to Textual exactly as it arrived), and the
   next waits until this one has been handled: a marker is queued behind the key at the widget that
   got it and passed up the same chain of widgets to the App (Textual bubbles an unhandled key that
   way and runs non-priority bindings at the App), twice: the second round follows what the key
   made the widget say (``Input.Changed``, ``Submitted``) and what its binding queued.
2. **Only to a ready screen.** The screen on top must be mounted and have handled what was
   queued to it (its resume, a deferred focus); an ``AppScreen`` must also have shown the data
   its mount asked for (``AppScreen.ready``).
3. **Not while a step that opens a screen runs.** A job started with ``hold_keys=True`` (sign-in,
   saving a log, reading a plan for the editor) holds the keys typed after it: they are meant for
   the screen it opens. If it ends with the same screen still on top (a wrong PIN, a refused
   save), those keys are dropped, never typed into the screen that stayed.
4. **Escape, Ctrl+L and Ctrl+Q are never kept waiting for the share.** Ctrl+Q (a priority key of
   the App) acts on arrival. While the keys wait for the share (2 or 3), an Escape or Ctrl+L among
   them is delivered at once and the keys typed before it, meant for the screen being waited
   for, are dropped.

A key is therefore never lost while its screen comes, never applied to the wrong field, and never
delivered twice: each held key is posted to the App once, marked as the one being delivered.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.message_pump import MessagePump
    from textual.screen import Screen
    from textual.worker import Worker

log = logging.getLogger("smtte")

URGENT_KEYS = frozenset({"escape", "ctrl+l"})
CHECK_SECONDS = 0.1  # a safety net only: every change that matters also wakes the pump at once


async def handled_up_to_now(node: MessagePump) -> bool:
    """Return once ``node`` has handled every message queued to it before this call: True, or
    False if it closed first (a closed node's queue is never read again)."""
    done = asyncio.Event()
    if not node.call_later(done.set):
        return False
    while True:
        try:
            await asyncio.wait_for(done.wait(), CHECK_SECONDS)
            return True
        except TimeoutError:
            if not node.is_running and (node._closing or node._closed):  # Textual 8 has no public flag
                return False


class TypeAhead:
    """The App's key queue (see the module docstring). The App calls :meth:`admit` for every key
    that arrives from the terminal and :meth:`delivered` after Textual has dispatched one; the
    screen kit calls :meth:`hold`/:meth:`job_done` around jobs that open a screen and :meth:`nudge`
    when a screen's first data is shown."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._held: deque[events.Key] = deque()
        self._holds: dict[Worker, Screen] = {}  # job -> the screen on top when it started
        self._delivering: events.Key | None = None
        self._sent: asyncio.Future[DOMNode | None] | None = None
        self._pumping = False
        self._wake = asyncio.Event()

    # --- called by the App -------------------------------------------------------------------

    def admit(self, key: events.Key) -> bool:
        """True if Textual should dispatch ``key`` now: it is the key being delivered, or a priority
        key of the App itself (Ctrl+Q). Otherwise it is queued, in order, and False returned."""
        if key is self._delivering or self._app_priority(key.key):
            return True
        self._held.append(key)
        self.nudge()
        if not self._pumping:
            self._pumping = True
            self.app.run_worker(self._pump(), name="typeahead", group="typeahead", description="typeahead", exit_on_error=False)
        return False

    def delivered(self, key: events.Key) -> None:
        """Textual has dispatched ``key``: tell the pump where it went (the focused widget or the
        screen; None if a priority binding took it)."""
        if key is not self._delivering or self._sent is None or self._sent.done():
            return
        target = (self.app.focused or self.app.screen) if key.is_forwarded else None
        self._sent.set_result(target)

    def discard(self) -> None:
        """Drop every held key (the idle lock: keys typed before it are no one's)."""
        self._held.clear()

    # --- called by the screen kit -------------------------------------------------------------

    def hold(self, job: Worker) -> None:
        """Keys typed from now on wait until ``job`` is done: they are meant for what it opens."""
        self._holds[job] = self.app.screen

    def job_done(self, job: Worker) -> None:
        """``job`` has finished and its result was handled. If the screen on top is still the one
        it started on, nothing opened: the keys held for it are dropped."""
        started_on = self._holds.pop(job, None)
        if started_on is not None and self.app.screen is started_on:
            self._held.clear()
        self.nudge()

    def nudge(self) -> None:
        """Something the pump waits for may have changed."""
        self._wake.set()

    @property
    def held(self) -> int:
        return len(self._held)

    # --- the pump -------------------------------------------------------------------------------

    def _app_priority(self, key: str) -> bool:
        return any(binding.priority for binding in self.app._bindings.key_to_bindings.get(key, ()))

    def _waiting_for_share(self, screen: Screen) -> bool:
        for job in [job for job in self._holds if job.is_finished]:  # cancelled before it ran
            self.job_done(job)
        return bool(self._holds) or not getattr(screen, "ready", True)

    def _up(self, screen: Screen) -> bool:
        # the App's default screen sits under the first real one and is never meant
        return screen.is_mounted and screen is not self.app.screen_stack[0]

    async def _changes(self) -> None:
        try:
            await asyncio.wait_for(self._wake.wait(), CHECK_SECONDS)
        except TimeoutError:
            pass

    async def _next(self) -> events.Key | None:
        """The next key to deliver, once it may go (see rules 2-4)."""
        while self._held:
            self._wake.clear()
            screen = self.app.screen
            if not self._up(screen):
                # a new screen handles the marker once it has mounted; the App's default screen
                # (the first real one is still to come) or a closing one never does
                if screen is self.app.screen_stack[0] or not await handled_up_to_now(screen):
                    await self._changes()
            elif self._waiting_for_share(screen):
                urgent = next((i for i, key in enumerate(self._held) if key.key in URGENT_KEYS), None)
                if urgent is not None:
                    for _ in range(urgent):
                        self._held.popleft()
                    return self._held.popleft()
                await self._changes()
            else:
                await handled_up_to_now(screen)  # its resume and what that queued
                await handled_up_to_now(self.app)  # a deferred focus
                if self.app.screen is screen and self._held and not self._waiting_for_share(screen):
                    return self._held.popleft()
        return None

    async def _deliver(self, key: events.Key) -> DOMNode | None:
        self._sent = asyncio.get_running_loop().create_future()
        self._delivering = key
        try:
            if not self.app.post_message(key):
                return None
            return await self._sent
        finally:
            self._delivering = None

    async def _follow(self, target: DOMNode) -> None:
        """Wait until ``target`` and every node above it have handled the key, twice over."""
        chain = list(target.ancestors_with_self)
        for _ in range(2):
            for node in chain:
                await handled_up_to_now(node)

    async def _pump(self) -> None:
        try:
            while (key := await self._next()) is not None:
                target = await self._deliver(key)
                if target is not None:
                    await self._follow(target)
        except Exception:  # a fault here must not leave the keyboard dead: log it, start afresh
            log.exception("type-ahead stopped; %d held keys dropped", len(self._held))
            self._held.clear()
        finally:
            self._pumping = False
