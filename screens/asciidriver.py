"""A terminal driver that folds every symbol conhost cannot draw before it is written (see
:mod:`smtte_tui.glyphs`): Textual's borders, scrollbars and key names, and any bullet or arrow in
a sentence, arrive as characters Consolas has. Used only when :func:`smtte_tui.winconsole.ascii_symbols`
says so; the screens' own marks already come from the ASCII glyph set."""

from __future__ import annotations

from textual.driver import Driver

from smtte_tui.glyphs import fold

# Key names Textual draws as symbols (its KEY_DISPLAY_ALIASES), spelled out for the footer and help.
KEY_WORDS = {"↑": "Up", "↓": "Down", "←": "Left", "→": "Right", "⌫": "Backspace", "⏎": "Enter", "⇥": "Tab"}


def folding_driver(base: type[Driver]) -> type[Driver]:
    """``base`` (Textual's driver for this platform) writing :func:`fold`-ed text."""

    class FoldingDriver(base):  # type: ignore[valid-type, misc]
        def write(self, data: str) -> None:
            super().write(fold(data))

    FoldingDriver.__name__ = FoldingDriver.__qualname__ = f"Folding{base.__name__}"
    return FoldingDriver


def key_words(display: str) -> str:
    """Textual's key display with its symbols spelled out ("^↑" → "^Up")."""
    for symbol, word in KEY_WORDS.items():
        display = display.replace(symbol, word)
    return display
