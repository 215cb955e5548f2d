"""The annual wheel (årshjul): the twelve months of a year with the meetings planned and held.

Per month: the follow-ups, status meetings and long-term evaluations the active plans have set
(red in a past month: overdue), the follow-ups expected after the next one by each plan's cadence,
and the meetings held. Under the table, the highlighted month's meetings one by one. ← → change
the year. Everything comes from core records, so a year is drawn at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.dates import DATE_MAX, DATE_MIN, format_date
from smtte_tui.features.evaluation.timeline import format_score
from smtte_tui.features.group import group
from smtte_tui.i18n import t
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.kit.tablescreen import Column, TableScreen
from smtte_tui.screens.widgets.plain import Plain

if TYPE_CHECKING:
    from smtte_tui.store import Store

PLANNED_ARTS = ("opfoelgning", "status", "evaluering")


def meeting_line(meeting: group.Meeting, today: dt.date) -> str:
    if meeting.held and meeting.evaluation is not None:
        ev = meeting.evaluation
        parts = [format_score(ev.maalopfyldelse)] if ev.maalopfyldelse is not None else []
        state = t("wheel.state.held", what=", ".join(parts + [t(f"meeting.decision.{ev.beslutning}")]))
    elif meeting.expected:
        state = t("wheel.state.expected")
    else:
        state = t("wheel.state.overdue") if meeting.dato < today else t("wheel.state.planned")
    return t("wheel.detail.line", dato=format_date(meeting.dato), navn=meeting.borger.navn, art=t(f"meeting.art.{meeting.art}"), state=state)


class YearWheelScreen(TableScreen[group.WheelMonth]):
    CSS_PATH = css_of(__file__, "group.tcss")
    BINDINGS = [
        # priority: the table would otherwise take ← → to scroll sideways
        Binding("left", "year(-1)", t("wheel.key.previous"), id="wheel.previous", priority=True),
        Binding("right", "year(1)", t("wheel.key.next"), id="wheel.next", priority=True),
        Binding("escape", "back", t("app.key.back"), id="wheel.back"),
    ]
    TABLE_ID = "wheel-table"

    def __init__(self) -> None:
        super().__init__()
        self.year: int | None = None

    @property
    def months(self) -> list[group.WheelMonth]:
        return self.rows

    def compose_above(self) -> ComposeResult:
        yield Plain("", id="wheel-title")

    def compose_below(self) -> ComposeResult:
        yield Plain("", id="wheel-detail")

    def on_mount(self) -> None:
        self.year = self.app.now().year

    def columns(self) -> list[Column]:
        return [Column(key, t(f"wheel.col.{key}")) for key in ("month", *PLANNED_ARTS, "expected", "held")]

    def fetch(self) -> Callable[[Store], list[group.WheelMonth]]:
        year, today = self.year, self.app.now().date()
        return lambda store: group.year_wheel(store, year, today)

    def row_key(self, month: group.WheelMonth) -> str:
        # by the month's place in the year: ← → keep the cursor on the same month
        return str(month.month.month)

    def first_key(self, months: Sequence[group.WheelMonth]) -> str | None:
        today = self.app.now().date()
        return str(today.month) if self.year == today.year else None

    def cells(self, month: group.WheelMonth) -> list[object]:
        this_month = self.app.now().date().replace(day=1)
        overdue = month.month < this_month
        planned = [Text(str(month.planned_of(art)), style="red" if overdue and month.planned_of(art) else "") for art in PLANNED_ARTS]
        name = Text(t(f"month.{month.month.month}"), style="bold" if month.month == this_month else "")
        return [name, *planned, str(len(month.expected)), str(len(month.held))]

    def drawn(self, months: Sequence[group.WheelMonth]) -> None:
        self.audit_shown(AuditAction.LAES_AARSHJUL, AuditTarget.of(TargetKind.AARSHJUL), [m.borger.id for month in months for m in month.planned + month.expected + month.held])
        self.query_one("#wheel-title", Static).update(t("wheel.screen.title", year=self.year))

    def row_highlighted(self, month: group.WheelMonth | None) -> None:
        detail = self.query_one("#wheel-detail", Static)
        if month is None:
            detail.update("")
            return
        today = self.app.now().date()
        meetings = sorted(month.planned + month.expected + month.held, key=lambda m: (m.dato, m.borger.navn, m.held))
        name = f"{t(f'month.{month.month.month}')} {month.month.year}"
        lines = [meeting_line(m, today) for m in meetings] or [t("wheel.detail.none", month=name)]
        detail.update("\n".join([t("wheel.hint"), *lines]))

    def action_year(self, step: int) -> None:
        # only the years a kept date can lie in (dates.DATE_MIN..DATE_MAX): year 10000 has no January
        year = min(max((self.year or self.app.now().year) + step, DATE_MIN.year), DATE_MAX.year)
        if year != self.year:
            self.year = year
            self.load()
