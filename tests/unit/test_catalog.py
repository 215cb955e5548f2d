"""Every user-visible text lives in one catalog; Danish and English must match key for key."""

from __future__ import annotations

import re
import string

from smtte_tui.i18n import CATALOGS, set_language, t


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_danish_and_english_have_the_same_keys():
    assert set(CATALOGS["da"]) == set(CATALOGS["en"])


def test_danish_and_english_use_the_same_placeholders():
    mismatched = [key for key in CATALOGS["da"] if _fields(CATALOGS["da"][key]) != _fields(CATALOGS["en"][key])]
    assert mismatched == []


def test_no_message_is_empty():
    assert [key for lang in CATALOGS.values() for key, text in lang.items() if not text.strip()] == []


def test_language_switch_changes_the_text():
    set_language("en")
    assert t("sync.ok") == "Saved and shared"
    set_language("da")
    assert t("sync.ok") == "Gemt og delt"


def test_every_key_used_in_code_exists():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    used = set()
    for path in [p for p in list((root / "smtte_tui").rglob("*.py")) + list((root / "screens").rglob("*.py")) if "i18n" not in p.parts]:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_.]+)["']""", path.read_text(encoding="utf-8")))
    assert sorted(used - set(CATALOGS["da"])) == []


def test_no_key_is_defined_in_two_area_files():
    from collections import Counter

    from smtte_tui.i18n import AREAS

    for areas in AREAS.values():
        counts = Counter(key for area in areas for key in area)
        assert [key for key, n in counts.items() if n > 1] == []
