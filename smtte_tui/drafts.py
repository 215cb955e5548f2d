"""Unsaved input kept per staff member on this PC only (never on the share).

One file per staff id in the local folder; the app only ever loads the signed-in person's file,
so the next person at the terminal cannot see someone else's half-typed notes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from smtte_tui.store.files import atomic_write, ensure_dir


class DraftStore:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _path(self, staff_id: str) -> Path:
        return self.folder / f"{staff_id}.json"

    def load(self, staff_id: str) -> dict[str, dict[str, Any]]:
        """This person's drafts, by borger id (empty if none or unreadable)."""
        try:
            data = json.loads(self._path(staff_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def save(self, staff_id: str, borger_id: str, draft: dict[str, Any]) -> None:
        drafts = self.load(staff_id)
        drafts[borger_id] = draft
        self._write(staff_id, drafts)

    def discard(self, staff_id: str, borger_id: str) -> None:
        drafts = self.load(staff_id)
        if drafts.pop(borger_id, None) is not None:
            self._write(staff_id, drafts)

    def _write(self, staff_id: str, drafts: dict[str, Any]) -> None:
        ensure_dir(self.folder)
        atomic_write(self._path(staff_id), json.dumps(drafts, ensure_ascii=False).encode("utf-8"))
