"""One borger's timeline: signs per week (or day), notes, prøvehandlinger, plan versions, evaluations.

The whole history is read once in a worker (older months from the share on first use); filters,
order, period and jumps then work on what is in memory, so every key answers at once. Opening the
timeline is an audit event ("laes_tidslinje").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from smtte_tui.analysis.runchart import Granularity
from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.dates import format_date, parse_date
from smtte_tui.features.evaluation import timeline
from smtte_tui.features.evaluation.timeline import EVENT_KINDS, Event, Filter, Timeline
from smtte_tui.i18n import t, tn
from smtte_tui.models import Borger
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.kit.tablescreen import Column, TableScreen
from smtte_tui.screens.widgets.plain import Plain

if TYPE_CHECKING:
    from smtte_tui.store import Store

PERIODS: tuple[Granularity, ...] = ("uge", "dag")


class TimelineScreen(TableScreen[Event]):
    CSS_PATH = css_of(__file__, "evaluation.tcss")
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
    TABLE_ID = "timeline-table"
    RELOAD_ON_RESUME = True  # back from a meeting or the charts: show what was just saved

    def __init__(self, borger_id: str) -> None:
        super().__init__()
        self.borger_id = borger_id
        self.data: Timeline | None = None
        self.filter = Filter()
        self.kind_choice: str | None = None  # None = every kind
        self.period: Granularity = "uge"
        self.borger_name = ""

    def compose_above(self) -> ComposeResult:
        yield Plain("", id="timeline-title")
        yield Plain(t("timeline.loading"), id="timeline-filter")

    def compose_below(self) -> ComposeResult:
        yield Plain("", id="timeline-detail")

    def columns(self) -> list[Column]:
        return [Column("dato", t("timeline.col.date"), 22), Column("kind", t("timeline.col.kind"), 15), Column("what", t("timeline.col.what"))]

    def on_mount(self) -> None:
        self.audit(AuditAction.LAES_TIDSLINJE, AuditTarget.of(TargetKind.BORGER, self.borger_id), self.borger_id)
        self.keep_history(self.borger_id)

    def refresh_data(self, changes) -> None:
        if self.borger_id in changes.borgere or changes.kinds & {"plan", "pdsa", "evaluering"}:
            self.load()

    def fetch(self) -> Callable[[Store], tuple[Borger | None, Timeline]]:
        borger_id, period = self.borger_id, self.period

        def fetch(store: Store) -> tuple[Borger | None, Timeline]:
            data = timeline.build(store, borger_id)
            data.events(period)  # aggregate in the worker, not on the UI thread
            return store.get(Borger, borger_id), data

        return fetch

    def rows_from(self, found: tuple[Borger | None, Timeline]) -> list[Event]:
        borger, self.data = found
        self.borger_name = borger.navn if borger else "?"
        self.query_one("#timeline-title", Static).update(t("timeline.title", navn=self.borger_name))
        return self.data.events(self.period)

    # --- showing ------------------------------------------------------------------------------

    def visible(self, rows: Sequence[Event]) -> list[Event]:
        return timeline.select(list(rows), self.filter)

    def row_key(self, event: Event) -> str:
        return f"{event.dato.isoformat()}:{event.kind}:{event.tegn_id or ''}:{event.order}:{event.title}"

    def cells(self, event: Event) -> list[object]:
        when = timeline.period_label(event.dato, self.period) if event.kind == "observationer" else format_date(event.dato)
        return [when, t(f"timeline.kind.{event.kind}"), Text(f"{event.title}: {event.text}")]

    def place_cursor(self, shown: Sequence[Event], was: Event | None) -> str | None:
        """On the first event of the day the cursor was on (filters and the period change which
        rows there are, so the day is kept, not the row)."""
        index = timeline.jump_index(list(shown), was.dato, self.filter.newest_first) if was is not None else None
        return self.row_key(shown[index]) if index is not None else None

    def drawn(self, rows: Sequence[Event]) -> None:
        parts = [
            t(f"timeline.kind.{self.kind_choice}") if self.kind_choice else t("timeline.filter.all_kinds"),
            self._tegn_name(self.filter.tegn_id) if self.filter.tegn_id else t("timeline.filter.all_tegn"),
            t(f"chart.period.{self.period}"),
            t("timeline.filter.newest") if self.filter.newest_first else t("timeline.filter.oldest"),
        ]
        if self.filter.start or self.filter.end:
            parts.append(f"{format_date(self.filter.start)}–{format_date(self.filter.end)}")
        line = tn("timeline.filter", len(rows), what=" · ".join(parts), n=len(rows))
        self.query_one("#timeline-filter", Static).update(line)

    def _tegn_name(self, tegn_id: str) -> str:
        tegn = self.data.tegn.get(tegn_id) if self.data else None
        return tegn.tekst if tegn else "?"

    def row_highlighted(self, event: Event | None) -> None:
        detail = self.query_one("#timeline-detail", Static)
        if event is None:
            detail.update(t("timeline.empty") if self.data is not None else "")
            return
        detail.update(f"{format_date(event.dato)} · {event.title}\n{event.text}")

    def _move_to(self, day) -> None:
        index = timeline.jump_index(self.shown, day, self.filter.newest_first)
        if index is not None:
            self.table.move_cursor(row=index)  # type: ignore[attr-defined]

    def _refilter(self, **changes) -> None:
        self.filter = Filter(**{**self.filter.__dict__, **changes})
        self.redraw()

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
        if self.data is not None:
            self.show_rows(self.data.events(self.period))

    def action_order(self) -> None:
        self._refilter(newest_first=not self.filter.newest_first)

    def action_jump(self) -> None:
        from smtte_tui.screens.kit.prompt import PromptScreen

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
        from smtte_tui.screens.kit.prompt import ask_period

        ask_period(self, t("timeline.range.question"), self.filter.start, self.filter.end, lambda start, end: self._refilter(start=start, end=end))

    def action_charts(self) -> None:
        from smtte_tui.screens.evaluation.charts import ChartsScreen

        if self.data is not None:
            self.app.push_screen(ChartsScreen(self.borger_id, self.data))

    def action_meeting(self) -> None:
        from smtte_tui.screens.evaluation.meeting import open_meeting

        open_meeting(self, self.borger_id)

    def action_export(self) -> None:
        from smtte_tui.screens.admin.export import export_report

        export_report(self, self.borger_id, self.filter.start, self.filter.end)
