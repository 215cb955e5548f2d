"""Signing in at a shared terminal: initials and PIN, a lockout every terminal honours, an audit trail."""

from __future__ import annotations

import datetime as dt

import pytest

from smtte_tui.features.admin.staffadmin import add_borger, add_medarbejder, create_first_leder
from smtte_tui.features.signin.signin import record_lock, sign_in
from smtte_tui.lockout import LockoutPolicy, is_blocked, unblock
from smtte_tui.models import AuditEvent, Borger, HusIndstillinger, Medarbejder
from smtte_tui.store import NotAllowed, Store
from tests.people import acting
from tests.refusals import refused

from .conftest import PIN, at

POLICY = LockoutPolicy()
WRONG = "9999"


def attempt(store: Store, initials: str, pin: str, now: dt.datetime, terminal: str = "t-stue"):
    return sign_in(store, initials, pin, now=now, policy=POLICY, terminal=terminal)


def events(store: Store, maal: str | None = None) -> list[AuditEvent]:
    store.load_recent_audit()
    found = [e for e in store.all(AuditEvent) if maal is None or e.maal == maal]
    return sorted(found, key=lambda e: e.tid)


def test_mads_signs_in_with_lowercase_initials_and_the_sign_in_is_audited(house):
    store, mads = house["store"], house["mads"]
    result = attempt(store, " ma ", PIN, at(7))
    assert (result.ok, result.reason, result.medarbejder, result.message) == (True, "ok", mads, "")
    [event] = events(store, f"medarbejder:{mads.id}")
    assert (event.handling, event.medarbejder, event.terminal, event.tid) == ("login", "MA", "t-stue", at(7))


def test_each_wrong_pin_says_how_many_tries_are_left(house):
    store = house["store"]
    first, second = attempt(store, "MA", WRONG, at(7)), attempt(store, "MA", WRONG, at(7, 1))
    assert (first.ok, first.reason, first.medarbejder) == (False, "wrong_pin", None)
    assert "2 forsøg tilbage" in first.message and "1 forsøg tilbage" in second.message
    assert [e.handling for e in events(store, f"medarbejder:{house['mads'].id}")] == ["login_fejl", "login_fejl"]


def test_the_third_wrong_pin_blocks_the_account_for_24_hours_even_with_the_right_pin(house):
    store, mads = house["store"], house["mads"]
    for minute in range(3):
        result = attempt(store, "MA", WRONG, at(7, minute))
    assert (result.reason, result.blocked_until) == ("blocked", at(7, 2, day=26))
    assert "26.11.2026 07:02" in result.message and "leder" in result.message
    right = attempt(store, "MA", PIN, at(12))
    assert (right.ok, right.reason) == (False, "blocked")
    assert is_blocked(store, mads, now=at(12), policy=POLICY) == at(7, 2, day=26)
    assert [e.handling for e in events(store, f"medarbejder:{mads.id}")] == ["login_fejl"] * 3 + ["blokeret", "login_blokeret"]


def test_the_block_lifts_by_itself_after_24_hours(house):
    store, mads = house["store"], house["mads"]
    for minute in range(3):
        attempt(store, "MA", WRONG, at(7, minute))
    assert is_blocked(store, mads, now=at(7, 2, day=26), policy=POLICY) is None
    assert attempt(store, "MA", PIN, at(7, 2, day=26)).ok


def test_a_block_set_at_one_terminal_holds_at_every_other_terminal(house, open_store):
    office = open_store("office-pc")  # opened before the failures: it must read them on sign-in
    living_room = house["store"]
    for minute in range(3):
        attempt(living_room, "MA", WRONG, at(7, minute), terminal="t-stue")
    result = attempt(office, "MA", PIN, at(7, 5), terminal="t-kontor")
    assert result.reason == "blocked"
    assert is_blocked(office, house["mads"], now=at(7, 5), policy=POLICY) == at(7, 2, day=26)


def test_wrong_pins_older_than_the_window_no_longer_count(house):
    store, mads = house["store"], house["mads"]
    attempt(store, "MA", WRONG, at(7))
    attempt(store, "MA", WRONG, at(8))
    result = attempt(store, "MA", WRONG, at(7, 30, day=26))  # the first is 24½ hours old
    assert result.reason == "wrong_pin" and "1 forsøg tilbage" in result.message
    assert is_blocked(store, mads, now=at(7, 31, day=26), policy=POLICY) is None


def test_a_successful_sign_in_starts_the_count_afresh(house):
    store, mads = house["store"], house["mads"]
    attempt(store, "MA", WRONG, at(7))
    attempt(store, "MA", WRONG, at(7, 1))
    assert attempt(store, "MA", PIN, at(7, 2)).ok
    assert "2 forsøg tilbage" in attempt(store, "MA", WRONG, at(7, 3)).message
    assert is_blocked(store, mads, now=at(7, 4), policy=POLICY) is None


def test_a_leder_unblocks_mads_before_the_24_hours_are_up(house):
    store, leder, mads = house["store"], house["leder"], house["mads"]
    for minute in range(3):
        attempt(store, "MA", WRONG, at(7, minute))
    unblock(acting(store, leder, now=at(9), terminal="t-kontor"), mads)
    assert is_blocked(store, mads, now=at(9, 1), policy=POLICY) is None
    assert attempt(store, "MA", PIN, at(9, 1)).ok
    unblocked = next(e for e in events(store) if e.handling == "laast_op")
    assert (unblocked.medarbejder, unblocked.maal) == ("LE", f"medarbejder:{mads.id}")


def test_a_colleague_cannot_unblock_an_account(house):
    store, mads = house["store"], house["mads"]
    with refused("store.error.permission", NotAllowed, rolle="medarbejder"):
        unblock(acting(store, mads, now=at(9), terminal="t"), mads)


def test_unknown_initials_get_exactly_the_answers_a_real_account_would(house):
    store = house["store"]
    for minute in range(4):
        unknown = attempt(store, "xx", WRONG, at(7, minute))
        real = attempt(store, "MA", WRONG, at(7, minute))
        assert unknown.message == real.message and unknown.blocked_until == real.blocked_until
        assert unknown.reason == "unknown" and not unknown.ok and unknown.medarbejder is None
    audited = events(store, "medarbejder:?XX")
    assert [e.handling for e in audited] == ["login_fejl"] * 3 + ["blokeret", "login_blokeret"]
    assert {e.medarbejder for e in audited} == {"XX"}


def test_a_pin_that_cannot_be_a_pin_is_refused_without_costing_a_try(house):
    store = house["store"]
    result = attempt(store, "MA", "12", at(7))
    assert (result.reason, result.message) == ("bad_pin_format", "PIN-koden skal være 4 til 8 cifre.")
    assert events(store) == []


def test_a_closed_account_answers_the_right_pin_exactly_like_a_wrong_one(house):
    store, mads = house["store"], house["mads"]
    store.update(Medarbejder, mads.id, {"aktiv": False}, "LE")
    right, wrong = attempt(store, "MA", PIN, at(7)), attempt(store, "MA", WRONG, at(7, 1))
    assert (right.ok, right.reason, right.medarbejder) == (wrong.ok, wrong.reason, wrong.medarbejder) == (False, "inactive", None)
    assert "2 forsøg tilbage" in right.message and right.message.replace("2 forsøg", "1 forsøg") == wrong.message
    assert [e.handling for e in events(store, f"medarbejder:{mads.id}")] == ["login_fejl", "login_fejl"]


def test_locking_the_screen_is_audited(house):
    store, mads = house["store"], house["mads"]
    record_lock(acting(store, mads, now=at(11), terminal="t-stue"))
    [event] = events(store)
    assert (event.handling, event.medarbejder, event.maal, event.tid) == ("laast", "MA", f"medarbejder:{mads.id}", at(11))


def test_the_house_sets_its_own_lockout_in_the_data_folder():
    policy = LockoutPolicy.from_house(HusIndstillinger(max_failed_logins=5, failed_login_window_hours=12, block_hours=2))
    assert policy == LockoutPolicy(5, dt.timedelta(hours=12), dt.timedelta(hours=2))


# --- first start and accounts -------------------------------------------------------------------


def test_the_first_start_creates_the_leder_who_is_signed_in_at_once(store):
    leder = create_first_leder(store, "le", "Lene Leder", PIN, PIN, now=at(8))
    assert (leder.initialer, leder.rolle, store.all(Medarbejder)) == ("LE", "leder", [leder])
    assert [e.handling for e in events(store)] == ["opret_medarbejder", "login"]
    assert attempt(store, "LE", PIN, at(9)).ok


@pytest.mark.parametrize(
    ("initials", "navn", "pin", "again", "says"),
    [
        ("LE", "Lene", "246813", "246814", "setup.error.pin_mismatch"),
        ("LE", "Lene", "2468", "2468", "signin.new_pin_format"),
        ("LE", "Lene", "12", "12", "signin.new_pin_format"),
        ("", "Lene", "246813", "246813", "setup.error.missing"),
        ("L E", "Lene", "246813", "246813", "setup.error.initials"),
    ],
)
def test_the_first_start_refuses_mistakes_in_danish_and_creates_nobody(store, initials, navn, pin, again, says):
    with refused(says):
        create_first_leder(store, initials, navn, pin, again, now=at(8))
    assert store.all(Medarbejder) == []


def test_a_folder_with_staff_never_offers_the_first_start_again(house):
    with refused("setup.error.exists"):
        create_first_leder(house["store"], "XY", "Ny", PIN, PIN, now=at(8))


def test_the_leder_adds_a_colleague_who_can_then_sign_in(house):
    store, leder = house["store"], house["leder"]
    dorte = add_medarbejder(acting(store, leder, now=at(9)), "dh", "Dorte Holm", "tovholder", "135791")
    assert (dorte.initialer, dorte.rolle) == ("DH", "tovholder")
    assert attempt(store, "DH", "135791", at(9, 5)).medarbejder == dorte
    created = next(e for e in events(store) if e.handling == "opret_medarbejder")
    assert (created.medarbejder, created.maal) == ("LE", f"medarbejder:{dorte.id}")


def test_initials_already_in_use_are_refused(house):
    with refused("setup.error.initials_taken", initials="MA"):
        add_medarbejder(acting(house["store"], house["leder"], now=at(9)), "ma", "Maja", "medarbejder", "135791")


def test_only_a_leder_adds_colleagues_and_borgere(house):
    store, mads = house["store"], house["mads"]
    with refused("store.error.permission", NotAllowed, rolle="medarbejder", handling="oprette medarbejdere"):
        add_medarbejder(acting(store, mads, now=at(9)), "XY", "Ny", "leder", "135791")
    with refused("store.error.permission", NotAllowed, handling="oprette borgere"):
        add_borger(acting(store, mads), "Carl Berg", "CB")
    assert len(store.all(Medarbejder)) == 2 and len(store.all(Borger)) == 3


def test_the_leder_adds_a_borger_with_room_and_contact_person(house):
    store = house["store"]
    carl = add_borger(acting(store, house["leder"]), "Carl Berg", "CB", bolig="Lejl. 4", enhed="Hus A", kontaktperson="MA", kommunikation="Piktogrammer")
    assert store.get(Borger, carl.id) == carl and carl.bolig == "Lejl. 4"
    store.load_audit()
    added = [a for a in store.all(AuditEvent) if a.handling == "opret_borger"]
    assert [(a.medarbejder, a.borger_id) for a in added] == [(house["leder"].initialer, carl.id)]
    with refused("admin.error.borger_missing"):
        add_borger(acting(store, house["leder"]), "Dan", " ")
