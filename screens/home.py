"""Home: the list of active borgere with their goal, and the sync state."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from smtte_tui.i18n import t
from smtte_tui.models import Borger, SmttePlan


class HomeScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="main"):
            yield Static(t("app.welcome"), id="welcome")
            yield DataTable(id="borgere", cursor_type="row")
        yield Static("", id="sync")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Navn", "Kort", "Bolig", "Mål")
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        store = self.app.store
        borgere = sorted((b for b in store.all(Borger) if b.aktiv), key=lambda b: b.navn)
        goals = {p.borger_id: p.maal.tekst for p in store.all(SmttePlan) if p.status == "aktiv" and p.maal}
        rows = [(b.navn, b.kortnavn, b.bolig, goals.get(b.id, "")) for b in borgere]
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[tuple[str, str, str, str]]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            table.add_row(*row)
        self.query_one("#welcome", Static).update(f"{t('app.welcome')} – {t('app.borgere_count', n=len(rows))}")

    def store_changed(self, changes, state) -> None:
        sync = self.query_one("#sync", Static)
        if not state.share_ok:
            sync.update(t("sync.offline", n=state.pending))
            sync.add_class("offline")
        else:
            sync.remove_class("offline")
            parts = [t("sync.ok") if not state.pending else t("sync.pending", n=state.pending)]
            if state.conflicts or state.problems:
                parts.append(t("sync.conflicts", n=state.conflicts + state.problems))
            sync.update(" · ".join(parts))
        if changes:
            self.load()
