"""What the App and the screens tell each other, as Textual messages.

The App shell does not know which screen is on top or what it shows: it posts one of the messages
that do not bubble to the screen (``screen.post_message(...)``) and the screen's handler
(``on_store_changed``, ``on_shift_log_changed``, ``on_store_opened``) decides what to do. Screens
that do not care never see the message.

A screen tells the App what happened with a message that bubbles up to it (:class:`LogSaved`:
the App's ``on_log_saved``), not by calling into the App; a screen it opened answers with
``dismiss(result)`` to the ``push_screen(..., callback)`` that opened it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from collections.abc import Sequence

    from smtte_tui.store import SyncState


class StoreChanged(Message, bubble=False):
    """A poll has run: ``state`` for the sync bar; ``changes`` are other terminals' changes
    (empty or None when nothing came in, or the share could not be read)."""

    def __init__(self, changes: Any, state: SyncState) -> None:
        super().__init__()
        self.changes = changes
        self.state = state


class ShiftLogChanged(Message, bubble=False):
    """This terminal saved or undid a shift's log: the lists that show who is logged read again."""


class StoreOpened(Message, bubble=False):
    """The data folder is open. ``staff_readable`` False: staff are expected but none could be read
    (a damaged or missing core file), so nobody may sign in."""

    def __init__(self, staff_readable: bool) -> None:
        super().__init__()
        self.staff_readable = staff_readable


class LogSaved(Message):
    """A shift's log has been saved: ``ids`` are the records written, ``missing`` the signs still
    missing this shift, ``staff_id`` whose save it was, ``draft`` the values saved (the draft they
    were kept as is dropped), ``still_open`` whether the log screen was still open when the save
    finished (Escape or the lock may have closed it meanwhile)."""

    def __init__(self, borger_id: str, ids: Sequence[str], *, missing: Sequence[str], staff_id: str, draft: dict, still_open: bool) -> None:
        super().__init__()
        self.borger_id = borger_id
        self.ids = list(ids)
        self.missing = list(missing)
        self.staff_id = staff_id
        self.draft = draft
        self.still_open = still_open
