"""Home = the borger picker: type to filter, arrows + Enter, this shift's status on every row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.followup import due_list
from smtte_tui.glyphs import glyphs
from smtte_tui.i18n import t, tn
from smtte_tui.lookup import active_plan, overdue, rank_borgere, shift_status
from smtte_tui.models import Borger, SmttePlan
from smtte_tui.screens.admin.searchaudit import SearchAudit
from smtte_tui.screens.kit.messages import ShiftLogChanged
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.kit.tablescreen import Column, TableScreen
from smtte_tui.screens.widgets.fields import FlowInput
from smtte_tui.screens.widgets.lists import KeyedOptionList
from smtte_tui.screens.widgets.plain import Plain

if TYPE_CHECKING:
    from smtte_tui.store import Store


@dataclass(frozen=True)
class Row:
    borger: Borger
    goal: str
    status: str  # done | missing | not_this_shift | no_plan
    plan: SmttePlan | None = None  # the active plan, so Enter opens the log screen without a read


@dataclass(frozen=True)
class Found:
    """What home reads: the rows, the shift they are for, late prøvehandlinger, meetings due."""

    rows: list[Row]
    vagt: str
    dato: dt.date
    late: list
    due: list


def load_rows(store, dato, vagt) -> list[Row]:
    """Active borgere with their goal and this shift's logging status (runs in a worker)."""
    borgere = sorted((b for b in store.all(Borger) if b.aktiv), key=lambda b: b.navn)
    plans = {b.id: active_plan(store, b.id) for b in borgere}
    status = shift_status(store, [b.id for b in borgere], plans, dato, vagt)
    return [Row(b, plans[b.id].maal.tekst if plans[b.id] and plans[b.id].maal else "", status[b.id], plans[b.id]) for b in borgere]


def row_label(row: Row) -> str:
    marks = glyphs()
    mark = {"done": marks.done, "missing": marks.missing, "not_this_shift": " ", "no_plan": " "}[row.status]
    state = t(f"home.status.{row.status}")
    return f"{mark} {row.borger.navn} ({row.borger.kortnavn}) {row.borger.bolig} – {state}\n   {row.goal or t('home.no_goal')}"


# The home keys only some roles may use: the record kind the store must let the person write
# (``Session.may``), and the sentence should the action be reached without its key.
ROLE_KEYS = {"overview": ("plan", "overview.only_planners"), "overdue": ("plan", "plan.error.only_planners"), "admin": ("medarbejder", "admin.only_leder")}


class HomeScreen(TableScreen[Row]):
    CSS_PATH = css_of(__file__, "shift.tcss")
    BINDINGS = [
        Binding("down", "move(1)", show=False, id="home.down"),
        Binding("up", "move(-1)", show=False, id="home.up"),
        Binding("f2", "missing", t("home.key.missing"), id="home.missing"),
        Binding("f3", "timeline", t("home.key.timeline"), id="home.timeline"),
        Binding("f4", "due", t("home.key.due"), id="home.due"),
        Binding("f5", "timeout", t("home.key.timeout"), id="home.timeout"),
        Binding("f6", "overview", t("home.key.overview"), id="home.overview"),
        Binding("ctrl+z", "app.undo", t("home.key.undo"), id="home.undo"),
        Binding("ctrl+l", "app.lock", t("app.key.lock"), id="home.lock"),
        Binding("f7", "plan", t("home.key.plan"), id="home.plan"),
        Binding("f8", "overdue", t("home.key.overdue"), id="home.overdue"),
        Binding("f9", "admin", t("home.key.admin"), id="home.admin"),
        Binding("escape", "clear_filter", t("home.key.clear"), show=False, id="home.clear"),
    ]

    TABLE_ID = "borgere"

    def __init__(self) -> None:
        super().__init__()
        self.search = SearchAudit(self)  # the filter, audited as searches ("soeg")

    def compose_above(self) -> ComposeResult:
        yield Plain("", id="home-shift")
        yield Plain("", id="home-pdsa")
        yield Plain("", id="home-due")
        yield FlowInput(id="filter", placeholder=t("home.filter.placeholder"))

    def make_table(self) -> Widget:
        return KeyedOptionList(id=self.TABLE_ID)  # two lines a borger (see TableScreen)

    def initial_focus(self) -> Widget:
        return self.query_one("#filter", Input)

    def columns(self) -> list[Column]:
        return []

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.query_one("#filter", Input).value = ""
        self.query_one("#filter", Input).focus()
        self.load()

    def on_shift_log_changed(self, message: ShiftLogChanged) -> None:
        self.load()  # a save or Ctrl+Z on this terminal: the statuses changed

    def fetch(self) -> Callable[[Store], Found]:
        vagt, dato = self.app.current_shift()
        today = self.app.now().date()
        planner = self.session is not None and self.session.may("plan")

        def fetch(store: Store) -> Found:
            rows = load_rows(store, dato, vagt)
            late = overdue(store, today) if planner else []
            due = due_list(store, today, logging=False) if planner else []
            return Found(rows, vagt, dato, late, due)

        return fetch

    def rows_from(self, found: Found) -> list[Row]:
        """The lines above the list (this shift, late prøvehandlinger, meetings due), then the rows."""
        rows, vagt, dato, late, due = found.rows, found.vagt, found.dato, found.late, found.due
        due_line = self.query_one("#home-due", Static)
        due_line.display = bool(due)
        overdue_count = sum(d.overdue for d in due)
        due_line.update(t("home.eval_due", overdue=overdue_count, soon=len(due) - overdue_count) if due else "")
        names = {row.borger.id: row.borger.kortnavn for row in rows}
        pdsa_line = self.query_one("#home-pdsa", Static)
        pdsa_line.display = bool(late)
        pdsa_line.update(tn("home.pdsa_overdue", len(late), n=len(late), who=", ".join(dict.fromkeys(names.get(c.borger_id, "?") for c in late))) if late else "")
        missing = sum(row.status == "missing" for row in rows)
        user = self.app.user.initialer if self.app.user else ""
        self.query_one("#home-shift", Static).update(t("home.shift", vagt=t(f"label.vagt.{vagt}"), dato=f"{dato:%d.%m.%Y}", missing=missing, user=user))
        self.audit_shown(AuditAction.LAES_BORGERLISTE, AuditTarget.of(TargetKind.HJEM), [row.borger.id for row in rows] + [c.borger_id for c in late])
        return rows

    def row_key(self, row: Row) -> str:
        return row.borger.id

    def cells(self, row: Row) -> list[str]:
        return [row_label(row)]

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.redraw()

    def visible(self, rows: Sequence[Row]) -> list[Row]:
        query = self.query_one("#filter", Input).value
        shown = rank_borgere(query, rows, lambda row: row.borger)  # best match first: it is the one highlighted
        self.search.typed(query, [row.borger.id for row in shown])
        return shown

    def place_cursor(self, shown: Sequence[Row], was: Row | None) -> str | None:
        """Keep the highlighted borger while they still lack signs; after a save the highlight
        moves on to the first borger still missing this shift (with a filter: the best match)."""
        if not shown:
            return None
        if self.query_one("#filter", Input).value:
            return shown[0].borger.id
        if was is not None and any(row.borger.id == was.borger.id and row.status == "missing" for row in shown):
            return was.borger.id
        return next((row.borger.id for row in shown if row.status == "missing"), shown[0].borger.id)

    def action_move(self, step: int) -> None:
        options = self.query_one("#borgere", OptionList)
        if self.shown:
            options.highlighted = max(0, min(len(self.shown) - 1, (options.highlighted or 0) + step))

    def field_entered(self, field: Input) -> None:
        self.open_current()

    def row_selected(self, row: Row) -> None:
        from smtte_tui.screens.shift.log import LogScreen

        self.app.push_screen(LogScreen(row.borger, row.plan))  # at once: the keys typed after Enter land on it

    def open_current(self) -> None:
        row = self.current()
        if row is not None:
            self.row_selected(row)

    def on_screen_suspend(self) -> None:
        self.search.settle()  # a borger opened from the filtered list, another screen, the lock

    def action_clear_filter(self) -> None:
        self.search.settle()
        self.query_one("#filter", Input).value = ""

    def action_missing(self) -> None:
        from smtte_tui.screens.shift.missing import MissingScreen

        self.app.push_screen(MissingScreen([row for row in self.rows if row.status == "missing"]))

    def _highlighted_borger(self) -> str | None:
        row = self.current()
        return row.borger.id if row is not None else None

    def action_plan(self) -> None:
        from smtte_tui.screens.plans.plan import PlanScreen

        borger_id = self._highlighted_borger()
        if borger_id is not None:
            self.app.push_screen(PlanScreen(borger_id))

    def action_timeline(self) -> None:
        from smtte_tui.screens.evaluation.timeline import TimelineScreen

        borger_id = self._highlighted_borger()
        if borger_id is not None:
            self.app.push_screen(TimelineScreen(borger_id))

    def action_due(self) -> None:
        from smtte_tui.screens.evaluation.due import DueScreen

        self.app.push_screen(DueScreen())

    def action_timeout(self) -> None:
        from smtte_tui.screens.overview.timeout import TimeoutScreen

        self.app.push_screen(TimeoutScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A key the person's role cannot use is not offered: it leaves the keys line and F1 and
        does nothing, so a medarbejder's keys line holds only what they can do."""
        return self._may(action)

    def _may(self, action: str) -> bool:
        needed = ROLE_KEYS.get(action)
        return needed is None or (self.session is not None and self.session.may(needed[0]))

    def _refused(self, action: str) -> bool:
        """The action's own guard (reached only without its key, e.g. ``run_action``): these
        screens show the whole house, and the administration the audit log."""
        if self._may(action):
            return False
        self.notify(t(ROLE_KEYS[action][1]), severity="warning")
        return True

    def action_overview(self) -> None:
        from smtte_tui.screens.overview.overview import OverviewScreen

        if not self._refused("overview"):
            self.app.push_screen(OverviewScreen())

    def action_overdue(self) -> None:
        from smtte_tui.screens.pdsa.pdsa_list import PdsaOverdueScreen

        if not self._refused("overdue"):
            self.app.push_screen(PdsaOverdueScreen())

    def action_admin(self) -> None:
        from smtte_tui.screens.admin.admin import AdminScreen

        if not self._refused("admin"):
            self.app.push_screen(AdminScreen())
