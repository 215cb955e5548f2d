"""Which picture/video instruction links the PC may open (F6 on the log screen and in the plan
editor), decided here so it has a unit test and no screen can forget it.

A tiltag's links come from the shared folder: anyone who can write a plan, or plant a record,
chooses them. The OS opener (``webbrowser.open`` → ``os.startfile`` on Windows) *runs* what it is
given, so a link to ``\\\\server\\x.exe``, ``C:\\...\\y.bat`` or ``file:///...lnk`` would start a
program. Only two kinds are opened:

* ``http://`` and ``https://`` addresses (the browser shows them);
* files whose extension is a known picture, video, sound or document type (:data:`OPENABLE`),
  opened with the program the PC has for that type (a path, or a ``file://`` address). Office formats that can carry macros
  (``.docm``, ``.xlsm``, the old ``.doc``/``.xls``/``.ppt``) and anything executable are not.

Everything else gets a Danish sentence saying why, and nothing is started.

How an allowed link is opened is decided here too (:func:`open_call`), without touching the disk
or the share, so the screen can decide on the UI thread and open in a worker:

* **Windows**: ``os.startfile`` with the web address, or with the file's plain path
  (``S:\\Bofællesskab\\tand.png``). Not a ``file://`` address: ``Path.as_uri()`` writes æ as
  ``%C3%A6``, which ShellExecute does not decode, so a folder named with æ, ø or å would not be
  found. A ``file://`` link someone typed is turned back into that path.
* **elsewhere**: ``webbrowser.open`` with the address or the file's ``file://`` URI.

Neither resolves the path (``resolve()`` asks the share about every folder on the way, which on a
slow share froze the screen); a relative path is taken from the current folder, as the opener
would.
"""

from __future__ import annotations

import ntpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import Literal
from urllib.parse import unquote, urlsplit

from smtte_tui.usererror import UserError

PICTURES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".heic", ".tif", ".tiff"})
VIDEOS = frozenset({".mp4", ".m4v", ".mov", ".avi", ".mkv", ".webm", ".wmv", ".mpg", ".mpeg"})
SOUNDS = frozenset({".mp3", ".m4a", ".wav", ".ogg", ".aac", ".flac"})
DOCUMENTS = frozenset({".pdf", ".txt", ".md", ".csv", ".html", ".htm", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"})
OPENABLE = PICTURES | VIDEOS | SOUNDS | DOCUMENTS
WEB_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class OpenCall:
    """Which opener gets which argument: ``os.startfile(target)`` or ``webbrowser.open(target)``."""

    how: Literal["startfile", "browser"]
    target: str


def open_call(link: str, platform: str = sys.platform) -> OpenCall:
    """How the PC opens ``link`` (see the module text); ValueError with a Danish sentence for
    anything that may not be opened. No file-system call."""
    if platform == "win32":
        return OpenCall("startfile", _checked(link, windows=True))
    return OpenCall("browser", _checked(link, windows=False))


def open_target(link: str, platform: str = sys.platform) -> str:
    """What the OS opener may be given for ``link`` (:func:`open_call`'s argument)."""
    return open_call(link, platform).target


def _checked(link: str, *, windows: bool) -> str:
    text = link.strip()
    if not text or any(not char.isprintable() for char in text):
        raise UserError("media.error.kind", link=_shown(link))
    try:
        parts = urlsplit(text)
    except ValueError as exc:  # "x://[": a broken address
        raise UserError("media.error.scheme", link=_shown(link)) from exc
    # "C:\\film.mp4" parses with the scheme "c": one letter is a Windows drive, not a scheme
    scheme = parts.scheme.lower() if len(parts.scheme) > 1 else ""
    if scheme in WEB_SCHEMES and parts.netloc:
        return text
    if scheme not in ("", "file"):
        raise UserError("media.error.scheme", link=_shown(link))
    if not _openable(unquote(parts.path) if scheme else text):
        raise UserError("media.error.kind", link=_shown(link))
    if windows:
        return _windows_path(parts.netloc, parts.path) if scheme else ntpath.normpath(ntpath.expanduser(text))
    if scheme:
        return text
    try:
        path = Path(text).expanduser()
        return (path if path.is_absolute() else Path.cwd() / path).as_uri()
    except (OSError, RuntimeError, ValueError) as exc:  # "~nobody/x.png": no such home folder
        raise UserError("media.error.kind", link=_shown(link)) from exc


def _windows_path(host: str, path: str) -> str:
    """``file:///S:/Bof%C3%A6llesskab/x.png`` → ``S:\\Bofællesskab\\x.png``;
    ``file://server/share/x.png`` → ``\\\\server\\share\\x.png``."""
    text = unquote(path).replace("/", "\\")
    if host and host.lower() != "localhost":
        return "\\\\" + host + text
    if re.match(r"\\[A-Za-z][:|]", text):  # "\S:\x" or the old "\S|\x"
        text = text[1] + ":" + text[3:]
    return text


def _openable(path: str) -> bool:
    # the Windows reading of the name counts ("x.mp4\\y.exe"); a name ending in "." or " " is
    # one Windows would strip to another extension, so it is refused as well
    name = PureWindowsPath(path).name
    return bool(name) and not name.endswith((".", " ")) and PureWindowsPath(name).suffix.lower() in OPENABLE


def _shown(link: str) -> str:
    return "".join(char if char.isprintable() else "?" for char in link[:120])
