"""The group picture: every active borger's goal attainment, tegn verdicts and logging in one
table, the group's figures below it, and the month's report one key away.

The table is filled at once from what the store holds in memory (scores and meetings are core
records, the last weeks' logging is in the recent months); each tegn verdict needs the borger's
last half year, so the same worker then reads the borgere one by one and fills the verdict column
in as it goes (under a second for 40 borgere the first time, instant after). ``r`` writes this month's report
without names, ``n`` with names, to ``eksport/`` in the data folder and opens it (audited).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from smtte_tui.analysis.charts import signal_words
from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.dates import format_date
from smtte_tui.features.evaluation.timeline import format_score
from smtte_tui.features.group import group
from smtte_tui.followup import SCORES
from smtte_tui.glyphs import glyphs
from smtte_tui.i18n import t
from smtte_tui.report.house_report import report_filename, share_words, trend_mark, verdict_mark, verdict_short, write_group_report
from smtte_tui.screens.admin.export import write_in_background
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.kit.tablescreen import Column, TableScreen
from smtte_tui.screens.widgets.plain import Plain

if TYPE_CHECKING:
    from smtte_tui.store import Store


def score_cell(row: group.BorgerRow) -> str:
    if row.score.score is None:
        return t("group.score.none")
    parts = [format_score(row.score.score), trend_mark(row.score.trend, glyphs()), f"({format_date(row.score.dato)})"]
    return " ".join(part for part in parts if part)


def verdict_cell(row: group.BorgerRow) -> str:
    if row.plan is None:
        return t("group.no_plan")
    if row.verdicts is None:
        return t("group.verdicts.loading")
    if not row.verdicts:
        return t("group.no_tegn")
    return "  ".join(verdict_short(v.verdict, glyphs()) for v in row.verdicts)


def counts_words(counts: dict[int, int]) -> str:
    return " · ".join(t("group.score.count", score=format_score(score), n=counts[score]) for score in SCORES)


class GroupScreen(TableScreen[group.BorgerRow]):
    CSS_PATH = css_of(__file__, "group.tcss")
    BINDINGS = [
        Binding("r", "report(False)", t("group.key.report"), id="group.report"),
        Binding("n", "report(True)", t("group.key.report_names"), id="group.report_names"),
        Binding("escape", "back", t("app.key.back"), id="group.back"),
    ]
    # In a 24-line terminal the detail and the summary left the table one row: the table keeps
    # room for five borgere and the highlighted borger's detail is cut to two lines there (its tegn
    # verdicts are in the table's own column).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    TABLE_ID = "group-table"

    def __init__(self) -> None:
        super().__init__()
        self.picture: group.GroupPicture | None = None
        self.verdicts_done = False
        self.week_columns: list[str] = []

    def compose_above(self) -> ComposeResult:
        yield Plain("", id="group-title")

    def compose_below(self) -> ComposeResult:
        yield Plain("", id="group-detail")
        yield Plain("", id="group-summary")

    def on_mount(self) -> None:
        today = self.app.now().date()
        self.query_one("#group-title", Static).update(t("group.title", period=group.month_period(today).label(), weeks=group.VERDICT_WEEKS))

    def columns(self) -> list[Column]:
        columns = [Column(key, t(f"group.col.{key}")) for key in ("borger", "score", "trend", "tegn")]
        first = group.weeks_back(self.app.now().date(), group.WEEKS)  # the weeks picture(weeks=WEEKS) fills in
        for back in range(group.WEEKS):
            monday = first + dt.timedelta(weeks=back)
            self.week_columns.append(f"uge-{monday:%Y-%m-%d}")
            columns.append(Column(self.week_columns[-1], t("group.col.week", week=monday.isocalendar().week)))
        return columns

    def fetch(self) -> Callable[[Store], group.GroupPicture]:
        today = self.app.now().date()
        return lambda store: group.picture(store, today, verdicts=False, weeks=group.WEEKS)

    def rows_from(self, found: group.GroupPicture) -> list[group.BorgerRow]:
        shown = {row.borger.id: row.verdicts for row in self.rows}
        for row in found.rows:
            if row.verdicts is None:  # a reload after other terminals' changes: keep what was shown until it is redone
                row.verdicts = shown.get(row.borger.id)
        self.picture, self.verdicts_done = found, False
        return found.rows

    def row_key(self, row: group.BorgerRow) -> str:
        return row.borger.id

    def cells(self, row: group.BorgerRow) -> list[object]:
        weeks = {f"uge-{week.start:%Y-%m-%d}": share_words(week.share) for week in row.logging}
        return [f"{row.borger.navn} ({row.borger.kortnavn})", score_cell(row), t(f"group.trend.{row.score.trend}"), verdict_cell(row), *(weeks.get(key, "") for key in self.week_columns)]

    def drawn(self, rows: Sequence[group.BorgerRow]) -> None:
        found = self.picture
        assert found is not None
        self.audit_shown(AuditAction.LAES_GRUPPE, AuditTarget.of(TargetKind.GRUPPE), [row.borger.id for row in found.rows] + [a.borger.id for a in found.adjustments])
        self._summary()
        self._next_verdicts(found, 0)

    def _next_verdicts(self, found: group.GroupPicture, index: int) -> None:
        """Read the borgere's verdicts one by one (each needs half a year of the borger), filling
        the column in as they come; a newer load replaces the picture and stops this chain."""
        if found is not self.picture:
            return
        if index >= len(found.rows):
            self._verdicts_done(found)
            return
        row = found.rows[index]

        def show(verdicts: list[group.TegnVerdict]) -> None:
            self._show_verdicts(found, row.borger.id, verdicts)
            self._next_verdicts(found, index + 1)

        self.read(lambda store: group.borger_verdicts(store, row.borger.id, row.plan, found.until), show, name="verdicts")

    def _show_verdicts(self, found: group.GroupPicture, borger_id: str, verdicts: list[group.TegnVerdict]) -> None:
        if found is not self.picture:
            return  # a newer load has replaced the table
        row = self.row(borger_id)
        if row is None:
            return
        row.verdicts = verdicts
        self.table.update_cell(borger_id, "tegn", verdict_cell(row), update_width=True)
        if self.current() is row:
            self.row_highlighted(row)

    def _verdicts_done(self, found: group.GroupPicture) -> None:
        if found is self.picture:
            self.verdicts_done = True

    def row_highlighted(self, row: group.BorgerRow | None) -> None:
        detail = self.query_one("#group-detail", Static)
        if row is None:
            detail.update(t("group.empty"))
            return
        lines = [row.plan.maal.tekst if row.plan and row.plan.maal else t("group.no_plan")]
        if row.score.score is None:
            lines.append(t("group.detail.no_score"))
        else:
            lines.append(t("group.detail.score", score=format_score(row.score.score), dato=format_date(row.score.dato), trend=t(f"group.trend.{row.score.trend}")))
        for verdict in row.verdicts or []:
            lines.append(t("group.detail.tegn", mark=verdict_mark(verdict.verdict, glyphs()), tekst=verdict.tegn.tekst, words=signal_words(verdict.chart)))
        detail.update("\n".join(lines))

    def _summary(self) -> None:
        found = self.picture
        if found is None:
            return
        period = found.period.label()
        lines = [
            t("group.summary.latest", counts=counts_words(found.latest), none=found.without_score),
            t("group.summary.held", period=period, n=found.meetings_held, counts=counts_words(found.held)),
            t(
                "group.summary.adjust",
                period=period,
                n=len(found.adjustments),
                fulgt=found.followed("fulgt_op"),
                venter=found.followed("venter"),
                ikke=found.followed("ikke_fulgt_op"),
                days=group.ADJUST_DAYS,
            ),
        ]
        self.query_one("#group-summary", Static).update("\n".join(lines))

    def action_report(self, with_names: bool) -> None:
        session = self.session
        if session is None:
            return
        period = group.month_period(session.now().date())

        def write(store, path: Path) -> Path:
            return write_group_report(session, period, "html", path, with_names=with_names)

        write_in_background(self, report_filename(period, "html", with_names=with_names), write)
