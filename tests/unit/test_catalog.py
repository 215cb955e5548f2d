"""Every user-visible text lives in one catalog; Danish and English must match key for key."""

from __future__ import annotations

import re
import string

from smtte_tui.i18n import CATALOGS, LANGUAGES, set_language, t


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_danish_and_english_have_the_same_keys():
    assert set(CATALOGS["da"]) == set(CATALOGS["en"])


def test_danish_and_english_use_the_same_placeholders():
    mismatched = [key for key in CATALOGS["da"] if _fields(CATALOGS["da"][key]) != _fields(CATALOGS["en"][key])]
    assert mismatched == []


def test_no_message_is_empty():
    assert [key for lang in LANGUAGES for key, text in CATALOGS[lang].items() if not text.strip()] == []


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
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_.]+)["']""", text))
        # a refusal names its key first: raise UserError("plan.error.x", ...), NotAllowed("..."), ...
        used |= set(re.findall(r"""\b(?:raise\s+\w+|UserError)\(\s*["']([a-z0-9_]+\.[a-z0-9_.]+)["']""", text))
    assert sorted(used - set(CATALOGS["da"])) == []


def test_no_key_is_defined_in_two_area_files():
    from collections import Counter

    from smtte_tui.i18n import LANGUAGES, areas

    for lang in LANGUAGES:
        counts = Counter(key for area in areas(lang) for key in area)
        assert [key for key, n in counts.items() if n > 1] == []


def test_a_refused_record_is_told_in_the_chosen_language():
    """The models' own refusals go through the catalog too (they reach people via errors.explain)."""
    import datetime as dt

    import pytest
    from pydantic import ValidationError

    from smtte_tui.errors import refusal_sentence
    from smtte_tui.models import Observation

    fields = dict(borger_id="b1", plan_id="p1", tegn_id="t1", maaletype="skala_1_5", vaerdi=9, dato=dt.date(2026, 11, 27), vagt="dag", forfatter="MA", terminal="pc1")
    try:
        for lang in ("da", "en"):
            set_language(lang)
            with pytest.raises(ValidationError) as refused:
                Observation(**fields)
            assert refusal_sentence(refused.value) == t("model.error.obs.skala")
        assert t("model.error.obs.skala") != CATALOGS["da"]["model.error.obs.skala"]
    finally:
        set_language("da")
