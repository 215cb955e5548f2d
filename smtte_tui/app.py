"""The Textual App shell: owns the store, the signed-in person, global keys, polling and locking.

Screens live in ``smtte_tui.screens`` (the checkout's ``screens/`` folder). File I/O never runs on
the UI thread: store calls go through thread workers.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App
from textual.binding import Binding

from smtte_tui.i18n import t

if TYPE_CHECKING:  # the core (pydantic, store) is imported in a worker, after the first frame
    from smtte_tui.config import Settings
    from smtte_tui.models import Medarbejder
    from smtte_tui.store import Store, SyncState
    from textual.notifications import SeverityLevel

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

    def __init__(
        self,
        store: Store | None = None,
        settings: Settings | None = None,
        clock: Callable[[], dt.datetime] = _local_now,
        drafts=None,
        open_store: Callable[[], Store] | None = None,
    ) -> None:
        """Give either an open ``store`` (tests) or ``open_store``, which runs in a worker so the
        lock screen is up before pydantic and the data folder have been loaded."""
        super().__init__()
        self.store = store  # type: ignore[assignment]
        self._open_store = open_store
        self._store_ready = threading.Event()
        if store is not None:
            self._store_ready.set()
        self._settings = settings
        self.clock = clock
        self.user: Medarbejder | None = None
        self.sync_state: SyncState | None = None
        self.last_save: list[str] = []
        self._drafts = drafts
        self._last_activity = time.monotonic()

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from smtte_tui.config import Settings

            self._settings = Settings()
        return self._settings

    @property
    def drafts(self):
        if self._drafts is None:
            from smtte_tui.drafts import DraftStore
            from smtte_tui.locations import local_dir

            self._drafts = DraftStore(local_dir() / "drafts")
        return self._drafts

    def wait_for_store(self) -> Store:
        """For workers: the store, once it is open."""
        self._store_ready.wait()
        return self.store

    # --- time and place ----------------------------------------------------------------------

    def now(self) -> dt.datetime:
        return self.clock()

    def current_shift(self):
        from smtte_tui.shifts import ShiftBoundaries, current_shift

        return current_shift(self.now(), ShiftBoundaries.from_settings(self.settings))

    # --- start, polling, idle lock -----------------------------------------------------------

    def on_mount(self) -> None:
        from smtte_tui.screens.lock import LockScreen

        self.push_screen(LockScreen())
        # Load data once the lock screen is drawn: the person types initials and PIN meanwhile.
        self.call_after_refresh(self.open_store)

    @work(thread=True, exclusive=True, group="open")
    def open_store(self) -> None:
        from smtte_tui.config import ConfigError, load_settings
        from smtte_tui.models import Medarbejder
        from smtte_tui.store import StoreError

        try:
            if self._settings is None:
                self._settings = load_settings()
            if self.store is None and self._open_store is not None:
                self.store = self._open_store()
        except ConfigError as exc:
            self.call_from_thread(self.exit, None, 2, t("cli.error.config", path=exc))
            return
        except StoreError as exc:  # one sentence after the app closes, never a traceback
            self.call_from_thread(self.exit, None, 2, str(exc))
            return
        self._store_ready.set()
        has_staff = bool(self.store.all(Medarbejder))
        self.call_from_thread(self._store_opened, has_staff)

    def _store_opened(self, has_staff: bool) -> None:
        from smtte_tui.screens.setup import FirstRunScreen

        self.sub_title = t("app.subtitle.data", path=self.store.root)
        if not has_staff:
            # pushed over the lock screen (switching away while it still mounts races its Header)
            self.push_screen(FirstRunScreen())
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

        return sign_in(self.wait_for_store(), initials, pin, now=self.now(), policy=LockoutPolicy.from_settings(self.settings), terminal=self.store.writer)

    def signed_in(self, medarbejder: Medarbejder) -> None:
        from smtte_tui.screens.home import HomeScreen

        self.user = medarbejder
        self._last_activity = time.monotonic()
        while len(self.screen_stack) > 2:  # a first-run screen over the lock screen
            self.pop_screen()
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
        from smtte_tui.models import Borger
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
        from smtte_tui.models import AuditEvent

        event = AuditEvent(tid=self.now(), medarbejder=who, terminal=self.store.writer, handling=handling, maal=maal, borger_id=borger_id)
        self.store.create(event, author=who)

    # --- messages ---------------------------------------------------------------------------

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float | None = None, markup: bool = False) -> None:
        """Every notification is literal text: messages carry names, goals and error sentences,
        and a bracket in one of them must neither vanish nor raise ``MarkupError``. Screens'
        ``notify`` passes ``markup=True`` by default, so the argument is ignored on purpose."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def action_help(self) -> None:
        from smtte_tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))
