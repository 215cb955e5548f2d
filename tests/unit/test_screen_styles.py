"""The screens' styles live in one .tcss per feature, and no rule of one screen reaches another.

Textual adds a screen's CSS_PATH rules to the whole app once the screen has been shown, so a rule
that does not begin with its screen's type (or a widget only its feature draws) would restyle
every screen shown after it, depending on which came first."""

from __future__ import annotations

import re
from pathlib import Path

SCREENS = Path(__file__).resolve().parents[2] / "screens"


def _classes() -> set[str]:
    names: set[str] = set()
    for module in SCREENS.rglob("*.py"):
        names.update(re.findall(r"^class (\w+)\(", module.read_text(encoding="utf-8"), re.M))
    return names


def _selectors(tcss: str) -> list[str]:
    without_comments = re.sub(r"/\*.*?\*/", "", tcss, flags=re.S)
    heads = re.findall(r"([^{}]+)\{", without_comments)
    return [selector.strip() for head in heads for selector in head.split(",") if selector.strip()]


def test_every_rule_begins_with_the_type_it_styles():
    classes = _classes()
    files = sorted(SCREENS.rglob("*.tcss"))
    assert files
    for tcss in files:
        for selector in _selectors(tcss.read_text(encoding="utf-8")):
            first = re.match(r"[A-Za-z_]\w*", selector)
            assert first is not None and first.group(0) in classes, f"{tcss.name}: {selector!r} does not begin with a screen or widget of smtte"


def test_no_screen_keeps_styles_in_python():
    for module in SCREENS.rglob("*.py"):
        assert "DEFAULT_CSS" not in module.read_text(encoding="utf-8"), f"{module.name}: styles belong in its feature's .tcss"
