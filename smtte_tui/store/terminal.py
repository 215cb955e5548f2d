"""This PC's terminal identity and the guarantee that one writer id is used by one process.

The identity is created once per installation in the local folder: a random writer id, never
derived from the configured name (a centrally rolled-out config gives many PCs the same
``terminal_name``; the name is only what people read). It carries a fingerprint (host name,
hardware address, local folder); a local folder copied to another PC (a cloned disk image) no
longer matches and gets a fresh id, so two PCs never share a writer id.

A second smtte process on the same PC cannot take the writer lock and writes as a fresh
secondary writer instead, so even then no file has two writers.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pydantic import BaseModel

from smtte_tui.store import layout
from smtte_tui.store.files import FILE_MODE, atomic_write, ensure_dir


class TerminalIdentity(BaseModel):
    id: str
    navn: str
    vaert: str
    fingerprint: str
    oprettet: dt.datetime
    klonet_fra: str | None = None


def random_writer_id() -> str:
    return "t" + uuid.uuid4().hex[:12]


def _fingerprint(local_dir: Path) -> str:
    node = uuid.getnode()
    # uuid.getnode() invents a random address (multicast bit set) when it finds none; a random
    # value would look like a clone on every start, so it is left out then.
    hardware = f"{node:012x}" if not (node >> 40) & 1 else "-"
    return f"{platform.node()}|{hardware}|{local_dir.resolve()}"


def load_identity(local_dir: Path, name: str | None = None, now: dt.datetime | None = None) -> TerminalIdentity:
    """This installation's identity; ``name`` (``--terminal``/``terminal_name``) only sets what
    people read, never the writer id."""
    now = now or dt.datetime.now(dt.timezone.utc)
    path = local_dir / "terminal.json"
    fingerprint = _fingerprint(local_dir)
    previous: TerminalIdentity | None = None
    if path.exists():
        try:
            previous = TerminalIdentity.model_validate_json(path.read_bytes())
        except (OSError, ValueError):
            previous = None
        if previous and previous.fingerprint == fingerprint:
            if name and previous.navn != name:
                previous = previous.model_copy(update={"navn": name})
                atomic_write(path, previous.model_dump_json(indent=2).encode("utf-8"))
            return previous
    identity = TerminalIdentity(
        id=random_writer_id(),
        navn=name or platform.node() or "terminal",
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
        handle = os.fdopen(os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), FILE_MODE), "r+b")
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


@dataclass(frozen=True)
class TerminalState:
    """What a writer's manifest says about it: its PC, when it last wrote there (at most a few
    minutes stale while it runs) and how many records it still had waiting then."""

    writer: str
    navn: str
    vaert: str
    last_seen: dt.datetime | None
    pending: int
