"""The Textual App shell: owns the store, the signed-in person, global keys, polling and locking.

Screens live in ``smtte_tui.screens`` (the checkout's ``screens/`` folder). File I/O never runs on
the UI thread: store calls go through thread workers.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from textual import events, work
from textual.app import App
from textual.binding import Binding

from smtte_tui.config import Settings
from smtte_tui.i18n import t
from smtte_tui.models import AuditEvent, Borger, Medarbejder
from smtte_tui.store import Store, SyncState

POLL_SECONDS = 1.0  # other terminals' changes appear within ~1 s (the contract is 3 s)
IDLE_CHECK_SECONDS = 5.0


def _local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class SmtteApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "smtte"
    BINDINGS = [
        Binding("ctrl+q", "quit", t("app.key.quit"), id="app.quit", priority=True),
        Binding("f1", "help", t("app.key.help"), id="app.help"),
    ]

    def __init__(self, store: Store, settings: Settings | None = None, clock: Callable[[], dt.datetime] = _local_now, drafts=None) -> None:
        super().__init__()
        from smtte_tui.drafts import DraftStore
        from smtte_tui.locations import local_dir

        self.store = store
        self.settings = settings or Settings()
        self.clock = clock
        self.user: Medarbejder | None = None
        self.sync_state: SyncState | None = None
        self.last_save: list[str] = []
        self.drafts = drafts or DraftStore(local_dir() / "drafts")
        self._last_activity = time.monotonic()

    # --- time and place ----------------------------------------------------------------------

    def now(self) -> dt.datetime:
        return self.clock()

    def current_shift(self):
        from smtte_tui.shifts import ShiftBoundaries, current_shift

        return current_shift(self.now(), ShiftBoundaries.from_settings(self.settings))

    # --- start, polling, idle lock -----------------------------------------------------------

    def on_mount(self) -> None:
        from smtte_tui.screens.lock import LockScreen
        from smtte_tui.screens.setup import FirstRunScreen

        self.sub_title = t("app.subtitle.data", path=self.store.root)
        has_staff = bool(self.store.all(Medarbejder))
        self.push_screen(LockScreen() if has_staff else FirstRunScreen())
        self.set_interval(POLL_SECONDS, self.poll_store)
        self.set_interval(IDLE_CHECK_SECONDS, self._check_idle)
        if self.store.readonly:
            self.notify(t("app.readonly"), severity="warning", timeout=10)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)):
            self._last_activity = time.monotonic()
        await super().on_event(event)

    def _check_idle(self) -> None:
        if self.user is not None and time.monotonic() - self._last_activity > self.settings.lock_after_minutes * 60:
            self.action_lock()

    @work(thread=True, exclusive=True, group="poll")
    def poll_store(self) -> None:
        changes = self.store.poll()
        state = self.store.sync_state()
        self.call_from_thread(self._after_poll, changes, state)

    def _after_poll(self, changes, state: SyncState) -> None:
        self.sync_state = state
        refresh = getattr(self.screen, "store_changed", None)
        if refresh is not None:
            refresh(changes, state)

    # --- sign-in and lock --------------------------------------------------------------------

    def try_sign_in(self, initials: str, pin: str):
        """Runs in a worker (scrypt and the audit write take a moment)."""
        from smtte_tui.signin import LockoutPolicy, sign_in

        return sign_in(self.store, initials, pin, now=self.now(), policy=LockoutPolicy.from_settings(self.settings), terminal=self.store.writer)

    def signed_in(self, medarbejder: Medarbejder) -> None:
        from smtte_tui.screens.home import HomeScreen

        self.user = medarbejder
        self._last_activity = time.monotonic()
        self.switch_screen(HomeScreen())
        drafts = self.drafts.load(medarbejder.id)
        if drafts:
            borger_id, draft = next(iter(drafts.items()))
            self.open_log(borger_id, draft)

    def action_lock(self) -> None:
        from smtte_tui.screens.lock import LockScreen
        from smtte_tui.screens.log import LogScreen

        if self.user is None:
            return
        for screen in self.screen_stack:
            if isinstance(screen, LogScreen) and screen.is_dirty():
                self.keep_draft(screen.borger.id, screen.collect())
        user, self.user = self.user, None
        self.last_save = []
        self._record_lock(user)
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(LockScreen())

    @work(thread=True, group="audit")
    def _record_lock(self, user: Medarbejder) -> None:
        from smtte_tui.signin import record_lock

        record_lock(self.store, user, now=self.now(), terminal=self.store.writer)

    # --- drafts ------------------------------------------------------------------------------

    def keep_draft(self, borger_id: str, draft: dict) -> None:
        if self.user is not None:
            self.drafts.save(self.user.id, borger_id, draft)

    def drop_draft(self, borger_id: str) -> None:
        if self.user is not None:
            self.drafts.discard(self.user.id, borger_id)

    # --- logging -----------------------------------------------------------------------------

    def open_log(self, borger_id: str, draft: dict | None = None) -> None:
        from smtte_tui.picker import active_plan
        from smtte_tui.screens.log import LogScreen

        borger = self.store.get(Borger, borger_id)
        if borger is None:
            return
        if draft is None:
            draft = self.drafts.load(self.user.id).get(borger_id) if self.user else None
        self.push_screen(LogScreen(borger, active_plan(self.store, borger_id), draft))

    def after_save(self, borger_id: str, ids: list[str]) -> None:
        from smtte_tui.screens.home import HomeScreen

        self.last_save = ids
        self.drop_draft(borger_id)
        self.notify(t("log.saved"))
        while not isinstance(self.screen, HomeScreen) and len(self.screen_stack) > 2:
            self.pop_screen()
        self.screen.load()

    def undo_last_save(self) -> None:
        if not self.last_save:
            self.notify(t("home.nothing_to_undo"), severity="warning")
            return
        ids, self.last_save = self.last_save, []
        self._undo(ids)

    @work(thread=True, group="undo")
    def _undo(self, ids: list[str]) -> None:
        from smtte_tui.shiftlog import undo_save

        undo_save(self.store, ids, self.user.initialer if self.user else "")
        self.call_from_thread(self.notify, t("home.undone"))
        self.call_from_thread(self.screen.load)

    # --- audit -------------------------------------------------------------------------------

    def audit(self, handling: str, maal: str, borger_id: str | None = None) -> None:
        self._audit(handling, maal, borger_id, self.user.initialer if self.user else "")

    @work(thread=True, group="audit")
    def _audit(self, handling: str, maal: str, borger_id: str | None, who: str) -> None:
        event = AuditEvent(tid=self.now(), medarbejder=who, terminal=self.store.writer, handling=handling, maal=maal, borger_id=borger_id)
        self.store.create(event, author=who)

    def action_help(self) -> None:
        from smtte_tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))
