"""Lists of prøvehandlinger: those past their end without a decision, and one plan's ramps.

Enter opens a cycle in :class:`~smtte_tui.screens.pdsa.PdsaScreen`; on the ramp list N starts a
new cycle from one of the plan's tiltag (or a new idea).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from smtte_tui import pdsa
from smtte_tui.dates import format_date
from smtte_tui.i18n import t
from smtte_tui.models import Borger, PdsaCycle, SmttePlan
from smtte_tui.screens.base import AppScreen
from smtte_tui.screens.pdsa import PdsaScreen, cycle_state, period_text
from smtte_tui.screens.widgets.keybar import KeyBar
from smtte_tui.screens.widgets.plain import Plain, PlainOptionList, PlainTable
from smtte_tui.screens.widgets.syncbar import SyncBar
from smtte_tui.store.access import PLANNERS

NEW_IDEA = "ny-ide"  # the option id of "a new idea" in the tiltag picker (tiltag ids are hex)

LIST_CSS = """
{screen} #pdsa-list-title {{ height: auto; text-style: bold; }}
{screen} #pdsa-list-empty {{ height: auto; color: $text-muted; }}
{screen} #pdsa-list {{ height: 1fr; }}
"""


class _CycleList(AppScreen):
    """A table of cycles: Enter opens the highlighted one; the list reloads on return."""

    def __init__(self) -> None:
        super().__init__()
        self.cycles: list[PdsaCycle] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="main"):
            yield Plain("", id="pdsa-list-title")
            yield Plain("", id="pdsa-list-empty")
            yield PlainTable(id="pdsa-list", cursor_type="row", zebra_stripes=True)
        yield SyncBar(id="sync")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.load()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.load()

    def refresh_data(self, changes) -> None:
        self.load()

    def load(self) -> None:
        """Override: read the cycles in a worker and call ``_show``."""

    def _selected(self) -> PdsaCycle | None:
        key = self.query_one(PlainTable).current_key()
        return next((cycle for cycle in self.cycles if cycle.id == key), None)

    def action_open(self) -> None:
        cycle = self._selected()
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

    DEFAULT_CSS = LIST_CSS.format(screen="PdsaOverdueScreen")
    BINDINGS = [
        # priority: the table's own Enter would otherwise answer first (and the help would show it)
        Binding("enter", "open", t("pdsa.key.open"), id="pdsa_overdue.open", priority=True),
        Binding("escape", "app.pop_screen", t("app.key.back"), id="pdsa_overdue.back"),
    ]

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(t("pdsa.overdue.col.borger"), t("pdsa.overdue.col.cycle"), t("pdsa.overdue.col.slut"), t("pdsa.overdue.col.days"))
        self.query_one("#pdsa-list-title", Static).update(t("pdsa.overdue.title"))
        super().on_mount()

    def load(self) -> None:
        today = self.app.now().date()

        def fetch(store):
            cycles = pdsa.overdue(store, today)
            names = {}
            for cycle in cycles:
                borger = store.get(Borger, cycle.borger_id)
                names[cycle.borger_id] = borger.navn if borger else "?"
            return cycles, names

        self.read(fetch, lambda found: self._show(*found, today), name="load")

    def _show(self, cycles: list[PdsaCycle], names: dict[str, str], today) -> None:
        self.cycles, self.loaded = cycles, True
        table = self.query_one(PlainTable)
        table.replace_rows(
            (cycle.id, (Text(names[cycle.borger_id]), Text(t("pdsa.cycle_label", nummer=cycle.nummer, formaal=cycle.formaal)), format_date(cycle.slut), str((today - cycle.slut).days)))
            for cycle in cycles
        )
        self.query_one("#pdsa-list-empty", Static).update("" if cycles else t("pdsa.overdue.none"))
        self.audit_shown("laes_pdsa_forfaldne", "pdsa_forfaldne", [cycle.borger_id for cycle in cycles])

    def open_step(self, cycle: PdsaCycle) -> str:
        return "study"  # what an overdue cycle lacks is the look at the data and the decision


class PickTiltagScreen(ModalScreen[str | None]):
    """Which tiltag of the plan the new cycle tests, or a new idea. Returns the option id."""

    DEFAULT_CSS = """
    PickTiltagScreen { align: center middle; }
    #pdsa-pick-box { width: 70; height: auto; max-height: 90%; border: round $accent; background: $surface; padding: 1 2; }
    #pdsa-pick-box OptionList { height: auto; max-height: 12; }
    #pdsa-pick-box .hint { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", t("app.key.back"), id="pdsa_pick.cancel")]

    def __init__(self, plan: SmttePlan) -> None:
        super().__init__()
        self.plan = plan

    def compose(self) -> ComposeResult:
        options = [Option(Content(tiltag.hvad), id=tiltag.id) for tiltag in self.plan.tiltag if tiltag.aktiv]
        options.append(Option(t("pdsa.pick.new_idea"), id=NEW_IDEA))
        with Vertical(id="pdsa-pick-box"):
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

    DEFAULT_CSS = LIST_CSS.format(screen="PdsaRampScreen")
    BINDINGS = [
        Binding("enter", "open", t("pdsa.key.open"), id="pdsa_ramps.open", priority=True),
        Binding("n", "new_cycle", t("pdsa.key.new"), id="pdsa_ramps.new"),
        Binding("escape", "app.pop_screen", t("app.key.back"), id="pdsa_ramps.back"),
    ]

    def __init__(self, borger_id: str, plan: SmttePlan) -> None:
        super().__init__()
        self.borger_id = borger_id
        self.plan = plan

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(t("pdsa.ramps.col.ramp"), t("pdsa.ramps.col.nummer"), t("pdsa.ramps.col.formaal"), t("pdsa.ramps.col.period"), t("pdsa.ramps.col.status"))
        super().on_mount()

    def load(self) -> None:
        borger_id, known, today = self.borger_id, self.plan, self.app.now().date()

        def fetch(store):
            plan = store.get(SmttePlan, known.id) or known  # adopt may have changed the tiltag
            return store.get(Borger, borger_id), pdsa.ramps(pdsa.cycles_of(store, borger_id, plan.id)), plan

        self.read(fetch, lambda found: self._show(*found, today), name="load")

    def _show(self, borger: Borger | None, grouped: list[list[PdsaCycle]], plan: SmttePlan, today) -> None:
        self.query_one("#pdsa-list-title", Static).update(t("pdsa.ramps.title", navn=borger.navn if borger else ""))
        self.plan = plan
        self.cycles = [cycle for ramp in grouped for cycle in ramp]
        self.loaded = True
        table = self.query_one(PlainTable)
        table.replace_rows(
            (cycle.id, (str(number) if cycle is ramp[0] else "", str(cycle.nummer), Text(cycle.formaal), period_text(cycle), cycle_state(cycle, today)))
            for number, ramp in enumerate(grouped, start=1)
            for cycle in ramp
        )
        self.query_one("#pdsa-list-empty", Static).update("" if self.cycles else t("pdsa.ramps.none"))

    def action_new_cycle(self) -> None:
        user = self.app.user
        if user is None or user.rolle not in PLANNERS:
            self.notify(t("pdsa.only_planners_start"), severity="warning")
            return

        def picked(choice: str | None) -> None:
            if choice is None:
                return
            tiltag_id = None if choice == NEW_IDEA else choice
            draft = pdsa.draft_from_tiltag(self.plan, tiltag_id, self.app.now().date())
            self.app.push_screen(PdsaScreen(draft, self.plan, new=True))

        self.app.push_screen(PickTiltagScreen(self.plan), picked)
