"""Open a picture/video instruction or an export with the PC's own program (the app stores links,
not videos).

Only what :func:`smtte_tui.medialinks.open_call` allows reaches the OS opener: http(s) links
and files of known media and document types, never a program. The decision touches no file and
is made on the UI thread; the opening itself (ShellExecute on Windows reads the share, and may
wait for it) runs in a thread worker, which then says on screen whether it worked."""

from __future__ import annotations

import logging
import os
import webbrowser

from textual.screen import Screen

from smtte_tui.i18n import t
from smtte_tui.medialinks import OpenCall, open_call

log = logging.getLogger("smtte")


def open_link(screen: Screen, link: str) -> None:
    """Open an allowed URL or file in a worker and say whether it worked; a link that is not
    allowed gets the Danish reason and nothing is opened."""
    try:
        call = open_call(link)
    except ValueError as exc:
        screen.notify(str(exc), severity="warning", timeout=8)
        return
    app = screen.app

    def run() -> None:
        opened = start(call)
        app.call_from_thread(app.notify, t("log.media_opened", link=link) if opened else t("log.media_failed", link=link))

    # the App's worker: leaving the screen must not drop the answer
    app.run_worker(run, name="open_link", group="open_link", thread=True, exit_on_error=False)


def start(call: OpenCall) -> bool:
    """Hand ``call.target`` to its opener; False when the PC could not open it."""
    if call.how == "startfile":
        try:
            os.startfile(call.target)  # type: ignore[attr-defined]  # Windows only, as open_call decides
        except OSError as exc:  # no program for the type, the share gone, a file not there
            log.warning("could not open a link: %s", type(exc).__name__)
            return False
        return True
    return bool(webbrowser.open(call.target))
