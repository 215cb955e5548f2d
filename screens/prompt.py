"""A small modal that asks for one line of text (Enter = ok, Escape = cancel)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from smtte_tui.i18n import t


class PromptScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", t("app.key.back"), id="prompt.cancel")]

    def __init__(self, question: str, value: str = "", restrict: str | None = None) -> None:
        super().__init__()
        self.question, self.value, self.restrict = question, value, restrict

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(self.question)
            yield Input(value=self.value, restrict=self.restrict, id="prompt-input")
            yield Static(t("prompt.hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _ok(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
