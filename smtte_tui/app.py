"""The Textual App shell: owns the store, the signed-in person, global keys, polling and locking.

Screens live in ``smtte_tui.screens`` (the checkout's ``screens/`` folder). File I/O never runs on
the UI thread: store calls go through thread workers.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, work
from textual.app import App
from textual.binding import Binding

from smtte_tui.i18n import t
from smtte_tui.screens.signin.lock import LockScreen

if TYPE_CHECKING:  # the core (pydantic, store) is imported in a worker, after the first frame
    from textual.notifications import SeverityLevel
    from textual.worker import Worker

    from smtte_tui.config import Settings
    from smtte_tui.models import Medarbejder
    from smtte_tui.screens.kit.messages import LogSaved
    from smtte_tui.session import Session
    from smtte_tui.store import Store, SyncState

log = logging.getLogger("smtte")
T = TypeVar("T")

POLL_SECONDS = (
    2.0  # other terminals' changes appear within ~2 s (the contract is 3 s); each poll reads every writer's manifest, so 2 s keeps an idle terminal under 20 share calls a second with ten writers
)
IDLE_CHECK_SECONDS = 5.0


def _local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class SmtteApp(App[None]):
    # The lock screen's styles are read with the app's own: a screen whose CSS_PATH is new to the
    # app makes Textual parse every stylesheet again when it is first shown, and the lock screen is
    # the first thing anyone waits for (``smtte bench``, launch).
    CSS_PATH = ["app.tcss", *LockScreen.CSS_PATH]
    TITLE = "smtte"
    # Textual's command palette (Ctrl+P) offers its own English commands ("Screenshot", "Theme"):
    # every smtte action has its key on the keys line and in F1, in the catalog's language.
    ENABLE_COMMAND_PALETTE = False
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
        notices: Iterable[str] = (),
        database=None,
    ) -> None:
        """Give either an open ``store`` (tests) or ``open_store``, which runs in a worker so the
        lock screen is up before pydantic and the data folder have been loaded. ``notices`` are
        shown as warnings once the lock screen is up (what the start could not set up).
        ``database``: the ``replicate.mirror.Mirror`` of a terminal on the municipality's
        PostgreSQL (the store is its local mirror; the sync bar says when the database is away)."""
        super().__init__()
        self._notices = list(notices)
        self.database = database
        self.store = store  # type: ignore[assignment]
        self._open_store = open_store
        self._store_ready = threading.Event()
        if store is not None:
            self._store_ready.set()
        self._settings = settings
        self.clock = clock
        self.session: Session | None = None  # from sign-in to the lock
        self.sync_state: SyncState | None = None
        self.last_save: list[str] = []
        self._drafts = drafts
        self._last_activity = time.monotonic()
        self._lock_after_minutes = 5  # the house's setting replaces this at the first poll
        self._poll_failing = False
        self._quit_warned = False
        self._quit_question: Any = None  # the "quit and lose unsaved work?" question while it is up
        from smtte_tui.screens.shift.typeahead import TypeAhead

        self.typeahead = TypeAhead(self)
        # No animations (unless TEXTUAL_ANIMATIONS asks for them): on an old PC or over a remote
        # desktop a smooth scroll costs frames while keys wait, and a field focused during a
        # scroll toward another one could end up outside the view until the next key.
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            self.animation_level = "none"

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from smtte_tui.config import Settings

            self._settings = Settings()
        return self._settings

    @property
    def drafts(self):
        if self._drafts is None:
            from smtte_tui.features.shift.drafts import DraftStore

            self._drafts = DraftStore()  # the person's own folder, also where the PC's is machine-wide
        return self._drafts

    @property
    def user(self) -> Medarbejder | None:
        """The signed-in person (None while locked)."""
        return self.session.person if self.session is not None else None

    def wait_for_store(self) -> Store:
        """For workers: the store, once it is open."""
        self._store_ready.wait()
        return self.store

    # --- time and place ----------------------------------------------------------------------

    def now(self) -> dt.datetime:
        return self.clock()

    def current_shift(self):
        from smtte_tui.features.shift.shifts import ShiftBoundaries, current_shift

        return current_shift(self.now(), ShiftBoundaries.from_settings(self.settings))

    # --- start, polling, idle lock -----------------------------------------------------------

    def on_mount(self) -> None:
        self.push_screen(LockScreen())
        for notice in self._notices:
            self.notify(notice, severity="warning", timeout=20)
        # Load data once the lock screen is drawn: the person types initials and PIN meanwhile.
        self.call_after_refresh(self.open_store)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_store(self) -> None:
        from smtte_tui.config import ConfigError, load_settings
        from smtte_tui.errors import explain
        from smtte_tui.models import Medarbejder

        try:
            if self._settings is None:
                self._settings = load_settings()
            if self.store is None and self._open_store is not None:
                self.store = self._open_store()
            has_staff = bool(self.store.all(Medarbejder))
            staff_expected = self.store.staff_expected
        except ConfigError as exc:
            self.call_from_thread(self.exit, None, 2, str(exc))  # names the file and the mistake
            return
        except Exception as exc:  # without a data folder there is nothing to do: one sentence, never a traceback
            self.call_from_thread(self.exit, None, 2, explain(exc, context="open_store"))
            return
        self._store_ready.set()
        self.call_from_thread(self._store_opened, has_staff, staff_expected)

    def _store_opened(self, has_staff: bool, staff_expected: bool) -> None:
        """First start only for a folder that has never had staff (``Store.staff_expected``, from
        FORMAT.json): staff that cannot be read (a damaged or missing core file) must never let
        anyone create a leder. Then the lock screen says so in one sentence and lets nobody sign
        in or create anything; smtte is started again once the folder is repaired."""
        from smtte_tui.screens.kit.messages import StoreOpened
        from smtte_tui.screens.signin.setup import FirstRunScreen

        if self.database is not None:
            self.sub_title = t("mirror.subtitle", where=self.database.target.where, house=self.database.target.house)
        else:
            self.sub_title = t("app.subtitle.data", path=self.store.root)
        if not has_staff and not staff_expected:
            # pushed over the lock screen (switching away while it still mounts races its Header)
            self.push_screen(FirstRunScreen())
        elif not has_staff:
            for screen in self.screen_stack:  # the lock screen closes sign-in
                screen.post_message(StoreOpened(staff_readable=False))
        self.set_interval(POLL_SECONDS, self.poll_store)
        self.set_interval(IDLE_CHECK_SECONDS, self._check_idle)
        if self.store.readonly:
            self.notify(t("app.readonly"), severity="warning", timeout=10)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)):
            self._last_activity = time.monotonic()
        if isinstance(event, events.Key) and not event.is_forwarded:
            # every key from the terminal goes through the type-ahead queue, which hands it back
            # here when the screen it is meant for is ready (screens/shift/typeahead.py)
            if not self.typeahead.admit(event):
                return
            await super().on_event(event)
            self.typeahead.delivered(event)
            return
        await super().on_event(event)

    def lock_after_minutes(self) -> int:
        """The house's idle time before the screen locks (set by a leder, the same on every
        terminal); the poll worker reads it, so the UI thread never asks the store."""
        return self._lock_after_minutes

    def _check_idle(self) -> None:
        if self.user is not None and time.monotonic() - self._last_activity > self._lock_after_minutes * 60:
            self.typeahead.discard()  # keys still waiting were typed before the lock, for no one after it
            self.action_lock(idle=True)

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def poll_store(self) -> None:
        from smtte_tui.housesettings import current

        try:
            changes = self.store.poll()
            state = self.store.sync_state()
            lock_minutes = current(self.store).lock_after_minutes
        except Exception as exc:  # the share (or the store) failed: say so in the sync bar, try again next second
            self.call_from_thread(self._poll_failed, exc)
            return
        self.call_from_thread(self._after_poll, changes, state, lock_minutes)

    def _after_poll(self, changes, state: SyncState, lock_minutes: int | None = None) -> None:
        if lock_minutes is not None:
            self._lock_after_minutes = lock_minutes
        if self._poll_failing:
            log.info("polling the data folder works again")
        self._poll_failing = False
        self.sync_state = state
        self._tell_screen(changes, state)

    def _tell_screen(self, changes, state: SyncState) -> None:
        """The screen on top decides what a poll means to it (its sync bar, a reload)."""
        from smtte_tui.screens.kit.messages import StoreChanged

        self.screen.post_message(StoreChanged(changes, state))

    def _poll_failed(self, error: Exception) -> None:
        from dataclasses import replace

        from smtte_tui.store import SyncState

        if not self._poll_failing:  # once per outage, not every second
            log.warning("polling the data folder failed", exc_info=(type(error), error, error.__traceback__))
        self._poll_failing = True
        last = self.sync_state
        self.sync_state = replace(last, share_ok=False) if last is not None else SyncState(pending=0, share_ok=False, conflicts=0, problems=0)
        self._tell_screen(None, self.sync_state)

    # --- sign-in and lock --------------------------------------------------------------------

    def try_sign_in(self, initials: str, pin: str):
        """Runs in a worker (scrypt and the audit write take a moment). The lockout is the house's.
        On a read-only terminal the store keeps the sign-in events in memory for this session
        (``Store`` audit events on a read-only folder), so wrong PINs still count towards a block."""
        from smtte_tui.features.signin.signin import sign_in

        return sign_in(self.wait_for_store(), initials, pin, now=self.now(), terminal=self.store.writer)

    def signed_in(self, medarbejder: Medarbejder) -> None:
        """Sign ``medarbejder`` in: home, and the draft they left (if any) on top of it.

        Called by the lock and first-run screens when their sign-in job is done, not posted as a
        message: home must be on top before that job's result has been handled, because the keys
        typed while the PIN was checked are then let go to the screen on top (a message would be
        handled later, and the keys would be dropped as meant for a sign-in that opened nothing;
        ``screens/shift/typeahead.py``)."""
        from smtte_tui.screens.shift.home import HomeScreen
        from smtte_tui.session import Session

        self.session = Session(self.store, medarbejder, clock=self.clock, terminal=self.store.writer, settings=self.settings)
        self._last_activity = time.monotonic()
        while len(self.screen_stack) > 2:  # a first-run screen over the lock screen
            self.pop_screen()
        self.switch_screen(HomeScreen())
        drafts = self.drafts.load(medarbejder.id)
        if drafts:
            borger_id, draft = next(iter(drafts.items()))
            self.open_log_of(borger_id, draft)
        if self.store.readonly:
            self.notify(t("app.readonly"), severity="warning", timeout=10)

    def action_lock(self, idle: bool = False) -> None:
        """Lock now (Ctrl+L, or ``idle`` after the house's minutes without a key). The lock screen
        says why, and whether what was typed was kept as a draft."""
        if self.user is None:
            return
        kept = self.keep_log_drafts()
        note = t("lock.note.idle", minutes=self._lock_after_minutes) if idle else t("lock.note.locked")
        if kept:
            note += " " + t("lock.note.draft")
        session, self.session = self.session, None
        self.last_save = []
        if not self.store.readonly:
            from smtte_tui.features.signin.signin import record_lock

            self.write(lambda store: record_lock(session), name="record_lock")
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(LockScreen(note))
        waiting = self.waiting_on_this_pc()
        if waiting:
            self.notify(t("app.pending.lock", n=waiting), severity="warning", timeout=15)

    async def action_quit(self) -> None:
        """Ctrl+Q: what was typed on a log screen is kept as the person's draft, as Escape and the
        lock keep it, and comes back at the next sign-in. While records wait for the share, the
        first press says so and the second quits (they are sent when smtte runs on this PC again,
        so the person should know). Other unsaved work that cannot be kept (a plan, a meeting, a
        prøvehandling: screens with ``unsaved_changes()``) is asked about first: J quits and
        discards it, N or Escape stays. The screens are asked directly, as the lock asks them
        (``keep_log_drafts``): the answer is needed now, before the app closes."""
        from smtte_tui.screens.kit.base import AppScreen
        from smtte_tui.screens.kit.confirm import ConfirmScreen

        if self._quit_question is not None and self.screen is self._quit_question:
            self.exit()  # Ctrl+Q again on the question: the answer is yes
            return
        self.keep_log_drafts()
        waiting = self.waiting_on_this_pc()
        if waiting and not self._quit_warned:
            self._quit_warned = True
            self.notify(t("app.pending.quit", n=waiting), severity="warning", timeout=15)
            return
        unsaved = [screen for screen in self.screen_stack if isinstance(screen, AppScreen) and screen.unsaved_changes()]
        if not unsaved:
            self.exit()
            return

        def answered(quit: bool | None) -> None:
            self._quit_question = None
            if quit:
                self.exit()

        self._quit_question = ConfirmScreen(t("app.quit_unsaved"), t("app.quit_unsaved.yes"), t("app.quit_unsaved.no"))
        self.push_screen(self._quit_question, answered)

    def waiting_on_this_pc(self) -> int:
        """Records saved on this PC that the share does not have yet (from memory: no share I/O)."""
        if self.store is None or self.store.readonly:
            return 0
        try:
            return self.store.pending_count
        except RuntimeError:  # the journal changed while it was counted (the background writer): the last poll's figure
            return self.sync_state.pending if self.sync_state is not None else 0

    # --- drafts ------------------------------------------------------------------------------

    def keep_log_drafts(self) -> int:
        """Keep what was typed on open screens (the log screens) as the signed-in person's drafts;
        how many. Asked of each screen at once, not by a message: the lock and quit remove the
        screens right after, before a message would be handled."""
        from smtte_tui.screens.kit.base import AppScreen

        return sum(1 for screen in self.screen_stack if isinstance(screen, AppScreen) and screen.keep_typed())

    # --- logging -----------------------------------------------------------------------------

    def open_log_of(self, borger_id: str, draft: dict | None = None) -> None:
        """Read the borger and the active plan in a worker, then open the log screen (with the
        draft restored at sign-in)."""
        from smtte_tui.lookup import active_plan
        from smtte_tui.models import Borger
        from smtte_tui.screens.shift.log import LogScreen

        def fetch(store: Store):
            borger = store.get(Borger, borger_id)
            return borger, active_plan(store, borger_id) if borger else None

        def show(found) -> None:
            borger, plan = found
            if borger is not None:
                self.push_screen(LogScreen(borger, plan, draft))

        self.read(fetch, show, name="open_log", hold_keys=True)

    def on_log_saved(self, message: LogSaved) -> None:
        """A log screen's save has succeeded, whatever is on top now (the log screen has gone home
        itself if it was still open): drop the draft those values were kept as, say "Gemt" and
        which signs are still missing, and tell the screen on top that the shift's log changed.

        ``staff_id`` is whose save it was: once someone else is signed in (or nobody is), the
        save's ids are not offered to Ctrl+Z and nothing about the borger is shown. A draft that
        differs from what was saved (typed after the save began, on a screen opened again) is
        kept."""
        from smtte_tui.screens.kit.messages import ShiftLogChanged

        staff_id, borger_id, draft = message.staff_id, message.borger_id, message.draft
        kept = self.drafts.load(staff_id).get(borger_id)
        if (kept is None or kept == draft or message.still_open) and not self.drafts.discard(staff_id, borger_id):
            self.notify(t("drafts.not_removed"), severity="warning", timeout=10)
        if self.user is None or self.user.id != staff_id:
            self.notify(t("log.saved"))
            return
        self.last_save = message.ids
        if message.missing:
            self.notify(t("log.saved_missing", tegn=", ".join(message.missing)), severity="warning", timeout=8)
        else:
            self.notify(t("log.saved"))
        self.screen.post_message(ShiftLogChanged())

    def action_undo(self) -> None:
        """Ctrl+Z on home: take back this person's last save."""
        from smtte_tui.features.shift.shiftlog import undo_save

        if not self.last_save:
            self.notify(t("home.nothing_to_undo"), severity="warning")
            return
        ids, self.last_save = self.last_save, []
        session = self.session

        def undone(_: object) -> None:
            from smtte_tui.screens.kit.messages import ShiftLogChanged

            self.notify(t("home.undone"))
            self.screen.post_message(ShiftLogChanged())

        def failed(_: BaseException) -> None:
            self.last_save = ids  # not undone: Ctrl+Z can try again

        self.write(lambda store: undo_save(session, ids), undone, failed=failed, name="undo")

    # --- reading and writing in workers ------------------------------------------------------

    def read(self, fetch: Callable[[Store], T], show: Callable[[T], object], *, name: str, hold_keys: bool = False) -> Worker[None]:
        """``AppScreen.read`` for the app itself: ``fetch(store)`` in a worker, ``show`` on the UI thread."""
        from smtte_tui.screens.kit.base import run_job

        return run_job(self, fetch, show, name=f"app.{name}", exclusive=True, hold_keys=hold_keys)

    def write(self, do: Callable[[Store], T], done: Callable[[T], object] | None = None, *, failed: Callable[[BaseException], object] | None = None, name: str) -> Worker[None]:
        """``AppScreen.write`` for the app itself: never cancelled, a failure is always told."""
        from smtte_tui.screens.kit.base import run_job

        return run_job(self, do, done, failed=failed, name=f"app.{name}", exclusive=False)

    def report_error(self, error: BaseException, *, context: str = "") -> None:
        """The one place a failure reaches the person: a refusal's Danish sentence as it is, any
        other error logged with its traceback and told in one calm sentence. The app goes on."""
        from smtte_tui.errors import explain

        self.notify(explain(error, context=context), severity="error", timeout=10)

    def _fatal_error(self) -> None:
        """Textual's last resort, for an error that nothing caught (a fault in the UI thread's own
        code). Textual would print a traceback listing every frame's local variables, and a frame
        of the lock screen may hold a PIN. Here the traceback goes to the log file (logging shows
        no locals) and the terminal gets one sentence after the app has closed.

        Overrides a private Textual method (8.x); tests/app/test_secrets.py pins the behaviour."""
        import sys

        from rich.text import Text

        from smtte_tui.locations import log_file

        error = sys.exc_info()[1]
        log.error("the app stopped on an unexpected error", exc_info=error)
        self.bell()
        detail = type(error).__name__ if error is not None else "?"
        self._exit_renderables.append(Text(t("cli.error.unexpected", detail=detail, log=log_file())))
        self._close_messages_no_wait()

    # --- messages ---------------------------------------------------------------------------

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float | None = None, markup: bool = False) -> None:
        """Every notification is literal text: messages carry names, goals and error sentences,
        and a bracket in one of them must neither vanish nor raise ``MarkupError``. Screens'
        ``notify`` passes ``markup=True`` by default, so the argument is ignored on purpose."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # --- what the terminal can draw ---------------------------------------------------------

    def get_driver_class(self):
        """Textual's driver, folding symbols the console cannot draw when the ASCII glyph set is
        in use (``smtte_tui.glyphs``; chosen before the app is made)."""
        from smtte_tui.glyphs import glyphs

        driver = super().get_driver_class()
        if not glyphs().ascii:
            return driver
        from smtte_tui.screens.asciidriver import folding_driver

        return folding_driver(driver)

    def get_key_display(self, binding: Binding) -> str:
        from smtte_tui.glyphs import glyphs

        display = super().get_key_display(binding)
        if not glyphs().ascii:
            return display
        from smtte_tui.screens.asciidriver import key_words

        return key_words(display)

    def action_help_quit(self) -> None:
        # Textual answers Ctrl+C (outside a field, where it copies) with an English hint
        self.notify(t("app.quit_hint"), title=t("app.quit_hint.title"))

    def action_help(self) -> None:
        from smtte_tui.screens.kit.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))
