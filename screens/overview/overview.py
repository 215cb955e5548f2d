"""Monitoring and follow-up for tovholder and leder: every rule of ``smtte_tui/findings.py`` in
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

from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.features.overview import findings
from smtte_tui.i18n import t
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.kit.tablescreen import Column, TableScreen
from smtte_tui.screens.widgets.plain import Plain

if TYPE_CHECKING:
    from smtte_tui.store import Store


class OverviewScreen(TableScreen[findings.Finding]):
    CSS_PATH = css_of(__file__, "overview.tcss")
    BINDINGS = [
        Binding("e", "due", t("overview.key.due"), id="overview.due"),
        Binding("t", "timeout", t("overview.key.timeout"), id="overview.timeout"),
        Binding("g", "group", t("overview.key.group"), id="overview.group"),
        Binding("a", "wheel", t("overview.key.wheel"), id="overview.wheel"),
        Binding("escape", "back", t("app.key.back"), id="overview.back"),
    ]
    TABLE_ID = "dash-table"
    RELOAD_ON_RESUME = True

    def __init__(self) -> None:
        super().__init__()
        self.board: findings.Board | None = None

    @property
    def lines(self) -> list[findings.Finding]:
        return self.rows

    def compose_above(self) -> ComposeResult:
        yield Plain(t("overview.loading"), id="dash-summary")

    def columns(self) -> list[Column]:
        return [Column("rule", t("overview.col.rule"), width=26), Column("what", t("overview.col.what"))]

    def fetch(self) -> Callable[[Store], findings.Board]:
        now = self.app.now()
        return lambda store: findings.build(store, now)

    def rows_from(self, board: findings.Board) -> list[findings.Finding]:
        self.board = board
        return [finding for rule in findings.RULES for finding in board.by_rule(rule)]

    def row_key(self, finding: findings.Finding) -> str:
        # the same sentence twice (two files with one name) is still two rows: the base tells them apart
        return f"{finding.rule}:{finding.text}"

    def cells(self, finding: findings.Finding) -> list[Text]:
        style = "" if finding.serious else "dim"
        return [Text(t(f"overview.rule.{finding.rule}"), style=style), Text(finding.text, style=style)]

    def drawn(self, rows: Sequence[findings.Finding]) -> None:
        board = self.board
        assert board is not None
        counts = []
        for rule in findings.RULES:
            findings_of_rule = board.by_rule(rule)
            serious = sum(f.serious for f in findings_of_rule)
            counts.append(t("overview.count", rule=t(f"overview.rule.{rule}"), n=serious if rule in ("evaluering", "terminal") else len(findings_of_rule)))
        attention = board.needs_attention()
        summary = t("overview.summary", n=attention, info=len(rows) - attention) + "\n" + " · ".join(counts)
        self.query_one("#dash-summary", Static).update(summary)
        self.audit_shown(AuditAction.LAES_OVERBLIK, AuditTarget.of(TargetKind.OVERBLIK), [f.borger.id for f in board.findings if f.borger is not None])

    def row_selected(self, finding: findings.Finding) -> None:
        if finding.borger is None:
            return
        from smtte_tui.screens.evaluation.timeline import TimelineScreen

        self.app.push_screen(TimelineScreen(finding.borger.id))

    def action_due(self) -> None:
        from smtte_tui.screens.evaluation.due import DueScreen

        self.app.push_screen(DueScreen())

    def action_timeout(self) -> None:
        from smtte_tui.screens.overview.timeout import TimeoutScreen

        self.app.push_screen(TimeoutScreen())

    def action_group(self) -> None:
        from smtte_tui.screens.group.group import GroupScreen

        self.app.push_screen(GroupScreen())

    def action_wheel(self) -> None:
        from smtte_tui.screens.group.yearwheel import YearWheelScreen

        self.app.push_screen(YearWheelScreen())
