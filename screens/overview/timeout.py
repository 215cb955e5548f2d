"""The daily time-out at shift change: every borger in one list, one key per borger to mark
"på rette vej / usikker / ikke på rette vej" with a note and an agreed action.

The list is read in a worker; ↑ ↓ move, 1/2/3 mark the highlighted borger (a small form asks for
a note, the agreed action and who does it; Enter moves on, Enter on the last field saves). Below
the list: what was agreed at the last time-out for that borger, so it is followed up today.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.dates import format_date
from smtte_tui.features.overview import timeout
from smtte_tui.features.shift.shifts import ShiftBoundaries, shifts_begun
from smtte_tui.i18n import t
from smtte_tui.models import TimeoutNote, TimeoutStatus
from smtte_tui.screens.kit.dialog import Dialog
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.kit.tablescreen import Column, TableScreen
from smtte_tui.screens.widgets.plain import Plain, PlainLabel

if TYPE_CHECKING:
    from smtte_tui.store import Store

STATUS_STYLE = {"paa_rette_vej": "green", "usikker": "yellow", "ikke_paa_rette_vej": "red"}


def status_text(note: TimeoutNote | None) -> Text:
    if note is None:
        return Text(t("timeout.not_marked"), style="dim")
    return Text(t(f"timeout.status.{note.status}"), style=STATUS_STYLE[note.status])


def agreed_text(note: TimeoutNote | None) -> str:
    if note is None or not (note.aftale or note.note):
        return ""
    who = f" ({note.ansvarlig})" if note.ansvarlig else ""
    return (note.aftale + who) if note.aftale else note.note


class MarkScreen(Dialog[dict | None]):
    """Note, agreed action and who: Enter moves on, Enter on the last field saves, Esc cancels."""

    CSS_PATH = css_of(__file__, "overview.tcss")

    BINDINGS = [Binding("escape", "cancel", t("app.key.back"), id="timeout.mark.cancel")]
    BOX_ID = "mark-box"
    FIELDS = ("note", "aftale", "ansvarlig")

    def __init__(self, borger_name: str, status: TimeoutStatus, current: TimeoutNote | SimpleNamespace | None) -> None:
        super().__init__()
        self.borger_name, self.status, self.current = borger_name, status, current

    def compose_box(self) -> ComposeResult:
        yield Plain(t("timeout.mark.title", navn=self.borger_name, status=t(f"timeout.status.{self.status}")))
        for name in self.FIELDS:
            yield PlainLabel(t(f"timeout.mark.{name}"))
            value = getattr(self.current, name, "") if self.current else ""
            # typing replaces what was set earlier today, Enter keeps it
            yield Input(value, id=f"mark-{name}", max_length=8 if name == "ansvarlig" else 0)
        yield Plain(t("timeout.mark.hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#mark-note", Input).focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        position = self.FIELDS.index(event.input.id.removeprefix("mark-"))
        if position + 1 < len(self.FIELDS):
            self.query_one(f"#mark-{self.FIELDS[position + 1]}", Input).focus()
            return
        self.dismiss({name: self.query_one(f"#mark-{name}", Input).value.strip() for name in self.FIELDS})

    def action_cancel(self) -> None:
        self.dismiss(None)


class TimeoutScreen(TableScreen[timeout.Row]):
    CSS_PATH = css_of(__file__, "overview.tcss")
    BINDINGS = [
        Binding("1", "mark('paa_rette_vej')", t("timeout.key.on_track"), id="timeout.on_track"),
        Binding("2", "mark('usikker')", t("timeout.key.unsure"), id="timeout.unsure"),
        Binding("3", "mark('ikke_paa_rette_vej')", t("timeout.key.off_track"), id="timeout.off_track"),
        Binding("escape", "back", t("app.key.back"), id="timeout.back"),
    ]
    TABLE_ID = "timeout-table"

    def compose_above(self) -> ComposeResult:
        yield Plain(t("timeout.title", dato=format_date(self.app.now().date())), id="timeout-title")

    def compose_below(self) -> ComposeResult:
        yield Plain("", id="timeout-detail")

    def columns(self) -> list[Column]:
        return [Column(key, t(f"timeout.col.{key}")) for key in ("borger", "signs", "today", "pdsa", "status", "last")]

    def fetch(self) -> Callable[[Store], list[timeout.Row]]:
        now = self.app.now()
        today, begun = now.date(), shifts_begun(now, ShiftBoundaries.from_settings(self.app.settings))
        return lambda store: timeout.rows(store, today, begun)

    def row_key(self, row: timeout.Row) -> str:
        return row.borger.id

    def cells(self, row: timeout.Row) -> list[object]:
        signs = "  ".join(line for _, line in row.sparklines) or t("timeout.no_plan")
        pdsa = t("timeout.pdsa", nummer=row.pdsa.nummer, day=row.pdsa_day, days=(row.pdsa.slut - row.pdsa.start).days + 1) if row.pdsa else ""
        logged = t("timeout.logged", n=row.logged_today, of=row.tegn_count) if row.tegn_count else ""
        return [f"{row.borger.navn} ({row.borger.kortnavn})", signs, logged, pdsa, status_text(row.today), agreed_text(row.last)]

    def drawn(self, rows: Sequence[timeout.Row]) -> None:
        self.audit_shown(AuditAction.LAES_TIMEOUT, AuditTarget.of(TargetKind.TIMEOUT), [row.borger.id for row in rows])

    def row_highlighted(self, row: timeout.Row | None) -> None:
        detail = self.query_one("#timeout-detail", Static)
        if row is None:
            detail.update(t("timeout.empty"))
            return
        lines = [row.plan.maal.tekst if row.plan and row.plan.maal else t("home.no_goal")]
        lines += [f"{line}  {tegn.tekst}" for tegn, line in row.sparklines]
        if row.last:
            lines.append(t("timeout.last", dato=format_date(row.last.dato), status=t(f"timeout.status.{row.last.status}"), note=row.last.note or "–", aftale=agreed_text(row.last) or "–"))
        if row.today:
            lines.append(t("timeout.today", status=t(f"timeout.status.{row.today.status}"), note=row.today.note or "–", aftale=agreed_text(row.today) or "–"))
        detail.update("\n".join(lines))

    def action_mark(self, status: str) -> None:
        row = self.current()
        if row is None:
            return
        self._ask_mark(row, status, row.today)

    def _ask_mark(self, row: timeout.Row, status: str, current: TimeoutNote | SimpleNamespace | None) -> None:
        session, today = self.session, self.app.now().date()

        def save(values: dict | None) -> None:
            if values is None:
                return

            def saved(_: object) -> None:
                self.notify(t("timeout.saved", navn=row.borger.navn, status=t(f"timeout.status.{status}")))
                self.load(focus=self.key_after(row.borger.id))  # on to the next borger: the huddle goes down the list

            def failed(_: BaseException) -> None:
                # not saved: the form comes back with what was typed
                self._ask_mark(row, status, SimpleNamespace(**values))

            self.write(lambda store: timeout.mark(session, row.borger.id, today, status, **values), saved, failed=failed, name="mark")

        self.app.push_screen(MarkScreen(row.borger.navn, status, current), save)
