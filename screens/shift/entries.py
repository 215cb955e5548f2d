"""Today's entries for one borger: correct or withdraw them (a new revision each time).

The cursor stays on its entry (found by the observation's id) when the list is read again after a
correction or another terminal's change, so the next ``r`` never hits a colleague's row. Each
question says whose entry it is; a medarbejder may change only their own
(``shiftlog.may_change``, enforced again by ``shiftlog.correct``/``withdraw``), and ``t`` asks
before it withdraws.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding

from smtte_tui.i18n import t
from smtte_tui.models import Observation
from smtte_tui.screens.kit.tablescreen import Column, TableScreen
from smtte_tui.screens.widgets.plain import Plain

if TYPE_CHECKING:
    from smtte_tui.store import Store


# What the correction prompt lets through: whole words for ja/nej ("nej" must not become "nj";
# "maybe" is refused by the parser with a sentence), digits for the numbers.
CORRECTION_RESTRICT = {"ja_nej": r"[A-Za-zÆØÅæøå]*", "skala_1_5": r"[0-9]*", "antal": r"[0-9]*", "minutter": r"[0-9]*"}


def format_value(observation: Observation) -> str:
    if observation.maaletype == "ja_nej":
        return t("log.yes") if observation.vaerdi else t("log.no")
    return str(observation.vaerdi)


class EntriesScreen(TableScreen[Observation]):
    BINDINGS = [
        Binding("r", "correct", t("entries.key.correct"), id="entries.correct"),
        Binding("t", "withdraw", t("entries.key.withdraw"), id="entries.withdraw"),
        Binding("escape", "app.pop_screen", t("app.key.back"), id="entries.back"),
    ]
    TABLE_ID = "entries"
    ZEBRA = False

    def __init__(self, borger, plan, dato) -> None:
        super().__init__()
        self.borger, self.plan, self.dato = borger, plan, dato
        self.versions: dict[str, int] = {}  # revisions per observation id, as last read

    @property
    def entries(self) -> list[Observation]:
        return self.rows

    def compose_above(self) -> ComposeResult:
        yield Plain(t("entries.title", navn=self.borger.navn, dato=f"{self.dato:%d.%m.%Y}"))

    def columns(self) -> list[Column]:
        return [Column(key, t(f"entries.col.{key}")) for key in ("tegn", "value", "shift", "author", "versions")]

    def fetch(self) -> Callable[[Store], tuple[list[Observation], dict[str, int]]]:
        from smtte_tui.features.shift.shiftlog import todays_entries

        borger_id, dato = self.borger.id, self.dato

        def fetch(store: Store) -> tuple[list[Observation], dict[str, int]]:
            entries = todays_entries(store, borger_id, dato)
            return entries, {o.id: len(store.history(Observation, o.id)) for o in entries}

        return fetch

    def rows_from(self, found: tuple[list[Observation], dict[str, int]]) -> list[Observation]:
        entries, self.versions = found
        return entries

    def row_key(self, observation: Observation) -> str:
        return observation.id

    def cells(self, o: Observation) -> list[str]:
        return [self._tegn_text(o.tegn_id), format_value(o), t(f"label.vagt.{o.vagt}"), o.forfatter, str(self.versions[o.id])]

    def _tegn_text(self, tegn_id: str) -> str:
        tegn = self.plan.tegn_by_id(tegn_id) if self.plan else None
        return tegn.tekst if tegn else tegn_id

    def _may_change(self, observation: Observation) -> bool:
        """Whether the signed-in person may change this entry; says why not when not."""
        from smtte_tui.features.shift.shiftlog import may_change

        if self.session is not None and may_change(self.session.person, observation):
            return True
        self.notify(t("log.error.not_yours", tegn=self._tegn_text(observation.tegn_id), forfatter=observation.forfatter, vagt=t(f"label.vagt.{observation.vagt}")), severity="warning", timeout=10)
        return False

    def _whose(self, observation: Observation) -> dict[str, str]:
        return {"tegn": self._tegn_text(observation.tegn_id), "value": format_value(observation), "forfatter": observation.forfatter, "vagt": t(f"label.vagt.{observation.vagt}")}

    def action_correct(self) -> None:
        observation = self.current()
        if observation is not None and self._may_change(observation):
            self._ask_correction(observation, format_value(observation))

    def _ask_correction(self, observation: Observation, text: str) -> None:
        from smtte_tui.screens.kit.prompt import PromptScreen

        def done(answer: str | None) -> None:
            if answer:
                self.change(observation, answer)

        question = t("entries.correct_prompt", kind=t(f"label.maaletype.{observation.maaletype}"), **self._whose(observation))
        self.app.push_screen(PromptScreen(question, text, restrict=CORRECTION_RESTRICT[observation.maaletype]), done)

    def change(self, observation: Observation, text: str) -> None:
        from smtte_tui.features.shift.shiftlog import correct, parse_value

        tegn = self.plan.tegn_by_id(observation.tegn_id) if self.plan else None
        session = self.session

        def do(store) -> None:
            value = parse_value(tegn, text) if tegn else text
            correct(session, observation.id, value, observation.note)

        def failed(error: BaseException) -> None:
            if isinstance(error, PermissionError):
                self.load()  # not theirs to change (or no longer): the sentence says so
            else:
                self._ask_correction(observation, text)  # not saved: the question comes back with what was typed

        self.write(do, lambda _: self._changed(t("entries.corrected")), failed=failed, name="correct")

    def action_withdraw(self) -> None:
        from smtte_tui.screens.kit.confirm import ConfirmScreen

        observation = self.current()
        if observation is None or not self._may_change(observation):
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.withdraw(observation)

        self.app.push_screen(ConfirmScreen(t("entries.withdraw_question", **self._whose(observation)), t("entries.withdraw.yes"), t("entries.withdraw.no")), answered)

    def withdraw(self, observation: Observation) -> None:
        from smtte_tui.features.shift.shiftlog import withdraw

        session = self.session
        # UnknownEntity when another terminal withdrew it first: the sentence, and the list is read again
        self.write(lambda store: withdraw(session, observation.id), lambda _: self._changed(t("entries.withdrawn")), failed=lambda _: self.load(), name="withdraw")

    def _changed(self, message: str) -> None:
        self.notify(message)
        self.load()
