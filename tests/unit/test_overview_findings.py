"""Every overview rule on a prepared house: each borger is set up to trip exactly the rules named."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from smtte_tui.features.overview import findings
from smtte_tui.models import Borger, Maal, Observation, Opfoelgningsplan, PdsaCycle, SmttePlan, Tegn
from smtte_tui.store import Store

from ..people import house_staff

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def house(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    store = Store(data, local_dir=tmp_path / "local", create=True, clock=lambda: NOW)
    anna, bent, carl, dora = (Borger(navn=n, kortnavn=n[:2]) for n in ("Anna", "Bent", "Carl", "Dora"))
    dora = dora.model_copy(update={"aktiv": False})  # moved out: no rule may mention her

    def plan(borger, **evaluering):
        return SmttePlan(
            borger_id=borger.id,
            status="aktiv",
            maal=Maal(tekst=f"{borger.navn}s mål"),
            tegn=[Tegn(tekst="Trøjen på", maaletype="ja_nej"), Tegn(tekst="Påmindelser", maaletype="antal")],
            evaluering=Opfoelgningsplan(**evaluering),
        )

    anna_plan = plan(anna, naeste_opfoelgning=TODAY + dt.timedelta(days=40))
    bent_plan = plan(bent, naeste_opfoelgning=days_ago(3), status_dato=TODAY + dt.timedelta(days=5))
    cycle = PdsaCycle(borger_id=anna.id, plan_id=anna_plan.id, formaal="Tøj frem om aftenen", start=days_ago(16), slut=days_ago(2))
    store.create_many([*house_staff(), anna, bent, carl, dora, anna_plan, bent_plan, cycle], author="LE")

    def obs(borger, plan_, tegn, day, value):
        return Observation(borger_id=borger.id, plan_id=plan_.id, tegn_id=tegn.id, maaletype=tegn.maaletype, vaerdi=value, dato=day, vagt="dag", forfatter="MA", terminal="pc")

    # Anna: her ja/nej tegn last logged 5 days ago, her count tegn never; Bent: both tegn today
    store.create_many(
        [obs(anna, anna_plan, anna_plan.tegn[0], days_ago(5), True), obs(bent, bent_plan, bent_plan.tegn[0], TODAY, True), obs(bent, bent_plan, bent_plan.tegn[1], TODAY, 2)],
        author="MA",
    )
    store.close()
    return {"data": data, "tmp": tmp_path, "anna": anna, "bent": bent, "carl": carl, "dora": dora, "anna_plan": anna_plan, "bent_plan": bent_plan}


def board_of(house, local: str = "reader") -> findings.Board:
    with Store(house["data"], local_dir=house["tmp"] / local, clock=lambda: NOW) as store:
        return findings.build(store, NOW)


def texts(board: findings.Board, rule: str) -> list[str]:
    return [f.text for f in board.by_rule(rule)]


def test_each_borger_trips_exactly_the_rules_set_up_for_them(house):
    board = board_of(house)
    assert texts(board, "ingen_logning") == ["Anna: ingen tegn logget i 5 dage (sidst 20.11.2026)"]
    assert texts(board, "tegn_ikke_logget") == ["Anna: «Påmindelser» er ikke logget de sidste to måneder"]
    assert texts(board, "evaluering") == ["Bent: Opfølgning forfalden for 3 dage siden (22.11.2026)", "Bent: Statusmøde om 5 dage (30.11.2026)"]
    assert [f.serious for f in board.by_rule("evaluering")] == [True, False]  # a coming meeting is information
    assert texts(board, "pdsa") == ["Anna: prøvehandling 1 «Tøj frem om aftenen» sluttede 23.11.2026 uden Study/Act"]
    assert texts(board, "uden_maal") == ["Carl har ingen aktiv plan og dermed intet mål"]
    assert texts(board, "konflikt") == [] and texts(board, "filer") == []
    assert all("Dora" not in f.text for f in board.findings)
    # the setup terminal and this reader have both written their terminal file just now
    assert len(board.terminals) == 2 and not any(f.serious for f in board.by_rule("terminal"))
    assert board.needs_attention() == 5


def test_two_days_quiet_is_not_yet_a_finding(house):
    with Store(house["data"], local_dir=house["tmp"] / "writer", clock=lambda: NOW) as store:
        plan = house["anna_plan"]
        store.create(
            Observation(borger_id=house["anna"].id, plan_id=plan.id, tegn_id=plan.tegn[1].id, maaletype="antal", vaerdi=1, dato=days_ago(2), vagt="aften", forfatter="MA", terminal="pc"), "MA"
        )
    board = board_of(house)
    assert texts(board, "ingen_logning") == [] and texts(board, "tegn_ikke_logget") == []


def test_a_field_changed_on_two_terminals_at_once_is_a_conflict(house):
    plan_id = house["bent_plan"].id
    first = Store(house["data"], local_dir=house["tmp"] / "pc1", clock=lambda: NOW)
    second = Store(house["data"], local_dir=house["tmp"] / "pc2", clock=lambda: NOW)
    first.update(SmttePlan, plan_id, {"tovholder": "AA"}, "AA")
    second.update(SmttePlan, plan_id, {"tovholder": "BB"}, "BB")  # has not seen the first edit
    first.close()
    second.close()
    assert texts(board_of(house), "konflikt") == ["Bent: «tovholder» (plan) er ændret på to pc'er på én gang – vælg i planskærmen (c)"]


def test_damaged_files_conflict_copies_and_quarantine_are_listed(house):
    core = house["data"] / "core"
    shard = next(core.glob("t*.jsonl"))
    shutil.copy(shard, shard.with_name(f"{shard.stem}.sync-conflict-20261125-101010-ABCDEF7.jsonl"))
    (core / "t0123456789ab.jsonl").write_text("{ not json", encoding="utf-8")  # cut short, by no running writer
    quarantine = house["data"] / "quarantine"
    quarantine.mkdir()
    (quarantine / "20261101-core__2026__t0000000000ff.json").write_text("{}", encoding="utf-8")
    (quarantine / "20261101-core__2026__t0000000000ff.json.reason.txt").write_text("ugyldig JSON", encoding="utf-8")
    found = texts(board_of(house), "filer")
    assert len(found) == 3
    assert found[0].startswith("Fil med fejl: t0123456789ab.jsonl")
    assert found[1] == f"Konfliktkopi fra synkroniseringen: {shard.stem}.sync-conflict-20261125-101010-ABCDEF7.jsonl – kør smtte check --repair"
    assert found[2] == "Sat til side i quarantine/: 20261101-core__2026__t0000000000ff.json (ugyldig JSON)"


def test_a_terminal_silent_for_a_day_with_records_waiting_needs_attention(house):
    manifests = house["data"] / "manifests"
    silent = {"writer": "t00000000000a", "navn": "Stuen", "vaert": "stue-pc", "seq": 3, "opdateret": (NOW - dt.timedelta(hours=30)).isoformat(), "ventende": 4}
    (manifests / "t00000000000a.json").write_text(json.dumps(silent), encoding="utf-8")
    quiet_but_empty = {**silent, "writer": "t00000000000b", "navn": "Kontoret", "ventende": 0}
    (manifests / "t00000000000b.json").write_text(json.dumps(quiet_but_empty), encoding="utf-8")
    (manifests / "t00000000000c.json").write_text("{half written", encoding="utf-8")  # not a terminal
    board = board_of(house)
    flagged = [f.text for f in board.by_rule("terminal") if f.serious]
    assert len(flagged) == 1 and flagged[0].startswith("Stuen (t00000000000a): sidst set") and flagged[0].endswith("4 poster venter")
    assert len(board.terminals) == 4  # setup, reader, Stuen, Kontoret
