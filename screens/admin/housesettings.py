"""Leder only (``F5`` in the administration): the house's security settings for every terminal.

Four numbers — wrong PINs before a block, within how many hours, how long the block lasts, idle
minutes before a screen locks — prefilled with what holds now. Enter moves on, Enter in the last
field saves through :func:`smtte_tui.features.admin.staffadmin.change_settings` (checked, audited
``skift_indstillinger``); a mistake is said in one sentence, nothing is saved and the first field has the focus again. Dismisses with the
sentence to show in the administration, or None when cancelled.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from smtte_tui.housesettings import FIELDS
from smtte_tui.i18n import t
from smtte_tui.screens.kit.base import run_job
from smtte_tui.screens.kit.dialog import Dialog
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.widgets.fields import FlowInput, focus_now
from smtte_tui.screens.widgets.plain import Plain, PlainLabel


class HouseSettingsScreen(Dialog[str | None]):
    CSS_PATH = css_of(__file__, "admin.tcss")
    BINDINGS = [Binding("escape", "cancel", t("app.key.back"), id="settings.cancel")]
    BOX_ID = "settings-box"

    def compose_box(self) -> ComposeResult:
        yield Plain(t("settings.title"), classes="admin-title")
        yield Plain(t("settings.intro"), classes="hint")
        for name in FIELDS:
            yield PlainLabel(t(f"settings.label.{name}"))
            yield FlowInput(id=name, restrict=r"[0-9]*", max_length=3, compact=True)
        yield Plain("", id="settings-message")

    def on_mount(self) -> None:
        focus_now(self.query_one(f"#{FIELDS[0]}", Input))
        self.load()

    def load(self) -> None:
        from smtte_tui.housesettings import current

        def fetch(store) -> dict[str, str]:
            settings = current(store)
            return {name: str(getattr(settings, name)) for name in FIELDS}

        run_job(self, fetch, self._fill, name="settings.load", exclusive=True)

    def _fill(self, values: dict[str, str]) -> None:
        for name, value in values.items():
            field = self.query_one(f"#{name}", Input)
            if not field.value:
                field.value = value

    def field_entered(self, field: Input) -> None:
        position = FIELDS.index(field.id or FIELDS[0])
        if position + 1 < len(FIELDS):
            focus_now(self.query_one(f"#{FIELDS[position + 1]}", Input))
            return
        self.save({name: self.query_one(f"#{name}", Input).value for name in FIELDS})

    def save(self, values: dict[str, str]) -> None:
        session = self.app.session

        def do(store) -> str:
            from smtte_tui.features.admin.staffadmin import change_settings

            change_settings(session, values)
            return t("settings.done")

        run_job(self, do, self.dismiss, failed=self._refused, name="settings.save", exclusive=True, hold_keys=True)

    def _refused(self, error: BaseException) -> bool:
        from smtte_tui.errors import refusal_sentence

        sentence = refusal_sentence(error)
        if sentence is None:
            return False  # a fault: the app logs it and says so
        self.query_one("#settings-message", Plain).update(sentence)
        focus_now(self.query_one(f"#{FIELDS[0]}", Input))  # through the fields again, Enter by Enter
        return True

    def action_cancel(self) -> None:
        self.dismiss(None)
