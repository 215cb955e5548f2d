"""Open a picture/video instruction with the PC's own program (the app stores links, not videos)."""

from __future__ import annotations

import webbrowser
from pathlib import Path

from textual.screen import Screen

from smtte_tui.i18n import t


def open_link(screen: Screen, link: str) -> None:
    """Open a URL or file path with the OS opener and say on screen whether it worked."""
    target = link if "://" in link else Path(link).expanduser().resolve().as_uri()
    opened = webbrowser.open(target)
    screen.notify(t("log.media_opened", link=link) if opened else t("log.media_failed", link=link))
