"""A small yes/no question: j = yes, n = no, Escape = neither (stay where you were)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen

from smtte_tui.i18n import t
from smtte_tui.screens.widgets.plain import Plain


class ConfirmScreen(ModalScreen[bool | None]):
    BINDINGS = [
        Binding("j,y", "answer(True)", t("confirm.key.yes"), id="confirm.yes"),
        Binding("n", "answer(False)", t("confirm.key.no"), id="confirm.no"),
        Binding("escape", "answer(None)", t("app.key.back"), id="confirm.back"),
    ]
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    #confirm-box { width: 64; height: auto; border: round $warning; padding: 1 2; background: $surface; }
    """

    def __init__(self, question: str, yes: str, no: str) -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Plain(self.question)
            yield Plain(t("confirm.keys", yes=self.yes, no=self.no), classes="hint")

    def action_answer(self, answer: bool | None) -> None:
        self.dismiss(answer)
