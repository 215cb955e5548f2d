"""The app's report key: one borger's HTML report written next to the data and opened.

The file goes to ``<data folder>/eksport/`` rather than the PC's own disk: a shared terminal's
Downloads folder is readable by whoever signs in to Windows next, while the data folder is already
limited to the staff group. The store never reads that folder. Writing it is audited (``eksport``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual import work
from textual.screen import Screen

from smtte_tui.i18n import t
from smtte_tui.models import Borger
from smtte_tui.report.export import ExportError, export_filename, write_export
from smtte_tui.screens.widgets.media import open_link
from smtte_tui.store import StoreError

EXPORT_FOLDER = "eksport"


def export_path(data_root: Path, borger: Borger, day: dt.date) -> Path:
    return Path(data_root) / EXPORT_FOLDER / export_filename(borger, "html", day)


def export_report(screen: Screen, borger_id: str, start: dt.date | None = None, end: dt.date | None = None) -> None:
    """Write the report in a worker (the screen stays live), then say where it is and open it."""
    app = screen.app
    borger = app.store.get(Borger, borger_id)
    if borger is None or app.user is None:
        return
    screen.notify(t("export.working"))
    _write(screen, borger, start, end)


@work(thread=True, group="export")
def _write(screen: Screen, borger: Borger, start: dt.date | None, end: dt.date | None) -> None:
    app = screen.app
    now = app.now()
    path = export_path(app.store.root, borger, now.date())
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)  # mode: staff-only on Linux/macOS, like the data
        write_export(app.store, borger.id, "html", path, start, end, who=app.user.initialer, terminal=app.store.writer, now=now)
    except (ExportError, StoreError, OSError) as exc:
        app.call_from_thread(screen.notify, str(exc), severity="error", timeout=10)
        return
    app.call_from_thread(_done, screen, path)


def _done(screen: Screen, path: Path) -> None:
    screen.notify(t("export.done", path=path), timeout=12)
    open_link(screen, str(path))
