"""Lockout when PC clocks are wrong: a leder can always lift a block, a try from the future counts as
now, and setting one's own clock back or forward gives no free guesses. Every terminal is a real
store on the same folder with its own injected clock."""

from __future__ import annotations

import datetime as dt

from smtte_tui.features.admin import staffadmin
from smtte_tui.features.signin.signin import sign_in
from smtte_tui.lockout import UNTIL_LIFTED, LockoutPolicy, is_blocked
from smtte_tui.models import AuditEvent
from smtte_tui.store import Store
from tests.people import acting

from .conftest import PIN, at

POLICY = LockoutPolicy()
WRONG = "999999"
NEW_PIN = "864200"
TEN_YEARS = dt.timedelta(days=3653)
DAY = dt.timedelta(hours=24)


class Clock:
    """A PC clock someone can set."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def pc(house, tmp_path, name: str, clock: Clock) -> Store:
    return Store(house["store"].root, local_dir=tmp_path / name, clock=clock)


def attempt(store: Store, pin: str, now: dt.datetime):
    return sign_in(store, "MA", pin, now=now, policy=POLICY, terminal=store.writer)


def test_a_block_from_a_pc_ten_years_ahead_counts_from_now_and_the_leder_lifts_it(house, tmp_path):
    office, leder, mads = house["store"], house["leder"], house["mads"]  # the office PC's clock is right
    ahead = pc(house, tmp_path, "ahead-pc", Clock(at(10) + TEN_YEARS))
    for minute in range(3):
        result = attempt(ahead, WRONG, at(10, minute) + TEN_YEARS)
    assert result.reason == "blocked"
    office.load_audit()  # the leder's audit log reads every month, the far-future one too
    # counted as made now: a 24-hour block from the office's point of view, not one until 2036
    assert is_blocked(office, mads, now=at(11), policy=POLICY) == at(11) + DAY
    staffadmin.unblock_staff(acting(office, leder, now=at(11), terminal=office.writer), mads.id, policy=POLICY)
    assert is_blocked(office, mads, now=at(11, 1), policy=POLICY) is None
    # the unblock sorts after every failure the office had read, so it holds on the PC ahead too
    assert attempt(ahead, PIN, at(11, 2) + TEN_YEARS).ok
    ahead.close()


def test_a_new_pin_from_the_leder_lifts_a_block_made_by_a_pc_whose_clock_is_ahead(house, tmp_path):
    office, leder, mads = house["store"], house["leder"], house["mads"]
    ahead = pc(house, tmp_path, "ahead-pc", Clock(at(10) + dt.timedelta(hours=6)))  # same month, six hours ahead
    for minute in range(3):
        attempt(ahead, WRONG, at(16, minute))
    assert is_blocked(office, mads, now=at(10, 30), policy=POLICY) == at(10, 30) + DAY
    staffadmin.reset_pin(acting(office, leder, now=at(10, 31), terminal=office.writer), mads.id, NEW_PIN, NEW_PIN)
    assert is_blocked(office, mads, now=at(10, 32), policy=POLICY) is None
    assert attempt(office, NEW_PIN, at(10, 33)).ok
    assert attempt(ahead, NEW_PIN, at(16, 34)).ok
    ahead.close()


def test_a_try_stamped_in_the_future_blocks_for_the_block_time_counted_from_now(house, tmp_path):
    office, mads = house["store"], house["mads"]
    ahead = pc(house, tmp_path, "ahead-pc", Clock(at(10) + dt.timedelta(hours=5)))
    attempt(ahead, WRONG, at(15))
    attempt(ahead, WRONG, at(15, 1))
    third = attempt(office, WRONG, at(10, 2))  # on the office PC, two tries "from 15:00" count as now
    assert (third.reason, third.blocked_until) == ("blocked", at(10, 2) + DAY)
    assert is_blocked(office, mads, now=at(10, 3), policy=POLICY) == at(10, 3) + DAY
    ahead.close()


def test_setting_the_clock_back_a_day_does_not_hide_the_wrong_pins_made_before(house, tmp_path):
    clock = Clock(at(10))
    own = pc(house, tmp_path, "stue-pc", clock)
    attempt(own, WRONG, at(10))
    attempt(own, WRONG, at(10, 1))
    clock.now = at(9, day=24)  # someone sets the PC's clock back 25 hours and tries again
    third = attempt(own, WRONG, clock.now)
    assert third.reason == "blocked"
    assert attempt(own, PIN, clock.now).reason == "blocked"
    own.close()


def test_setting_the_clock_forward_gives_at_most_twice_the_limit_before_only_a_leder_helps(house, tmp_path):
    clock = Clock(at(10))
    own = pc(house, tmp_path, "stue-pc", clock)
    for minute in range(3):
        result = attempt(own, WRONG, at(10, minute))
    assert result.blocked_until == at(10, 2, day=26)
    clock.now = at(11, day=26)  # a day later (or the clock set forward): the block ran out
    first = attempt(own, WRONG, clock.now)
    assert "indtil en leder låser den op" in first.message and "2 forsøg tilbage" in first.message
    attempt(own, WRONG, clock.now)
    result = attempt(own, WRONG, clock.now)
    assert (result.reason, result.blocked_until) == ("blocked", UNTIL_LIFTED)
    assert "En leder skal låse den op" in result.message
    clock.now = at(11, day=28)  # two more days forward: still blocked, whatever the clock says
    assert attempt(own, PIN, clock.now).blocked_until == UNTIL_LIFTED
    staffadmin.unblock_staff(acting(house["store"], house["leder"], now=at(12, day=28), terminal="t-kontor"), house["mads"].id, policy=POLICY)
    assert attempt(own, PIN, clock.now).ok
    own.close()


def test_only_tries_after_the_last_sign_in_count_in_revision_order_whatever_their_time_says(house, tmp_path):
    behind = pc(house, tmp_path, "behind-pc", Clock(at(9)))  # an hour behind the office
    office = house["store"]
    attempt(office, WRONG, at(10))
    attempt(office, WRONG, at(10, 1))
    assert attempt(behind, PIN, at(9, 2)).ok  # after both in revision order, though its clock says 9:02
    after = attempt(office, WRONG, at(10, 3))
    assert "2 forsøg tilbage" in after.message
    office.load_audit()
    assert [e.handling for e in sorted(office.all(AuditEvent), key=lambda e: office.history(AuditEvent, e.id)[0].hlc)] == ["login_fejl", "login_fejl", "login", "login_fejl"]
    behind.close()
