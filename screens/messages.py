"""What the App tells screens, as Textual messages: the App posts, a screen that cares handles.

The App shell does not know which screen is on top or what it shows: it posts one of these to
the screen (``screen.post_message(...)``) and the screen's handler (``on_store_changed``,
``on_shift_log_changed``, ``on_store_opened``) decides what to do. Screens that do not care never
see the message, because none of these bubble up to the App.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
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
