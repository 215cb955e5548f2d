"""A small yes/no question: j = yes, n = no, Escape = neither (stay where you were)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding

from smtte_tui.i18n import t
from smtte_tui.screens.kit.dialog import Dialog
from smtte_tui.screens.widgets.plain import Plain


class ConfirmScreen(Dialog[bool | None]):
    BINDINGS = [
        Binding("j,y", "answer(True)", t("confirm.key.yes"), id="confirm.yes"),
        Binding("n", "answer(False)", t("confirm.key.no"), id="confirm.no"),
        Binding("escape", "answer(None)", t("app.key.back"), id="confirm.back"),
    ]
    BOX_ID = "confirm-box"

    def __init__(self, question: str, yes: str, no: str) -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose_box(self) -> ComposeResult:
        yield Plain(self.question)
        yield Plain(t("confirm.keys", yes=self.yes, no=self.no), classes="hint")

    def action_answer(self, answer: bool | None) -> None:
        self.dismiss(answer)
