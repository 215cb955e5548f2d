"""One borger's timeline: signs per week (or day), notes, prøvehandlinger, plan versions, evaluations.

The whole history is read once in a worker (older months from the share on first use); filters,
order, period and jumps then work on what is in memory, so every key answers at once. Opening the
timeline is an audit event ("laes_tidslinje").
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from smtte_tui import timeline
from smtte_tui.analysis.runchart import Period
from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.dates import format_date, parse_date
from smtte_tui.i18n import t, tn
from smtte_tui.models import Borger
from smtte_tui.screens.base import AppScreen
from smtte_tui.screens.widgets.plain import Plain, PlainTable
from smtte_tui.timeline import EVENT_KINDS, Event, Filter, Timeline

PERIODS: tuple[Period, ...] = ("uge", "dag")


class TimelineScreen(AppScreen):
    BINDINGS = [
        Binding("a", "kind", t("timeline.key.kind"), id="timeline.kind"),
        Binding("t", "tegn", t("timeline.key.tegn"), id="timeline.tegn"),
        Binding("u", "period", t("timeline.key.period"), id="timeline.period"),
        Binding("o", "order", t("timeline.key.order"), id="timeline.order"),
        Binding("d", "jump", t("timeline.key.jump"), id="timeline.jump"),
        Binding("r", "range", t("timeline.key.range"), id="timeline.range"),
        Binding("g", "charts", t("timeline.key.charts"), id="timeline.charts"),
        Binding("m", "meeting", t("timeline.key.meeting"), id="timeline.meeting"),
        Binding("x", "export", t("timeline.key.export"), id="timeline.export"),
        Binding("escape", "back", t("app.key.back"), id="timeline.back"),
    ]
    DEFAULT_CSS = """
    TimelineScreen #timeline-title { text-style: bold; padding: 0 1; }
    TimelineScreen #timeline-filter { color: $text-muted; padding: 0 1; }
    TimelineScreen #timeline-table { height: 1fr; }
    TimelineScreen #timeline-detail { height: auto; max-height: 6; padding: 0 1; border-top: solid $primary; }
    """

    def __init__(self, borger_id: str) -> None:
        super().__init__()
        self.borger_id = borger_id
        self.data: Timeline | None = None
        self.filter = Filter()
        self.kind_choice: str | None = None  # None = every kind
        self.period: Period = "uge"
        self.shown: list[Event] = []
        self.borger_name = ""

    def compose_main(self) -> ComposeResult:
        yield Plain("", id="timeline-title")
        yield Plain(t("timeline.loading"), id="timeline-filter")
        yield PlainTable(id="timeline-table", cursor_type="row", zebra_stripes=True)
        yield Plain("", id="timeline-detail")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(t("timeline.col.date"), key="dato", width=22)
        table.add_column(t("timeline.col.kind"), key="kind", width=15)
        table.add_column(t("timeline.col.what"), key="what")
        table.focus()
        self.audit(AuditAction.LAES_TIDSLINJE, AuditTarget.of(TargetKind.BORGER, self.borger_id), self.borger_id)
        self.keep_history(self.borger_id)
        self.load()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self.data is not None:  # back from a meeting or the charts: show what was just saved
            self.load()

    def refresh_data(self, changes) -> None:
        if self.borger_id in changes.borgere or changes.kinds & {"plan", "pdsa", "evaluering"}:
            self.load()

    def load(self) -> None:
        borger_id, period = self.borger_id, self.period

        def fetch(store):
            data = timeline.build(store, borger_id)
            data.events(period)  # aggregate in the worker, not on the UI thread
            return store.get(Borger, borger_id), data

        self.read(fetch, lambda found: self._loaded(*found), name="load")

    def _loaded(self, borger: Borger | None, data: Timeline) -> None:
        self.borger_name = borger.navn if borger else "?"
        self.query_one("#timeline-title", Static).update(t("timeline.title", navn=self.borger_name))
        current = self.current_event() if self.data is not None else None
        self.data = data
        self.show(keep_date=current.dato if current else None)

    # --- showing ------------------------------------------------------------------------------

    def show(self, keep_date=None) -> None:
        if self.data is None:
            return
        table = self.query_one(DataTable)
        self.shown = timeline.select(self.data.events(self.period), self.filter)
        table.clear()
        rows = []
        for event in self.shown:
            when = timeline.period_label(event.dato, self.period) if event.kind == "observationer" else format_date(event.dato)
            rows.append((when, t(f"timeline.kind.{event.kind}"), Text(f"{event.title}: {event.text}")))
        table.add_rows(rows)
        self._show_filter()
        if keep_date is not None:
            self._move_to(keep_date)
        self._show_detail()

    def _show_filter(self) -> None:
        parts = [
            t(f"timeline.kind.{self.kind_choice}") if self.kind_choice else t("timeline.filter.all_kinds"),
            self._tegn_name(self.filter.tegn_id) if self.filter.tegn_id else t("timeline.filter.all_tegn"),
            t(f"chart.period.{self.period}"),
            t("timeline.filter.newest") if self.filter.newest_first else t("timeline.filter.oldest"),
        ]
        if self.filter.start or self.filter.end:
            parts.append(f"{format_date(self.filter.start)}–{format_date(self.filter.end)}")
        line = tn("timeline.filter", len(self.shown), what=" · ".join(parts), n=len(self.shown))
        self.query_one("#timeline-filter", Static).update(line)

    def _tegn_name(self, tegn_id: str) -> str:
        tegn = self.data.tegn.get(tegn_id) if self.data else None
        return tegn.tekst if tegn else "?"

    @on(DataTable.RowHighlighted, "#timeline-table")
    def _show_detail(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        detail = self.query_one("#timeline-detail", Static)
        if not self.shown or row is None or row >= len(self.shown):
            detail.update(t("timeline.empty") if self.data is not None else "")
            return
        event = self.shown[row]
        detail.update(f"{format_date(event.dato)} · {event.title}\n{event.text}")

    def current_event(self) -> Event | None:
        row = self.query_one(DataTable).cursor_row
        return self.shown[row] if self.shown and row is not None and row < len(self.shown) else None

    def _move_to(self, day) -> None:
        index = timeline.jump_index(self.shown, day, self.filter.newest_first)
        if index is not None:
            self.query_one(DataTable).move_cursor(row=index)

    def _refilter(self, **changes) -> None:
        current = self.current_event()
        self.filter = Filter(**{**self.filter.__dict__, **changes})
        self.show(keep_date=current.dato if current else None)

    # --- keys ---------------------------------------------------------------------------------

    def action_kind(self) -> None:
        choices = [None, *EVENT_KINDS]
        self.kind_choice = choices[(choices.index(self.kind_choice) + 1) % len(choices)]
        kinds = frozenset(EVENT_KINDS) if self.kind_choice is None else frozenset({self.kind_choice})
        self._refilter(kinds=kinds)

    def action_tegn(self) -> None:
        if self.data is None:
            return
        ids = [None, *self._tegn_order()]
        current = self.filter.tegn_id if self.filter.tegn_id in ids else None
        self._refilter(tegn_id=ids[(ids.index(current) + 1) % len(ids)])

    def _tegn_order(self) -> list[str]:
        """Tegn ids, active plan's first, in plan order."""
        plans = sorted(self.data.plans, key=lambda p: {"aktiv": 0, "kladde": 1}.get(p.status, 2))
        return list(dict.fromkeys(item.id for plan in plans for item in plan.tegn))

    def action_period(self) -> None:
        self.period = PERIODS[(PERIODS.index(self.period) + 1) % len(PERIODS)]
        current = self.current_event()
        self.show(keep_date=current.dato if current else None)

    def action_order(self) -> None:
        self._refilter(newest_first=not self.filter.newest_first)

    def action_jump(self) -> None:
        from smtte_tui.screens.prompt import PromptScreen

        def jump(text: str | None) -> None:
            if not text:
                return
            try:
                day = parse_date(text, today=self.app.now().date(), label=t("timeline.jump.label"))
            except ValueError as exc:
                self.notify(str(exc), severity="error")
                return
            self._move_to(day)

        self.app.push_screen(PromptScreen(t("timeline.jump.question")), jump)

    def action_range(self) -> None:
        from smtte_tui.screens.prompt import ask_period

        ask_period(self, t("timeline.range.question"), self.filter.start, self.filter.end, lambda start, end: self._refilter(start=start, end=end))

    def action_charts(self) -> None:
        from smtte_tui.screens.charts import ChartsScreen

        if self.data is not None:
            self.app.push_screen(ChartsScreen(self.borger_id, self.data))

    def action_meeting(self) -> None:
        from smtte_tui.screens.meeting import open_meeting

        open_meeting(self, self.borger_id)

    def action_export(self) -> None:
        from smtte_tui.screens.export import export_report

        export_report(self, self.borger_id, self.filter.start, self.filter.end)
