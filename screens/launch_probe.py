"""Measure launch-to-interactive for ``smtte bench`` (run as a child process; imports Textual).

``python -m smtte_tui.screens.launch_probe smtte DATA LOCAL`` starts the real app headless and prints the
wall-clock time at which the lock screen's initials field has focus. ``... minimal`` does the same
for a one-Input Textual app, the baseline. The parent subtracts its own spawn time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def _ready_when(app, predicate) -> None:
    async def auto_pilot(pilot) -> None:
        while not predicate():
            await pilot.pause(0.005)
        print(f"READY {time.time():.6f}", flush=True)
        app.exit()

    app.run(headless=True, auto_pilot=auto_pilot)


def _app_on(root: Path, local: Path):
    import smtte_tui.cli  # noqa: F401  (what the real ``smtte`` command imports first)
    from smtte_tui.app import SmtteApp

    def open_store():
        from smtte_tui.store import Store

        return Store(root, local_dir=local, write_behind=True)

    return SmtteApp(open_store=open_store)


async def _signed_in(app, pilot) -> float:
    """Type the demo medarbejder's initials and PIN once the store is open; the seconds from the
    last Enter until the home screen shows its borger list."""
    from smtte_tui.demo import DEMO_PIN
    from smtte_tui.screens.shift.home import HomeScreen

    while not (app._store_ready.is_set() and app.focused is not None and app.focused.id == "initials"):
        await pilot.pause(0.01)
    await pilot.press("M", "A", "enter", *DEMO_PIN)
    start = time.perf_counter()
    await pilot.press("enter")
    while not (isinstance(app.screen, HomeScreen) and app.screen.rows and app.screen.query_one("#borgere").option_count):
        await pilot.pause(0.005)
    return time.perf_counter() - start


def signin_probe(root: Path, local: Path) -> dict:
    """``smtte bench --share-latency-ms``: PIN Enter to the borger list, in the real app."""
    app = _app_on(root, local)
    result: dict = {}

    async def auto_pilot(pilot) -> None:
        result["s"] = round(await _signed_in(app, pilot), 3)
        app.exit()

    app.run(headless=True, auto_pilot=auto_pilot)
    return result


def typing_probe(root: Path, local: Path, other_root: Path, other_local: Path, keys: int = 60) -> dict:
    """Signed in on the home screen while another PC saves every half second (so polls read
    something): from a key arriving (posted to the app as the terminal driver would) until the
    filter holds it and the borger list shows the filtered result. Pilot's own ``press`` waits for
    idle and animations (about 60 ms even in a one-field app), so it is not used to time."""
    import asyncio
    import statistics
    import threading

    from textual import events

    from smtte_tui.bench import _observation_for
    from smtte_tui.lookup import rank_borgere
    from smtte_tui.store import Store

    stop = threading.Event()

    def other_pc() -> None:
        with Store(other_root, local_dir=other_local) as writer:
            while not stop.wait(0.5):
                writer.create(_observation_for(writer), "MA")

    app = _app_on(root, local)
    result: dict = {}

    async def auto_pilot(pilot) -> None:
        from textual.widgets import Input

        await _signed_in(app, pilot)
        threading.Thread(target=other_pc, daemon=True).start()
        screen = app.screen
        field = screen.query_one("#filter", Input)
        times = []
        for number in range(keys):
            letter = "ab"[number % 2]
            wanted = field.value + letter
            start = time.perf_counter()
            app.post_message(events.Key(letter, letter))
            expected = [row.borger.id for row in rank_borgere(wanted, screen.rows, lambda row: row.borger)]
            while not (field.value == wanted and [row.borger.id for row in screen.shown] == expected):
                await asyncio.sleep(0.0005)
            times.append((time.perf_counter() - start) * 1000)
            if number % 8 == 7:
                await pilot.press("escape")  # clear the filter, as a person would
            await pilot.pause(0.05 + (number % 5) * 0.1)  # keys at varying moments of the poll cycle
        stop.set()
        result.update(max_ms=round(max(times), 1), median_ms=round(statistics.median(times), 1), keys=len(times))
        app.exit()

    app.run(headless=True, auto_pilot=auto_pilot)
    return result


def main(argv: list[str]) -> None:
    kind = argv[0]
    if kind == "minimal":
        from textual.app import App, ComposeResult
        from textual.widgets import Input

        class Minimal(App[None]):
            def compose(self) -> ComposeResult:
                yield Input(id="initials")

            def on_mount(self) -> None:
                self.query_one(Input).focus()

        app = Minimal()
        _ready_when(app, lambda: app.focused is not None and app.focused.id == "initials")
        return
    import smtte_tui.cli  # noqa: F401  (what the real ``smtte`` command imports first)
    from smtte_tui.app import SmtteApp

    def open_store():
        from smtte_tui.store import Store

        return Store(Path(argv[1]), local_dir=Path(argv[2]))

    app = SmtteApp(open_store=open_store)
    _ready_when(app, lambda: app.focused is not None and app.focused.id == "initials")


if __name__ == "__main__":
    main(sys.argv[1:])
