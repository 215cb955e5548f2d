"""Open a picture/video instruction with the PC's own program (the app stores links, not videos).

Only what :func:`smtte_tui.medialinks.open_target` allows reaches the OS opener: http(s) links
and files of known media and document types, never a program."""

from __future__ import annotations

import webbrowser

from textual.screen import Screen

from smtte_tui.i18n import t
from smtte_tui.medialinks import open_target


def open_link(screen: Screen, link: str) -> None:
    """Open an allowed URL or file with the OS opener and say on screen whether it worked; a
    link that is not allowed gets the Danish reason and nothing is opened."""
    try:
        target = open_target(link)
    except ValueError as exc:
        screen.notify(str(exc), severity="warning", timeout=8)
        return
    opened = webbrowser.open(target)
    screen.notify(t("log.media_opened", link=link) if opened else t("log.media_failed", link=link))
