"""Lists of prøvehandlinger: those past their end without a decision, and one plan's ramps.

Enter opens a cycle in :class:`~smtte_tui.screens.pdsa.pdsa.PdsaScreen`; on the ramp list N starts a
new cycle from one of the plan's tiltag (or a new idea).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from smtte_tui import lookup
from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.dates import format_date
from smtte_tui.features.pdsa import pdsa
from smtte_tui.i18n import t
from smtte_tui.models import Borger, PdsaCycle, SmttePlan
from smtte_tui.screens.kit.dialog import Dialog
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.kit.tablescreen import Column, TableScreen
from smtte_tui.screens.pdsa.pdsa import PdsaScreen, cycle_state, period_text
from smtte_tui.screens.widgets.lists import PlainOptionList
from smtte_tui.screens.widgets.plain import Plain

if TYPE_CHECKING:
    from smtte_tui.store import Store

NEW_IDEA = "ny-ide"  # the option id of "a new idea" in the tiltag picker (tiltag ids are hex)


class _CycleList(TableScreen[PdsaCycle]):
    """A table of cycles: Enter opens the highlighted one; the list reloads on return."""

    CSS_PATH = css_of(__file__, "pdsa.tcss")

    TABLE_ID = "pdsa-list"
    RELOAD_ON_RESUME = True

    @property
    def cycles(self) -> list[PdsaCycle]:
        return self.rows

    def compose_above(self) -> ComposeResult:
        yield Plain("", id="pdsa-list-title")
        yield Plain("", id="pdsa-list-empty")

    def row_key(self, cycle: PdsaCycle) -> str:
        return cycle.id

    def action_open(self) -> None:
        cycle = self.current()
        if cycle is None:
            return
        self.read(lambda store: store.get(SmttePlan, cycle.plan_id), lambda plan: self._open(cycle, plan), name="open", hold_keys=True)

    def _open(self, cycle: PdsaCycle, plan: SmttePlan | None) -> None:
        if plan is None:
            self.notify(t("pdsa.error.unknown_plan"), severity="error")
            return
        self.app.push_screen(PdsaScreen(cycle, plan, step=self.open_step(cycle)))

    def open_step(self, cycle: PdsaCycle) -> str:
        return "plan"


class PdsaOverdueScreen(_CycleList):
    """Cycles past their end date still without a decision, oldest first, across all borgere."""

    BINDINGS = [
        # priority: the table's own Enter would otherwise answer first (and the help would show it)
        Binding("enter", "open", t("pdsa.key.open"), id="pdsa_overdue.open", priority=True),
        Binding("escape", "app.pop_screen", t("app.key.back"), id="pdsa_overdue.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.names: dict[str, str] = {}  # borger id: name, as last read

    def on_mount(self) -> None:
        self.query_one("#pdsa-list-title", Static).update(t("pdsa.overdue.title"))

    def columns(self) -> list[Column]:
        # the cycle's objective, free text of any length, last: a narrow terminal cuts it, not a date
        return [Column(key, t(f"pdsa.overdue.col.{key}")) for key in ("borger", "slut", "days", "cycle")]

    def fetch(self) -> Callable[[Store], tuple[list[PdsaCycle], dict[str, str]]]:
        today = self.app.now().date()

        def fetch(store: Store) -> tuple[list[PdsaCycle], dict[str, str]]:
            cycles = lookup.overdue(store, today)
            names = {}
            for cycle in cycles:
                borger = store.get(Borger, cycle.borger_id)
                names[cycle.borger_id] = borger.navn if borger else "?"
            return cycles, names

        return fetch

    def rows_from(self, found: tuple[list[PdsaCycle], dict[str, str]]) -> list[PdsaCycle]:
        cycles, self.names = found
        return cycles

    def cells(self, cycle: PdsaCycle) -> list[object]:
        today = self.app.now().date()
        return [Text(self.names[cycle.borger_id]), format_date(cycle.slut), str((today - cycle.slut).days), Text(t("pdsa.cycle_label", nummer=cycle.nummer, formaal=cycle.formaal))]

    def drawn(self, cycles: Sequence[PdsaCycle]) -> None:
        self.query_one("#pdsa-list-empty", Static).update("" if cycles else t("pdsa.overdue.none"))
        self.audit_shown(AuditAction.LAES_PDSA_FORFALDNE, AuditTarget.of(TargetKind.PDSA_FORFALDNE), [cycle.borger_id for cycle in cycles])

    def open_step(self, cycle: PdsaCycle) -> str:
        return "study"  # what an overdue cycle lacks is the look at the data and the decision


class PickTiltagScreen(Dialog[str | None]):
    """Which tiltag of the plan the new cycle tests, or a new idea. Returns the option id."""

    CSS_PATH = css_of(__file__, "pdsa.tcss")

    BOX_ID = "pdsa-pick-box"
    BINDINGS = [Binding("escape", "cancel", t("app.key.back"), id="pdsa_pick.cancel")]

    def __init__(self, plan: SmttePlan) -> None:
        super().__init__()
        self.plan = plan

    def compose_box(self) -> ComposeResult:
        options = [Option(Content(tiltag.hvad), id=tiltag.id) for tiltag in self.plan.tiltag if tiltag.aktiv]
        options.append(Option(t("pdsa.pick.new_idea"), id=NEW_IDEA))
        yield Plain(t("pdsa.pick.title"))
        yield PlainOptionList(*options, id="pdsa-pick")
        yield Plain(t("pdsa.pick.hint"), classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PdsaRampScreen(_CycleList):
    """One plan's cycles, ramp by ramp: each cycle's number, objective, dates and outcome."""

    BINDINGS = [
        Binding("enter", "open", t("pdsa.key.open"), id="pdsa_ramps.open", priority=True),
        Binding("n", "new_cycle", t("pdsa.key.new"), id="pdsa_ramps.new"),
        Binding("escape", "app.pop_screen", t("app.key.back"), id="pdsa_ramps.back"),
    ]

    def __init__(self, borger_id: str, plan: SmttePlan) -> None:
        super().__init__()
        self.borger_id = borger_id
        self.plan = plan
        self.ramp_numbers: dict[str, str] = {}  # cycle id: its ramp's number, on the ramp's first cycle

    def columns(self) -> list[Column]:
        # the objective, free text of any length, last: a narrow terminal cuts it, not the period or the outcome
        return [Column(key, t(f"pdsa.ramps.col.{key}")) for key in ("ramp", "nummer", "period", "status", "formaal")]

    def fetch(self) -> Callable[[Store], tuple[Borger | None, list[list[PdsaCycle]], SmttePlan]]:
        borger_id, known = self.borger_id, self.plan

        def fetch(store: Store) -> tuple[Borger | None, list[list[PdsaCycle]], SmttePlan]:
            plan = store.get(SmttePlan, known.id) or known  # adopt may have changed the tiltag
            return store.get(Borger, borger_id), pdsa.ramps(pdsa.cycles_of(store, borger_id, plan.id)), plan

        return fetch

    def rows_from(self, found: tuple[Borger | None, list[list[PdsaCycle]], SmttePlan]) -> list[PdsaCycle]:
        borger, grouped, self.plan = found
        self.query_one("#pdsa-list-title", Static).update(t("pdsa.ramps.title", navn=borger.navn if borger else ""))
        # a ramp's number stands on its first cycle only
        self.ramp_numbers = {ramp[0].id: str(number) for number, ramp in enumerate(grouped, start=1)}
        return [cycle for ramp in grouped for cycle in ramp]

    def cells(self, cycle: PdsaCycle) -> list[object]:
        return [self.ramp_numbers.get(cycle.id, ""), str(cycle.nummer), period_text(cycle), cycle_state(cycle, self.app.now().date()), Text(cycle.formaal)]

    def drawn(self, cycles: Sequence[PdsaCycle]) -> None:
        self.query_one("#pdsa-list-empty", Static).update("" if cycles else t("pdsa.ramps.none"))

    def action_new_cycle(self) -> None:
        if self.session is None or not self.session.may("pdsa"):
            self.notify(t("pdsa.only_planners_start"), severity="warning")
            return

        def picked(choice: str | None) -> None:
            if choice is None:
                return
            tiltag_id = None if choice == NEW_IDEA else choice
            draft = pdsa.draft_from_tiltag(self.plan, tiltag_id, self.app.now().date())
            self.app.push_screen(PdsaScreen(draft, self.plan, new=True))

        self.app.push_screen(PickTiltagScreen(self.plan), picked)
