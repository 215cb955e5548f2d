"""What the person reads when something fails, and what goes to the log file instead."""

from __future__ import annotations

import logging

import pytest
from pydantic import ValidationError

from smtte_tui.errors import explain, refusal_sentence
from smtte_tui.i18n import t
from smtte_tui.models import Tegn
from smtte_tui.store import NotAllowed, ReadOnlyStore, UnknownEntity
from smtte_tui.usererror import UserError


@pytest.mark.parametrize(
    "error",
    [
        ReadOnlyStore("store.error.readonly"),
        UnknownEntity("store.error.unknown_entity", kind="observation", id="42"),
        NotAllowed("plan.error.only_planners"),
        UserError("date.error", text="31.02.2026", label="Dato"),
    ],
)
def test_a_refusal_is_told_in_its_own_sentence_and_not_logged(error, caplog):
    with caplog.at_level(logging.DEBUG, logger="smtte"):
        assert explain(error) == str(error) == t(error.key, **error.params)
    assert caplog.text == ""


@pytest.mark.parametrize("error", [PermissionError(13, "Permission denied"), ValueError("invalid literal for int() with base 10: 'x'")])
def test_a_plain_value_or_permission_error_is_a_fault_not_a_refusal(error, caplog, tmp_path, monkeypatch):
    """Every refusal of smtte is a UserError; a plain one comes from a library or the OS and says
    nothing a person can act on (errors.py's docstring has the decision)."""
    monkeypatch.setenv("SMTTE_LOCAL_DIR", str(tmp_path))
    assert refusal_sentence(error) is None
    with caplog.at_level(logging.ERROR, logger="smtte"):
        assert explain(error).startswith("Noget gik galt")
    assert "Traceback" in caplog.text or type(error).__name__ in caplog.text


def test_a_model_refusal_is_its_first_sentence_without_pydantics_wrapping():
    with pytest.raises(ValidationError) as caught:
        Tegn(tekst="", maaletype="ja_nej")
    sentence = refusal_sentence(caught.value)
    assert sentence and "validation error" not in sentence and "Value error" not in sentence


def test_a_validators_user_error_is_taken_from_pydantics_wrapping():
    with pytest.raises(ValidationError) as caught:
        Tegn(tekst="Spiser selv", maaletype="ja_nej", baseline=3)
    original = caught.value.errors()[0]["ctx"]["error"]
    assert isinstance(original, UserError) and original.key == "model.error.tegn.ja_nej"
    assert refusal_sentence(caught.value) == str(original)


def test_a_fault_is_logged_with_its_traceback_and_told_calmly(caplog, tmp_path, monkeypatch):
    monkeypatch.setenv("SMTTE_LOCAL_DIR", str(tmp_path))
    try:
        {}["month"]
    except KeyError as error:
        fault = error
    with caplog.at_level(logging.ERROR, logger="smtte"):
        sentence = explain(fault, context="TimelineScreen.load")
    assert sentence.startswith("Noget gik galt") and str(tmp_path / "smtte.log") in sentence
    assert "'month'" not in sentence
    assert "TimelineScreen.load" in caplog.text and "Traceback" in caplog.text and "KeyError: 'month'" in caplog.text


def test_an_empty_refusal_is_treated_as_a_fault(caplog):
    with caplog.at_level(logging.ERROR, logger="smtte"):
        assert explain(ValueError()).startswith("Noget gik galt")
    assert "ValueError" in caplog.text
