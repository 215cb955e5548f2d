"""The method's activation rules for a plan."""

from __future__ import annotations

import datetime as dt

from smtte_tui.features.plans.planrules import activation_problems, plans_to_close
from smtte_tui.models import Maal, Opfoelgningsplan, SmttePlan, Tegn, Tiltag


def ready_plan(borger_id: str = "b1", status: str = "kladde") -> SmttePlan:
    return SmttePlan(
        borger_id=borger_id,
        status=status,
        maal=Maal(tekst="Anna tager selv tøj på"),
        tegn=[Tegn(tekst="Tager selv trøjen på", maaletype="ja_nej")],
        tiltag=[Tiltag(hvad="Tøjet lægges frem", hvem="Aftenvagt", hvor_ofte="Hver aften")],
        evaluering=Opfoelgningsplan(naeste_opfoelgning=dt.date(2026, 12, 25)),
    )


def test_a_complete_draft_can_be_activated():
    assert activation_problems(ready_plan()) == []


def test_a_draft_missing_every_part_lists_each_problem_in_danish():
    problems = activation_problems(SmttePlan(borger_id="b1"))
    assert problems == [
        "Planen mangler et mål.",
        "Planen mangler mindst ét tegn med en måletype.",
        "Planen mangler mindst ét tiltag, der siger hvem og hvor ofte.",
        "Planen mangler en dato for næste opfølgning.",
    ]


def test_a_tiltag_without_who_or_how_often_does_not_count():
    plan = ready_plan().model_copy(update={"tiltag": [Tiltag(hvad="Billedguide", hvem="", hvor_ofte="Dagligt")]})
    assert activation_problems(plan) == ["Planen mangler mindst ét tiltag, der siger hvem og hvor ofte."]


def test_activating_a_second_plan_names_the_active_one_to_close():
    current = ready_plan(status="aktiv")
    other_borger = ready_plan(borger_id="b2", status="aktiv")
    new = ready_plan()
    assert plans_to_close(new, [current, other_borger, new]) == [current]
