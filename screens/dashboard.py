"""Monitoring and follow-up for tovholder and leder: every rule of ``smtte_tui/monitoring.py`` in
one list, grouped by rule, with the count per rule on top. Enter on a line about a borger opens
the borger's timeline; E, T, G and A open the evaluations list, the time-out, the group picture
and the annual wheel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from smtte_tui import monitoring
from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.i18n import t
from smtte_tui.screens.styles import css_of
from smtte_tui.screens.tablescreen import Column, TableScreen
from smtte_tui.screens.widgets.plain import Plain

if TYPE_CHECKING:
    from smtte_tui.store import Store


class DashboardScreen(TableScreen[monitoring.Finding]):
    CSS_PATH = css_of(__file__, "overview.tcss")
    BINDINGS = [
        Binding("e", "due", t("dash.key.due"), id="dash.due"),
        Binding("t", "timeout", t("dash.key.timeout"), id="dash.timeout"),
        Binding("g", "group", t("dash.key.group"), id="dash.group"),
        Binding("a", "wheel", t("dash.key.wheel"), id="dash.wheel"),
        Binding("escape", "back", t("app.key.back"), id="dash.back"),
    ]
    TABLE_ID = "dash-table"
    RELOAD_ON_RESUME = True

    def __init__(self) -> None:
        super().__init__()
        self.board: monitoring.Dashboard | None = None

    @property
    def lines(self) -> list[monitoring.Finding]:
        return self.rows

    def compose_above(self) -> ComposeResult:
        yield Plain(t("dash.loading"), id="dash-summary")

    def columns(self) -> list[Column]:
        return [Column("rule", t("dash.col.rule"), width=26), Column("what", t("dash.col.what"))]

    def fetch(self) -> Callable[[Store], monitoring.Dashboard]:
        now = self.app.now()
        return lambda store: monitoring.build(store, now)

    def rows_from(self, board: monitoring.Dashboard) -> list[monitoring.Finding]:
        self.board = board
        return [finding for rule in monitoring.RULES for finding in board.by_rule(rule)]

    def row_key(self, finding: monitoring.Finding) -> str:
        # the same sentence twice (two files with one name) is still two rows: the base tells them apart
        return f"{finding.rule}:{finding.text}"

    def cells(self, finding: monitoring.Finding) -> list[Text]:
        style = "" if finding.serious else "dim"
        return [Text(t(f"dash.rule.{finding.rule}"), style=style), Text(finding.text, style=style)]

    def drawn(self, rows: Sequence[monitoring.Finding]) -> None:
        board = self.board
        assert board is not None
        counts = []
        for rule in monitoring.RULES:
            findings = board.by_rule(rule)
            serious = sum(f.serious for f in findings)
            counts.append(t("dash.count", rule=t(f"dash.rule.{rule}"), n=serious if rule in ("evaluering", "terminal") else len(findings)))
        attention = board.needs_attention()
        summary = t("dash.summary", n=attention, info=len(rows) - attention) + "\n" + " · ".join(counts)
        self.query_one("#dash-summary", Static).update(summary)
        self.audit_shown(AuditAction.LAES_OVERBLIK, AuditTarget.of(TargetKind.OVERBLIK), [f.borger.id for f in board.findings if f.borger is not None])

    def row_selected(self, finding: monitoring.Finding) -> None:
        if finding.borger is None:
            return
        from smtte_tui.screens.timeline import TimelineScreen

        self.app.push_screen(TimelineScreen(finding.borger.id))

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
