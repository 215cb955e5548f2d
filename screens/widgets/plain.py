"""Text on screen is shown as typed: the widgets here never read markup out of a string.

Textual parses a plain ``str`` given to ``Static``, ``Label``, ``OptionList``, ``DataTable``,
``Selection`` or ``notify`` as content markup. User and file text then breaks the screen: a goal
"Se video [/link] hver morgen" raises ``MarkupError`` wherever it is drawn, and
"Mette går tur [dagligt] kl 10" loses "[dagligt]". Escaping at every call site is easy to forget
(and ``rich.markup.escape`` is not Textual's dialect: a trailing backslash still breaks it), so
the screens use these widgets instead, which treat every ``str`` as literal text.

Styled text is built in code as :class:`~textual.content.Content`: :func:`styled` takes a markup
*template written in the source* and inserts the values (``$name``) literally, never as markup;
:func:`literal` wraps one text where Textual asks for ``Content`` (``Selection`` prompts).
``SmtteApp.notify`` shows every message literally. ``tests/unit/test_screen_text.py`` keeps the
screens on these widgets.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Label, Static


def literal(text: object) -> Content:
    """``text`` exactly as it is, brackets and all."""
    return Content(str(text))


def styled(template: str, **values: object) -> Content:
    """Markup written in code, e.g. ``styled("[b]$goal[/b]", goal=plan.maal.tekst)``: the template
    is parsed, the values are inserted as plain text."""
    return Content.from_markup(template, **values)


class Plain(Static):
    """A ``Static`` whose strings are literal text (``Content`` keeps its styles)."""

    def __init__(self, content: object = "", **kwargs) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(content, **kwargs)  # type: ignore[arg-type]


class PlainLabel(Label):
    """A ``Label`` whose strings are literal text."""

    def __init__(self, content: object = "", **kwargs) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(content, **kwargs)  # type: ignore[arg-type]
