"""A refusal is a catalog key with parameters; its sentence is the catalog's, in the current language."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from smtte_tui.features.plans.plans import OtherActivePlan
from smtte_tui.i18n import set_language
from smtte_tui.replicate.db import DatabaseRefused
from smtte_tui.store import NotAllowed, ReadOnlyStore, StoreError, UnknownEntity
from smtte_tui.usererror import UserError

ROOT = Path(__file__).resolve().parents[2]


def test_a_user_error_keeps_its_key_and_parameters_and_says_the_danish_sentence():
    error = UserError("staffadmin.error.already_active", initialer="MA")
    assert error.key == "staffadmin.error.already_active" and error.params == {"initialer": "MA"}
    assert str(error) == "MA er allerede aktiv."


def test_a_user_error_is_told_in_the_language_chosen_when_it_is_shown():
    error = UserError("staffadmin.error.already_active", initialer="MA")
    try:
        set_language("en")
        assert str(error) == "MA is already active."
    finally:
        set_language("da")
    assert str(error) == "MA er allerede aktiv."


def test_a_user_error_survives_pickling_with_its_key_and_parameters():
    for error in (UserError("date.error", text="31.02", label="Dato"), UnknownEntity("store.error.unknown_entity", kind="plan", id="p1")):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and copy.key == error.key and copy.params == error.params and str(copy) == str(error)


def test_the_store_and_role_refusals_are_user_errors_and_keep_what_callers_catch():
    assert isinstance(ReadOnlyStore("store.error.readonly"), StoreError)
    refused = NotAllowed("plan.error.only_planners")
    assert isinstance(refused, UserError) and isinstance(refused, PermissionError)
    # pydantic wraps a ValueError raised in a validator; a caller's `except ValueError` still holds
    assert isinstance(UserError("model.error.plan.no_goal"), ValueError)


def test_a_refusal_with_a_reason_of_its_own_says_it_in_its_sentence():
    refused = DatabaseRefused("replicate.error.login", reason="forkert adgangskode", where="db/smtte")
    assert refused.reason == "forkert adgangskode" and "forkert adgangskode" in str(refused)
    assert refused.params == {"where": "db/smtte", "reason": "forkert adgangskode"}


def test_a_refusal_built_from_a_model_has_its_key():
    from smtte_tui.models import Maal, SmttePlan

    error = OtherActivePlan([SmttePlan(borger_id="b1", tovholder="MA", maal=Maal(tekst="Spiser selv"))])
    assert error.key == "plan.error.other_active" and error.params == {"goal": "Spiser selv"}


def test_an_unknown_key_is_a_programming_error():
    with pytest.raises(KeyError):
        str(UserError("no.such.key"))


# A sentence for a person raised as a bare ValueError/PermissionError, or any refusal built from
# t() instead of its key, would carry no key and, since issue G, count as a fault in errors.py (or
# fail: a UserError's str() looks its key up). The CLI's own UsageError is printed by `smtte` itself
# and never reaches errors.py.
_BARE_REFUSAL = re.compile(r"raise\s+(ValueError|PermissionError)\(\s*t\(")


def _user_error_classes() -> set[str]:
    import smtte_tui.configfile
    import smtte_tui.features.plans.plans
    import smtte_tui.replicate.db
    import smtte_tui.replicate.folder
    import smtte_tui.replicate.mirror
    import smtte_tui.report.output
    import smtte_tui.screens.plans.plan_editor  # noqa: F401  (every module that defines a UserError)

    found, todo = set(), [UserError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo += cls.__subclasses__()
    return found


def _built_from_a_sentence() -> re.Pattern[str]:
    return re.compile(rf"\b({'|'.join(sorted(_user_error_classes()))})\(\s*t\(")


def test_no_refusal_is_raised_as_a_sentence_without_its_key():
    found = []
    for path in sorted([*(ROOT / "smtte_tui").rglob("*.py"), *(ROOT / "screens").rglob("*.py")]):
        text = path.read_text(encoding="utf-8")
        for pattern in (_BARE_REFUSAL, _built_from_a_sentence()):
            found += [f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}" for m in pattern.finditer(text)]
    assert found == []


def test_the_sentence_check_sees_what_it_forbids():
    assert _BARE_REFUSAL.search('raise ValueError(t("plan.error.empty_comment"))')
    assert _BARE_REFUSAL.search('raise PermissionError(\n    t("plan.error.only_planners"))')
    built = _built_from_a_sentence()
    assert built.search('raise ExportError(t("report.error.write", path=path))')
    assert built.search('return DatabaseRefused(t("replicate.error.refused", where=where))')
    assert {"ReadOnlyStore", "NotAllowed", "MirrorUnreachable", "FormError"} <= _user_error_classes()
    assert not built.search('raise UserError("plan.error.empty_comment")')


def test_the_tests_refusal_check_fails_on_another_key_or_parameter():
    from tests.refusals import refused

    with pytest.raises(AssertionError), refused("plan.error.empty_comment"):
        raise UserError("plan.error.only_planners")
    with pytest.raises(AssertionError), refused("staffadmin.error.already_active", initialer="LE"):
        raise UserError("staffadmin.error.already_active", initialer="MA")
