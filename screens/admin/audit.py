"""Leder only: the audit log, newest first, with filters, and one borger's log for aktindsigt.

The whole log (every terminal, every month) is read once in a worker; the filters then work on
what is in memory: ``m`` whose actions (initials), ``b`` which borger (name or short name), ``a``
which kind of action (cycles through those in the log), ``r`` a period, ``c`` clears them all.
``x`` and ``t`` write the log of the chosen borger (the borger filter, else the highlighted line's
borger) in the chosen period to ``<data folder>/eksport/`` as CSV or as plain text, for a borger
or relative who asked for insight. Reading the log is audited (``laes_log``), as is every export.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from smtte_tui.features.admin import auditlog
from smtte_tui.i18n import t, tn
from smtte_tui.models import AuditEvent
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.kit.tablescreen import Column, TableScreen
from smtte_tui.screens.widgets.plain import Plain

if TYPE_CHECKING:
    from smtte_tui.store import Store

SHOW_AT_MOST = 1000  # rows in the table; the filters narrow a long log down


class AuditScreen(TableScreen[AuditEvent]):
    CSS_PATH = css_of(__file__, "admin.tcss")
    BINDINGS = [
        Binding("m", "staff", t("audit.key.staff"), id="audit.staff"),
        Binding("b", "borger", t("audit.key.borger"), id="audit.borger"),
        Binding("a", "handling", t("audit.key.handling"), id="audit.handling"),
        Binding("r", "range", t("audit.key.period"), id="audit.period"),
        Binding("c", "clear", t("audit.key.clear"), id="audit.clear"),
        Binding("x", "export('csv')", t("audit.key.csv"), id="audit.csv"),
        Binding("t", "export('txt')", t("audit.key.text"), id="audit.text"),
        Binding("escape", "back", t("app.key.back"), id="audit.back"),
    ]
    TABLE_ID = "audit-table"

    def __init__(self) -> None:
        super().__init__()
        self.events: list[AuditEvent] | None = None
        self.names: auditlog.Names | None = None
        self.filter = auditlog.AuditFilter()
        self.selected: list[AuditEvent] = []  # every event the filters let through (the table holds the first SHOW_AT_MOST)
        self.last_export = None  # the path of the last file written (the tests read it)

    def compose_above(self) -> ComposeResult:
        yield Plain(t("audit.title"), id="audit-title")
        yield Plain(t("audit.loading"), id="audit-filter")

    def compose_below(self) -> ComposeResult:
        yield Plain("", id="audit-detail")

    def columns(self) -> list[Column]:
        return [
            Column("tid", t("audit.col.tid"), width=16),
            Column("medarbejder", t("audit.col.medarbejder"), width=11),
            Column("handling", t("audit.col.handling"), width=26),
            Column("maal", t("audit.col.maal")),
            Column("soegeord", t("audit.col.soegeord")),
        ]

    @property
    def tz(self):
        return self.app.now().tzinfo

    def refresh_data(self, changes: object) -> None:
        """The log is read once; the filters work on memory (other terminals' events show on the
        next opening)."""

    def fetch(self) -> Callable[[Store], tuple[list[AuditEvent], auditlog.Names]]:
        session = self.session

        def fetch(store: Store) -> tuple[list[AuditEvent], auditlog.Names]:
            events = auditlog.load(session)
            return events, auditlog.Names.from_store(store)

        return fetch

    def load_failed(self, error: BaseException) -> bool:
        """Only a leder reads the log: the refusal takes the filter line's place."""
        from smtte_tui.errors import refusal_sentence

        sentence = refusal_sentence(error)
        if sentence is not None:
            self.query_one("#audit-filter", Static).update(sentence)
        return sentence is not None

    def rows_from(self, found: tuple[list[AuditEvent], auditlog.Names]) -> list[AuditEvent]:
        self.events, self.names = found
        return self._select()

    # --- showing ------------------------------------------------------------------------------

    def _select(self) -> list[AuditEvent]:
        assert self.events is not None
        events = self.events
        if self.filter.borger_id is None:  # changes are read per borger: shown only with one chosen
            events = [e for e in events if not e.handling.startswith(auditlog.CHANGE_PREFIX)]
        self.selected = auditlog.select(events, self.filter, self.tz)
        return self.selected[:SHOW_AT_MOST]

    def show(self) -> None:
        # rows by event id: a new filter keeps the cursor on the event it was on, if still shown,
        # so x/t (the highlighted line's borger) never export another borger's log unseen
        if self.events is not None and self.names is not None:
            self.show_rows(self._select())

    def row_key(self, event: AuditEvent) -> str:
        return event.id

    def cells(self, e: AuditEvent) -> list[str]:
        assert self.names is not None
        return [auditlog.when_text(e, self.tz), e.medarbejder or "–", auditlog.handling_label(e.handling), auditlog.target_text(e, self.names), e.soegeord or ""]

    def drawn(self, rows: Sequence[AuditEvent]) -> None:
        self._show_filter()

    def _show_filter(self) -> None:
        wanted = self.filter
        parts = [
            wanted.medarbejder or t("audit.filter.all_staff"),
            auditlog.borger_text(wanted.borger_id, self.names) if wanted.borger_id else t("audit.filter.all_borgere"),
            auditlog.handling_label(wanted.handling) if wanted.handling else t("audit.filter.all_handlinger"),
            auditlog.period_text(wanted.start, wanted.end),
        ]
        what = " · ".join(parts)
        n = len(self.selected)
        line = t("audit.filter.limited", what=what, n=n, limit=SHOW_AT_MOST) if n > SHOW_AT_MOST else tn("audit.filter", n, what=what, n=n)
        self.query_one("#audit-filter", Static).update(line)

    def row_highlighted(self, event: AuditEvent | None) -> None:
        detail = self.query_one("#audit-detail", Static)
        if event is None or self.names is None:
            detail.update(t("audit.empty") if self.events is not None else "")
            return
        line = " · ".join(auditlog.insight_row(event, self.names, self.tz)[:4])
        if event.soegeord:
            line += f" · {t('audit.col.soegeord')}: «{event.soegeord}»"
        detail.update(f"{line}\n{t('audit.col.terminal')}: {event.terminal}")

    def _refilter(self, **changes) -> None:
        self.filter = self.filter.with_(**changes)
        self.show()

    # --- keys ---------------------------------------------------------------------------------

    def action_staff(self) -> None:
        from smtte_tui.screens.kit.prompt import PromptScreen

        def apply(text: str | None) -> None:
            self._refilter(medarbejder=text.strip().upper() if text else None)

        self.app.push_screen(PromptScreen(t("audit.staff.question"), self.filter.medarbejder or "", restrict=r"[A-Za-zÆØÅæøå0-9]*"), apply)

    def action_borger(self) -> None:
        from smtte_tui.screens.kit.prompt import PromptScreen

        if self.names is None:
            return
        names = self.names
        current = names.borgere.get(self.filter.borger_id or "")

        def apply(text: str | None) -> None:
            if not text:
                self._refilter(borger_id=None)
                return
            try:
                borger = auditlog.find_borger(names.borgere.values(), text)
            except ValueError as exc:
                self.notify(str(exc), severity="error")
                return
            self._refilter(borger_id=borger.id)
            self.load_changes(borger.id)

        self.app.push_screen(PromptScreen(t("audit.borger.question"), current.kortnavn if current else ""), apply)

    def load_changes(self, borger_id: str) -> None:
        """With a borger chosen, the changes to the borger's records join the list (who logged,
        corrected or withdrew what): they are revisions in the store, not audit events."""
        self.read(lambda store: auditlog.changes_about(store, borger_id), self._add_changes, name="changes")

    def _add_changes(self, changes: list[AuditEvent]) -> None:
        if self.events is None:
            return
        known = {e.id for e in self.events}
        self.events = self.events + [e for e in changes if e.id not in known]
        self.show()

    def action_handling(self) -> None:
        if self.events is None:
            return
        choices: list[str | None] = [None, *auditlog.handlings(self.events)]
        current = self.filter.handling if self.filter.handling in choices else None
        self._refilter(handling=choices[(choices.index(current) + 1) % len(choices)])

    def action_range(self) -> None:
        from smtte_tui.screens.kit.prompt import ask_period

        ask_period(self, t("audit.period.question"), self.filter.start, self.filter.end, lambda start, end: self._refilter(start=start, end=end))

    def action_clear(self) -> None:
        self._refilter(medarbejder=None, borger_id=None, handling=None, start=None, end=None)

    def action_export(self, fmt: str) -> None:
        event = self.current()
        borger_id = self.filter.borger_id or (auditlog.event_borger(event) if event else None)
        if borger_id is None:
            self.notify(t("audit.export.pick_borger"), severity="warning")
            return
        from smtte_tui.screens.admin.export import write_in_background

        app = self.app
        borger = self.names.borgere.get(borger_id) if self.names else None
        if borger is None:
            self.notify(t("audit.target.unknown_borger"), severity="error")
            return
        now, start, end, session = app.now(), self.filter.start, self.filter.end, self.session

        def write(store, path: Path) -> Path:
            self.last_export = auditlog.write_insight(session, borger.id, fmt, path, start, end)
            return self.last_export

        done = lambda path: t("audit.export.done", navn=borger.navn, path=path)  # noqa: E731
        write_in_background(self, auditlog.insight_filename(borger, fmt, now.date()), write, working=t("audit.export.working"), done=done, open_file=False)
