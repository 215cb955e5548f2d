"""This PC's terminal identity and the guarantee that one writer id is used by one process.

The identity is created once per installation in the PC's folder (``locations.local_dir``:
machine-wide on a Windows PC whose IT made ``%ProgramData%\\smtte``, so every Windows user of the
PC is the same terminal): a random writer id, never derived from the configured name (a centrally
rolled-out config gives many PCs the same ``terminal_name``; the name is only what people read).
It carries a fingerprint (host name, the machine's own id, the folder); a folder copied to another
PC (a cloned disk image) no longer matches and gets a fresh id, so two PCs never share a writer id.

The machine id (:func:`machine_id`) is the one the OS keeps for the installation: Windows'
``MachineGuid``, Linux's ``/etc/machine-id``, macOS's ``IOPlatformUUID``. The hardware address
(``uuid.getnode()``) it replaces changes with a docking station, a VPN adapter or the order the
network cards come up in after a reboot, and each change made the PC a new writer.

A second smtte process on the same PC cannot take the writer lock and writes as a fresh
secondary writer instead, so even then no file has two writers. The lock is an OS lock on a file
in the PC's folder, so it holds for every process on the PC, of any Windows user, wherever that
folder is machine-wide.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import os
import platform
import re
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import IO

from pydantic import BaseModel

from smtte_tui.store.files import FILE_MODE, atomic_write, ensure_dir

log = logging.getLogger(__name__)
IS_WINDOWS = os.name == "nt"  # a module attribute, so a test can give the code a Windows PC
# Windows frees the locks of a process that ended "depending on available system resources"
# (LockFileEx): right after a crash the next start waits this long before it calls itself second.
LOCK_RETRY_S = (0.05, 0.1, 0.2, 0.4)
LINUX_MACHINE_ID_FILES = (Path("/etc/machine-id"), Path("/var/lib/dbus/machine-id"))
WINDOWS_CRYPTOGRAPHY_KEY = r"SOFTWARE\Microsoft\Cryptography"


class TerminalIdentity(BaseModel):
    id: str
    navn: str
    vaert: str
    fingerprint: str
    oprettet: dt.datetime
    klonet_fra: str | None = None


def random_writer_id() -> str:
    return "t" + uuid.uuid4().hex[:12]


def machine_id(system: str | None = None) -> str:
    """The id the OS keeps for this installation (lower case), or "-" when there is none to read
    (the host name in the fingerprint then stands alone). ``system`` is ``platform.system()``."""
    readers: dict[str, Callable[[], str | None]] = {"Windows": _windows_machine_guid, "Linux": _linux_machine_id, "Darwin": _mac_platform_uuid}
    reader = readers.get(system or platform.system())
    try:
        found = reader() if reader is not None else None
    except (OSError, ValueError, subprocess.SubprocessError):
        found = None
    return found.strip().lower() if found and found.strip() else "-"


def _winreg() -> ModuleType:
    return importlib.import_module("winreg")


def _windows_machine_guid() -> str | None:
    winreg = _winreg()
    # the 64-bit view: a 32-bit Python would otherwise be sent to WOW6432Node, which has no MachineGuid
    access = winreg.KEY_READ | getattr(winreg, "KEY_WOW64_64KEY", 0)
    with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, WINDOWS_CRYPTOGRAPHY_KEY, 0, access) as key:
        value, _kind = winreg.QueryValueEx(key, "MachineGuid")
    return str(value)


def _linux_machine_id() -> str | None:
    for path in LINUX_MACHINE_ID_FILES:
        try:
            found = path.read_text(encoding="ascii").strip()
        except (OSError, ValueError):
            continue
        if found:
            return found
    return None


def _mac_platform_uuid() -> str | None:
    output = subprocess.run(["ioreg", "-rd1", "-c", "IOPlatformExpertDevice"], capture_output=True, text=True, timeout=5, check=False).stdout
    return parse_ioreg_uuid(output)


def parse_ioreg_uuid(output: str) -> str | None:
    match = re.search(r'"IOPlatformUUID"\s*=\s*"([^"]+)"', output)
    return match.group(1) if match else None


def _fingerprint(local_dir: Path) -> str:
    return f"{platform.node()}|{machine_id()}|{local_dir.resolve()}"


def _hardware_fingerprint(local_dir: Path) -> str:
    """The fingerprint of versions before the machine id (host, hardware address, folder): an
    identity made then is kept when it still matches, so updating makes no PC a new writer."""
    node = uuid.getnode()
    # uuid.getnode() invents a random address (multicast bit set) when it finds none
    hardware = f"{node:012x}" if not (node >> 40) & 1 else "-"
    return f"{platform.node()}|{hardware}|{local_dir.resolve()}"


def load_identity(local_dir: Path, name: str | None = None, now: dt.datetime | None = None) -> TerminalIdentity:
    """This installation's identity; ``name`` (``--terminal``/``terminal_name``) only sets what
    people read, never the writer id."""
    now = now or dt.datetime.now(dt.UTC)
    path = local_dir / "terminal.json"
    fingerprint = _fingerprint(local_dir)
    previous: TerminalIdentity | None = None
    if path.exists():
        try:
            previous = TerminalIdentity.model_validate_json(path.read_bytes())
        except (OSError, ValueError):
            previous = None
        if previous and previous.fingerprint != fingerprint and previous.fingerprint == _hardware_fingerprint(local_dir):
            previous = previous.model_copy(update={"fingerprint": fingerprint})  # made by an earlier version
            atomic_write(path, previous.model_dump_json(indent=2).encode("utf-8"))
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


def _msvcrt() -> ModuleType:
    return importlib.import_module("msvcrt")


@dataclass
class WriterLock:
    """An exclusive OS lock on a local file (local disks lock reliably; shares do not).

    Windows (``msvcrt.locking``): the first byte is locked, and unlocked again before the handle
    is closed (Windows says a lock left to the close is freed "depending on available system
    resources", i.e. later); after a crash the lock is tried again briefly before this process
    takes it for another smtte's (``LOCK_RETRY_S``). Linux/macOS: ``flock``, freed with the
    handle, also when the process dies."""

    path: Path
    handle: IO[bytes] | None = None
    sleep: Callable[[float], None] = time.sleep

    def acquire(self) -> bool:
        """True when this process now holds the lock. False when another process holds it, or
        the lock file cannot be opened (a folder whose rights shut this user out): this process
        is then another writer."""
        try:
            ensure_dir(self.path.parent)
            handle = os.fdopen(os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), FILE_MODE), "r+b")
        except OSError:
            log.warning("the writer lock %s cannot be opened", self.path, exc_info=True)
            return False
        delays = LOCK_RETRY_S if IS_WINDOWS else ()
        for delay in (*delays, None):
            if self._lock(handle):
                self.handle = handle
                return True
            if delay is not None:
                self.sleep(delay)
        handle.close()
        return False

    @staticmethod
    def _lock(handle: IO[bytes]) -> bool:
        try:
            if IS_WINDOWS:
                msvcrt = _msvcrt()
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def release(self) -> None:
        if self.handle is None:
            return
        try:
            if IS_WINDOWS:
                msvcrt = _msvcrt()
                self.handle.seek(0)  # locking() works from the file position: the byte that was locked
                msvcrt.locking(self.handle.fileno(), msvcrt.LK_UNLCK, 1)
        except OSError:
            log.warning("the writer lock %s could not be unlocked; closing frees it", self.path, exc_info=True)
        finally:
            self.handle.close()  # closing frees any lock on every OS (on Windows eventually)
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
