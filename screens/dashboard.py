"""Monitoring and follow-up for tovholder and leder: every rule of ``smtte_tui/monitoring.py`` in
one list, grouped by rule, with the count per rule on top. Enter on a line about a borger opens
the borger's timeline; E, T, G and A open the evaluations list, the time-out, the group picture
and the annual wheel.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Static

from smtte_tui import monitoring
from smtte_tui.i18n import t
from smtte_tui.screens.base import AppScreen
from smtte_tui.screens.widgets.keybar import KeyBar
from smtte_tui.screens.widgets.plain import Plain, PlainTable
from smtte_tui.screens.widgets.syncbar import SyncBar


class DashboardScreen(AppScreen):
    BINDINGS = [
        Binding("e", "due", t("dash.key.due"), id="dash.due"),
        Binding("t", "timeout", t("dash.key.timeout"), id="dash.timeout"),
        Binding("g", "group", t("dash.key.group"), id="dash.group"),
        Binding("a", "wheel", t("dash.key.wheel"), id="dash.wheel"),
        Binding("escape", "back", t("app.key.back"), id="dash.back"),
    ]
    DEFAULT_CSS = """
    DashboardScreen #dash-summary { padding: 0 1; height: auto; }
    DashboardScreen #dash-table { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.board: monitoring.Dashboard | None = None
        self.lines: list[monitoring.Finding] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="main"):
            yield Plain(t("dash.loading"), id="dash-summary")
            yield PlainTable(id="dash-table", cursor_type="row", zebra_stripes=True)
        yield SyncBar(id="sync")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(t("dash.col.rule"), key="rule", width=26)
        table.add_column(t("dash.col.what"), key="what")
        table.focus()
        self.load()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.load()

    def refresh_data(self, changes) -> None:
        self.load()

    def load(self) -> None:
        now = self.app.now()
        self.read(lambda store: monitoring.build(store, now), self._show, name="load")

    def _show(self, board: monitoring.Dashboard) -> None:
        self.board = board
        self.lines = []
        counts, rows, keys = [], [], set()
        for rule in monitoring.RULES:
            findings = board.by_rule(rule)
            serious = sum(f.serious for f in findings)
            counts.append(t("dash.count", rule=t(f"dash.rule.{rule}"), n=serious if rule in ("evaluering", "terminal") else len(findings)))
            for finding in findings:
                style = "" if finding.serious else "dim"
                key = f"{rule}:{finding.text}"
                while key in keys:  # the same sentence twice (two files with one name): still two rows
                    key += "'"
                keys.add(key)
                rows.append((key, (Text(t(f"dash.rule.{rule}"), style=style), Text(finding.text, style=style))))
                self.lines.append(finding)
        # a reload keeps the cursor on the same line, so Enter opens the borger it was on
        self.query_one(PlainTable).replace_rows(rows)
        attention = board.needs_attention()
        summary = t("dash.summary", n=attention, info=len(self.lines) - attention) + "\n" + " · ".join(counts)
        self.query_one("#dash-summary", Static).update(summary)
        self.audit_shown("laes_overblik", "overblik", [f.borger.id for f in board.findings if f.borger is not None])

    @on(DataTable.RowSelected)
    def _open(self) -> None:
        row = self.query_one(DataTable).cursor_row
        if row is None or row >= len(self.lines) or self.lines[row].borger is None:
            return
        from smtte_tui.screens.timeline import TimelineScreen

        self.app.push_screen(TimelineScreen(self.lines[row].borger.id))

    def action_due(self) -> None:
        from smtte_tui.screens.due import DueScreen

        self.app.push_screen(DueScreen())

    def action_timeout(self) -> None:
        from smtte_tui.screens.timeout import TimeoutScreen

        self.app.push_screen(TimeoutScreen())

    def action_group(self) -> None:
        from smtte_tui.screens.group import GroupScreen

        self.app.push_screen(GroupScreen())

    def action_wheel(self) -> None:
        from smtte_tui.screens.yearwheel import YearWheelScreen

        self.app.push_screen(YearWheelScreen())

    def action_back(self) -> None:
        self.dismiss()
