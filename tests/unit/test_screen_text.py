"""Every screen shows user and file text literally: the rules of ``screens/widgets/plain.py`` (and
``lists.py``), checked
on the source so a new screen cannot slip back to a widget that reads markup out of a string."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLAIN = {ROOT / "screens" / "widgets" / name for name in ("plain.py", "lists.py")}
# Textual widgets that parse a str as markup; the screens use the Plain* widgets instead.
MARKUP_WIDGETS = {"Static", "Label", "OptionList", "DataTable", "SelectionList"}
# Selection prompts are parsed as markup whatever the list says: they must be built as Content.
CONTENT_ARGUMENT = {"Selection"}
MARKUP_PARSERS = {"from_markup", "styled"}


def ui_sources() -> list[Path]:
    files = sorted((ROOT / "screens").rglob("*.py")) + [ROOT / "smtte_tui" / "app.py"]
    return [path for path in files if path not in PLAIN]


def name_of(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):  # SelectionList[str](...)
        return name_of(node.value)
    return ""


def violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    where = path.relative_to(ROOT)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("rich.markup", "textual.markup"):
            found.append(f"{where}:{node.lineno} imports {node.module} (escape per call site; use the Plain widgets)")
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                if name_of(base) in MARKUP_WIDGETS:
                    found.append(f"{where}:{node.lineno} {node.name} subclasses {name_of(base)}")
        if not isinstance(node, ast.Call):
            continue
        called = name_of(node.func)
        if called in MARKUP_WIDGETS:
            found.append(f"{where}:{node.lineno} builds a {called}")
        if called in CONTENT_ARGUMENT and node.args and not (isinstance(node.args[0], ast.Call) and name_of(node.args[0].func) in ("literal", "Content", "styled")):
            found.append(f"{where}:{node.lineno} gives {called} a prompt that is not Content")
        if called == "from_markup" and name_of(getattr(node.func, "value", node.func)) == "Text":
            found.append(f"{where}:{node.lineno} uses Text.from_markup")
        elif called in MARKUP_PARSERS and not (node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append(f"{where}:{node.lineno} parses markup that is not a template written in the code")
        for keyword in node.keywords:
            if keyword.arg == "markup" and not (isinstance(keyword.value, ast.Constant) and keyword.value.value is False):
                found.append(f"{where}:{node.lineno} switches markup on")
    return found


def test_screens_show_every_string_literally():
    problems = [problem for path in ui_sources() for problem in violations(path)]
    assert problems == []


def test_the_rules_catch_what_they_are_meant_to(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from rich.markup import escape\n"
        "from textual.widgets import Static\n"
        "class Bar(Static): pass\n"
        "Static(goal)\n"
        "Selection(name, 1)\n"
        "SelectionList[str](('x', 1))\n"
        "Content.from_markup(f'[b]{goal}[/b]')\n"
        "Plain(goal, markup=True)\n",
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        found = violations(bad)
    finally:
        ROOT = saved
    assert len(found) == 7
