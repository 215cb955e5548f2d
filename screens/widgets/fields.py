"""Inputs that move focus *during* the key press.

Textual delivers ``Input.Submitted``/``Changed`` as queued messages, after the key that caused
them. These inputs call their screen's ``field_entered`` directly from the key handling instead,
so focus has moved by the time the key has been handled; the App's type-ahead queue
(``screens/shift/typeahead.py``) hands over the next key only then, so a burst such as
"M A Enter 2 4 6 8 1 3 Enter" fills initials and PIN as meant.
"""

from __future__ import annotations

from textual.widgets import Input


def focus_now(widget: Input) -> None:
    """Focus at once (``Widget.focus()`` defers the change with ``call_later``)."""
    widget.screen.set_focus(widget)


class FlowInput(Input):
    """Enter calls ``screen.field_entered(self)`` at once (falls back to Submitted)."""

    async def action_submit(self) -> None:
        handler = getattr(self.screen, "field_entered", None)
        if handler is not None:
            handler(self)
            return
        await super().action_submit()
