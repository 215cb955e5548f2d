"""This writer's own files: the PC keeps a copy of everything it wrote, and the share's copy is
made equal to it.

A revision leaves the journal (``journal.py``) through here: it is appended to the PC's copy of
each file it belongs to (``<local>/journal/<folder key>/<writer>/files/<relative path>``, 0600,
fsync'ed), and then the share's file is brought up to date:

* normally by appending only the new bytes at the offset the share's file is known to end at
  (``files.write_at`` checks that size first: one open, one write, one fsync, one close);
* when the share's file is missing or has another size than this PC last left it (restored from a
  backup, deleted by a sync client, moved to quarantine by a repair, damaged, or never written),
  by *reconciling*: every record the share's file holds that this PC's copy lacks is added to the
  copy (the PC never drops a record that was on the share), a damaged file is copied to
  ``quarantine/`` first, and the share's file is replaced atomically by the whole copy.

So a writer can always rewrite its files from what it knows, and never with less than the share
had. ``state.json`` remembers per file the copy's size, CRC-32 and record count and how much of it
the share is known to hold; losing it only costs a reconcile, never a record.
"""

from __future__ import annotations

import logging
import os
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from smtte_tui.i18n import t
from smtte_tui.store import layout, records
from smtte_tui.store.files import (
    LinkRefused,
    TooLarge,
    append_local,
    atomic_write,
    ensure_dir,
    read_from,
    remove_stale_temps,
    write_at,
)
from smtte_tui.store.localdb import open_db
from smtte_tui.store.revision import Revision

log = logging.getLogger(__name__)
_ID = re.compile(rb'^\{"id":"([^"]+)"', re.MULTILINE)


class FileState(BaseModel):
    size: int = 0  # bytes in this PC's copy
    crc: int = 0  # CRC-32 of those bytes
    count: int = 0  # records (lines) in it
    shared: int = -1  # bytes the share's file is known to hold (-1: unknown, reconcile first)
    published: int = 0  # bytes of the copy the share has ever held (what a restore can take away)
    touched: str = ""  # ISO time of the last append (the manifest lists recently touched files)


class OwnState(BaseModel):
    seq: int = 0  # bumped on every publish; the manifest carries it
    hlc: str = ""  # the highest clock stamp this writer has used (survives restarts)
    files: dict[str, FileState] = Field(default_factory=dict)


@dataclass
class Reconciled:
    """What a reconcile found on the share that this PC did not know (records kept) or could not
    read (the file's copy in quarantine)."""

    adopted: list[Revision] = field(default_factory=list)
    quarantined: list[Path] = field(default_factory=list)
    rewritten: int = 0  # records the share had held and lost (a restore, a deleted file), written again
    links: list[Path] = field(default_factory=list)  # folders that are links: nothing written there


def _created(target: Path, data: bytes, fsync: bool) -> bool:
    """Start a file of this writer's on the share (False if one of that name is there already)."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        return False
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if fsync:
            os.fsync(fd)
    finally:
        os.close(fd)
    return True


def _records_lost(published: bytes, on_share: bytes) -> int:
    """How many records of what the share once held from this copy it holds no longer."""
    if not published:
        return 0
    if on_share and published.startswith(on_share[: len(published)]) and len(on_share) >= len(published):
        return 0
    ours = set(_ID.findall(published))
    return len(ours - set(_ID.findall(on_share)))


class OwnFiles:
    def __init__(self, folder: Path, writer: str, *, fsync: bool = True) -> None:
        self.folder = folder
        self.writer = writer
        self.fsync = fsync
        self.copies = folder / "files"
        self._state_path = folder / "state.json"  # a TinyDB database (localdb.py)
        self._ids: dict[str, set[str]] = {}
        self._verified_dirs: set[Path] = set()
        self.state = self._load_state()

    # --- this PC's copy ------------------------------------------------------------------------

    def _load_state(self) -> OwnState:
        db = open_db(self._state_path)
        try:
            writer: Any = db.table("writer").get(doc_id=1) or {}  # one TinyDB document (a dict), or none yet
            files = {doc["rel"]: FileState.model_validate({k: v for k, v in doc.items() if k != "rel"}) for doc in db.table("files").all()}
            state = OwnState(seq=int(writer.get("seq", 0)), hlc=str(writer.get("hlc", "")), files=files)
        except (ValueError, KeyError, TypeError):
            state = OwnState()
        # The copies are the truth: re-measure any file the state does not describe exactly.
        for copy in self.copies.rglob(f"*{layout.SUFFIX}") if self.copies.exists() else []:
            rel = copy.relative_to(self.copies).as_posix()
            known = state.files.get(rel)
            if known is None or known.size != copy.stat().st_size:
                data = copy.read_bytes()
                state.files[rel] = FileState(size=len(data), crc=zlib.crc32(data), count=data.count(b"\n"), shared=-1, touched=known.touched if known else "")
        return state

    def save_state(self) -> None:
        """Write the state as one TinyDB database: table ``writer`` (sequence, clock) and table
        ``files`` (one document per file)."""
        db = open_db(self._state_path)
        db.storage.write(
            {
                "writer": {"1": {"seq": self.state.seq, "hlc": self.state.hlc}},
                "files": {str(n): {"rel": rel, **info.model_dump()} for n, (rel, info) in enumerate(sorted(self.state.files.items()), start=1)},
            }
        )

    def copy_path(self, rel: str) -> Path:
        return layout.resolve(self.copies, rel)

    def ids(self, rel: str) -> set[str]:
        if rel not in self._ids:
            try:
                data = self.copy_path(rel).read_bytes()
            except FileNotFoundError:
                data = b""
            self._ids[rel] = {match.decode("utf-8", "replace") for match in _ID.findall(data)}
        return self._ids[rel]

    def add(self, by_file: dict[str, list[Revision]], touched: str) -> int:
        """Append revisions to this PC's copies (skipping ids a copy already holds: a retried flush
        must not duplicate). Durable when it returns. Returns how many lines were added."""
        added = 0
        for rel, revs in by_file.items():
            known = self.ids(rel)
            fresh = [rev for rev in revs if rev.id not in known]
            if not fresh:
                continue
            data = records.encode(fresh)
            path = self.copy_path(rel)
            state = self.state.files.get(rel)
            if state is None:
                # a file this PC starts now: the share holds none of it yet (a file of that name
                # on the share is still reconciled, since writing at offset 0 finds it non-empty)
                state = self.state.files[rel] = FileState(shared=0 if not path.exists() else -1)
            ensure_dir(path.parent)
            append_local(path, data, fsync=self.fsync)
            state.size += len(data)
            state.crc = zlib.crc32(data, state.crc)
            state.count += len(fresh)
            state.touched = touched
            known.update(rev.id for rev in fresh)
            added += len(fresh)
        return added

    def read_copy(self, rel: str) -> bytes:
        try:
            return self.copy_path(rel).read_bytes()
        except FileNotFoundError:
            return b""

    def unshared(self) -> list[str]:
        return sorted(rel for rel, state in self.state.files.items() if state.shared != state.size)

    def forget_share(self) -> None:
        """The share may have lost what it had (a restore): check every file on the next publish."""
        for state in self.state.files.values():
            state.shared = -1

    @property
    def total(self) -> int:
        """Records this writer has published, counted once (a borger record is in two files)."""
        return sum(s.count for rel, s in self.state.files.items() if not rel.startswith(layout.BORGERE + "/"))

    # --- the share's copy ----------------------------------------------------------------------

    def publish(self, root: Path, quarantine: Callable[[Path, str], Path]) -> Reconciled:
        """Make the share's files equal to this PC's copies. Raises OSError when the share cannot
        be written (nothing is lost: the copies and the journal keep everything). ``quarantine``
        copies a damaged share file aside (path, reason) before it is replaced."""
        found = Reconciled()
        failed: OSError | None = None
        for rel in self.unshared():
            try:
                self._publish_file(root, rel, quarantine, found)
            except LinkRefused:
                # a folder on the way is a link planted in the share: never write through it. A
                # borger's year file is a second copy (its month log holds the records), so the
                # rest is published and the link reported; anything else stays unshared.
                found.links.append(layout.resolve(root, rel).parent)
                if not rel.startswith(layout.BORGERE + "/"):
                    failed = failed or LinkRefused(rel)
            except OSError as exc:
                failed = failed or exc  # try the other files; report the first trouble
        if failed is not None:
            raise failed
        return found

    def _dir_ready(self, root: Path, folder: Path) -> None:
        if folder not in self._verified_dirs:
            ensure_dir(folder, inside=root)
            remove_stale_temps(folder, f"{self.writer}")
            self._verified_dirs.add(folder)

    def _publish_file(self, root: Path, rel: str, quarantine, found: Reconciled) -> None:
        state = self.state.files[rel]
        target = layout.resolve(root, rel)
        self._dir_ready(root, target.parent)
        if state.shared >= 0:
            with open(self.copy_path(rel), "rb") as handle:
                handle.seek(state.shared)
                tail = handle.read(state.size - state.shared)
            if write_at(target, state.shared, tail, fsync=self.fsync) or (state.shared == 0 and _created(target, tail, self.fsync)):
                state.shared = state.published = state.size
                return
        self._reconcile(root, rel, target, quarantine, found)

    def _reconcile(self, root: Path, rel: str, target: Path, quarantine, found: Reconciled) -> None:
        state = self.state.files[rel]
        try:
            raw: bytes | None = read_from(target, limit=records.MAX_FILE_BYTES)[0]
        except FileNotFoundError:
            raw = b""
        except LinkRefused:
            raw = b""  # never read through a planted link; the replace below replaces the link itself
        except TooLarge:
            raw = None  # nothing of ours is that big: keep it aside whole, rewrite from the copy
        copy = self.read_copy(rel)
        # counted once per record: a borger's year file holds the month log's records again
        lost = 0 if rel.startswith(layout.BORGERE + "/") else _records_lost(copy[: state.published], raw or b"")
        if raw is not None and copy.startswith(raw):
            # the share is only behind (an append cut short, an older copy restored): no record of
            # its is unknown here, so it only needs the rest
            if raw == copy or write_at(target, len(raw), copy[len(raw) :], fsync=self.fsync):
                state.shared = state.published = state.size
                found.rewritten += lost
                return
        if raw:
            parsed = records.parse(raw)
            known = self.ids(rel)
            extra = [rev for rev in parsed.revisions if rev.id not in known]
            if extra:
                log.warning("%s: %d records on the share that this PC did not have; kept", rel, len(extra))
                self.add({rel: extra}, state.touched)
                found.adopted.extend(extra)
            if parsed.bad or parsed.partial_tail:
                found.quarantined.append(quarantine(target, parsed.problem() or t("store.reason.cut_short")))
        elif raw is None:
            found.quarantined.append(quarantine(target, t("store.reason.too_large", limit=records.MAX_FILE_BYTES // (1024 * 1024))))
        atomic_write(target, self.read_copy(rel), fsync=self.fsync)
        state.shared = state.published = state.size
        found.rewritten += lost
