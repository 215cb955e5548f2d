"""The keys line at the bottom of every screen: every key the screen offers, wrapped onto as many
lines as the terminal's width needs.

Textual's ``Footer`` is one line that cuts off what does not fit: at 80 columns the home screen
lost F7, F8, F9, Ctrl+Z and Ctrl+L, the timeline ``m`` and ``x``, the plans ``p``. Here a key and
its word are never split, keys keep the order the screen declares them in (the most used first,
the app's Ctrl+Q and F1 last), and a second line is used only when the first is full. F1 still
lists every key with a longer text.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

from smtte_tui.screens.widgets.plain import styled

SEPARATOR = 2  # spaces between two keys on a line
KEY_NAMES = {"escape": "Esc", "enter": "Enter", "space": "Space", "delete": "Del", "tab": "Tab"}


def key_text(binding: Binding) -> str:
    """How a key is written on the bar: F2, Ctrl+S, Esc, r."""
    if binding.key_display:
        return binding.key_display
    key = binding.key
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + key.removeprefix("ctrl+").upper()
    if len(key) <= 3 and key.startswith("f") and key[1:].isdigit():
        return key.upper()
    return key


def lay_out(widths: list[int], width: int) -> list[list[int]]:
    """The items (by index) on each line when items of ``widths`` are put side by side with
    :data:`SEPARATOR` spaces between them and a line holds ``width`` columns. An item wider than
    a line gets a line of its own (and is cut there, not split)."""
    lines: list[list[int]] = []
    used = 0
    for index, item in enumerate(widths):
        if lines and used + SEPARATOR + item <= width:
            lines[-1].append(index)
            used += SEPARATOR + item
        else:
            lines.append([index])
            used = item
    return lines


class KeyBar(Widget, can_focus=False):
    """Every described key of the screen (and the app) that is not hidden, wrapped."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen) -> None:
        self.refresh(layout=True)

    def keys(self) -> list[tuple[str, str, bool]]:
        """(key, word, enabled) in the order shown; one entry per action."""
        found: list[tuple[str, str, bool]] = []
        actions: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or not binding.description or binding.action in actions:
                continue
            actions.add(binding.action)
            found.append((key_text(binding), binding.description, active.enabled))
        return found

    def _lines(self, width: int) -> list[Content]:
        keys = self.keys()
        pieces = [styled("[b $footer-key-foreground]$key[/] $word", key=key, word=word) if enabled else styled("[dim]$key $word[/]", key=key, word=word) for key, word, enabled in keys]
        return [Content(" " * SEPARATOR).join(pieces[i] for i in line) for line in lay_out([piece.cell_length for piece in pieces], max(width, 1))]

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self._lines(width)))

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_size.width))
