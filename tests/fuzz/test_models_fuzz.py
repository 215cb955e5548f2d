"""Every model answers arbitrary input with a ValidationError or a valid record, never another
exception, and a valid record survives the trip to JSON and back unchanged."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from smtte_tui.models import ENTITY_MODELS, Entity

from .strategies import FUZZ, json_values, model_records

KINDS = sorted(ENTITY_MODELS)
B, P, T = "b" * 32, "c" * 32, "d" * 32
# One valid record of each kind: the round trip starts from these with some fields replaced.
VALID: dict[str, dict[str, Any]] = {
    "borger": {"navn": "Anna Jensen", "kortnavn": "AJ"},
    "medarbejder": {"initialer": "MA", "navn": "Mads", "pin_hash": "scrypt$x"},
    "plan": {"borger_id": B, "status": "aktiv", "maal": {"tekst": "Mål"}, "tegn": [{"id": T, "tekst": "Smiler", "maaletype": "antal", "maalvaerdi": 3}], "tiltag": [{"hvad": "Tøj frem"}]},
    "observation": {"borger_id": B, "plan_id": P, "tegn_id": T, "maaletype": "antal", "vaerdi": 2, "dato": "2026-11-25", "vagt": "dag", "forfatter": "MA", "terminal": "t1"},
    "notat": {"borger_id": B, "dato": "2026-11-25", "tekst": "Godt humør", "forfatter": "MA"},
    "kommentar": {"borger_id": B, "plan_id": P, "tid": "2026-11-25T10:00:00+01:00", "tekst": "Forslag", "forfatter": "MA"},
    "pdsa": {"borger_id": B, "plan_id": P, "formaal": "Tøj frem", "start": "2026-11-01", "slut": "2026-11-14"},
    "evaluering": {"borger_id": B, "plan_id": P, "dato": "2026-11-25", "beslutning": "fortsaet", "forfatter": "TH"},
    "timeout": {"borger_id": B, "dato": "2026-11-25", "status": "usikker", "forfatter": "MA"},
    "audit": {"tid": "2026-11-25T10:00:00+01:00", "medarbejder": "MA", "terminal": "t1", "handling": "login"},
    "indstillinger": {"id": "hus", "max_failed_logins": 3},
}


def validate(model: type[Entity], raw: object) -> Entity | None:
    """The record, or None for a ValidationError; any other exception fails the test."""
    try:
        return model.model_validate(raw)
    except ValidationError:
        return None


def validate_json(model: type[Entity], raw: object) -> Entity | None:
    try:
        text = json.dumps(raw)  # NaN and Infinity as JSON5-style tokens, as a forged file could hold
    except (TypeError, ValueError):
        return None
    try:
        return model.model_validate_json(text)
    except ValidationError:
        return None


def assert_round_trip(record: Entity) -> None:
    model = type(record)
    dumped = record.model_dump(mode="json")
    assert model.model_validate(dumped) == record
    assert model.model_validate_json(record.model_dump_json()) == record
    assert model.model_validate_json(json.dumps(dumped, allow_nan=False)) == record  # nothing non-finite is ever written


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(data=st.data())
def test_a_record_with_the_right_keys_and_any_values_validates_or_is_refused(kind, data):
    model = ENTITY_MODELS[kind]
    raw = data.draw(model_records(model))
    for record in (validate(model, raw), validate_json(model, raw)):
        if record is not None:
            assert_round_trip(record)


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(raw=json_values)
def test_completely_random_json_is_refused_or_valid_never_a_crash(kind, raw):
    model = ENTITY_MODELS[kind]
    for record in (validate(model, raw), validate_json(model, raw)):
        if record is not None:
            assert_round_trip(record)


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(data=st.data())
def test_a_valid_record_with_some_fields_replaced_round_trips_or_is_refused(kind, data):
    model = ENTITY_MODELS[kind]
    changes = data.draw(model_records(model).map(lambda fields: dict(list(fields.items())[:2])))
    record = validate(model, {**VALID[kind], **changes})
    if record is None:
        return
    assert_round_trip(record)
    for value in record.model_dump().values():
        assert not (isinstance(value, float) and not math.isfinite(value))


@pytest.mark.parametrize("kind", KINDS)
def test_every_valid_example_is_valid(kind):
    assert_round_trip(ENTITY_MODELS[kind].model_validate(VALID[kind]))
