"""Low-level file operations that are safe on network shares and on Windows.

* Whole-file writes are atomic: a temp file in the same folder, fsync, ``os.replace``, then fsync
  of the folder where the OS allows it. A crash leaves either the old or the new file.
* Temp files get unpredictable names and are created exclusively (``O_EXCL``): a link planted at
  a guessable name cannot redirect a write. Files are opened without following links where the OS
  can (``O_NOFOLLOW``), and a folder inside the data folder that is a link is refused.
* Windows refuses ``os.replace`` while any process has the target open (a reader on another PC),
  so replace and read are retried with backoff.
* Who may read what smtte creates (:func:`folder_mode`): on Linux/macOS files are 0600 and folders
  0700. On Windows a folder is made without a mode, so it inherits the ACL of the folder it is
  made in (the share's staff-group rights, the rights IT gave ``%ProgramData%\\smtte``, or the
  owner-only ACL of a person's own folder); only a person's own folder (``private=True``) is made
  owner-only. A file's mode never carries an ACL on Windows (``os.open`` turns it into the
  read-only flag at most), so files always inherit their folder's ACL there.
* Appends write at an explicit offset (``lseek`` + ``write``: Windows has no ``pwrite``).
"""

from __future__ import annotations

import os
import secrets
import stat
import time
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
IS_WINDOWS = os.name == "nt"  # a module attribute, so a test can give the code a Windows PC
TEMP_SUFFIX = ".tmp"  # temp files never end in .json/.jsonl, so readers never see them
RETRY_DELAYS_S = (0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.0)
_BINARY = getattr(os, "O_BINARY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class ShareUnavailable(OSError):
    """The data folder (share) cannot be reached right now."""


class LinkRefused(OSError):
    """A link (symlink/junction) where the data folder must hold a real file or folder."""


def folder_mode(*, private: bool = False, windows: bool | None = None) -> int | None:
    """The mode smtte gives a folder it creates; None: no mode at all.

    Linux/macOS: 0700, always (a mode is not inherited, so every folder needs its own).

    Windows: a mode is no permission, with one exception. Since CPython 3.12.4 and 3.13 (and the
    source-only security releases 3.11.10, 3.10.15, 3.9.20; gh-118486, CVE-2024-4030),
    ``os.mkdir(path, 0o700)`` gives the new folder a protected ACL for its creator, SYSTEM and
    Administrators only, which everything below it inherits; every other mode is ignored. Made
    so on the share, a folder shuts out the colleagues on the other PCs (one Windows account per
    staff member). So on Windows only a person's own folder (``private``) gets 0o700; every other
    folder gets no mode and inherits the ACL of the folder it is made in. Older Pythons ignore
    the mode: a private folder in the person's profile (``%LOCALAPPDATA%``) inherits the
    profile's ACL, which is that person's (and SYSTEM's and Administrators') only as well."""
    windows = IS_WINDOWS if windows is None else windows
    if windows and not private:
        return None
    return DIR_MODE


def ensure_dir(path: Path, *, inside: Path | None = None, private: bool = False) -> None:
    """Create ``path`` and any missing parents (``mkdir(parents=True)`` would give the parents
    the default mode), each with :func:`folder_mode`.

    Where the folder is decides who may use it, and the caller says which kind of place it is:

    * ``inside=<data folder>``: a folder on the share. On Windows it inherits the share's ACL
      (the staff group's rights). Every existing folder from ``inside`` down to ``path`` must be
      a real folder, not a link (a planted link would move writes elsewhere).
    * ``private=True``: a person's own folder on this PC (drafts, the log): owner-only on every OS.
    * neither: a folder inside one of this PC's folders (journal, copies, locks): on Windows it
      inherits that folder's ACL, owner-only in a person's own folder and the staff group's in
      the machine-wide ``%ProgramData%\\smtte`` (see ``locations.local_dir``)."""
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    if inside is not None:
        check_no_links(inside, probe)
    mode = folder_mode(private=private)
    for folder in reversed(missing):
        try:
            if mode is None:
                folder.mkdir()  # no mode: the ACL of the folder it is made in applies (Windows)
            else:
                folder.mkdir(mode=mode)
        except FileExistsError:
            if folder.is_symlink():
                raise LinkRefused(f"{folder} is a link") from None


def check_no_links(root: Path, path: Path) -> None:
    """Raise :class:`LinkRefused` if ``path`` or any folder between ``root`` and it is a link."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        raise LinkRefused(f"{path} is outside {root}") from None
    current = root
    for part in parts:
        current = current / part
        if current.is_symlink() or _is_junction(current):
            raise LinkRefused(f"{current} is a link")


def _is_junction(path: Path) -> bool:
    is_junction = getattr(os.path, "isjunction", None)  # Python 3.12+; Windows only in effect
    return bool(is_junction and is_junction(path))


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


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(8)}{TEMP_SUFFIX}")


def atomic_write(path: Path, data: bytes, *, fsync: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically and (with fsync) durably."""
    temp = temp_name(path)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY | _NOFOLLOW, FILE_MODE)
    try:
        try:
            _write_all(fd, data)
            if fsync:
                os.fsync(fd)
        finally:
            os.close(fd)
        _replace_with_retry(temp, path)
    except BaseException:
        try:
            temp.unlink()  # a full disk or a failing share must not leave half a file behind
        except OSError:
            pass
        raise
    if fsync:
        _fsync_dir(path.parent)


def write_at(path: Path, offset: int, data: bytes, *, fsync: bool = True) -> bool:
    """Write ``data`` at ``offset`` of an existing file whose size must be exactly ``offset``
    (an append that knows what it appends to). Returns False, writing nothing, when the file is
    missing, not a regular file, or has another size (restored, truncated, replaced)."""
    try:
        fd = os.open(path, os.O_RDWR | _BINARY | _NOFOLLOW)
    except FileNotFoundError:
        return False
    except OSError:
        if path.is_symlink():
            return False  # a link planted at the file's name: the caller replaces the link itself
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != offset or (not _NOFOLLOW and path.is_symlink()):
            return False
        os.lseek(fd, offset, os.SEEK_SET)
        _write_all(fd, data)
        if fsync:
            os.fsync(fd)
        return True
    finally:
        os.close(fd)


def append_local(path: Path, data: bytes, *, fsync: bool = True) -> None:
    """Append to a file on this PC's own disk (created 0600), durably."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | _BINARY | _NOFOLLOW, FILE_MODE)
    try:
        _write_all(fd, data)
        if fsync:
            os.fsync(fd)
    finally:
        os.close(fd)


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


def read_from(path: Path, offset: int = 0, *, expect: int | None = None, limit: int | None = None) -> tuple[bytes, int]:
    """The bytes of ``path`` from ``offset`` to its end, in as few calls as a share allows: one
    open, one read when the size is known (``expect``) or the file is small, one close. Returns
    (bytes, file size seen). Raises FileNotFoundError when it is gone. A file with more than
    ``limit`` bytes from ``offset`` raises :class:`TooLarge` before anything is read."""
    for delay in (*RETRY_DELAYS_S[:5], None):
        try:
            fd = os.open(path, os.O_RDONLY | _BINARY | _NOFOLLOW)
            break
        except PermissionError:
            if delay is None:
                raise
            time.sleep(delay)
        except OSError as exc:
            if _NOFOLLOW and path.is_symlink():
                raise LinkRefused(f"{path} is a link") from exc
            raise
    try:
        chunks: list[bytes] = []
        want = max((expect or 0) - offset, 0) + 256 * 1024
        if offset:
            os.lseek(fd, offset, os.SEEK_SET)
        total = 0
        while True:
            if limit is not None and total > limit:
                raise TooLarge(offset + total)
            block = os.read(fd, want)
            chunks.append(block)
            total += len(block)
            if len(block) < want:
                break  # a short read from a regular file is its end
            want = max(want, 1024 * 1024)
        if limit is not None and total > limit:
            raise TooLarge(offset + total)
        return b"".join(chunks), offset + total
    finally:
        os.close(fd)


class TooLarge(OSError):
    def __init__(self, size: int) -> None:
        super().__init__(f"file larger than the limit ({size} bytes read)")
        self.size = size


def remove_stale_temps(folder: Path, marker: str) -> None:
    """Delete temp files left after a crash (names start with ``.<marker>``)."""
    try:
        for temp in folder.glob(f".{marker}*{TEMP_SUFFIX}"):
            try:
                temp.unlink()
            except OSError:
                pass
    except OSError:
        pass
