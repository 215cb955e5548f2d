"""Evaluations due and overdue across all borgere: the follow-up structure at a glance.

One row per planned meeting of an active plan (follow-up, status meeting, long-term evaluation)
that is overdue or due within two weeks, oldest first, with the daily follow-up beside it: when
signs were last logged for the borger. Enter holds the meeting (tovholder, leder), T opens the
borger's timeline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from smtte_tui import followup
from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.dates import format_date
from smtte_tui.i18n import t, tn
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.kit.tablescreen import Column, TableScreen
from smtte_tui.screens.widgets.plain import Plain

if TYPE_CHECKING:
    from smtte_tui.store import Store


def when_text(due: followup.Due) -> str:
    if due.days < 0:
        return tn("due.overdue", -due.days, days=-due.days)
    if due.days == 0:
        return t("due.today")
    return tn("due.in_days", due.days, days=due.days)


def art_text(due: followup.Due) -> str:
    """The meeting, and the smaller ones set for the same day that it covers."""
    return " + ".join(t(f"meeting.art.{art}") for art in (due.art, *due.also))


def logged_text(due: followup.Due, today) -> str:
    if due.last_logged is None:
        return t("due.logged.none")
    days = (today - due.last_logged).days
    return t("due.logged.today") if days <= 0 else tn("due.logged.days", days, days=days, dato=format_date(due.last_logged))


class DueScreen(TableScreen[followup.Due]):
    CSS_PATH = css_of(__file__, "evaluation.tcss")
    BINDINGS = [
        Binding("enter", "meeting", t("due.key.meeting"), id="due.meeting"),
        Binding("t", "timeline", t("due.key.timeline"), id="due.timeline"),
        Binding("escape", "back", t("app.key.back"), id="due.back"),
    ]
    TABLE_ID = "due-table"
    RELOAD_ON_RESUME = True

    def compose_above(self) -> ComposeResult:
        yield Plain(t("due.title", days=followup.DUE_SOON_DAYS), id="due-title")
        yield Plain("", id="due-empty")

    def columns(self) -> list[Column]:
        return [Column(key, t(f"due.col.{key}")) for key in ("borger", "art", "dato", "when", "logged")]

    def fetch(self) -> Callable[[Store], list[followup.Due]]:
        today = self.app.now().date()
        return lambda store: followup.due_list(store, today)

    def row_key(self, due: followup.Due) -> str:
        # by plan and day: a reload (another terminal's change) keeps Enter on the same meeting
        return f"{due.plan.id}:{due.dato.isoformat()}"

    def cells(self, due: followup.Due) -> list[str]:
        today = self.app.now().date()
        return [f"{due.borger.navn} ({due.borger.kortnavn})", art_text(due), format_date(due.dato), when_text(due), logged_text(due, today)]

    def drawn(self, rows: Sequence[followup.Due]) -> None:
        self.query_one("#due-empty", Static).update("" if rows else t("due.empty"))
        self.audit_shown(AuditAction.LAES_FORFALDNE, AuditTarget.of(TargetKind.EVALUERINGER), [d.borger.id for d in rows])

    def row_selected(self, due: followup.Due) -> None:
        self.action_meeting()

    def action_meeting(self) -> None:
        due = self.current()
        if due is not None:
            from smtte_tui.screens.evaluation.meeting import open_meeting

            open_meeting(self, due.borger.id, due.plan.id)

    def action_timeline(self) -> None:
        due = self.current()
        if due is not None:
            from smtte_tui.screens.evaluation.timeline import TimelineScreen

            self.app.push_screen(TimelineScreen(due.borger.id))
