"""What every signed-in screen shares: header, sync bar, footer, store refresh hook."""

from __future__ import annotations

from textual.screen import Screen

from smtte_tui.screens.widgets.syncbar import SyncBar


class AppScreen(Screen[None]):
    """A screen that shows the sync state and can react to other terminals' changes."""

    def store_changed(self, changes, state) -> None:
        for bar in self.query(SyncBar):
            bar.show(state)
        if changes:
            self.refresh_data(changes)

    def refresh_data(self, changes) -> None:
        """Override: reload what this screen shows after other terminals changed something."""

    def on_screen_resume(self) -> None:
        for bar in self.query(SyncBar):
            bar.show(self.app.sync_state)
