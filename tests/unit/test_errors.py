"""What the person reads when something fails, and what goes to the log file instead."""

from __future__ import annotations

import logging

import pytest
from pydantic import ValidationError

from smtte_tui.errors import explain, refusal_sentence
from smtte_tui.models import Tegn
from smtte_tui.store import NotAllowed, ReadOnlyStore, UnknownEntity


@pytest.mark.parametrize(
    "error",
    [
        ReadOnlyStore("Datamappen er skrevet af en nyere version; der kan kun læses."),
        UnknownEntity("Findes ikke: observation 42."),
        NotAllowed("Kun tovholder og leder kan ændre planen."),
        PermissionError("Kun en leder kan læse loggen."),
        ValueError("Datoen findes ikke."),
    ],
)
def test_a_refusal_is_told_in_its_own_sentence_and_not_logged(error, caplog):
    with caplog.at_level(logging.DEBUG, logger="smtte"):
        assert explain(error) == str(error)
    assert caplog.text == ""


def test_a_model_refusal_is_its_first_sentence_without_pydantics_wrapping():
    with pytest.raises(ValidationError) as caught:
        Tegn(tekst="", maaletype="ja_nej")
    sentence = refusal_sentence(caught.value)
    assert sentence and "validation error" not in sentence and "Value error" not in sentence


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
