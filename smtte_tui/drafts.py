"""Unsaved input kept per staff member on this PC only (never on the share).

One file per staff id in ``<local folder>/drafts/``; the app only ever loads the signed-in
person's file, so the next person at the terminal cannot see someone else's half-typed notes.
Drafts hold personal data, so they stay on the PC's own disk, written 0600 like the journal.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from smtte_tui.locations import local_dir
from smtte_tui.models import is_id
from smtte_tui.store.files import atomic_write, ensure_dir



class DraftStore:
    """Drafts by staff id, then by borger id. ``folder`` defaults to ``<local_dir()>/drafts``."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else local_dir() / "drafts"

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
            return {}
        if not isinstance(data, dict):
            return {}
        return {borger_id: draft for borger_id, draft in data.items() if isinstance(draft, dict)}

    def save(self, staff_id: str, borger_id: str, draft: dict[str, Any]) -> None:
        """Keep ``draft`` as this person's draft for this borger, replacing an earlier one.

        The file is replaced atomically: a crash mid-write leaves the previous drafts intact.
        """
        drafts = self.load(staff_id)
        drafts[borger_id] = draft
        self._write(staff_id, drafts)

    def discard(self, staff_id: str, borger_id: str) -> None:
        """Forget this person's draft for this borger (nothing happens if there is none).

        The file goes away with the last draft, so no empty files pile up per person.
        """
        drafts = self.load(staff_id)
        if drafts.pop(borger_id, None) is None:
            return
        if drafts:
            self._write(staff_id, drafts)
        else:
            self._path(staff_id).unlink(missing_ok=True)

    def _write(self, staff_id: str, drafts: dict[str, Any]) -> None:
        ensure_dir(self.folder)
        atomic_write(self._path(staff_id), json.dumps(drafts, ensure_ascii=False).encode("utf-8"))
