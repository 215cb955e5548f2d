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
"""

from __future__ import annotations

from pathlib import Path, PureWindowsPath
from urllib.parse import unquote, urlsplit

from smtte_tui.i18n import t

PICTURES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".heic", ".tif", ".tiff"})
VIDEOS = frozenset({".mp4", ".m4v", ".mov", ".avi", ".mkv", ".webm", ".wmv", ".mpg", ".mpeg"})
SOUNDS = frozenset({".mp3", ".m4a", ".wav", ".ogg", ".aac", ".flac"})
DOCUMENTS = frozenset({".pdf", ".txt", ".md", ".csv", ".html", ".htm", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"})
OPENABLE = PICTURES | VIDEOS | SOUNDS | DOCUMENTS
WEB_SCHEMES = ("http", "https")


def open_target(link: str) -> str:
    """What the OS opener may be given for ``link``: the web address itself, or the file's
    ``file://`` URI. ValueError with a Danish sentence for anything else (module text)."""
    text = link.strip()
    if not text or any(not char.isprintable() for char in text):
        raise ValueError(t("media.error.kind", link=_shown(link)))
    try:
        parts = urlsplit(text)
    except ValueError as exc:  # "x://[": a broken address
        raise ValueError(t("media.error.scheme", link=_shown(link))) from exc
    # "C:\\film.mp4" parses with the scheme "c": one letter is a Windows drive, not a scheme
    scheme = parts.scheme.lower() if len(parts.scheme) > 1 else ""
    if scheme in WEB_SCHEMES and parts.netloc:
        return text
    if scheme not in ("", "file"):
        raise ValueError(t("media.error.scheme", link=_shown(link)))
    if not _openable(unquote(parts.path) if scheme else text):
        raise ValueError(t("media.error.kind", link=_shown(link)))
    if scheme:
        return text
    try:
        return Path(text).expanduser().resolve().as_uri()
    except (OSError, RuntimeError, ValueError) as exc:  # "~nobody/x.png": no such home folder
        raise ValueError(t("media.error.kind", link=_shown(link))) from exc


def _openable(path: str) -> bool:
    # the Windows reading of the name counts ("x.mp4\\y.exe"); a name ending in "." or " " is
    # one Windows would strip to another extension, so it is refused as well
    name = PureWindowsPath(path).name
    return bool(name) and not name.endswith((".", " ")) and PureWindowsPath(name).suffix.lower() in OPENABLE


def _shown(link: str) -> str:
    return "".join(char if char.isprintable() else "?" for char in link[:120])
