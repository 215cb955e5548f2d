"""End of shift: which borgere still lack signs this shift."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from smtte_tui.audit_actions import AuditAction, AuditTarget, TargetKind
from smtte_tui.glyphs import glyphs
from smtte_tui.i18n import t, tn
from smtte_tui.screens.kit.base import AppScreen
from smtte_tui.screens.kit.styles import css_of
from smtte_tui.screens.widgets.lists import PlainOptionList
from smtte_tui.screens.widgets.plain import Plain


class MissingScreen(AppScreen):
    CSS_PATH = css_of(__file__, "shift.tcss")
    BINDINGS = [
        # A priority key of the screen, so the keys line names it (the list's own Enter is unnamed).
        Binding("enter", "open", t("missing.key.open"), id="missing.open", priority=True),
        Binding("escape", "app.pop_screen", t("app.key.back"), id="missing.back"),
    ]

    def __init__(self, rows) -> None:
        super().__init__()
        self.rows = rows

    def compose_main(self) -> ComposeResult:
        yield Plain(tn("missing.title", len(self.rows), n=len(self.rows)) if self.rows else t("missing.none"), id="missing-title")
        yield PlainOptionList(*[Option(f"{glyphs().bullet} {row.borger.navn} ({row.borger.kortnavn}) {row.borger.bolig}", id=row.borger.id) for row in self.rows], id="missing-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.audit_shown(AuditAction.LAES_MANGLER, AuditTarget.of(TargetKind.MANGLER), [row.borger.id for row in self.rows])

    def action_open(self) -> None:
        """The highlighted borger's log screen, in place of this list."""
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._open(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:  # a click
        self._open(event.option.id)

    def _open(self, borger_id: str | None) -> None:
        from smtte_tui.screens.shift.log import LogScreen

        row = next((row for row in self.rows if row.borger.id == borger_id), None)
        self.app.pop_screen()
        if row is not None:
            self.app.push_screen(LogScreen(row.borger, row.plan))
