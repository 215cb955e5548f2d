"""The annual wheel (årshjul): the twelve months of a year with the meetings planned and held.

Per month: the follow-ups, status meetings and long-term evaluations the active plans have set
(red in a past month: overdue), the follow-ups expected after the next one by each plan's cadence,
and the meetings held. Under the table, the highlighted month's meetings one by one. ← → change
the year. Everything comes from core records, so a year is drawn at once.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Static

from smtte_tui import group
from smtte_tui.dates import DATE_MAX, DATE_MIN, format_date
from smtte_tui.i18n import t
from smtte_tui.screens.base import AppScreen
from smtte_tui.screens.widgets.keybar import KeyBar
from smtte_tui.screens.widgets.plain import Plain, PlainTable
from smtte_tui.screens.widgets.syncbar import SyncBar
from smtte_tui.timeline import format_score

PLANNED_ARTS = ("opfoelgning", "status", "evaluering")


def meeting_line(meeting: group.Meeting, today: dt.date) -> str:
    if meeting.held and meeting.evaluation is not None:
        ev = meeting.evaluation
        parts = [format_score(ev.maalopfyldelse)] if ev.maalopfyldelse is not None else []
        state = t("wheel.state.held", what=", ".join(parts + [t(f"meeting.decision.{ev.beslutning}")]))
    elif meeting.expected:
        state = t("wheel.state.expected")
    else:
        state = t("wheel.state.overdue") if meeting.dato < today else t("wheel.state.planned")
    return t("wheel.detail.line", dato=format_date(meeting.dato), navn=meeting.borger.navn, art=t(f"meeting.art.{meeting.art}"), state=state)


class YearWheelScreen(AppScreen):
    BINDINGS = [
        # priority: the table would otherwise take ← → to scroll sideways
        Binding("left", "year(-1)", t("wheel.key.previous"), id="wheel.previous", priority=True),
        Binding("right", "year(1)", t("wheel.key.next"), id="wheel.next", priority=True),
        Binding("escape", "back", t("app.key.back"), id="wheel.back"),
    ]
    DEFAULT_CSS = """
    YearWheelScreen #wheel-title { text-style: bold; padding: 0 1; }
    YearWheelScreen #wheel-table { height: auto; max-height: 16; }
    YearWheelScreen #wheel-detail { height: 1fr; padding: 0 1; border-top: solid $primary; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.year: int | None = None
        self.months: list[group.WheelMonth] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="main"):
            yield Plain("", id="wheel-title")
            yield PlainTable(id="wheel-table", cursor_type="row", zebra_stripes=True)
            yield Plain("", id="wheel-detail")
        yield SyncBar(id="sync")
        yield KeyBar()

    def on_mount(self) -> None:
        self.year = self.app.now().year
        table = self.query_one(DataTable)
        for key in ("month", *PLANNED_ARTS, "expected", "held"):
            table.add_column(t(f"wheel.col.{key}"), key=key)
        table.focus()
        self.load()

    def refresh_data(self, changes) -> None:
        self.load()

    def load(self) -> None:
        year, today = self.year, self.app.now().date()
        self.read(lambda store: group.year_wheel(store, year, today), lambda months: self._show(year, months), name="load")

    def _show(self, year: int, months: list[group.WheelMonth]) -> None:
        if year != self.year:
            return  # the year changed while this one was read
        table = self.query_one(DataTable)
        keep = table.cursor_row if self.months else None
        self.months = months
        self.audit_shown("laes_aarshjul", "aarshjul", [m.borger.id for month in months for m in month.planned + month.expected + month.held])
        this_month = self.app.now().date().replace(day=1)
        self.query_one("#wheel-title", Static).update(t("wheel.screen.title", year=year))
        table.clear()
        for month in months:
            overdue = month.month < this_month
            planned = [Text(str(month.planned_of(art)), style="red" if overdue and month.planned_of(art) else "") for art in PLANNED_ARTS]
            name = Text(t(f"month.{month.month.month}"), style="bold" if month.month == this_month else "")
            table.add_row(name, *planned, str(len(month.expected)), str(len(month.held)))
        if keep is None:
            keep = this_month.month - 1 if year == this_month.year else 0
        table.move_cursor(row=keep)
        self._detail()

    def current(self) -> group.WheelMonth | None:
        row = self.query_one(DataTable).cursor_row
        return self.months[row] if self.months and row is not None and row < len(self.months) else None

    @on(DataTable.RowHighlighted)
    def _detail(self) -> None:
        month = self.current()
        detail = self.query_one("#wheel-detail", Static)
        if month is None:
            detail.update("")
            return
        today = self.app.now().date()
        meetings = sorted(month.planned + month.expected + month.held, key=lambda m: (m.dato, m.borger.navn, m.held))
        name = f"{t(f'month.{month.month.month}')} {month.month.year}"
        lines = [meeting_line(m, today) for m in meetings] or [t("wheel.detail.none", month=name)]
        detail.update("\n".join([t("wheel.hint"), *lines]))

    def action_year(self, step: int) -> None:
        # only the years a kept date can lie in (dates.DATE_MIN..DATE_MAX): year 10000 has no January
        year = min(max((self.year or self.app.now().year) + step, DATE_MIN.year), DATE_MAX.year)
        if year != self.year:
            self.year = year
            self.load()

    def action_back(self) -> None:
        self.dismiss()
