"""The leder looks after accounts and borgere: roles, closed accounts, new PINs, blocks lifted,
borgere archived and given a contact person. Every change a revision, every change audited."""

from __future__ import annotations

import pytest

from smtte_tui.auth import hash_pin
from smtte_tui.features.admin import staffadmin
from smtte_tui.features.signin.signin import sign_in
from smtte_tui.lockout import LockoutPolicy, is_blocked
from smtte_tui.models import AuditEvent, Borger, Medarbejder
from smtte_tui.store import NotAllowed, Store
from tests import refusals
from tests.people import acting
from tests.refusals import refused

from .conftest import PIN, at

POLICY = LockoutPolicy()
WRONG = "9999"
NEW_PIN = "864200"


def attempt(store: Store, initials: str, pin: str, minute: int = 0, hour: int = 12):
    return sign_in(store, initials, pin, now=at(hour, minute), policy=POLICY, terminal="t-stue")


def audited(store: Store, handling: str) -> list[AuditEvent]:
    store.load_audit()
    return sorted((e for e in store.all(AuditEvent) if e.handling == handling), key=lambda e: e.tid)


@pytest.fixture
def tove(house) -> Medarbejder:
    """A tovholder in the house."""
    tove = Medarbejder(initialer="TH", navn="Tove Holm", rolle="tovholder", pin_hash=hash_pin(PIN))
    house["store"].create(tove, "LE")
    return tove


def kw(minute: int = 0) -> dict:
    return {"now": at(11, minute), "terminal": "t-kontor"}


# --- roles --------------------------------------------------------------------------------------


def test_the_leder_makes_mads_a_tovholder_as_a_new_revision_and_it_is_audited(house):
    store, leder, mads = house["store"], house["leder"], house["mads"]
    changed = staffadmin.change_role(acting(store, leder, **kw()), mads.id, "tovholder")
    assert changed.rolle == "tovholder" and store.get(Medarbejder, mads.id).rolle == "tovholder"
    assert [rev.op for rev in store.history(Medarbejder, mads.id)] == ["create", "update"]
    [event] = audited(store, "skift_rolle")
    assert (event.medarbejder, event.maal, event.terminal, event.tid) == ("LE", f"medarbejder:{mads.id}:tovholder", "t-kontor", at(11))


@pytest.mark.parametrize("who", ["mads", "tove"])
def test_a_colleague_who_is_not_leder_changes_nothing_and_writes_nothing(house, tove, who):
    store, mads, anna = house["store"], house["mads"], house["anna"]
    actor = {"mads": mads, "tove": tove}[who]
    before = {m.id: m for m in store.all(Medarbejder)}, {b.id: b for b in store.all(Borger)}
    calls = [
        lambda: staffadmin.change_role(acting(store, actor, **kw()), mads.id, "leder"),
        lambda: staffadmin.deactivate(acting(store, actor, **kw()), house["leder"].id),
        lambda: staffadmin.reset_pin(acting(store, actor, **kw()), mads.id, NEW_PIN, NEW_PIN),
        lambda: staffadmin.unblock_staff(acting(store, actor, **kw()), mads.id, policy=POLICY),
        lambda: staffadmin.archive_borger(acting(store, actor, **kw()), anna.id),
        lambda: staffadmin.set_kontaktperson(acting(store, actor, **kw()), anna.id, "MA"),
    ]
    for call in calls:
        with refused("store.error.permission", NotAllowed, rolle=actor.rolle):
            call()
    assert ({m.id: m for m in store.all(Medarbejder)}, {b.id: b for b in store.all(Borger)}) == before
    store.load_audit()
    assert store.all(AuditEvent) == []


def test_an_unknown_role_or_the_same_role_is_refused_in_danish(house):
    store, leder, mads = house["store"], house["leder"], house["mads"]
    with refused("admin.error.rolle"):
        staffadmin.change_role(acting(store, leder, **kw()), mads.id, "chef")
    with refused("staffadmin.error.same_role", initialer="MA", rolle="medarbejder"):
        staffadmin.change_role(acting(store, leder, **kw()), mads.id, "medarbejder")
    assert len(store.history(Medarbejder, mads.id)) == 1


def test_the_last_active_leder_cannot_step_down_or_close_their_own_account(house):
    store, leder = house["store"], house["leder"]
    with refused("staffadmin.error.last_leder_role", initialer="LE"):
        staffadmin.change_role(acting(store, leder, **kw()), leder.id, "tovholder")
    with refused("staffadmin.error.last_leder_deactivate"):
        staffadmin.deactivate(acting(store, leder, **kw()), leder.id)
    assert store.get(Medarbejder, leder.id) == leder
    assert audited(store, "skift_rolle") == audited(store, "deaktiver_medarbejder") == []


def test_with_a_second_leder_the_first_may_step_down_and_then_has_no_leder_rights(house):
    store, leder, mads = house["store"], house["leder"], house["mads"]
    staffadmin.change_role(acting(store, leder, **kw()), mads.id, "leder")
    staffadmin.change_role(acting(store, leder, **kw(1)), leder.id, "medarbejder")
    # the old session object still says leder: the store's current account decides
    with refused("store.error.permission", NotAllowed, rolle="medarbejder"):
        staffadmin.archive_borger(acting(store, leder, **kw(2)), house["anna"].id)
    # and Mads, now the only leder, cannot step down in turn
    with refused("staffadmin.error.last_leder_role", initialer="MA"):
        staffadmin.change_role(acting(store, store.get(Medarbejder, mads.id), **kw(3)), mads.id, "tovholder")


def test_a_closed_leder_does_not_count_as_the_other_leder(house):
    store, leder, mads = house["store"], house["leder"], house["mads"]
    staffadmin.change_role(acting(store, leder, **kw()), mads.id, "leder")
    staffadmin.deactivate(acting(store, leder, **kw(1)), mads.id)
    with refused("staffadmin.error.last_leder_deactivate"):
        staffadmin.deactivate(acting(store, leder, **kw(2)), leder.id)


# --- closing and reopening accounts -------------------------------------------------------------


def test_a_closed_account_cannot_sign_in_and_a_reopened_one_can(house):
    store, leder, mads = house["store"], house["leder"], house["mads"]
    assert attempt(store, "MA", PIN).ok
    staffadmin.deactivate(acting(store, leder, **kw()), mads.id)
    refused, wrong = attempt(store, "MA", PIN, 5), attempt(store, "MA", WRONG, 6)
    assert (refused.ok, refused.reason, refused.medarbejder) == (False, "inactive", None)
    # the right PIN and a wrong one get the same answer: nothing to learn about a closed account's PIN
    assert refused.message.replace("2 forsøg", "1 forsøg") == wrong.message and "passer ikke" in wrong.message
    with refusals.refused("staffadmin.error.already_inactive", initialer="MA"):
        staffadmin.deactivate(acting(store, leder, **kw(1)), mads.id)
    staffadmin.reactivate(acting(store, leder, **kw(2)), mads.id)
    assert attempt(store, "MA", PIN, 10).ok
    assert [e.handling for e in audited(store, "deaktiver_medarbejder") + audited(store, "genaktiver_medarbejder")] == ["deaktiver_medarbejder", "genaktiver_medarbejder"]
    assert [rev.data for rev in store.history(Medarbejder, mads.id)[1:]] == [{"aktiv": False}, {"aktiv": True}]


def test_a_closed_account_can_no_longer_write_anything(house):
    store, leder, mads = house["store"], house["leder"], house["mads"]
    staffadmin.deactivate(acting(store, leder, **kw()), mads.id)
    with pytest.raises(PermissionError):
        store.create(Borger(navn="Carl", kortnavn="CB"), "MA")


# --- PINs and blocks ----------------------------------------------------------------------------


def test_a_reset_pin_works_and_the_old_one_no_longer_does(house):
    store, leder, mads = house["store"], house["leder"], house["mads"]
    staffadmin.reset_pin(acting(store, leder, **kw()), mads.id, NEW_PIN, NEW_PIN)
    assert attempt(store, "MA", NEW_PIN).ok
    old = attempt(store, "MA", PIN, 1)
    assert (old.ok, old.reason) == (False, "wrong_pin")
    [event] = audited(store, "nulstil_pin")
    assert (event.medarbejder, event.maal) == ("LE", f"medarbejder:{mads.id}")
    assert PIN not in str(store.history(Medarbejder, mads.id)[-1].data) and NEW_PIN not in str(store.history(Medarbejder, mads.id)[-1].data)


@pytest.mark.parametrize(("pin", "again", "says"), [("864200", "864300", "setup.error.pin_mismatch"), ("8642", "8642", "signin.new_pin_format"), ("abcdef", "abcdef", "signin.new_pin_format")])
def test_a_bad_new_pin_is_refused_and_the_old_pin_still_works(house, pin, again, says):
    store, leder, mads = house["store"], house["leder"], house["mads"]
    with refused(says):
        staffadmin.reset_pin(acting(store, leder, **kw()), mads.id, pin, again)
    assert attempt(store, "MA", PIN).ok
    assert audited(store, "nulstil_pin") == []


def test_the_leder_unblocks_mads_after_three_wrong_pins(house):
    store, leder, mads = house["store"], house["leder"], house["mads"]
    for minute in range(3):
        attempt(store, "MA", WRONG, minute, hour=7)
    assert is_blocked(store, mads, now=at(11), policy=POLICY) == at(7, 2, day=26)
    assert staffadmin.staff_overview(store, now=at(11), policy=POLICY)[1].blocked_until == at(7, 2, day=26)
    assert attempt(store, "MA", PIN, hour=8).reason == "blocked"
    staffadmin.unblock_staff(acting(store, leder, **kw()), mads.id, policy=POLICY)
    assert is_blocked(store, mads, now=at(11, 1), policy=POLICY) is None
    assert attempt(store, "MA", PIN, 2, hour=11).ok
    [event] = audited(store, "laast_op")
    assert (event.medarbejder, event.maal) == ("LE", f"medarbejder:{mads.id}")


def test_unblocking_someone_who_is_not_blocked_says_so_and_writes_nothing(house):
    store, leder, mads = house["store"], house["leder"], house["mads"]
    attempt(store, "MA", WRONG, hour=7)
    with refused("staffadmin.error.not_blocked", initialer="MA"):
        staffadmin.unblock_staff(acting(store, leder, **kw()), mads.id, policy=POLICY)
    assert audited(store, "laast_op") == []


def test_a_new_pin_also_lifts_a_block_and_clears_the_count(house):
    store, leder, mads = house["store"], house["leder"], house["mads"]
    for minute in range(3):
        attempt(store, "MA", WRONG, minute, hour=7)
    staffadmin.reset_pin(acting(store, leder, **kw()), mads.id, NEW_PIN, NEW_PIN)
    assert is_blocked(store, mads, now=at(11, 1), policy=POLICY) is None
    assert "2 forsøg tilbage" in attempt(store, "MA", WRONG, 2).message  # the earlier misses no longer count
    assert attempt(store, "MA", NEW_PIN, 3).ok


# --- borgere ------------------------------------------------------------------------------------


def test_archiving_anna_keeps_her_history_and_she_can_be_taken_back(house):
    store, leder, anna = house["store"], house["leder"], house["anna"]
    staffadmin.archive_borger(acting(store, leder, **kw()), anna.id)
    assert store.get(Borger, anna.id).aktiv is False
    assert [b.navn for b in staffadmin.borger_overview(store)] == ["Bent Olsen", "Åse Møller", "Anna Jensen"]  # archived last
    with refused("staffadmin.error.borger_archived", navn="Anna Jensen"):
        staffadmin.archive_borger(acting(store, leder, **kw(1)), anna.id)
    staffadmin.unarchive_borger(acting(store, leder, **kw(2)), anna.id)
    assert store.get(Borger, anna.id).aktiv is True
    assert [rev.op for rev in store.history(Borger, anna.id)] == ["create", "update", "update"]
    [archived] = audited(store, "arkiver_borger")
    assert (archived.medarbejder, archived.maal, archived.borger_id) == ("LE", f"borger:{anna.id}", anna.id)
    assert len(audited(store, "genaktiver_borger")) == 1


def test_the_contact_person_must_be_an_active_colleague(house, tove):
    store, leder, mads, anna = house["store"], house["leder"], house["mads"], house["anna"]
    changed = staffadmin.set_kontaktperson(acting(store, leder, **kw()), anna.id, " th ")
    assert changed.kontaktperson == "TH" == store.get(Borger, anna.id).kontaktperson
    with refused("staffadmin.error.kontaktperson", initialer="XY"):
        staffadmin.set_kontaktperson(acting(store, leder, **kw(1)), anna.id, "xy")
    staffadmin.deactivate(acting(store, leder, **kw(2)), mads.id)
    with refused("staffadmin.error.kontaktperson", initialer="MA"):
        staffadmin.set_kontaktperson(acting(store, leder, **kw(3)), anna.id, "MA")
    with refused("staffadmin.error.same_kontaktperson", initialer="TH", navn="Anna Jensen"):
        staffadmin.set_kontaktperson(acting(store, leder, **kw(4)), anna.id, "TH")
    staffadmin.set_kontaktperson(acting(store, leder, **kw(5)), anna.id, "")
    assert store.get(Borger, anna.id).kontaktperson == ""
    assert [e.maal for e in audited(store, "skift_kontaktperson")] == [f"borger:{anna.id}:TH", f"borger:{anna.id}:"]


def test_the_staff_overview_lists_active_accounts_first(house, tove):
    store, leder, mads = house["store"], house["leder"], house["mads"]
    staffadmin.deactivate(acting(store, leder, **kw()), mads.id)
    rows = staffadmin.staff_overview(store, now=at(11), policy=POLICY)
    assert [(r.medarbejder.initialer, r.medarbejder.aktiv, r.blocked_until) for r in rows] == [("LE", True, None), ("TH", True, None), ("MA", False, None)]
