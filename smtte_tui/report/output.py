"""How a finished file leaves smtte, the same way for every export and report.

Taking personal data out of smtte is an audit event, and the event must mean that the data did
leave, whole: so the content is made first, handed over (to stdout, or a new file that replaces
nothing), and only then is the event saved. A send or a write that fails saves no event and says
why in one sentence (:class:`ExportError`). The borger's export, the group report and the
aktindsigt file all go through :func:`hand_out` or :func:`write_out`; their texts are written
with :mod:`formats`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from smtte_tui.models import AuditEvent
from smtte_tui.report.files import write_new
from smtte_tui.store import Store
from smtte_tui.store.files import ensure_dir
from smtte_tui.usererror import UserError


class ExportError(UserError):
    """The export cannot be made (a catalog key and its parameters)."""


def hand_out(store: Store, content: bytes, event: AuditEvent, send: Callable[[bytes], object]) -> None:
    """Give ``content`` to ``send`` and save ``event`` once ``send`` has returned (a send that
    raises, a full disk or a closed pipe, took nothing out of smtte: nothing is audited)."""
    send(content)
    store.create(event, author=event.medarbejder)


def write_out(store: Store, content: bytes, event: AuditEvent, path: Path, *, make_folder: bool = False) -> Path:
    """Write ``content`` whole to ``path`` (never over an existing file: ``-2``, ``-3``, … is
    added; owner-only on Linux/macOS), then save ``event``; returns the path written.
    ``make_folder`` makes the folder first (0700 on Linux/macOS; on Windows the folder it is made
    in decides, the share's ACL)."""
    path = Path(path).expanduser()
    try:
        if make_folder:
            ensure_dir(path.parent)
        path = write_new(path, content)
    except OSError as exc:
        raise ExportError("report.error.write", path=path) from exc
    store.create(event, author=event.medarbejder)
    return path
