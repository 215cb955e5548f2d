"""First start on an empty data folder: create the first leder account."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widget import Widget
from textual.widgets import Input, Static

from smtte_tui.errors import refusal_sentence
from smtte_tui.i18n import t
from smtte_tui.screens.kit.base import AppScreen
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.widgets.fields import FlowInput, focus_now
from smtte_tui.screens.widgets.plain import Plain, PlainLabel
from smtte_tui.secret import Secret


class FirstRunScreen(AppScreen):
    CSS_PATH = css_of(__file__, "signin.tcss")

    def main_container(self) -> Widget | None:
        return Center(id="main", classes="lock-frame")

    def compose_main(self) -> ComposeResult:
        with Vertical(id="lock-box"):
            yield Plain(t("setup.title"), id="lock-title")
            yield Plain(t("setup.intro"))
            yield PlainLabel(t("lock.initials"))
            # compact fields: at 80×24 four tall fields and the intro would push the last one
            # under the frame's border, where the second PIN is typed unseen
            yield FlowInput(id="initials", max_length=8, compact=True)
            yield PlainLabel(t("setup.name"))
            yield FlowInput(id="navn", compact=True)
            yield PlainLabel(t("lock.pin"))
            yield FlowInput(id="pin", password=True, max_length=8, restrict=r"[0-9]*", compact=True)
            yield PlainLabel(t("setup.pin_again"))
            yield FlowInput(id="pin2", password=True, max_length=8, restrict=r"[0-9]*", compact=True)
            yield Plain("", id="lock-message")

    def on_mount(self) -> None:
        self.query_one("#initials", Input).focus()

    def field_entered(self, field: Input) -> None:
        order = ["initials", "navn", "pin", "pin2"]
        position = order.index(field.id or "initials")
        if position < len(order) - 1:
            focus_now(self.query_one(f"#{order[position + 1]}", Input))
        else:
            values = {name: self.query_one(f"#{name}", Input).value for name in order}
            values["pin"], values["pin2"] = Secret(values["pin"]), Secret(values["pin2"])  # masked when printed
            now = self.app.now()

            def create(store):
                from smtte_tui.features.admin.staffadmin import create_first_leder

                return create_first_leder(store, values["initials"], values["navn"], values["pin"], values["pin2"], now=now)

            self.write(create, self.app.signed_in, failed=self._refused, name="create_first_leder", hold_keys=True)

    def _refused(self, error: BaseException) -> bool:
        """A refusal (PINs differ, initials taken, ...) is said under the form; the form keeps its values."""
        sentence = refusal_sentence(error)
        self.query_one("#lock-message", Static).update(sentence or "")
        return sentence is not None
