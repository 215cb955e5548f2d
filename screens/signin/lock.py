"""The lock screen: initials + PIN (and a new PIN, when the old one has fewer than 6 digits).
Nothing about any borger is visible here.

When the folder has had staff but none can be read (a damaged or missing core file), the screen
says so in one sentence and lets nobody sign in (``SmtteApp._store_opened``); smtte is started
again once the folder is repaired."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widget import Widget
from textual.widgets import Input, Static

from smtte_tui.i18n import t
from smtte_tui.screens.kit.base import AppScreen
from smtte_tui.screens.kit.messages import StoreOpened
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.widgets.fields import FlowInput, focus_now
from smtte_tui.screens.widgets.plain import Plain, PlainLabel
from smtte_tui.secret import Secret


class LockScreen(AppScreen):
    CSS_PATH = css_of(__file__, "signin.tcss")
    BINDINGS = [Binding("escape", "clear", t("lock.key.clear"), id="lock.clear")]

    def __init__(self, note: str = "") -> None:
        """``note``: why the screen is locked and whether a draft was kept (the lock says so, so
        the person coming back knows their typing is not lost); never anything about a borger."""
        super().__init__()
        self.closed = False  # True while the staff list cannot be read: nobody signs in
        self.note = note

    def main_container(self) -> Widget | None:
        return Center(id="main", classes="lock-frame")

    def compose_main(self) -> ComposeResult:
        with Vertical(id="lock-box"):
            yield Plain(t("lock.title"), id="lock-title")
            yield Plain(self.note, id="lock-note", classes="hint")
            yield PlainLabel(t("lock.initials"))
            yield FlowInput(id="initials", max_length=8, placeholder=t("lock.initials.placeholder"))
            yield PlainLabel(t("lock.pin"))
            yield FlowInput(id="pin", password=True, max_length=8, restrict=r"[0-9]*", placeholder=t("lock.pin.placeholder"))  # not dots: they look like a PIN already typed
            yield Plain("", id="lock-message")

    def on_mount(self) -> None:
        self.query_one("#lock-note").display = bool(self.note)
        self.query_one("#initials", Input).focus()

    def on_store_opened(self, message: StoreOpened) -> None:
        if not message.staff_readable:
            self.staff_unreadable()

    def staff_unreadable(self) -> None:
        """The folder has had staff, but none can be read: say so and let nobody in."""
        self.closed = True
        self.query_one("#pin", Input).value = ""
        self.query_one("#lock-message", Static).update(t("lock.staff_unreadable"))

    def action_clear(self) -> None:
        self.query_one("#initials", Input).value = ""
        self.query_one("#pin", Input).value = ""
        self.query_one("#initials", Input).focus()

    def field_entered(self, field: Input) -> None:
        if field.id == "initials":
            focus_now(self.query_one("#pin", Input))
            return
        if self.closed:
            self.staff_unreadable()  # the sentence again; nothing is tried, nothing is written
            return
        initials = self.query_one("#initials", Input).value
        # Secret: a str to sign-in, masked wherever a value is printed (a traceback's locals, a
        # log line); the worker is named, never described by its arguments
        pin = Secret(self.query_one("#pin", Input).value)
        self.query_one("#pin", Input).value = ""
        self.write(lambda store: self.app.try_sign_in(initials, pin), self._after_sign_in, failed=self._sign_in_failed, name="sign_in", hold_keys=True)

    def _after_sign_in(self, result) -> None:
        if result.ok:
            self.query_one("#lock-message", Static).update("")
            self.app.signed_in(result.medarbejder)
        elif result.reason == "new_pin_required":  # a right PIN of fewer than 6 digits: choose a new one first
            self._choose_new_pin(result.medarbejder)
        else:
            self.query_one("#lock-message", Static).update(result.message)
            self.query_one("#pin", Input).focus()

    def _choose_new_pin(self, medarbejder) -> None:
        from smtte_tui.screens.signin.newpin import NewPinScreen

        def chosen(saved: bool | None) -> None:
            if saved:
                self.query_one("#lock-message", Static).update("")
                self.app.signed_in(medarbejder)
            else:
                self.action_clear()

        self.query_one("#initials", Input).value = ""
        self.app.push_screen(NewPinScreen(medarbejder), chosen)

    def _sign_in_failed(self, error: BaseException) -> None:
        self.query_one("#lock-message", Static).update("")  # the notice says what went wrong
        self.query_one("#pin", Input).focus()
