"""F1: every key of the screen underneath, generated from its bindings (nothing to keep in sync)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from smtte_tui.i18n import t
from smtte_tui.screens.kit.dialog import Dialog
from smtte_tui.screens.widgets.lists import PlainTable
from smtte_tui.screens.widgets.plain import Plain

KEY_NAMES = {"ctrl+": "Ctrl+", "escape": "Esc", "enter": "Enter"}


def key_label(key: str) -> str:
    for raw, nice in KEY_NAMES.items():
        key = key.replace(raw, nice)
    return key.upper() if len(key) <= 3 else key


def screen_keys(screen: Screen) -> list[tuple[str, str]]:
    """(key, description) for every described binding active on ``screen`` and the app."""
    seen: dict[str, str] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        # only our own bindings (they carry an id and a catalog text): the widgets' built-in ones
        # ("Cursor left", ...) are English and obvious to anyone who has used a keyboard
        if binding.description and binding.id and binding.key not in seen:
            seen[binding.key] = binding.description
    return [(key_label(key), text) for key, text in seen.items()]


class HelpScreen(Dialog[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", t("app.key.back"), id="help.close")]

    BOX_ID = "help-box"

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.keys = screen_keys(under) + [(t("help.typing.key"), t("help.typing"))]

    def compose_box(self) -> ComposeResult:
        yield Plain(t("help.title"))
        table = PlainTable(id="help-keys", cursor_type="none", show_cursor=False)
        table.add_columns(t("help.col.key"), t("help.col.what"))
        for row in self.keys:
            table.add_row(*row)
        yield table
        yield Plain(t("prompt.hint"), classes="hint")

    def action_dismiss(self) -> None:
        self.dismiss(None)
