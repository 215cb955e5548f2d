"""The symbols smtte draws on screen (marks, arrows, sparkline bars, run-chart markers), in two
sets: Unicode, and ASCII for a console that has no glyph for them (Windows' conhost with Consolas
has no braille, ✓ or ▶ and no fallback font: each would be a box). Which set is used is decided
once at start by :func:`smtte_tui.winconsole.ascii_symbols` and set with :func:`use`.

Screens take their symbols from :func:`glyphs` instead of writing them. Text that is not ours
(Textual's borders, key names and scrollbars, bullets inside catalog sentences) is folded on its
way to the terminal by :func:`fold` (see ``screens/asciidriver.py``), one character for one, so
nothing the console cannot draw reaches it. Reports and exports are read in a browser and always
use the Unicode set.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Glyphs:
    ascii: bool
    done: str  # a borger logged this shift; a handled comment
    missing: str  # not logged yet; an open comment
    bullet: str
    arrow: str  # a step to the next (Sammenhæng → Mål)
    up: str  # a trend or verdict
    down: str
    same: str
    play: str  # the current step, a link to open
    minus: str  # a removed line
    bars: str  # eight sparkline levels, lowest first
    no_data: str  # a day with nothing logged
    line_marker: str  # plotext's marker for the run chart's line
    point_marker: str  # and for its points


UNICODE = Glyphs(
    ascii=False,
    done="✓",
    missing="•",
    bullet="•",
    arrow="→",
    up="↑",
    down="↓",
    same="→",
    play="▶",
    minus="−",
    bars="▁▂▃▄▅▆▇█",
    no_data="·",
    line_marker="braille",
    point_marker="dot",
)
ASCII = Glyphs(
    ascii=True,
    done="x",
    missing="*",
    bullet="-",
    arrow=">",
    up="^",
    down="v",
    same="=",
    play=">",
    minus="-",
    bars="_-=+*%#@",
    no_data=".",
    line_marker=".",
    point_marker="o",
)

_current = [UNICODE]


def glyphs() -> Glyphs:
    """The set in use (Unicode unless :func:`use` chose ASCII)."""
    return _current[0]


def use(ascii: bool) -> Glyphs:
    _current[0] = ASCII if ascii else UNICODE
    return _current[0]


# One character for one, so Textual's layout (which counted cells before the text was folded)
# still holds. Box-drawing and block characters Consolas lacks become the nearest ones it has;
# symbols become ASCII.
_FOLD: dict[str, str] = {
    "✓": "x",
    "✔": "x",
    "✗": "x",
    "✘": "x",
    "•": "*",
    "◦": "o",
    "●": "o",
    "○": "o",
    "⭘": "o",
    "▶": ">",
    "►": ">",
    "◀": "<",
    "◄": "<",
    "▲": "^",
    "▼": "v",
    "⚠": "!",
    "−": "-",
    "←": "<",
    "→": ">",
    "↑": "^",
    "↓": "v",
    "↔": "-",
    "⏎": "<",
    "⌫": "<",
    "⇥": ">",
    "╭": "┌",
    "╮": "┐",
    "╰": "└",
    "╯": "┘",
    "━": "─",
    "┃": "│",
    "┏": "┌",
    "┓": "┐",
    "┗": "└",
    "┛": "┘",
    "┣": "├",
    "┫": "┤",
    "┳": "┬",
    "┻": "┴",
    "╋": "┼",
    "╍": "─",
    "╏": "│",
    "┅": "─",
    "┇": "│",
    "▁": "▄",
    "▂": "▄",
    "▃": "▄",
    "▅": "▄",
    "▆": "█",
    "▇": "█",
    "▔": "▀",
    "▕": "▐",
    "▉": "█",
    "▊": "█",
    "▋": "▌",
    "▍": "▌",
    "▎": "▌",
    "▏": "▌",
}
_FOLD.update({chr(code): "." for code in range(0x2801, 0x2900)})  # braille: a dot is a dot
_FOLD["\u2800"] = " "  # the empty braille cell
FOLD_TABLE = str.maketrans(_FOLD)


def fold(text: str) -> str:
    """``text`` with every symbol conhost cannot draw replaced by one it can (see the table)."""
    return text.translate(FOLD_TABLE)
