"""The logic behind the shift flow, without any screen."""

from __future__ import annotations

import datetime as dt

import pytest

from smtte_tui.auth import hash_pin, verify_pin
from smtte_tui.config import Settings
from smtte_tui.features.admin.staffadmin import add_borger, create_first_leder
from smtte_tui.features.shift.drafts import DraftStore
from smtte_tui.features.shift.shiftlog import parse_value
from smtte_tui.features.shift.shifts import ShiftBoundaries, current_shift, next_shift
from smtte_tui.features.signin.signin import sign_in
from smtte_tui.lockout import LockoutPolicy, is_blocked, unblock
from smtte_tui.lookup import borger_matches, fold
from smtte_tui.models import AuditEvent, Borger, Maal, Medarbejder, SmttePlan, Tegn
from smtte_tui.store import Store
from tests.people import acting

CET = dt.timezone(dt.timedelta(hours=1))


def at(hour: int, minute: int = 0, day: int = 25) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=CET)


def test_shift_follows_the_clock_and_a_night_belongs_to_the_day_it_started():
    assert current_shift(at(7)) == ("dag", dt.date(2026, 11, 25))
    assert current_shift(at(15)) == ("aften", dt.date(2026, 11, 25))
    assert current_shift(at(23, 30)) == ("nat", dt.date(2026, 11, 25))
    assert current_shift(at(6, 30, day=26)) == ("nat", dt.date(2026, 11, 25))
    assert [next_shift("dag"), next_shift("aften"), next_shift("nat")] == ["aften", "nat", "dag"]


def test_shift_boundaries_come_from_settings():
    boundaries = ShiftBoundaries.from_settings(Settings(shift_day_starts="06:00", shift_evening_starts="14:00", shift_night_starts="22:00"))
    assert current_shift(at(14, 30), boundaries)[0] == "aften"
    assert current_shift(at(22, 5), boundaries)[0] == "nat"


def test_filter_forgives_case_and_danish_letters_typed_as_two():
    aase = Borger(navn="Åse Møller", kortnavn="ÅM", bolig="Lejl. 3")
    assert fold("Æble Ø Å") == "aeble oe aa"
    assert borger_matches("aas", aase) and borger_matches("MOE", aase) and borger_matches("møl", aase)
    assert borger_matches("lejl 3", aase)
    assert not borger_matches("bent", aase)


@pytest.mark.parametrize(("kind", "typed", "value"), [("ja_nej", "j", True), ("ja_nej", "N", False), ("skala_1_5", "4", 4), ("antal", "12", 12), ("minutter", "90", 90)])
def test_typed_values_become_the_tegn_kind(kind, typed, value):
    assert parse_value(Tegn(tekst="x", maaletype=kind), typed) == value


@pytest.mark.parametrize(("kind", "typed"), [("ja_nej", "x"), ("skala_1_5", "6"), ("antal", "-1"), ("minutter", "2000"), ("antal", "9" * 400), ("antal", "1000001")])
def test_bad_values_are_refused_in_danish(kind, typed):
    with pytest.raises(ValueError) as error:
        parse_value(Tegn(tekst="Humør", maaletype=kind), typed)
    assert "Humør" in str(error.value)


def test_pins_are_salted_scrypt_hashes():
    first, second = hash_pin("1234"), hash_pin("1234")
    assert first != second and first.startswith("scrypt$")
    assert verify_pin("1234", first) and not verify_pin("4321", first)


@pytest.fixture
def store(tmp_path):
    (tmp_path / "d").mkdir()
    clock = {"now": at(10)}
    store = Store(tmp_path / "d", local_dir=tmp_path / "l", create=True, clock=lambda: clock["now"])
    leder = create_first_leder(store, "le", "Lene Leder", "246813", "246813", now=at(9))
    staff = Medarbejder(initialer="MA", navn="Mads", pin_hash=hash_pin("135791"))
    store.create(staff, "LE")
    return store, leder, staff


def test_failures_expire_after_the_window_and_success_resets_them(store):
    store, _, staff = store
    policy = LockoutPolicy(max_failures=3, window=dt.timedelta(hours=24), block=dt.timedelta(hours=24))
    sign_in(store, "MA", "0000", now=at(8), policy=policy, terminal="t")
    sign_in(store, "MA", "0000", now=at(9), policy=policy, terminal="t")
    # the next day the first two are outside the window
    assert sign_in(store, "MA", "0000", now=at(10, day=26), policy=policy, terminal="t").reason == "wrong_pin"
    assert sign_in(store, "MA", "135791", now=at(11, day=26), policy=policy, terminal="t").ok
    for hour in (12, 13):
        sign_in(store, "MA", "0000", now=at(hour, day=26), policy=policy, terminal="t")
    assert is_blocked(store, staff, now=at(14, day=26), policy=policy) is None


def test_a_blocked_account_opens_after_the_block_or_when_a_leder_unblocks(store):
    store, leder, staff = store
    policy = LockoutPolicy()
    for minute in range(3):
        result = sign_in(store, "ma", "0000", now=at(10, minute), policy=policy, terminal="t")
    assert result.reason == "blocked"
    assert sign_in(store, "MA", "135791", now=at(12), policy=policy, terminal="t").reason == "blocked"
    assert sign_in(store, "MA", "135791", now=at(10, 3, day=26), policy=policy, terminal="t").ok  # 24 h later
    for minute in range(3):
        sign_in(store, "MA", "0000", now=at(11, minute, day=26), policy=policy, terminal="t")
    with pytest.raises(PermissionError):
        unblock(acting(store, staff, now=at(12, day=26), terminal="t"), staff)
    unblock(acting(store, leder, now=at(12, day=26), terminal="t"), staff)
    assert sign_in(store, "MA", "135791", now=at(12, 1, day=26), policy=policy, terminal="t").ok
    handlings = [e.handling for e in store.all(AuditEvent)]
    assert {"login", "login_fejl", "blokeret", "login_blokeret", "laast_op"} <= set(handlings)


def test_unknown_initials_get_the_same_answer_as_a_wrong_pin(store):
    store, _, _ = store
    unknown = sign_in(store, "XX", "1111", now=at(10), policy=LockoutPolicy(), terminal="t")
    wrong = sign_in(store, "MA", "1111", now=at(10), policy=LockoutPolicy(), terminal="t")
    assert unknown.message == wrong.message and not unknown.ok


def test_only_a_leder_adds_borgere_and_the_first_leder_only_once(store):
    store, leder, staff = store
    with pytest.raises(PermissionError):
        add_borger(acting(store, staff), "Bent Olsen", "BO")
    assert add_borger(acting(store, leder), "Bent Olsen", "BO").navn == "Bent Olsen"
    with pytest.raises(ValueError):
        create_first_leder(store, "XY", "Ny", "1111", "1111", now=at(10))


def test_drafts_belong_to_one_staff_member(tmp_path):
    drafts = DraftStore(tmp_path / "drafts")
    drafts.save("staff-1", "borger-a", {"values": {"t": "j"}})
    assert drafts.load("staff-2") == {}
    assert drafts.load("staff-1") == {"borger-a": {"values": {"t": "j"}}}
    drafts.discard("staff-1", "borger-a")
    assert drafts.load("staff-1") == {}


def test_an_active_plan_needs_a_goal():
    with pytest.raises(ValueError):
        SmttePlan(borger_id="b", status="aktiv")
    assert SmttePlan(borger_id="b", status="aktiv", maal=Maal(tekst="Et lille mål")).status == "aktiv"
