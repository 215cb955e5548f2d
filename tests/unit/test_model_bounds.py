"""Every value is bounded at the model, with a Danish reason: dates in the kept range, numbers
finite, ids of one safe pattern. A record that breaks a bound never reaches a screen or a path."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from smtte_tui.dates import DATE_MAX, DATE_MIN
from smtte_tui.models import (
    ID_PATTERN,
    AuditEvent,
    Evaluering,
    Id,
    Notat,
    Observation,
    PdsaCycle,
    PlanKommentar,
    SmttePlan,
    Tegn,
    TimeoutNote,
    is_id,
    new_id,
)
from tests.refusals import refused_by_model

DAY = dt.date(2026, 11, 25)
MOMENT = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)
B, P = new_id(), new_id()


def plan(**fields: Any) -> SmttePlan:
    return SmttePlan.model_validate({"borger_id": B, **fields})


def observation(**fields: Any) -> Observation:
    base = {"borger_id": B, "plan_id": P, "tegn_id": new_id(), "maaletype": "antal", "vaerdi": 2, "dato": DAY, "vagt": "dag", "forfatter": "MA", "terminal": "t1"}
    return Observation.model_validate({**base, **fields})


def cycle(**fields: Any) -> PdsaCycle:
    return PdsaCycle.model_validate({"borger_id": B, "plan_id": P, "formaal": "Tøj frem", "start": DAY, "slut": DAY, **fields})


def notat(**fields: Any) -> Notat:
    return Notat.model_validate({"borger_id": B, "dato": DAY, "tekst": "Godt humør", "forfatter": "MA", **fields})


def evaluering(**fields: Any) -> Evaluering:
    return Evaluering.model_validate({"borger_id": B, "plan_id": P, "dato": DAY, "beslutning": "fortsaet", "forfatter": "MA", **fields})


def timeout(**fields: Any) -> TimeoutNote:
    return TimeoutNote.model_validate({"borger_id": B, "dato": DAY, "status": "usikker", "forfatter": "MA", **fields})


def kommentar(**fields: Any) -> PlanKommentar:
    return PlanKommentar.model_validate({"borger_id": B, "plan_id": P, "tid": MOMENT, "tekst": "Forslag", "forfatter": "MA", **fields})


def audit(**fields: Any) -> AuditEvent:
    return AuditEvent.model_validate({"tid": MOMENT, "medarbejder": "MA", "terminal": "t1", "handling": "login", **fields})


# Every date field of every model, as a way to build a record with that date set to ``day``.
DATE_FIELDS: dict[str, Callable[[dt.date], object]] = {
    "BestillingRef.dato": lambda day: plan(sammenhaeng={"bestilling": {"dato": day}}),
    "Maal.maaldato": lambda day: plan(maal={"tekst": "Mål", "maaldato": day}),
    "Opfoelgningsplan.naeste_opfoelgning": lambda day: plan(evaluering={"naeste_opfoelgning": day}),
    "Opfoelgningsplan.status_dato": lambda day: plan(evaluering={"status_dato": day}),
    "Opfoelgningsplan.langsigtet_evaluering": lambda day: plan(evaluering={"langsigtet_evaluering": day}),
    "Interessent.inddraget": lambda day: plan(interessenter=[{"type": "paaroerende", "navn": "Mor", "inddraget": [DAY, day]}]),
    "Observation.dato": lambda day: observation(dato=day),
    "Notat.dato": lambda day: notat(dato=day),
    "PdsaCycle.start": lambda day: cycle(start=day, slut=max(day, DAY)),
    "PdsaCycle.slut": lambda day: cycle(start=min(day, DAY), slut=day),
    "Evaluering.dato": lambda day: evaluering(dato=day),
    "Evaluering.naeste_dato": lambda day: evaluering(naeste_dato=day),
    "TimeoutNote.dato": lambda day: timeout(dato=day),
    "PlanKommentar.tid": lambda day: kommentar(tid=dt.datetime.combine(day, dt.time(12), dt.UTC)),
    "AuditEvent.tid": lambda day: audit(tid=dt.datetime.combine(day, dt.time(12), dt.UTC)),
}


@pytest.mark.parametrize("field", DATE_FIELDS)
@pytest.mark.parametrize("day", [dt.date(9999, 12, 1), dt.date(1, 1, 1), DATE_MAX + dt.timedelta(days=1), DATE_MIN - dt.timedelta(days=1)])
def test_a_date_typed_as_year_9999_or_year_1_is_refused_in_danish(field, day):
    with refused_by_model("date.error.range.plain", first="01.01.1900", last="31.12.2199"):
        DATE_FIELDS[field](day)


@pytest.mark.parametrize("field", DATE_FIELDS)
def test_the_first_and_last_kept_day_are_accepted(field):
    DATE_FIELDS[field](DATE_MIN)
    DATE_FIELDS[field](DATE_MAX)


def test_a_date_in_a_file_is_bounded_as_well():
    raw = plan().model_dump(mode="json") | {"evaluering": {"naeste_opfoelgning": "9999-12-31"}}
    with refused_by_model("date.error.range.plain", text="31.12.9999"):
        SmttePlan.model_validate_json(json.dumps(raw))


@pytest.mark.parametrize("target", [float("inf"), float("-inf"), float("nan"), "inf", "Infinity", "nan", 10**400, 1e300])
@pytest.mark.parametrize("field", ["baseline", "maalvaerdi"])
def test_a_tegn_target_or_baseline_must_be_an_ordinary_number(field, target):
    with pytest.raises(ValidationError):
        Tegn.model_validate({"tekst": "Antal påmindelser", "maaletype": "antal", field: target})


def test_infinity_in_a_file_is_refused_with_a_danish_reason():
    with refused_by_model("model.error.number"):
        Tegn.model_validate_json('{"tekst": "Antal påmindelser", "maaletype": "antal", "maalvaerdi": Infinity}')
    with refused_by_model("model.error.number"):
        Tegn.model_validate_json('{"tekst": "Antal påmindelser", "maaletype": "minutter", "baseline": NaN}')


def test_an_ordinary_target_is_kept():
    assert Tegn(tekst="Minutter ude", maaletype="minutter", baseline=12.5, maalvaerdi=30).maalvaerdi == 30


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 10**400, 10**7])
@pytest.mark.parametrize("kind", ["antal", "minutter", "skala_1_5"])
def test_a_logged_value_that_is_not_an_ordinary_number_is_a_validation_error_not_a_crash(kind, value):
    # 10**400 used to raise OverflowError (float() of the int) instead of a ValidationError
    with pytest.raises(ValidationError):
        observation(maaletype=kind, vaerdi=value)


@pytest.mark.parametrize("bad", ["../../x", "/etc/passwd", "C:\\Windows", "..", ".", "a/b", "a\\b", "", "x" * 65, "abc\n", "tøj", "a b", "a:b"])
@pytest.mark.parametrize(
    "build",
    [
        lambda bad: plan(borger_id=bad),
        lambda bad: observation(borger_id=bad),
        lambda bad: observation(plan_id=bad),
        lambda bad: observation(tegn_id=bad),
        lambda bad: notat(tiltag_id=bad),
        lambda bad: notat(pdsa_id=bad),
        lambda bad: cycle(rampe_id=bad),
        lambda bad: cycle(data_tegn=[new_id(), bad]),
        lambda bad: plan(tegn=[{"id": bad, "tekst": "Smiler", "maaletype": "ja_nej"}]),
        lambda bad: plan(tiltag=[{"id": new_id(), "hvad": "Tøj frem", "fra_pdsa": bad}]),
        lambda bad: audit(borger_id=bad),
        lambda bad: timeout(id=bad),
    ],
    ids=[
        "plan.borger_id",
        "observation.borger_id",
        "observation.plan_id",
        "observation.tegn_id",
        "notat.tiltag_id",
        "notat.pdsa_id",
        "pdsa.rampe_id",
        "pdsa.data_tegn",
        "tegn.id",
        "tiltag.fra_pdsa",
        "audit.borger_id",
        "entity.id",
    ],
)
def test_an_id_that_could_leave_the_folder_is_refused_in_danish(build, bad):
    with refused_by_model("model.error.id"):
        build(bad)


def test_ids_made_by_smtte_and_writer_ids_fit_the_one_pattern():
    from pydantic import TypeAdapter

    assert is_id(new_id()) and is_id("t0123456789ab") and is_id("tegn-selv_2")
    assert not is_id("../x") and not is_id(None) and ID_PATTERN == r"[A-Za-z0-9_-]{1,64}"
    assert TypeAdapter(Id).validate_python("a" * 64) == "a" * 64
