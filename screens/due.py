"""Evaluations due and overdue across all borgere: the follow-up structure at a glance.

One row per planned meeting of an active plan (follow-up, status meeting, long-term evaluation)
that is overdue or due within two weeks, oldest first, with the daily follow-up beside it: when
signs were last logged for the borger. Enter holds the meeting (tovholder, leder), T opens the
borger's timeline.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Static

from smtte_tui import evaluation
from smtte_tui.dates import format_date
from smtte_tui.i18n import t, tn
from smtte_tui.screens.base import AppScreen
from smtte_tui.screens.widgets.keybar import KeyBar
from smtte_tui.screens.widgets.plain import Plain, PlainTable
from smtte_tui.screens.widgets.syncbar import SyncBar


def when_text(due: evaluation.Due) -> str:
    if due.days < 0:
        return tn("due.overdue", -due.days, days=-due.days)
    if due.days == 0:
        return t("due.today")
    return tn("due.in_days", due.days, days=due.days)


def art_text(due: evaluation.Due) -> str:
    """The meeting, and the smaller ones set for the same day that it covers."""
    return " + ".join(t(f"meeting.art.{art}") for art in (due.art, *due.also))


def logged_text(due: evaluation.Due, today) -> str:
    if due.last_logged is None:
        return t("due.logged.none")
    days = (today - due.last_logged).days
    return t("due.logged.today") if days <= 0 else tn("due.logged.days", days, days=days, dato=format_date(due.last_logged))


class DueScreen(AppScreen):
    BINDINGS = [
        Binding("enter", "meeting", t("due.key.meeting"), id="due.meeting"),
        Binding("t", "timeline", t("due.key.timeline"), id="due.timeline"),
        Binding("escape", "back", t("app.key.back"), id="due.back"),
    ]
    DEFAULT_CSS = """
    DueScreen #due-title { text-style: bold; padding: 0 1; }
    DueScreen #due-empty { color: $text-muted; padding: 0 1; height: auto; }
    DueScreen #due-table { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[evaluation.Due] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="main"):
            yield Plain(t("due.title", days=evaluation.DUE_SOON_DAYS), id="due-title")
            yield Plain("", id="due-empty")
            yield PlainTable(id="due-table", cursor_type="row", zebra_stripes=True)
        yield SyncBar(id="sync")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in ("borger", "art", "dato", "when", "logged"):
            table.add_column(t(f"due.col.{key}"), key=key)
        table.focus()
        self.load()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.load()

    def refresh_data(self, changes) -> None:
        self.load()

    def load(self) -> None:
        today = self.app.now().date()
        self.read(lambda store: evaluation.due_list(store, today), self._show, name="load")

    def _show(self, rows: list[evaluation.Due]) -> None:
        self.rows = rows
        today = self.app.now().date()
        # rows by plan and day: a reload (another terminal's change) keeps Enter on the same meeting
        self.query_one(PlainTable).replace_rows(
            (f"{d.plan.id}:{d.dato.isoformat()}", (f"{d.borger.navn} ({d.borger.kortnavn})", art_text(d), format_date(d.dato), when_text(d), logged_text(d, today))) for d in rows
        )
        self.query_one("#due-empty", Static).update("" if rows else t("due.empty"))
        self.audit_shown("laes_forfaldne", "evalueringer", [d.borger.id for d in rows])

    def current(self) -> evaluation.Due | None:
        key = self.query_one(PlainTable).current_key()
        return next((d for d in self.rows if f"{d.plan.id}:{d.dato.isoformat()}" == key), None)

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_meeting()

    def action_meeting(self) -> None:
        due = self.current()
        if due is not None:
            from smtte_tui.screens.meeting import open_meeting

            open_meeting(self, due.borger.id, due.plan.id)

    def action_timeline(self) -> None:
        due = self.current()
        if due is not None:
            from smtte_tui.screens.timeline import TimelineScreen

            self.app.push_screen(TimelineScreen(due.borger.id))

    def action_back(self) -> None:
        self.dismiss()
