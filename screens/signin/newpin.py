"""Over the lock screen: a person whose PIN has fewer than 6 digits chooses a new one, then is in.

The PIN was right a moment ago (:func:`smtte_tui.features.signin.signin.sign_in` said ``new_pin_required``). The
new one is typed twice, hidden; Enter moves on, Enter in the second field saves it through
:func:`smtte_tui.features.signin.pincode.change_own_pin` (6–8 digits, audited ``skift_egen_pin``). A mistake is said
in one sentence and both fields are cleared. Dismisses with True once saved, None on Esc (nobody
is signed in then).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from smtte_tui.i18n import t
from smtte_tui.screens.kit.base import run_job
from smtte_tui.screens.kit.dialog import Dialog
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.widgets.fields import FlowInput, focus_now
from smtte_tui.screens.widgets.plain import Plain, PlainLabel
from smtte_tui.secret import Secret


class NewPinScreen(Dialog[bool | None]):
    CSS_PATH = css_of(__file__, "signin.tcss")
    BINDINGS = [Binding("escape", "cancel", t("newpin.key.cancel"), id="newpin.cancel")]
    BOX_ID = "newpin-box"

    def __init__(self, medarbejder) -> None:
        super().__init__()
        self.medarbejder = medarbejder

    def compose_box(self) -> ComposeResult:
        yield Plain(t("newpin.title"), id="lock-title")
        yield Plain(t("newpin.intro", navn=self.medarbejder.navn), id="newpin-intro")
        yield PlainLabel(t("newpin.pin"))
        yield FlowInput(id="newpin-1", password=True, max_length=8, restrict=r"[0-9]*")
        yield PlainLabel(t("newpin.again"))
        yield FlowInput(id="newpin-2", password=True, max_length=8, restrict=r"[0-9]*")
        yield Plain("", id="newpin-message")

    def on_mount(self) -> None:
        focus_now(self.query_one("#newpin-1", Input))

    def field_entered(self, field: Input) -> None:
        if field.id == "newpin-1":
            focus_now(self.query_one("#newpin-2", Input))
            return
        first, second = self.query_one("#newpin-1", Input), self.query_one("#newpin-2", Input)
        # Secret: masked wherever a value is printed; the worker is named, never described by them
        pin, pin_again = Secret(first.value), Secret(second.value)
        first.value = second.value = ""
        medarbejder, clock = self.medarbejder, self.app.clock

        def save(store) -> bool:
            from smtte_tui.features.signin.pincode import change_own_pin
            from smtte_tui.session import Session

            # not signed in yet (the new PIN comes first), so the session is the person's own for this
            change_own_pin(Session(store, medarbejder, clock=clock, terminal=store.writer), pin, pin_again)
            return True

        run_job(self, save, self.dismiss, failed=self._refused, name="newpin.save", exclusive=True, hold_keys=True)

    def _refused(self, error: BaseException) -> bool:
        from smtte_tui.errors import refusal_sentence

        sentence = refusal_sentence(error)
        if sentence is None:
            return False  # a fault: the app logs it and says so
        self.query_one("#newpin-message", Plain).update(sentence)
        focus_now(self.query_one("#newpin-1", Input))
        return True

    def action_cancel(self) -> None:
        self.dismiss(None)
