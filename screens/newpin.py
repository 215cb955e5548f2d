"""Over the lock screen: a person whose PIN has fewer than 6 digits chooses a new one, then is in.

The PIN was right a moment ago (:func:`smtte_tui.signin.sign_in` said ``new_pin_required``). The
new one is typed twice, hidden; Enter moves on, Enter in the second field saves it through
:func:`smtte_tui.pincode.change_own_pin` (6–8 digits, audited ``skift_egen_pin``). A mistake is said
in one sentence and both fields are cleared. Dismisses with True once saved, None on Esc (nobody
is signed in then).
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from smtte_tui.i18n import t
from smtte_tui.screens.widgets.fields import FlowInput, focus_now


class NewPinScreen(ModalScreen[bool | None]):
    BINDINGS = [Binding("escape", "cancel", t("newpin.key.cancel"), id="newpin.cancel")]
    DEFAULT_CSS = """
    NewPinScreen { align: center middle; }
    NewPinScreen #newpin-box { width: 64; height: auto; border: round $accent; padding: 1 2; background: $surface; }
    """

    def __init__(self, medarbejder) -> None:
        super().__init__()
        self.medarbejder = medarbejder

    def compose(self) -> ComposeResult:
        with Vertical(id="newpin-box"):
            yield Static(t("newpin.title"), id="lock-title")
            yield Static(t("newpin.intro", navn=self.medarbejder.navn), id="newpin-intro", markup=False)
            yield Label(t("newpin.pin"))
            yield FlowInput(id="newpin-1", password=True, max_length=8, restrict=r"[0-9]*")
            yield Label(t("newpin.again"))
            yield FlowInput(id="newpin-2", password=True, max_length=8, restrict=r"[0-9]*")
            yield Static("", id="newpin-message", markup=False)

    def on_mount(self) -> None:
        focus_now(self.query_one("#newpin-1", Input))

    def field_entered(self, field: Input) -> None:
        if field.id == "newpin-1":
            focus_now(self.query_one("#newpin-2", Input))
            return
        first, second = self.query_one("#newpin-1", Input), self.query_one("#newpin-2", Input)
        pins = (first.value, second.value)
        first.value = second.value = ""
        self.save(*pins)

    @work(thread=True, exclusive=True)
    def save(self, pin: str, pin_again: str) -> None:
        from smtte_tui.pincode import change_own_pin
        from smtte_tui.store import StoreError

        try:
            change_own_pin(self.app.store, self.medarbejder, pin, pin_again, now=self.app.now(), terminal=self.app.store.writer)
        except (ValueError, StoreError) as exc:
            self.app.call_from_thread(self._refused, str(exc))
            return
        self.app.call_from_thread(self.dismiss, True)

    def _refused(self, message: str) -> None:
        self.query_one("#newpin-message", Static).update(message)
        focus_now(self.query_one("#newpin-1", Input))

    def action_cancel(self) -> None:
        self.dismiss(None)
