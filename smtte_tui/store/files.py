"""Low-level file operations that are safe on network shares and on Windows.

* Writes are atomic: a temp file in the same folder, fsync, ``os.replace``, then fsync of the
  folder where the OS allows it. A crash leaves either the old or the new file, never half a file.
* Windows refuses ``os.replace`` while any process has the target open (a reader on another PC),
  so replace and read are retried with backoff.
* POSIX: files 0600, folders 0700. On Windows the share's ACLs decide (chmod can't express them).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_SUFFIX = ".tmp"  # temp files never end in .json, so readers never see them
RETRY_DELAYS_S = (0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.0)


class ShareUnavailable(OSError):
    """The data folder (share) cannot be reached right now."""


def ensure_dir(path: Path) -> None:
    """Create ``path`` and any missing parents, each 0700 (``mkdir(parents=True)`` would give
    the parents the default mode)."""
    missing = []
    while not path.exists():
        missing.append(path)
        if path.parent == path:
            break
        path = path.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue


def _fsync_dir(path: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open folders, and NTFS/SMB
    # journal the rename themselves.
    if os.name == "nt":
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, fsync: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically and (with fsync) durably."""
    temp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), FILE_MODE)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if fsync:
            os.fsync(fd)
    finally:
        os.close(fd)
    try:
        _replace_with_retry(temp, path)
    except BaseException:
        try:
            temp.unlink()
        except OSError:
            pass
        raise
    if fsync:
        _fsync_dir(path.parent)


def _replace_with_retry(source: Path, target: Path) -> None:
    for delay in RETRY_DELAYS_S:
        try:
            os.replace(source, target)
            return
        except PermissionError:
            time.sleep(delay)  # a reader holds the target open (Windows); it closes quickly
    os.replace(source, target)


def read_bytes(path: Path) -> bytes:
    """Read a whole file, retrying briefly if Windows says it is locked by a replace."""
    for delay in RETRY_DELAYS_S[:5]:
        try:
            return path.read_bytes()
        except PermissionError:
            time.sleep(delay)
    return path.read_bytes()


def remove_stale_temps(folder: Path, marker: str) -> None:
    """Delete temp files this writer left after a crash (names contain ``marker``)."""
    try:
        for temp in folder.glob(f".{marker}*{TEMP_SUFFIX}"):
            try:
                temp.unlink()
            except OSError:
                pass
    except OSError:
        pass
