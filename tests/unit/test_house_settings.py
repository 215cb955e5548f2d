"""The house's security settings live in the data folder: a leder sets them, every terminal uses them,
nobody else can change them, and a user's own config file cannot switch the lockout off."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from smtte_tui import housesettings
from smtte_tui.features.admin import staffadmin
from smtte_tui.features.signin.signin import sign_in
from smtte_tui.lockout import is_blocked
from smtte_tui.models import AuditEvent, HusIndstillinger
from smtte_tui.store import NotAllowed
from tests.people import acting
from tests.refusals import refused

from .conftest import at

WRONG = "999999"


def kw(minute: int = 0) -> dict:
    return {"now": at(11, minute), "terminal": "t-kontor"}


def test_until_a_leder_sets_anything_three_wrong_pins_block_for_a_day_and_screens_lock_after_five_minutes(house):
    settings = housesettings.current(house["store"])
    assert (settings.max_failed_logins, settings.failed_login_window_hours, settings.block_hours, settings.lock_after_minutes) == (3, 24, 24, 5)


def test_a_leders_change_holds_on_another_terminal_after_its_next_poll(house, open_store):
    office, leder, mads = house["store"], house["leder"], house["mads"]
    living_room = open_store("stue-pc")  # already running when the leder changes the settings
    staffadmin.change_settings(acting(office, leder, **kw()), {"max_failed_logins": "5", "lock_after_minutes": 2})
    living_room.poll()
    assert housesettings.current(living_room).lock_after_minutes == 2
    for minute in range(4):
        result = sign_in(living_room, "MA", WRONG, now=at(12, minute), terminal="t-stue")
    assert result.reason == "wrong_pin" and "1 forsøg tilbage" in result.message
    assert sign_in(living_room, "MA", WRONG, now=at(12, 5), terminal="t-stue").reason == "blocked"
    assert is_blocked(office, mads, now=at(12, 6)) == at(12, 5, day=26)


def test_the_change_is_a_revision_and_audited_with_what_changed(house):
    store, leder = house["store"], house["leder"]
    staffadmin.change_settings(acting(store, leder, **kw()), {"block_hours": "8"})
    staffadmin.change_settings(acting(store, leder, **kw(1)), {"block_hours": "8", "failed_login_window_hours": "12"})
    assert [rev.op for rev in store.history(HusIndstillinger, housesettings.HUS_ID)] == ["create", "update"]
    store.load_audit()
    events = sorted((e for e in store.all(AuditEvent) if e.handling == "skift_indstillinger"), key=lambda e: e.tid)
    assert [(e.medarbejder, e.maal) for e in events] == [("LE", "indstillinger:block_hours=8"), ("LE", "indstillinger:failed_login_window_hours=12")]


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"max_failed_logins": "1000000"}, ("settings.error.number", {"low": 1, "high": 10})),
        ({"block_hours": "0"}, ("settings.error.number", {"low": 1, "high": 168})),
        ({"lock_after_minutes": "fem"}, ("settings.error.number", {"low": 1, "high": 60})),
        ({"block_hours": "24"}, ("settings.error.unchanged", {})),
    ],
)
def test_a_value_outside_the_bounds_is_refused_in_danish_and_nothing_is_written(house, values, says):
    store = house["store"]
    with refused(says[0], **says[1]):
        staffadmin.change_settings(acting(store, house["leder"], **kw()), values)
    assert store.get(HusIndstillinger, housesettings.HUS_ID) is None


def test_the_model_itself_refuses_a_lockout_that_is_switched_off():
    with pytest.raises(ValidationError):
        HusIndstillinger(max_failed_logins=1_000_000)


def test_a_medarbejder_cannot_change_the_settings_and_the_store_refuses_the_record_itself(house):
    store, mads = house["store"], house["mads"]
    with refused("store.error.permission", NotAllowed, rolle="medarbejder"):
        staffadmin.change_settings(acting(store, mads, **kw()), {"max_failed_logins": "10"})
    with refused("store.error.role", NotAllowed, what="husets sikkerhedsindstillinger"):
        store.create(HusIndstillinger(id=housesettings.HUS_ID, max_failed_logins=10), author="MA")
    staffadmin.change_settings(acting(store, house["leder"], **kw()), {"max_failed_logins": "4"})
    with pytest.raises(NotAllowed):
        store.update(HusIndstillinger, housesettings.HUS_ID, {"max_failed_logins": 10}, "MA")
    assert housesettings.current(store).max_failed_logins == 4
