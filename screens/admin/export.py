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
from typing import TYPE_CHECKING

from smtte_tui.i18n import t
from smtte_tui.models import Borger
from smtte_tui.report.export import ExportError, export_filename, write_export
from smtte_tui.report.files import export_folder
from smtte_tui.screens.widgets.media import open_link

if TYPE_CHECKING:
    from smtte_tui.screens.kit.base import AppScreen
    from smtte_tui.store import Store


def write_in_background(
    screen: AppScreen,
    filename: str | Callable[[Store], str],
    write: Callable[[Store, Path], Path],
    *,
    working: str | None = None,
    done: Callable[[Path], str] | None = None,
    open_file: bool = True,
) -> None:
    """Run ``write(store, path)`` in a worker for ``eksport/<filename>`` (the screen stays live;
    ``filename`` may be read from the store there too), then say where the file is and, with
    ``open_file``, open it with the PC's default program. ``write`` returns the path it wrote:
    another name when that one was taken (an export never replaces another; see
    ``report/files.py``). A refusal (``ExportError``, a role) is said in its own sentence; anything
    else is logged."""
    screen.notify(working or t("export.working"))

    def do(store: Store) -> Path:
        if store.readonly:  # an export must be audited, and a read-only terminal writes nothing
            from smtte_tui.store import ReadOnlyStore

            raise ReadOnlyStore("store.error.readonly")
        path = export_folder(store.root) / (filename(store) if callable(filename) else filename)
        return write(store, path)

    def written(path: Path) -> None:
        screen.notify(done(path) if done else t("export.done", path=path), timeout=12)
        if open_file:
            open_link(screen, str(path))

    screen.write(do, written, name="export")


def export_report(screen: AppScreen, borger_id: str, start: dt.date | None = None, end: dt.date | None = None) -> None:
    """The timeline's report key: the borger's HTML report for the period shown, opened."""
    session = screen.session
    if session is None:
        return
    now = session.now()

    def filename(store: Store) -> str:
        borger = store.get(Borger, borger_id)
        if borger is None:
            raise ExportError("cli.error.borger_not_found", borger=borger_id)
        return export_filename(borger, "html", now.date())

    def write(store: Store, path: Path) -> Path:
        return write_export(session, borger_id, "html", path, start, end)

    write_in_background(screen, filename, write)
