"""Today's entries for one borger: correct or withdraw them (a new revision each time).

The cursor stays on its entry (found by the observation's id) when the list is read again after a
correction or another terminal's change, so the next ``r`` never hits a colleague's row. Each
question says whose entry it is; a medarbejder may change only their own
(``shiftlog.may_change``, enforced again by ``shiftlog.correct``/``withdraw``), and ``t`` asks
before it withdraws.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Header

from smtte_tui.i18n import t
from smtte_tui.models import Observation
from smtte_tui.screens.base import AppScreen
from smtte_tui.screens.widgets.keybar import KeyBar
from smtte_tui.screens.widgets.plain import Plain, PlainTable
from smtte_tui.screens.widgets.syncbar import SyncBar

# What the correction prompt lets through: whole words for ja/nej ("nej" must not become "nj";
# "maybe" is refused by the parser with a sentence), digits for the numbers.
CORRECTION_RESTRICT = {"ja_nej": r"[A-Za-zÆØÅæøå]*", "skala_1_5": r"[0-9]*", "antal": r"[0-9]*", "minutter": r"[0-9]*"}


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
        rows = [(o.id, (self._tegn_text(o.tegn_id), format_value(o), t(f"label.vagt.{o.vagt}"), o.forfatter, str(versions[o.id]))) for o in entries]
        self.query_one(PlainTable).replace_rows(rows)

    def _selected(self) -> Observation | None:
        key = self.query_one(PlainTable).current_key()
        return next((o for o in self.entries if o.id == key), None)

    def _may_change(self, observation: Observation) -> bool:
        """Whether the signed-in person may change this entry; says why not when not."""
        from smtte_tui.shiftlog import may_change

        if self.app.user is not None and may_change(self.app.user, observation):
            return True
        self.notify(t("log.error.not_yours", tegn=self._tegn_text(observation.tegn_id), forfatter=observation.forfatter, vagt=t(f"label.vagt.{observation.vagt}")), severity="warning", timeout=10)
        return False

    def _whose(self, observation: Observation) -> dict[str, str]:
        return {"tegn": self._tegn_text(observation.tegn_id), "value": format_value(observation), "forfatter": observation.forfatter, "vagt": t(f"label.vagt.{observation.vagt}")}

    def action_correct(self) -> None:
        observation = self._selected()
        if observation is not None and self._may_change(observation):
            self._ask_correction(observation, format_value(observation))

    def _ask_correction(self, observation: Observation, text: str) -> None:
        from smtte_tui.screens.prompt import PromptScreen

        def done(answer: str | None) -> None:
            if answer:
                self.change(observation, answer)

        question = t("entries.correct_prompt", kind=t(f"label.maaletype.{observation.maaletype}"), **self._whose(observation))
        self.app.push_screen(PromptScreen(question, text, restrict=CORRECTION_RESTRICT[observation.maaletype]), done)

    def change(self, observation: Observation, text: str) -> None:
        from smtte_tui.shiftlog import correct, parse_value

        tegn = self.plan.tegn_by_id(observation.tegn_id) if self.plan else None
        who = self.app.user.initialer

        def do(store) -> None:
            value = parse_value(tegn, text) if tegn else text
            correct(store, observation.id, value, observation.note, who)

        def failed(error: BaseException) -> None:
            if isinstance(error, PermissionError):
                self.load()  # not theirs to change (or no longer): the sentence says so
            else:
                self._ask_correction(observation, text)  # not saved: the question comes back with what was typed

        self.write(do, lambda _: self._changed(t("entries.corrected")), failed=failed, name="correct")

    def action_withdraw(self) -> None:
        from smtte_tui.screens.confirm import ConfirmScreen

        observation = self._selected()
        if observation is None or not self._may_change(observation):
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.withdraw(observation)

        self.app.push_screen(ConfirmScreen(t("entries.withdraw_question", **self._whose(observation)), t("entries.withdraw.yes"), t("entries.withdraw.no")), answered)

    def withdraw(self, observation: Observation) -> None:
        from smtte_tui.shiftlog import withdraw

        who = self.app.user.initialer
        # UnknownEntity when another terminal withdrew it first: the sentence, and the list is read again
        self.write(lambda store: withdraw(store, observation.id, who), lambda _: self._changed(t("entries.withdrawn")), failed=lambda _: self.load(), name="withdraw")

    def _changed(self, message: str) -> None:
        self.notify(message)
        self.load()
