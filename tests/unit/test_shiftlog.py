"""Logging a shift: one save, undo, corrections that keep history, and PDSA "Do" notes."""

from __future__ import annotations

import datetime as dt

import pytest

from smtte_tui.features.shift.shiftlog import LogEntry, add_do_note, correct, counts_events, missing_tegn, parse_value, save_shift, todays_entries, undo_save, withdraw
from smtte_tui.lookup import active_pdsa
from smtte_tui.models import Notat, Observation, PdsaCycle, Tegn
from smtte_tui.store import NotAllowed, Store
from tests.people import acting
from tests.refusals import refused

from .conftest import TODAY

YESTERDAY = TODAY - dt.timedelta(days=1)


def save(house: dict, values: list, *, note: str = "", vagt: str = "dag", dato: dt.date = TODAY, author: str = "MA") -> list[str]:
    plan = house["plan"]
    entries = [LogEntry(tegn.id, value) for tegn, value in zip(plan.tegn, values) if value is not None]
    return save_shift(acting(house["store"], author, terminal="t-kontor"), borger_id=house["anna"].id, plan=plan, entries=entries, note=note, dato=dato, vagt=vagt)


@pytest.mark.parametrize(
    ("kind", "typed", "value"),
    [
        ("ja_nej", "j", True),
        ("ja_nej", "Ja", True),
        ("ja_nej", "n", False),
        ("ja_nej", " NEJ ", False),
        ("ja_nej", True, True),
        ("ja_nej", False, False),
        ("skala_1_5", "4", 4),
        ("skala_1_5", 1, 1),
        ("antal", "0", 0),
        ("antal", "12", 12),
        ("minutter", "90", 90),
        ("minutter", "1440", 1440),
    ],
)
def test_what_staff_type_becomes_the_value_the_sign_needs(kind, typed, value):
    parsed = parse_value(Tegn(tekst="x", maaletype=kind), typed)
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize(
    ("kind", "typed"),
    [("ja_nej", "x"), ("ja_nej", "1"), ("skala_1_5", "6"), ("skala_1_5", "0"), ("antal", "-1"), ("antal", "2.5"), ("antal", True), ("antal", "²"), ("antal", ""), ("minutter", "2000")],
)
def test_a_mistyped_value_is_refused_with_a_danish_sentence_naming_the_sign(kind, typed):
    with pytest.raises(ValueError) as error:
        parse_value(Tegn(tekst="Humør", maaletype=kind), typed)
    assert "'Humør'" in str(error.value)


def test_a_shift_with_three_signs_and_a_note_is_one_durable_write(house, monkeypatch):
    store: Store = house["store"]
    writes = []
    real_append = store.journal.append
    monkeypatch.setattr(store.journal, "append", lambda revs: (writes.append(len(revs)), real_append(revs))[1])
    ids = save(house, ["j", "4", "2"], note="  Anna var glad  ")
    assert writes == [4]
    observations = [store.get(Observation, i) for i in ids[:3]]
    assert [o.vaerdi for o in observations] == [True, 4, 2]
    assert {(o.dato, o.vagt, o.forfatter, o.terminal, o.plan_id) for o in observations} == {(TODAY, "dag", "MA", "t-kontor", house["plan"].id)}
    note = store.get(Notat, ids[3])
    assert (note.tekst, note.vagt, note.plan_id, note.borger_id) == ("Anna var glad", "dag", house["plan"].id, house["anna"].id)


def test_one_bad_value_saves_nothing_so_the_shift_is_never_half_logged(house):
    with pytest.raises(ValueError) as error:
        save(house, ["j", "9", "2"], note="Godt humør")
    assert "Humør" in str(error.value)
    assert house["store"].all(Observation) == [] and house["store"].all(Notat) == []


def test_a_sign_removed_from_the_plan_meanwhile_is_refused(house):
    entry = LogEntry("not-in-the-plan", "j")
    with refused("log.error.unknown_tegn"):
        save_shift(acting(house["store"], "MA", terminal="t"), borger_id=house["anna"].id, plan=house["plan"], entries=[entry], note="", dato=TODAY, vagt="dag")


def test_a_note_about_a_borger_without_a_plan_is_still_saved(house):
    store, aase = house["store"], house["aase"]
    ids = save_shift(acting(store, "MA", terminal="t"), borger_id=aase.id, plan=None, entries=[], note="Åse sov længe", dato=TODAY, vagt="nat")
    assert store.get(Notat, ids[0]).plan_id is None
    assert save_shift(acting(store, "MA", terminal="t"), borger_id=aase.id, plan=None, entries=[], note="  ", dato=TODAY, vagt="nat") == []


def test_signs_for_one_borger_are_never_saved_against_another_borgers_plan(house):
    with pytest.raises(ValueError):
        save_shift(acting(house["store"], "MA", terminal="t"), borger_id=house["bent"].id, plan=house["plan"], entries=[LogEntry(house["plan"].tegn[0].id, "j")], note="", dato=TODAY, vagt="dag")


def test_undo_right_after_saving_withdraws_signs_and_note_but_history_keeps_them(house):
    store = house["store"]
    ids = save(house, ["j", "3", None], note="Forkert borger")
    undo_save(acting(store, "MA"), ids)
    assert store.all(Observation) == [] and store.all(Notat) == []
    assert [rev.op for rev in store.history(Observation, ids[0])] == ["create", "retract"]
    undo_save(acting(store, "MA"), ids)  # a second press changes nothing
    assert len(store.history(Notat, ids[-1])) == 2


def test_todays_entries_show_the_day_in_shift_order_without_withdrawn_or_yesterdays(house):
    store = house["store"]
    night = save(house, ["n", None, None], vagt="nat")
    save(house, ["j", None, None], vagt="aften")
    save(house, [None, "5", None], vagt="dag")
    save(house, ["j", None, None], dato=YESTERDAY)
    gone = save(house, [None, None, "7"], vagt="dag")
    withdraw(acting(store, "MA"), gone[0])
    entries = todays_entries(store, house["anna"].id, TODAY)
    assert [(o.vagt, o.vaerdi) for o in entries] == [("dag", 5), ("aften", True), ("nat", False)]
    assert entries[-1].id == night[0]


def test_a_corrected_value_is_a_new_version_and_the_first_value_stays_in_history(house):
    store = house["store"]
    [observation_id] = save(house, [None, "2", None])
    correct(acting(store, "LE"), observation_id, "4", "rettet: skrev forkert")
    now = store.get(Observation, observation_id)
    assert (now.vaerdi, now.note, now.forfatter) == (4, "rettet: skrev forkert", "MA")
    history = store.history(Observation, observation_id)
    assert [rev.op for rev in history] == ["create", "update"] and history[0].data["vaerdi"] == 2 and history[1].author == "LE"


def test_a_correction_with_a_bad_value_is_refused_and_changes_nothing(house):
    store = house["store"]
    [observation_id] = save(house, [None, "2", None])
    with refused("log.error.scale", tegn="Humør"):
        correct(acting(store, "LE"), observation_id, "8", "")
    assert store.get(Observation, observation_id).vaerdi == 2 and len(store.history(Observation, observation_id)) == 1


def test_logging_a_sign_again_in_the_same_shift_corrects_it_instead_of_making_a_duplicate(house):
    store = house["store"]
    [first, mood, count] = save(house, ["j", "3", "2"])
    again = save(house, ["n", "3", "1"])  # the mood is the same: nothing to change there
    assert first in again and mood not in again and len(again) == 2  # the new count and the corrected ja/nej
    jn = [o for o in store.all(Observation) if o.tegn_id == house["plan"].tegn[0].id]
    assert [(o.id, o.vaerdi) for o in jn] == [(first, False)]  # one value for the shift, corrected
    assert [rev.op for rev in store.history(Observation, first)] == ["create", "update"]
    assert len(store.history(Observation, mood)) == 1
    # "Antal påmindelser" is summed: it counts events, so two counts in one shift add up
    counts = sorted(o.vaerdi for o in store.all(Observation) if o.tegn_id == house["plan"].tegn[2].id)
    assert counts == [1, 2] and counts_events(house["plan"].tegn[2]) and not counts_events(house["plan"].tegn[1])


def test_undo_of_a_save_that_corrected_a_value_gives_the_earlier_value_back(house):
    store = house["store"]
    [first] = save(house, ["j", None, None])
    ids = save(house, ["n", None, None], note="glemte")
    undo_save(acting(store, "MA"), ids)
    assert store.get(Observation, first).vaerdi is True and store.all(Notat) == []


def test_a_medarbejder_cannot_overwrite_a_colleagues_value_and_nothing_of_the_save_is_written(house):
    store = house["store"]
    [lenes] = save(house, ["j", None, None], author="LE")
    with refused("log.error.not_yours", NotAllowed, forfatter="LE"):
        save(house, ["n", "4", None], note="Anna var glad")
    assert store.get(Observation, lenes).vaerdi is True and len(store.all(Observation)) == 1 and store.all(Notat) == []
    save(house, ["j", "4", None])  # the same value as LE's is no change: the rest is saved
    assert len(store.history(Observation, lenes)) == 1 and len(store.all(Observation)) == 2


def test_a_medarbejder_corrects_and_withdraws_only_own_entries_a_leder_anyones(house):
    store = house["store"]
    [lenes] = save(house, [None, "2", None], author="LE")
    [mine] = save(house, [None, None, "3"])
    with refused("log.error.not_yours", NotAllowed, forfatter="LE"):
        correct(acting(store, "MA"), lenes, "4", "")
    with pytest.raises(NotAllowed):
        withdraw(acting(store, "MA"), lenes)
    assert store.get(Observation, lenes).vaerdi == 2 and len(store.history(Observation, lenes)) == 1
    correct(acting(store, "MA"), mine, "4", "")
    withdraw(acting(store, "LE"), mine)
    assert store.get(Observation, mine) is None and store.history(Observation, mine)[-1].author == "LE"


def test_the_signs_still_missing_this_shift_are_the_active_ones_without_a_value(house):
    store, plan = house["store"], house["plan"]
    save(house, ["j", None, None])
    save(house, [None, "2", None], vagt="aften")
    assert [t.tekst for t in missing_tegn(store, plan, house["anna"].id, TODAY, "dag")] == ["Humør", "Antal påmindelser"]
    assert missing_tegn(store, None, house["anna"].id, TODAY, "dag") == []


def cycle(house: dict, *, start: dt.date, status: str = "aktiv", formaal: str = "Tøj lagt frem i rækkefølge") -> PdsaCycle:
    plan = house["plan"]
    pdsa = PdsaCycle(borger_id=plan.borger_id, plan_id=plan.id, tiltag_id=plan.tiltag[0].id, formaal=formaal, start=start, slut=start + dt.timedelta(days=14), status=status)
    house["store"].create(pdsa, "LE")
    return pdsa


def test_the_running_pdsa_cycle_is_the_latest_one_started_and_still_active(house):
    store, anna = house["store"], house["anna"]
    assert active_pdsa(store, anna.id, TODAY) is None
    cycle(house, start=TODAY - dt.timedelta(days=10))
    newest = cycle(house, start=TODAY - dt.timedelta(days=2))
    cycle(house, start=TODAY + dt.timedelta(days=1))  # not begun yet
    cycle(house, start=TODAY - dt.timedelta(days=1), status="planlagt")
    assert active_pdsa(store, anna.id, TODAY) == newest
    assert active_pdsa(store, house["bent"].id, TODAY) is None


def test_a_do_note_is_its_own_record_tied_to_the_cycle_plan_and_tiltag(house):
    store = house["store"]
    pdsa = cycle(house, start=TODAY)
    note = add_do_note(acting(store, "MA"), pdsa=pdsa, tekst="Lagde tøjet frem; Anna tog trøjen selv", dato=TODAY, vagt="aften", overraskelse=True)
    saved = store.get(Notat, note.id)
    assert (saved.pdsa_id, saved.plan_id, saved.tiltag_id, saved.borger_id, saved.vagt, saved.overraskelse) == (pdsa.id, pdsa.plan_id, pdsa.tiltag_id, pdsa.borger_id, "aften", True)
    with refused("log.error.empty_do"):
        add_do_note(acting(store, "MA"), pdsa=pdsa, tekst="   ", dato=TODAY, vagt="aften")
