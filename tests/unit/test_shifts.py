"""Which shift a sign belongs to, read from the clock on the wall."""

from __future__ import annotations

import datetime as dt

import pytest

from smtte_tui.config import Settings
from smtte_tui.features.shift.shifts import ShiftBoundaries, current_shift, next_shift

from .conftest import CET, at

NOV_25, NOV_26 = dt.date(2026, 11, 25), dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(7), ("dag", NOV_25)),
        (at(14, 59), ("dag", NOV_25)),
        (at(15), ("aften", NOV_25)),
        (at(22, 59), ("aften", NOV_25)),
        (at(23), ("nat", NOV_25)),
        (at(0, 15, day=26), ("nat", NOV_25)),
        (at(6, 30, day=26), ("nat", NOV_25)),
        (at(7, day=26), ("dag", NOV_26)),
    ],
)
def test_the_shift_follows_the_clock_and_a_night_belongs_to_the_evening_it_started(now, expected):
    assert current_shift(now) == expected


def test_a_house_whose_evening_starts_at_14_logs_14_30_as_evening():
    boundaries = ShiftBoundaries.from_settings(Settings(shift_day_starts="06:00", shift_evening_starts="14:00", shift_night_starts="22:00"))
    assert current_shift(at(14, 30), boundaries) == ("aften", NOV_25)
    assert current_shift(at(5, 59, day=26), boundaries) == ("nat", NOV_25)


def test_a_night_shift_that_starts_after_midnight_keeps_the_late_evening_as_evening():
    boundaries = ShiftBoundaries(dag=dt.time(8), aften=dt.time(16), nat=dt.time(0, 30))
    assert current_shift(at(23, 50), boundaries) == ("aften", NOV_25)
    assert current_shift(at(0, 10, day=26), boundaries) == ("aften", NOV_25)
    assert current_shift(at(0, 30, day=26), boundaries) == ("nat", NOV_26)


def test_the_shift_is_read_in_the_terminals_own_time_zone():
    # 06:30 UTC is 07:30 in Copenhagen: the day shift has begun there
    assert current_shift(dt.datetime(2026, 11, 26, 6, 30, tzinfo=dt.UTC).astimezone(CET)) == ("dag", NOV_26)
    assert current_shift(dt.datetime(2026, 11, 26, 6, 30, tzinfo=dt.UTC)) == ("nat", NOV_25)


def test_one_key_walks_dag_aften_nat_and_back_to_dag():
    assert [next_shift("dag"), next_shift("aften"), next_shift("nat")] == ["aften", "nat", "dag"]
