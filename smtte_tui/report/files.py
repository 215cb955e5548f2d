"""Names and writing of the files smtte hands out: exports, group reports, aktindsigt logs.

* **A name says whose file it is and is unique to that borger**: the short name (folded to ASCII,
  at most :data:`MAX_SLUG` characters) *and* the first 8 characters of the borger's id, so two
  borgere who share a short name never share a file name, and a 300-character short name still
  gives a name every file system takes (:func:`borger_filename`).
* **An export never replaces another**: :func:`write_new` creates the file exclusively and, when
  the name is taken (an earlier export the same day, a colleague's), writes ``…-2.html``,
  ``…-3.html`` instead. The content appears whole (temp file + replace of the reserved name), and
  the file is readable by its owner only on Linux/macOS (Windows: the folder's ACL decides).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from pathlib import Path

from smtte_tui.models import Borger
from smtte_tui.store import layout
from smtte_tui.store.files import ensure_dir

MAX_SLUG = 40  # characters of the short name kept in a file name
ID_CHARS = 8  # characters of the borger's id kept in a file name
MAX_COPIES = 1000  # name-2 … name-1000: past that something is wrong, and the write fails
FILE_MODE = 0o600
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)


def export_folder(data_root: Path) -> Path:
    """``<data folder>/eksport/``, made when missing. It is on the share, so it is made like the
    store's folders there: 0700 on Linux/macOS, and on Windows with no mode, so that it inherits
    the share's ACL and colleagues on the other PCs can open what was exported."""
    folder = Path(data_root) / layout.EXPORT
    ensure_dir(folder, inside=Path(data_root))
    return folder


def slug(text: str, fallback: str = "borger") -> str:
    """``text`` as a short ASCII file-name part: Danish letters folded, anything else a dash."""
    folded = re.sub(r"[^A-Za-z0-9]+", "-", text.translate(_FOLD)).strip("-")
    return folded[:MAX_SLUG].strip("-") or fallback


def borger_filename(prefix: str, borger: Borger, day: dt.date, extension: str) -> str:
    """``<prefix>-AJ-1a2b3c4d-2026-11-25.html``: whose file (short name and id) and from when."""
    return f"{prefix}-{slug(borger.kortnavn)}-{borger.id[:ID_CHARS]}-{day:%Y-%m-%d}.{extension}"


def write_new(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path``, or to ``path`` with ``-2``, ``-3``, … before the extension when
    that name is taken; never replaces a file. Returns the path written. OSError when the folder
    is missing or not writable, ``path`` is a folder, or every name up to :data:`MAX_COPIES` is
    taken."""
    path = Path(path)
    if not path.name or path.is_dir():  # "--out ." or a folder: a file name is needed
        raise IsADirectoryError(str(path))
    for candidate in _candidates(path):
        try:
            os.close(os.open(candidate, _FLAGS, FILE_MODE))  # reserves the name, or FileExistsError
        except FileExistsError:
            continue
        try:
            _fill(candidate, data)
        except BaseException:
            _remove(candidate)
            raise
        return candidate
    raise FileExistsError(str(path))


def _candidates(path: Path):
    yield path
    for number in range(2, MAX_COPIES + 1):
        yield path.with_name(f"{path.stem}-{number}{path.suffix}")


def _fill(target: Path, data: bytes) -> None:
    # The reserved (empty) file is replaced by a complete one: a reader never sees half a report.
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, _FLAGS, FILE_MODE)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:
        _remove(temp)
        raise


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
