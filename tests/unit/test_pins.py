"""PINs against offline guessing: a costly hash, 6 digits for every new PIN, old PINs replaced at the
next sign-in, and answers that take as long for unknown initials as for a real account."""

from __future__ import annotations

import pytest

from smtte_tui import auth
from smtte_tui.features.signin.pincode import change_own_pin
from smtte_tui.features.signin.signin import sign_in
from smtte_tui.models import AuditEvent, Medarbejder
from smtte_tui.store import NotAllowed
from tests.people import acting
from tests.refusals import refused

from .conftest import PIN, at

OLD_COST = auth.ScryptCost(n=2**2, r=8, p=1)  # cheaper than today's (tests lower today's cost too)


def attempt(store, initials: str, pin: str, minute: int = 0):
    return sign_in(store, initials, pin, now=at(12, minute), terminal="t-stue")


def test_signing_in_with_an_old_cost_hash_stores_a_new_one_by_the_person_themself(house):
    store, mads = house["store"], house["mads"]
    store.update(Medarbejder, mads.id, {"pin_hash": auth.hash_pin(PIN, cost=OLD_COST)}, "LE")
    assert attempt(store, "MA", PIN).ok
    own = store.get(Medarbejder, mads.id).pin_hash
    assert not auth.needs_rehash(own) and auth.verify_pin(PIN, own)
    assert store.history(Medarbejder, mads.id)[-1].author == "MA"  # a medarbejder may change their own PIN
    writes = len(store.history(Medarbejder, mads.id))
    assert attempt(store, "MA", PIN, 1).ok and len(store.history(Medarbejder, mads.id)) == writes  # once


def test_a_four_digit_pin_signs_in_only_to_choose_a_new_one_of_six_digits(house):
    store, mads = house["store"], house["mads"]
    store.update(Medarbejder, mads.id, {"pin_hash": auth.hash_pin("1357")}, "LE")
    result = attempt(store, "MA", "1357")
    assert (result.ok, result.reason, result.medarbejder.id) == (False, "new_pin_required", mads.id)
    with refused("signin.new_pin_format"):
        change_own_pin(acting(store, mads, now=at(12, 1), terminal="t-stue"), "2468", "2468")
    with refused("setup.error.pin_mismatch"):
        change_own_pin(acting(store, mads, now=at(12, 1), terminal="t-stue"), "975310", "975311")
    change_own_pin(acting(store, mads, now=at(12, 2), terminal="t-stue"), "975310", "975310")
    assert attempt(store, "MA", "975310", 3).ok
    assert attempt(store, "MA", "1357", 4).reason == "wrong_pin"
    store.load_audit()
    assert [e.handling for e in sorted(store.all(AuditEvent), key=lambda e: e.tid) if e.maal == f"medarbejder:{mads.id}"] == ["login", "skift_egen_pin", "login", "login_fejl"]


def test_nobody_but_a_leder_can_set_a_colleagues_pin_and_nobody_can_change_more_of_their_own_account(house):
    store, mads = house["store"], house["mads"]
    theo = Medarbejder(initialer="TH", navn="Theo Holm", rolle="tovholder", pin_hash=auth.hash_pin(PIN))
    store.create(theo, "LE")
    with pytest.raises(NotAllowed):
        store.update(Medarbejder, mads.id, {"pin_hash": auth.hash_pin("111111")}, author=theo.initialer)
    with pytest.raises(NotAllowed):
        store.update(Medarbejder, mads.id, {"pin_hash": auth.hash_pin("111111"), "rolle": "leder"}, author="MA")
    with pytest.raises(NotAllowed):
        store.update(Medarbejder, mads.id, {"rolle": "leder"}, author="MA")
    assert attempt(store, "MA", "111111").reason == "wrong_pin"
    assert attempt(store, "MA", PIN, 1).ok


def test_a_new_pin_from_the_leder_wins_over_the_one_the_person_chose_before(house):
    from smtte_tui.features.admin import staffadmin

    store, leder, mads = house["store"], house["leder"], house["mads"]
    change_own_pin(acting(store, mads, now=at(9), terminal="t-stue"), "975310", "975310")
    staffadmin.reset_pin(acting(store, leder, now=at(10), terminal="t-kontor"), mads.id, "864200", "864200")
    assert attempt(store, "MA", "864200").ok
    assert attempt(store, "MA", "975310", 1).reason == "wrong_pin"


def test_unknown_initials_cost_exactly_one_hash_like_a_real_account_even_the_first_time(house, monkeypatch):
    calls: list[auth.ScryptCost] = []
    real = auth._scrypt
    monkeypatch.setattr(auth, "_scrypt", lambda pin, salt, cost: calls.append(cost) or real(pin, salt, cost))
    attempt(house["store"], "XX", "999999")
    attempt(house["store"], "MA", "999999", 1)
    assert calls == [auth.COST, auth.COST]


def test_initials_of_120000_characters_are_refused_before_anything_is_written(house):
    store = house["store"]
    result = attempt(store, "M" * 120_000, "999999")
    assert (result.ok, result.reason) == (False, "unknown") and "højst 8 tegn" in result.message
    store.load_audit()
    assert store.all(AuditEvent) == []
