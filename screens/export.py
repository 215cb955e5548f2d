"""Writing a report or export from the app: next to the data, in a worker, then say where it is.

Files go to ``<data folder>/eksport/`` rather than the PC's own disk: a shared terminal's
Downloads folder is readable by whoever signs in to Windows next, while the data folder is already
limited to the staff group. The store never reads that folder. Every writer used here audits what
it wrote (``eksport``, ``rapport``, ``eksport_aktindsigt``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from textual import work
from textual.screen import Screen

from smtte_tui.i18n import t
from smtte_tui.models import Borger
from smtte_tui.report.export import ExportError, export_filename, write_export
from smtte_tui.screens.widgets.media import open_link
from smtte_tui.store import StoreError

EXPORT_FOLDER = "eksport"
# What a writer may raise with a sentence for the person (a refused role, a file that cannot be written).
EXPECTED = (ExportError, StoreError, OSError, ValueError, PermissionError)


def export_path(data_root: Path, filename: str) -> Path:
    return Path(data_root) / EXPORT_FOLDER / filename


def write_in_background(
    screen: Screen,
    filename: str,
    write: Callable[[Path], Path],
    *,
    working: str | None = None,
    done: Callable[[Path], str] | None = None,
    open_file: bool = True,
) -> None:
    """Run ``write(path)`` in a worker for ``eksport/<filename>`` (the screen stays live), then
    say where the file is and, with ``open_file``, open it with the PC's default program.
    ``write`` returns the path it wrote: another name when that one was taken (an export never
    replaces another; see ``report/files.py``)."""
    screen.notify(working or t("export.working"))
    _write(screen, export_path(screen.app.store.root, filename), write, done, open_file)


@work(thread=True, group="export")
def _write(screen: Screen, path: Path, write: Callable[[Path], Path], done: Callable[[Path], str] | None, open_file: bool) -> None:
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)  # mode: staff-only on Linux/macOS, like the data
        path = write(path)
    except EXPECTED as exc:
        screen.app.call_from_thread(screen.notify, str(exc), severity="error", timeout=10)
        return
    screen.app.call_from_thread(_written, screen, path, done, open_file)


def _written(screen: Screen, path: Path, done: Callable[[Path], str] | None, open_file: bool) -> None:
    screen.notify(done(path) if done else t("export.done", path=path), timeout=12)
    if open_file:
        open_link(screen, str(path))


def export_report(screen: Screen, borger_id: str, start: dt.date | None = None, end: dt.date | None = None) -> None:
    """The timeline's report key: the borger's HTML report for the period shown, opened."""
    app = screen.app
    borger = app.store.get(Borger, borger_id)
    if borger is None or app.user is None:
        return
    now = app.now()

    def write(path: Path) -> Path:
        return write_export(app.store, borger.id, "html", path, start, end, who=app.user.initialer, terminal=app.store.writer, now=now)

    write_in_background(screen, export_filename(borger, "html", now.date()), write)
