"""Leder only: add borgere and staff (after the first start, and whenever someone new arrives)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Input, Label, Static

from smtte_tui.i18n import t
from smtte_tui.screens.base import AppScreen
from smtte_tui.screens.widgets.fields import FlowInput, focus_now
from smtte_tui.screens.widgets.syncbar import SyncBar

BORGER_FIELDS = ("b-navn", "b-kortnavn", "b-bolig")
STAFF_FIELDS = ("m-initialer", "m-navn", "m-rolle", "m-pin")
ROLES = {"m": "medarbejder", "t": "tovholder", "l": "leder"}


class AdminScreen(AppScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", t("app.key.back"), id="admin.back")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(classes="admin-form"):
                yield Static(t("admin.borger.title"), classes="admin-title")
                for name in BORGER_FIELDS:
                    yield Label(t(f"admin.{name}"))
                    yield FlowInput(id=name)
            with Vertical(classes="admin-form"):
                yield Static(t("admin.staff.title"), classes="admin-title")
                for name in STAFF_FIELDS:
                    yield Label(t(f"admin.{name}"))
                    restrict = r"[mtlMTL]?" if name == "m-rolle" else (r"[0-9]*" if name == "m-pin" else None)
                    yield FlowInput(id=name, restrict=restrict, password=name == "m-pin", max_length=8 if name != "m-navn" else 0)
        yield Static("", id="admin-message")
        yield SyncBar(id="sync")
        yield Footer()

    def on_mount(self) -> None:
        focus_now(self.query_one("#b-navn", Input))

    def field_entered(self, field: Input) -> None:
        for group in (BORGER_FIELDS, STAFF_FIELDS):
            if field.id in group:
                position = group.index(field.id)
                if position + 1 < len(group):
                    focus_now(self.query_one(f"#{group[position + 1]}", Input))
                else:
                    self.create({name: self.query_one(f"#{name}", Input).value for name in group}, group)

    @work(thread=True, exclusive=True)
    def create(self, values: dict[str, str], group: tuple[str, ...]) -> None:
        from smtte_tui.signin import add_borger, add_medarbejder

        try:
            if group is BORGER_FIELDS:
                borger = add_borger(self.app.store, self.app.user, values["b-navn"], values["b-kortnavn"] or values["b-navn"][:2], values["b-bolig"])
                message = t("admin.borger.added", navn=borger.navn)
            else:
                rolle = ROLES.get(values["m-rolle"].lower(), "medarbejder")
                staff = add_medarbejder(self.app.store, self.app.user, values["m-initialer"], values["m-navn"], rolle, values["m-pin"], now=self.app.now())
                message = t("admin.staff.added", initialer=staff.initialer, rolle=t(f"label.rolle.{rolle}"))
        except (ValueError, PermissionError) as exc:
            self.app.call_from_thread(self._show, str(exc), None)
            return
        self.app.call_from_thread(self._show, message, group)

    def _show(self, message: str, clear: tuple[str, ...] | None) -> None:
        self.query_one("#admin-message", Static).update(message)
        if clear:
            for name in clear:
                self.query_one(f"#{name}", Input).value = ""
            focus_now(self.query_one(f"#{clear[0]}", Input))
