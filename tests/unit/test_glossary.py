"""One name per thing: docs/glossary.md is the source of truth for module names, feature folders
and catalog namespaces (issue G). A new module or namespace needs its word in the glossary first,
and the words the glossary retires (a second name for something that has one) stay out."""

from __future__ import annotations

import re
from pathlib import Path

from smtte_tui.i18n import LANGUAGES, areas

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
CODE_FOLDERS = (ROOT / "smtte_tui", ROOT / "screens")


def words(text: str) -> set[str]:
    """Every backticked word of the glossary (a `Name`, a `word`, or `a/path.py`'s file name)."""
    found: set[str] = set()
    for span in re.findall(r"`([^`]+)`", text):
        found.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", span))
    return found


def retired_words() -> set[str]:
    section = GLOSSARY.split("## Words we do not use", 1)[1]
    return {word.lower() for word in words(section.strip().split("\n\n", 1)[0])}


KNOWN = words(GLOSSARY.split("## Words we do not use", 1)[0])
AREA_FILE = re.compile(r"^(?P<area>[a-z]+)_(?:da|en)$")


def module_names() -> dict[str, Path]:
    names: dict[str, Path] = {}
    for folder in CODE_FOLDERS:
        for path in folder.rglob("*.py"):
            if path.stem.startswith("__"):
                continue
            match = AREA_FILE.match(path.stem) if path.parent.name == "i18n" else None
            names[match["area"] if match else path.stem] = path
        for path in folder.rglob("*"):
            if path.is_dir() and path.name != "__pycache__" and any(path.glob("*.py")):
                names[path.name] = path
    return names


def namespaces() -> set[str]:
    return {key.split(".", 1)[0] for lang in LANGUAGES for messages in areas(lang) for key in messages}


def test_every_module_and_folder_is_named_in_the_glossary() -> None:
    missing = {name: str(path.relative_to(ROOT)) for name, path in module_names().items() if name not in KNOWN}
    assert not missing, f"name these in docs/glossary.md (or rename them to a word it has): {missing}"


def test_every_catalog_namespace_is_named_in_the_glossary() -> None:
    missing = sorted(namespaces() - KNOWN)
    assert not missing, f"catalog namespaces missing from docs/glossary.md: {missing}"


def test_no_module_namespace_or_screen_uses_a_retired_word() -> None:
    retired = retired_words()
    assert {"dashboard", "monitoring"} <= retired  # the glossary's own list is what is checked
    used = set(module_names()) | namespaces()
    for folder in CODE_FOLDERS:
        for path in folder.rglob("*.py"):
            used.update(re.findall(r"^class (\w+)", path.read_text(encoding="utf-8"), re.M))
    offenders = sorted(name for name in used if any(word in name.lower() for word in retired))
    assert not offenders, f"these names use a word docs/glossary.md retires: {offenders}"


def test_the_glossary_check_sees_an_unknown_name() -> None:
    """The checks above would pass on an empty tree; this one proves they read real names."""
    assert "shiftlog" in module_names() and "home" in module_names() and "log" in namespaces()
    assert "frobnicate" not in KNOWN
