"""A tegn seen only in some shifts ("tager selv tøj på om morgenen") is missing only there."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from smtte_tui.features.overview import timeout
from smtte_tui.features.shift.shifts import shifts_begun
from smtte_tui.lookup import expected_tegn, shift_status
from smtte_tui.models import Observation, SmttePlan, Tegn

from .conftest import TODAY, at


def morning_only(plan: SmttePlan) -> SmttePlan:
    """The plan with its first tegn ("Tager selv trøjen på") seen in the day shift only."""
    first = plan.tegn[0].model_copy(update={"vagter": ["dag"]})
    return plan.model_copy(update={"tegn": [first, *plan.tegn[1:]]})


def log(store, plan: SmttePlan, tegn: Tegn, vagt: str) -> None:
    value = True if tegn.maaletype == "ja_nej" else 3
    store.create(Observation(borger_id=plan.borger_id, plan_id=plan.id, tegn_id=tegn.id, maaletype=tegn.maaletype, vaerdi=value, dato=TODAY, vagt=vagt, forfatter="MA", terminal="pc"), "MA")


def test_a_tegn_is_seen_in_every_shift_unless_the_plan_says_otherwise():
    assert Tegn(tekst="Humør", maaletype="skala_1_5").vagter == ["dag", "aften", "nat"]
    assert Tegn(tekst="Tøj", maaletype="ja_nej", vagter=["nat", "dag", "dag"]).vagter == ["dag", "nat"]
    with pytest.raises(ValidationError):
        Tegn(tekst="Tøj", maaletype="ja_nej", vagter=[])
    # a plan saved before the field existed reads as "every shift"
    assert Tegn.model_validate({"tekst": "Tøj", "maaletype": "ja_nej"}).ses_i("nat")


def test_the_evening_asks_only_for_the_signs_the_evening_can_see(house):
    store, anna = house["store"], house["anna"]
    plan = morning_only(house["plan"])
    assert [t.tekst for t in expected_tegn(plan, "aften")] == ["Humør", "Antal påmindelser"]
    for tegn in plan.tegn[1:3]:
        log(store, plan, tegn, "aften")
    assert shift_status(store, [anna.id], {anna.id: plan}, TODAY, "aften") == {anna.id: "done"}
    assert shift_status(store, [anna.id], {anna.id: plan}, TODAY, "dag") == {anna.id: "missing"}


def test_a_plan_whose_signs_are_all_seen_in_the_morning_has_nothing_to_log_at_night(house):
    store, anna = house["store"], house["anna"]
    plan = house["plan"]
    plan = plan.model_copy(update={"tegn": [t.model_copy(update={"vagter": ["dag"]}) for t in plan.tegn]})
    assert shift_status(store, [anna.id], {anna.id: plan}, TODAY, "nat") == {anna.id: "not_this_shift"}


def test_the_afternoon_time_out_does_not_count_an_evening_sign_as_not_logged(house):
    store, anna = house["store"], house["anna"]
    plan = house["plan"]
    evening = plan.tegn[0].model_copy(update={"vagter": ["aften"]})
    store.update(SmttePlan, plan.id, {"tegn": [evening.model_dump(mode="json"), *[t.model_dump(mode="json") for t in plan.tegn[1:]]]}, "LE")
    log(store, plan, plan.tegn[1], "dag")
    log(store, plan, plan.tegn[2], "dag")
    begun = shifts_begun(at(14, 30))
    assert begun == ("dag",)
    (row,) = [r for r in timeout.rows(store, TODAY, begun) if r.borger.id == anna.id]
    assert (row.logged_today, row.tegn_count) == (2, 2)  # the evening sign is not due yet
    (row,) = [r for r in timeout.rows(store, TODAY, shifts_begun(at(22))) if r.borger.id == anna.id]
    assert (row.logged_today, row.tegn_count) == (2, 3)


def test_shifts_begun_follows_the_clock():
    assert shifts_begun(at(6, 59)) == ()
    assert shifts_begun(at(7)) == ("dag",)
    assert shifts_begun(at(23, 30)) == ("dag", "aften", "nat")


def test_every_shift_is_not_written_so_a_pc_on_the_older_version_still_reads_the_plan():
    every = Tegn(tekst="Humør", maaletype="skala_1_5")
    assert "vagter" not in every.model_dump() and "vagter" not in every.model_dump(mode="json")
    morning = Tegn(tekst="Tøj", maaletype="ja_nej", vagter=["dag"])
    assert morning.model_dump(mode="json")["vagter"] == ["dag"]
    assert Tegn.model_validate(morning.model_dump(mode="json")) == morning
