"""A small modal that asks for one line of text (Enter = ok, Escape = cancel)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from smtte_tui.dates import format_range, parse_range
from smtte_tui.i18n import t
from smtte_tui.screens.kit.dialog import Dialog
from smtte_tui.screens.widgets.plain import Plain


class PromptScreen(Dialog[str | None]):
    BINDINGS = [Binding("escape", "cancel", t("app.key.back"), id="prompt.cancel")]

    BOX_ID = "prompt-box"

    def __init__(self, question: str, value: str = "", restrict: str | None = None) -> None:
        super().__init__()
        self.question, self.value, self.restrict = question, value, restrict

    def compose_box(self) -> ComposeResult:
        yield Plain(self.question)
        yield Input(value=self.value, restrict=self.restrict, id="prompt-input")
        yield Plain(t("prompt.hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _ok(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_period(screen: Screen, question: str, start: dt.date | None, end: dt.date | None, chosen: Callable[[dt.date | None, dt.date | None], None]) -> None:
    """Ask for a period ("01.01.2026-30.06.2026"; empty = all time) and hand it to ``chosen``;
    a text that is no period gets a Danish message and changes nothing."""

    def apply(text: str | None) -> None:
        try:
            period = parse_range(text or "", screen.app.now().date())
        except ValueError as exc:
            screen.notify(str(exc), severity="error")
            return
        chosen(*period)

    screen.app.push_screen(PromptScreen(question, format_range(start, end)), apply)
