"""What every signed-in screen shares: the frame (header, ``#main``, sync bar, key bar), the store
refresh hook, and the one way a screen reads and writes the store.

A screen on :class:`AppScreen` writes only what goes inside the frame::

    class MissingScreen(AppScreen):
        def compose_main(self) -> ComposeResult:
            yield Plain(t("missing.title"), id="missing-title")
            yield PlainOptionList(id="missing-list")

``compose_main`` is drawn inside ``main_container()`` (``Vertical(id="main")``: the bordered
area kit.tcss styles); a screen that lays out its own body (a form that scrolls, a centred box,
two panes) returns another container or None from ``main_container``.

The store's files live on a share that may be slow or gone, so no store call runs on the UI
thread. A screen asks for data with ``self.read(fetch, show)`` and changes it with
``self.write(do, done)``: ``fetch``/``do`` get the store in a thread worker, ``show``/``done``
get the result back on the UI thread. A failure in either half goes to ``SmtteApp.report_error``:
a refusal's Danish sentence is shown, anything else is logged and the person reads one calm
sentence. The app keeps running and the screen keeps what was typed (a failed write never
clears a form).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header
from textual.worker import Worker, get_current_worker

from smtte_tui.screens.kit.messages import StoreChanged
from smtte_tui.screens.kit.styles import KIT_CSS
from smtte_tui.screens.widgets.keybar import KeyBar
from smtte_tui.screens.widgets.syncbar import SyncBar

if TYPE_CHECKING:
    from smtte_tui.audit_actions import AuditAction, AuditTarget
    from smtte_tui.session import Session
    from smtte_tui.store import Store

T = TypeVar("T")


def run_job(
    owner: DOMNode,
    job: Callable[[Store], T],
    then: Callable[[T], object] | None = None,
    *,
    failed: Callable[[BaseException], object] | None = None,
    name: str,
    exclusive: bool,
    receiver: DOMNode | None = None,
    hold_keys: bool = False,
) -> Worker[None]:
    """Run ``job(store)`` in a thread worker of ``owner`` and hand its result to ``then`` on the UI
    thread. On an exception ``failed(error)`` runs first (to put a form back, say); the error is
    then reported, unless ``failed`` returned True for a refusal it has shown itself (a fault is
    always logged and told). ``then`` and ``failed`` run only while ``receiver`` (default
    ``owner``) is still on screen; the report is made in any case, so a write that fails after its
    screen closed is still told. With ``exclusive``, a newer job of the same ``name`` replaces an
    older one and the older result is dropped. With ``hold_keys``, keys typed while the job runs
    wait for the screen its result opens (``screens/shift/typeahead.py``) and are dropped if none opens.

    The worker's name and description are ``name`` alone: never its arguments (a PIN among them
    would show in Textual's worker log)."""
    app: Any = owner.app
    receiver = receiver or owner

    def on_ui(worker: Worker[None], step: Callable[[], object]) -> None:
        try:
            if worker.is_cancelled:
                return
            try:
                step()
            except Exception as error:  # a fault in drawing the result must not end the app either
                app.report_error(error, context=name)
        finally:
            if hold_keys:
                app.typeahead.job_done(worker)

    def succeeded(result: T) -> None:
        if then is not None and receiver.is_attached:
            then(result)

    def went_wrong(error: BaseException) -> None:
        from smtte_tui.errors import refusal_sentence  # pydantic and the store load after the first frame

        shown = False
        try:
            if failed is not None and receiver.is_attached:
                shown = bool(failed(error))
        finally:
            if not (shown and refusal_sentence(error) is not None):
                app.report_error(error, context=name)

    def work() -> None:
        worker = get_current_worker()
        try:
            result = job(app.wait_for_store())
        except Exception as error:
            caught = error  # ``error`` itself is unbound once the except block ends
            step: Callable[[], object] = lambda: went_wrong(caught)  # noqa: E731
        else:
            step = lambda: succeeded(result)  # noqa: E731
        try:
            app.call_from_thread(on_ui, worker, step)
        except RuntimeError:  # the app closed while the job ran: nobody left to tell
            pass

    worker = owner.run_worker(work, name=name, group=name, description=name, exclusive=exclusive, thread=True, exit_on_error=False)
    if hold_keys:  # before the job can finish: its result reaches the UI thread only after this returns
        app.typeahead.hold(worker)
    return worker


class AppScreen(Screen[None]):
    """A screen that shows the sync state, reacts to other terminals' changes and reads and
    writes the store through workers.

    The screen is ``ready`` once the reads it starts while mounting (in ``compose``/``on_mount``)
    have been shown; until then the App keeps the keys typed for it (``screens/shift/typeahead.py``): a
    filter typed before the list is there, or Enter before there is a row to open, would go
    nowhere.

    Its frame is styled in kit.tcss; a screen with styles of its own sets
    ``CSS_PATH = css_of(__file__, "<feature>.tcss")`` (``screens/kit/styles.py``)."""

    CSS_PATH = [KIT_CSS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._first_reads: set[str] = set()
        self._kept_history: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        container = self.main_container()
        if container is None:
            yield from self.compose_main()
        else:
            with container:
                yield from self.compose_main()
        yield from self.compose_after_main()
        yield SyncBar(id="sync")
        yield KeyBar()

    def main_container(self) -> Widget | None:
        """The container ``compose_main`` is drawn in; None puts its widgets in the screen itself."""
        return Vertical(id="main")

    def compose_main(self) -> ComposeResult:
        """Override: what this screen shows between the header and the sync bar."""
        yield from ()

    def compose_after_main(self) -> ComposeResult:
        """Override: a line under the main area, above the sync bar (a status message)."""
        yield from ()

    def keep_history(self, borger_id: str) -> None:
        """This screen shows ``borger_id``'s history: the store keeps it in memory while the
        screen is open (opened histories are otherwise let go, least recent first)."""
        if self._kept_history is None:
            self._kept_history = borger_id
            run_job(self.app, lambda store: store.pin_history(borger_id), name="keep_history", exclusive=False)

    def on_unmount(self) -> None:
        kept, self._kept_history = self._kept_history, None
        if kept is not None:
            run_job(self.app, lambda store: store.pin_history(kept, pinned=False), name="keep_history", exclusive=False)

    @property
    def ready(self) -> bool:
        """Mounted, and every read started while mounting has been shown (or has failed, and
        said so): the keys typed for this screen may come."""
        return self.is_mounted and not self._first_reads

    def read(
        self, fetch: Callable[[Store], T], show: Callable[[T], object], *, name: str | None = None, failed: Callable[[BaseException], object] | None = None, hold_keys: bool = False
    ) -> Worker[None]:
        """Run ``fetch(store)`` in a worker and ``show(result)`` on the UI thread. A newer read of
        the same ``name`` (default: the name of ``show``) replaces an older one still running, and
        reads stop with the screen. With ``hold_keys`` the keys typed meanwhile wait for the
        screen ``show`` opens."""
        job = f"{type(self).__name__}.{name or getattr(show, '__name__', 'read')}"
        if not self.is_mounted:
            self._first_reads.add(job)

        def shown(result: T) -> None:
            try:
                show(result)
            finally:
                self._read_done(job)

        def went_wrong(error: BaseException) -> object:
            self._read_done(job)
            return failed(error) if failed is not None else None

        return run_job(self, fetch, shown, failed=went_wrong, name=job, exclusive=True, hold_keys=hold_keys)

    def _read_done(self, job: str) -> None:
        if job in self._first_reads:
            self._first_reads.discard(job)
            self.app.typeahead.nudge()

    def write(
        self, do: Callable[[Store], T], done: Callable[[T], object] | None = None, *, failed: Callable[[BaseException], object] | None = None, name: str = "write", hold_keys: bool = False
    ) -> Worker[None]:
        """Run ``do(store)`` in a worker and ``done(result)`` on the UI thread. Writes are never
        cancelled or replaced: the app owns the worker, so leaving the screen does not stop a save,
        and a failure is told even then. With ``hold_keys`` the keys typed meanwhile wait for the
        screen ``done`` opens (sign-in, a log saved and home again)."""
        return run_job(self.app, do, done, failed=failed, name=f"{type(self).__name__}.{name}", exclusive=False, receiver=self, hold_keys=hold_keys)

    @property
    def session(self) -> Session | None:
        """Who is signed in, where and when (None while locked): what a job that acts as the
        person takes on the UI thread and hands to the services."""
        return self.app.session

    def audit(self, action: AuditAction, target: AuditTarget, borger_id: str | None = None, *, borgere: Iterable[str] = (), soegeord: str | None = None, session: Session | None = None) -> None:
        """The one way a screen records what it showed to whom, in a write worker: ``borgere``
        names every borger a view of several showed, ``soegeord`` is a search's term
        (:mod:`smtte_tui.viewaudit`). By the signed-in person, or by ``session`` (a search is the
        person's who typed it, though a lock may have signed them out since). A read-only
        terminal writes nothing; the sync bar says why."""
        from smtte_tui.viewaudit import view_events

        session = session or self.session
        if session is None or session.store.readonly:
            return
        events = view_events(session, action, target, borger_id, borgere=borgere, soegeord=soegeord)
        self.app.write(lambda store: store.create_many(events, author=session.initialer), name="audit")

    def audit_shown(self, handling: AuditAction, maal: AuditTarget, borger_ids: Iterable[str]) -> None:
        """Record that this screen now shows these borgere to the signed-in person: when it is
        first drawn, and again only when a refresh shows a borger the last event did not name
        (:class:`smtte_tui.viewaudit.ShownViews`). Call it where the data is drawn."""
        from smtte_tui.viewaudit import ShownViews

        shown = list(borger_ids)
        views = getattr(self, "_shown_views", None)
        if views is None:
            views = self._shown_views = ShownViews()
        if views.worth_recording(handling, shown):
            self.audit(handling, maal, borgere=shown)

    def on_store_changed(self, message: StoreChanged) -> None:
        for bar in self.query(SyncBar):
            bar.show(message.state)
        if message.changes:
            self.refresh_data(message.changes)

    def action_back(self) -> None:
        """Escape: back to the screen that opened this one (a step screen asks first)."""
        self.dismiss()

    def unsaved_changes(self) -> bool:
        """Override: leaving now would lose what was typed (the App's Ctrl+Q asks first)."""
        return False

    def keep_typed(self) -> bool:
        """Override: keep what was typed as a draft before the app locks or quits; True if kept."""
        return False

    def refresh_data(self, changes) -> None:
        """Override: reload what this screen shows after other terminals changed something."""

    def on_screen_resume(self) -> None:
        for bar in self.query(SyncBar):
            bar.show(self.app.sync_state)
