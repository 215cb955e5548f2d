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
