"""The terminal's outbox on its own disk: a record is durable once it is here.

Append-only JSON lines. ``{"rev": {...}}`` adds a revision (fsync'ed before ``append``
returns); ``{"flushed": [ids]}`` notes that those revisions are safely on the share. A crash can
only cut the last line short; that line was never acknowledged and is ignored. When nothing is
pending the file is emptied, so it stays small.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

from smtte_tui.store.files import append_local, atomic_write, ensure_dir, read_bytes
from smtte_tui.store.revision import Revision

log = logging.getLogger(__name__)


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._pending: dict[str, Revision] = {}
        # The saving thread appends while the write-behind thread marks flushed (and may empty the
        # file): each writes the file and its memory of it together, or the emptying could wipe a
        # line appended a moment before it was noted as pending (acknowledged, yet gone from disk).
        self._lock = threading.Lock()
        self._load()

    def _load(self) -> None:
        try:
            # retried for a moment (a scan holding it); raises when it stays unreadable, because a
            # journal that could not be read must never be taken for an empty one (and emptied)
            raw = read_bytes(self.path)
        except FileNotFoundError:
            return
        lines = raw.split(b"\n")
        for number, line in enumerate(lines):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                if "rev" in entry:
                    rev = Revision.model_validate(entry["rev"])
                    self._pending[rev.id] = rev
                for rev_id in entry.get("flushed", []):
                    self._pending.pop(rev_id, None)
            except ValueError:
                if number < len(lines) - 1 and any(part.strip() for part in lines[number + 1 :]):
                    log.error("journal %s: unreadable line %d kept aside", self.path, number + 1)
                    self._keep_aside(line)
                # a cut-short last line was never acknowledged: ignore it

    def _keep_aside(self, line: bytes) -> None:
        append_local(self.path.with_suffix(".damaged"), line + b"\n")

    @property
    def pending(self) -> list[Revision]:
        with self._lock:
            found = list(self._pending.values())
        return sorted(found, key=lambda rev: rev.hlc)

    def append(self, revisions: list[Revision]) -> None:
        """Write and fsync: when this returns, the revisions survive a crash or power loss."""
        ensure_dir(self.path.parent)
        payload = b"".join(json.dumps({"rev": rev.model_dump(mode="json")}, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n" for rev in revisions)
        with self._lock:
            append_local(self.path, payload)
            for rev in revisions:
                self._pending[rev.id] = rev

    def mark_flushed(self, ids: list[str]) -> None:
        with self._lock:
            self._mark_flushed(ids)

    def _mark_flushed(self, ids: list[str]) -> None:
        for rev_id in ids:
            self._pending.pop(rev_id, None)
        if not self._pending:
            # Everything is on the share: start the journal afresh (atomic, so a crash here
            # leaves either the old journal, whose entries are all on the share, or an empty one).
            atomic_write(self.path, b"")
            return
        # No fsync: if this note is lost, the revisions are written again and dedupe by id.
        append_local(self.path, json.dumps({"flushed": ids}).encode("utf-8") + b"\n", fsync=False)
