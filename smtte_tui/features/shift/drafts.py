"""Unsaved input kept per staff member on this PC only (never on the share).

One file per staff id in the person's own folder (``<locations.user_dir()>/drafts/``, owner-only,
also where the PC's store folder is machine-wide); the app only ever loads the signed-in person's
file, so the next person at the terminal cannot see someone else's half-typed notes. Drafts hold
personal data, so they stay on the PC's own disk, written 0600 like the journal.

A file the PC will not let go of for a moment (an antivirus scan or the search indexer holding
it, as happens on Windows) never stops the app: ``save`` and ``discard`` say False (the detail is
logged) and the draft is remembered or forgotten in memory for the rest of the session.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from smtte_tui.locations import user_dir
from smtte_tui.models import is_id
from smtte_tui.store.files import atomic_write, ensure_dir

log = logging.getLogger(__name__)


class DraftStore:
    """Drafts by staff id, then by borger id. ``folder`` defaults to ``<user_dir()>/drafts``."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else user_dir() / "drafts"
        # what the disk would not take this session: kept (or left out) here until a write works
        self._unwritten: dict[str, dict[str, dict[str, Any]]] = {}
        self._undeleted: dict[str, set[str]] = {}

    def _path(self, staff_id: str) -> Path:
        # staff ids become file names: anything but a plain id (a path, "..") is a programming error
        if not is_id(staff_id):
            raise ValueError(f"not a staff id: {staff_id!r}")
        return self.folder / f"{staff_id}.json"

    def load(self, staff_id: str) -> dict[str, dict[str, Any]]:
        """This person's drafts by borger id; empty when there are none or the file is unreadable
        (a lost draft is better than a terminal that cannot open)."""
        try:
            data = json.loads(self._path(staff_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        if not isinstance(data, dict):
            data = {}
        drafts = {borger_id: draft for borger_id, draft in data.items() if isinstance(draft, dict)}
        for borger_id in self._undeleted.get(staff_id, set()):
            drafts.pop(borger_id, None)
        drafts.update(self._unwritten.get(staff_id, {}))
        return drafts

    def save(self, staff_id: str, borger_id: str, draft: dict[str, Any]) -> bool:
        """Keep ``draft`` as this person's draft for this borger, replacing an earlier one.

        The file is replaced atomically: a crash mid-write leaves the previous drafts intact.
        False when the disk would not take it now: the draft is then kept in memory for this
        session (logged)."""
        drafts = self.load(staff_id)
        drafts[borger_id] = draft
        self._undeleted.get(staff_id, set()).discard(borger_id)
        if self._write(staff_id, drafts):
            return True
        self._unwritten.setdefault(staff_id, {})[borger_id] = draft
        return False

    def discard(self, staff_id: str, borger_id: str) -> bool:
        """Forget this person's draft for this borger (nothing happens if there is none).

        The file goes away with the last draft, so no empty files pile up per person. False when
        the file could not be changed now (logged): the draft is then left out for the rest of
        this session, and the next write of this person's drafts drops it from the file."""
        drafts = self.load(staff_id)
        self._unwritten.get(staff_id, {}).pop(borger_id, None)
        if drafts.pop(borger_id, None) is None:
            return True
        if drafts:
            done = self._write(staff_id, drafts)
        else:
            done = self._remove(staff_id)
        if not done:
            self._undeleted.setdefault(staff_id, set()).add(borger_id)
        return done

    def _write(self, staff_id: str, drafts: dict[str, Any]) -> bool:
        try:
            ensure_dir(self.folder, private=True)
            atomic_write(self._path(staff_id), json.dumps(drafts, ensure_ascii=False).encode("utf-8"))
        except OSError:
            log.warning("the drafts of %s could not be written to %s", staff_id, self.folder, exc_info=True)
            return False
        self._unwritten.pop(staff_id, None)
        self._undeleted.pop(staff_id, None)
        return True

    def _remove(self, staff_id: str) -> bool:
        try:
            self._path(staff_id).unlink(missing_ok=True)
        except OSError:
            log.warning("the drafts file of %s could not be removed from %s", staff_id, self.folder, exc_info=True)
            return False
        self._unwritten.pop(staff_id, None)
        self._undeleted.pop(staff_id, None)
        return True
