"""Today's entries for one borger: correct or withdraw any of them (a new revision each time)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Header

from smtte_tui.i18n import t
from smtte_tui.models import Observation
from smtte_tui.screens.base import AppScreen
from smtte_tui.screens.log import RESTRICT
from smtte_tui.screens.widgets.keybar import KeyBar
from smtte_tui.screens.widgets.syncbar import SyncBar
from smtte_tui.screens.widgets.plain import Plain, PlainTable


def format_value(observation: Observation) -> str:
    if observation.maaletype == "ja_nej":
        return t("log.yes") if observation.vaerdi else t("log.no")
    return str(observation.vaerdi)


class EntriesScreen(AppScreen):
    BINDINGS = [
        Binding("r", "correct", t("entries.key.correct"), id="entries.correct"),
        Binding("t", "withdraw", t("entries.key.withdraw"), id="entries.withdraw"),
        Binding("escape", "app.pop_screen", t("app.key.back"), id="entries.back"),
    ]

    def __init__(self, borger, plan, dato) -> None:
        super().__init__()
        self.borger, self.plan, self.dato = borger, plan, dato
        self.entries: list[Observation] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="main"):
            yield Plain(t("entries.title", navn=self.borger.navn, dato=f"{self.dato:%d.%m.%Y}"))
            yield PlainTable(id="entries", cursor_type="row")
        yield SyncBar(id="sync")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(t("entries.col.tegn"), t("entries.col.value"), t("entries.col.shift"), t("entries.col.author"), t("entries.col.versions"))
        self.query_one(DataTable).focus()
        self.load()

    def refresh_data(self, changes) -> None:
        self.load()

    def load(self) -> None:
        from smtte_tui.shiftlog import todays_entries

        borger_id, dato = self.borger.id, self.dato

        def fetch(store):
            entries = todays_entries(store, borger_id, dato)
            return entries, {o.id: len(store.history(Observation, o.id)) for o in entries}

        self.read(fetch, lambda found: self._show(*found), name="load")

    def _tegn_text(self, tegn_id: str) -> str:
        tegn = self.plan.tegn_by_id(tegn_id) if self.plan else None
        return tegn.tekst if tegn else tegn_id

    def _show(self, entries: list[Observation], versions: dict[str, int]) -> None:
        self.entries = entries
        table = self.query_one(DataTable)
        table.clear()
        for o in entries:
            table.add_row(self._tegn_text(o.tegn_id), format_value(o), t(f"label.vagt.{o.vagt}"), o.forfatter, str(versions[o.id]), key=o.id)

    def _selected(self) -> Observation | None:
        table = self.query_one(DataTable)
        if not self.entries or table.cursor_row is None or table.cursor_row >= len(self.entries):
            return None
        return self.entries[table.cursor_row]

    def action_correct(self) -> None:
        observation = self._selected()
        if observation is not None:
            self._ask_correction(observation)

    def _ask_correction(self, observation: Observation, text: str = "") -> None:
        from smtte_tui.screens.prompt import PromptScreen

        def done(answer: str | None) -> None:
            if answer:
                self.change(observation, answer)

        question = t("entries.correct_prompt", tegn=self._tegn_text(observation.tegn_id), kind=t(f"label.maaletype.{observation.maaletype}"))
        self.app.push_screen(PromptScreen(question, text, restrict=RESTRICT[observation.maaletype].replace("?", "*")), done)

    def change(self, observation: Observation, text: str) -> None:
        from smtte_tui.shiftlog import correct, parse_value

        tegn = self.plan.tegn_by_id(observation.tegn_id) if self.plan else None
        who = self.app.user.initialer

        def do(store) -> None:
            value = parse_value(tegn, text) if tegn else text
            correct(store, observation.id, value, observation.note, who)

        # not saved: the question comes back with what was typed
        self.write(do, lambda _: self._changed(t("entries.corrected")), failed=lambda _: self._ask_correction(observation, text), name="correct")

    def action_withdraw(self) -> None:
        from smtte_tui.shiftlog import withdraw

        observation = self._selected()
        if observation is None:
            return
        who = self.app.user.initialer
        # UnknownEntity when another terminal withdrew it first: the sentence, and the list is read again
        self.write(lambda store: withdraw(store, observation.id, who), lambda _: self._changed(t("entries.withdrawn")), failed=lambda _: self.load(), name="withdraw")

    def _changed(self, message: str) -> None:
        self.notify(message)
        self.load()
