"""One plural rule for every counted text (issue I, item 14): "om 1 dag", "1 gang", "in 1 day"."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from smtte_tui.i18n import CATALOGS, set_language, t, tn

ROOT = Path(__file__).resolve().parents[2]


def test_one_takes_the_singular_and_every_other_number_the_plural():
    assert tn("due.in_days", 1, days=1) == "om 1 dag"
    assert tn("due.in_days", 2, days=2) == "om 2 dage"
    assert tn("pdsa.study.times", 1, n=1) == "1 gang"
    assert tn("pdsa.study.times", 0, n=0) == "0 gange"
    assert tn("missing.title", 1, n=1) == "1 borger mangler tegn denne vagt"
    assert tn("audit.target.shown", 1, n=1) == "viste 1 borger"
    set_language("en")
    try:
        assert tn("due.in_days", 1, days=1) == "in 1 day"
        assert tn("due.overdue", 1, days=1) == "overdue by 1 day"
        assert tn("pdsa.study.times", 1, n=1) == "1 time"
        assert tn("signin.wrong_pin", 1, left=2, hours=1).endswith("blocked for 1 hour: 2.")
    finally:
        set_language("da")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_singular_text_says_1_with_a_plural_noun(lang):
    singular = {key: text for key, text in CATALOGS[lang].items() if key.endswith(".one")}
    assert len(singular) >= 15
    for key, text in singular.items():
        assert key.removesuffix(".one") in CATALOGS[lang], key
        assert not any(bad in text for bad in ("1 dage", "1 gange", "1 days", "1 times", "1 borgere", "1 residents", "(e)", "(er)", "(s)")), (key, text)


def counted_keys() -> set[str]:
    return {key.removesuffix(".one") for key in CATALOGS["da"] if key.endswith(".one")}


def test_a_text_with_a_singular_form_is_always_looked_up_with_tn():
    """Source check: ``t("due.in_days", ...)`` would say "om 1 dage" again."""
    wanted = counted_keys()
    found = []
    for path in sorted((ROOT / "smtte_tui").rglob("*.py")) + sorted((ROOT / "screens").rglob("*.py")):
        if "store" in path.parts:  # the store's own sentences are the store engineer's (not counted here)
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and first.value in wanted:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} t({first.value!r})")
    assert not found


def test_the_due_list_says_in_1_day_on_screen():
    from smtte_tui.screens.evaluation.due import when_text

    class Due:
        days = 1

    assert when_text(Due()) == "om 1 dag"
    assert t("due.in_days", days=3) == "om 3 dage"
