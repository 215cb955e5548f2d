"""The modal box every small question shares: one style, and each dialog only restyles it.

A dialog is a :class:`Dialog` that says what goes in its box (``compose_box``) and what it
returns with ``dismiss``; the screen that opens it takes the answer with
``push_screen(dialog, callback)``. ``BOX_ID`` names the box (CSS and tests find it by it);
a dialog that needs another border or width says only that, e.g.
``ConfirmScreen > .dialog-box { border: round $warning; }`` in its feature's ``.tcss``
(``screens/kit/styles.py``).
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen

from smtte_tui.screens.kit.styles import KIT_CSS

T = TypeVar("T")


class Dialog(ModalScreen[T]):
    """A box in the middle of the terminal over the screen that opened it (styled in kit.tcss)."""

    CSS_PATH = [KIT_CSS]

    BOX_ID: ClassVar[str] = "dialog-box"

    def compose(self) -> ComposeResult:
        with Vertical(id=self.BOX_ID, classes="dialog-box"):
            yield from self.compose_box()

    def compose_box(self) -> ComposeResult:
        """Override: what the box holds."""
        yield from ()
