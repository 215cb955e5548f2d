"""The Textual App shell: owns the store, global keys, the poll timer and the sync banner.

Screens live in ``smtte_tui.screens`` (the checkout's ``screens/`` folder). File I/O never runs on
the UI thread: store calls go through thread workers.
"""

from __future__ import annotations

from textual import work
from textual.app import App
from textual.binding import Binding

from smtte_tui.i18n import t
from smtte_tui.store import Store, SyncState

POLL_SECONDS = 1.0  # other terminals' changes appear within ~1 s (the contract is 3 s)


class SmtteApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "smtte"
    BINDINGS = [
        Binding("ctrl+q", "quit", t("app.key.quit"), id="quit", priority=True),
        Binding("f1", "help", t("app.key.help"), id="help"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.sync_state: SyncState | None = None

    def on_mount(self) -> None:
        from smtte_tui.screens.home import HomeScreen

        self.sub_title = t("app.subtitle.data", path=self.store.root)
        self.push_screen(HomeScreen())
        self.set_interval(POLL_SECONDS, self.poll_store)

    @work(thread=True, exclusive=True, group="poll")
    def poll_store(self) -> None:
        changes = self.store.poll()
        state = self.store.sync_state()
        self.call_from_thread(self._after_poll, changes, state)

    def _after_poll(self, changes, state: SyncState) -> None:
        self.sync_state = state
        for screen in self.screen_stack:
            refresh = getattr(screen, "store_changed", None)
            if refresh is not None:
                refresh(changes, state)

    def action_help(self) -> None:
        keys = [f"{active.binding.key}: {active.binding.description}" for active in self.screen.active_bindings.values() if active.binding.description]
        self.notify("\n".join(keys), title=t("app.key.help"), timeout=8)
