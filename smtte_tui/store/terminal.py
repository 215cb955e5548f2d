"""This PC's terminal identity and the guarantee that one writer id is used by one process.

The identity is created once per installation in the local folder. It carries a fingerprint
(host name, hardware address, local folder); a local folder copied to another PC (a cloned disk
image) no longer matches and gets a fresh id, so two PCs never share a writer id.

A second smtte process on the same PC cannot take the writer lock and writes as a fresh
secondary writer instead, so even then no file has two writers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pydantic import BaseModel

from smtte_tui.store import layout
from smtte_tui.store.files import atomic_write, ensure_dir


class TerminalIdentity(BaseModel):
    id: str
    navn: str
    vaert: str
    fingerprint: str
    oprettet: dt.datetime
    klonet_fra: str | None = None


def writer_id_for_name(name: str) -> str:
    """A stable writer id for an explicitly named terminal (``--terminal NAME``)."""
    return "t" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]


def random_writer_id() -> str:
    return "t" + uuid.uuid4().hex[:12]


def _fingerprint(local_dir: Path) -> str:
    node = uuid.getnode()
    # uuid.getnode() invents a random address (multicast bit set) when it finds none; a random
    # value would look like a clone on every start, so it is left out then.
    hardware = f"{node:012x}" if not (node >> 40) & 1 else "-"
    return f"{platform.node()}|{hardware}|{local_dir.resolve()}"


def load_identity(local_dir: Path, name: str | None = None, now: dt.datetime | None = None) -> TerminalIdentity:
    now = now or dt.datetime.now(dt.timezone.utc)
    if name:
        return TerminalIdentity(id=writer_id_for_name(name), navn=name, vaert=platform.node(), fingerprint="named", oprettet=now)
    path = local_dir / "terminal.json"
    fingerprint = _fingerprint(local_dir)
    previous: TerminalIdentity | None = None
    if path.exists():
        try:
            previous = TerminalIdentity.model_validate_json(path.read_bytes())
        except (OSError, ValueError):
            previous = None
        if previous and previous.fingerprint == fingerprint:
            return previous
    identity = TerminalIdentity(
        id=random_writer_id(),
        navn=platform.node() or "terminal",
        vaert=platform.node(),
        fingerprint=fingerprint,
        oprettet=now,
        klonet_fra=previous.id if previous else None,
    )
    ensure_dir(local_dir)
    atomic_write(path, identity.model_dump_json(indent=2).encode("utf-8"))
    return identity


@dataclass
class WriterLock:
    """An exclusive OS lock on a local file (local disks lock reliably; shares do not)."""

    path: Path
    handle: IO[bytes] | None = None

    def acquire(self) -> bool:
        ensure_dir(self.path.parent)
        handle = open(self.path, "a+b")
        try:
            if os.name == "nt":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self.handle = handle
        return True

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()  # closing the handle releases the lock on every OS
            self.handle = None


def describe(identity: TerminalIdentity, writer: str) -> bytes:
    """The content of ``terminals/<writer>.json``."""
    data = identity.model_dump(mode="json", exclude={"fingerprint"})
    data["writer"] = writer
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


@dataclass(frozen=True)
class TerminalState:
    """What ``terminals/<writer>.json`` says about one writer: its PC, when it last wrote there
    (at most a minute stale while it runs) and how many records it still had waiting then."""

    writer: str
    navn: str
    vaert: str
    last_seen: dt.datetime | None
    pending: int


def read_terminals(root: Path) -> list[TerminalState]:
    """Every terminal file of the data folder, newest first; unreadable files are skipped (they are
    informative only, and a half-synced file must not break the dashboard)."""
    found = []
    for path in sorted((Path(root) / layout.TERMINALS).glob("t*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            seen = dt.datetime.fromisoformat(data["sidst_set"]) if data.get("sidst_set") else None
            found.append(TerminalState(str(data.get("writer", path.stem)), str(data.get("navn", "")), str(data.get("vaert", "")), seen, int(data.get("ventende", 0))))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    epoch = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    return sorted(found, key=lambda s: s.last_seen or epoch, reverse=True)
