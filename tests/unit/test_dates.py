"""Dates as staff type them."""

from __future__ import annotations

import datetime as dt

import pytest

from smtte_tui.dates import format_date, parse_date
from tests.refusals import refused

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize("typed, day", [("25.11.2026", dt.date(2026, 11, 25)), ("1/2-27", dt.date(2027, 2, 1)), ("2026-12-01", dt.date(2026, 12, 1)), ("3.1", dt.date(2026, 1, 3)), ("  ", None)])
def test_the_ways_staff_write_a_date(typed, day):
    assert parse_date(typed, today=TODAY) == day


@pytest.mark.parametrize("typed", ["31.02.2026", "i morgen", "25.13", "2026-2-30"])
def test_a_date_that_does_not_exist_is_refused_in_danish(typed):
    with refused("date.error", label="dato"):
        parse_date(typed, today=TODAY)


def test_dates_are_shown_the_danish_way():
    assert (format_date(dt.date(2026, 3, 4)), format_date(None)) == ("04.03.2026", "")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("01.01.2026-30.06.2026", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        ("01.01.2026–30.06.2026", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),  # an en dash
        ("1.3-31.3", dt.date(2026, 3, 1), dt.date(2026, 3, 31)),  # this year
        ("01.01.2026-", dt.date(2026, 1, 1), None),
        ("-30.06.2026", None, dt.date(2026, 6, 30)),
        ("2026-01-01 - 2026-06-30", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),  # ISO needs spaces
        ("", None, None),
    ],
)
def test_a_period_as_staff_type_it(text, start, end):
    from smtte_tui.dates import format_range, parse_range

    assert parse_range(text, dt.date(2026, 11, 25)) == (start, end)
    assert parse_range(format_range(start, end), dt.date(2026, 11, 25)) == (start, end)  # round trip


@pytest.mark.parametrize(
    ("text", "says"),
    [("30.06.2026-01.01.2026", ("timeline.range.order", {})), ("xy", ("timeline.range.error", {"text": "xy"})), ("31.02.2026-01.03.2026", ("date.error", {"text": "31.02.2026"}))],
)
def test_a_period_that_is_none_is_refused_in_danish(text, says):
    from smtte_tui.dates import parse_range

    with refused(says[0], **says[1]):
        parse_range(text, dt.date(2026, 11, 25))


@pytest.mark.parametrize("typed", ["01.12.9999", "9999-12-31", "01.01.0001", "0001-01-01", "31.12.1899", "01.01.2200"])
def test_a_date_outside_the_kept_range_is_refused_in_danish(typed):
    with refused("date.error.range", first="01.01.1900", last="31.12.2199"):
        parse_date(typed, today=TODAY, label="næste opfølgning")


def test_the_first_and_last_kept_day_can_be_typed():
    from smtte_tui.dates import DATE_MAX, DATE_MIN

    assert (parse_date("01.01.1900", today=TODAY), parse_date("31.12.2199", today=TODAY)) == (DATE_MIN, DATE_MAX)


@pytest.mark.parametrize(("months", "expected"), [(1, dt.date.max), (120, dt.date.max), (-1, dt.date(9999, 11, 30))])
def test_adding_months_near_the_last_day_python_knows_stops_there_instead_of_crashing(months, expected):
    from smtte_tui.dates import add_months

    assert add_months(dt.date(9999, 12, 31), months) == expected


def test_adding_days_or_months_before_the_first_day_python_knows_stops_there():
    from smtte_tui.dates import add_days, add_months

    assert add_months(dt.date(1, 1, 31), -1) == dt.date.min
    assert add_days(dt.date(1, 1, 2), -5) == dt.date.min
    assert add_days(dt.date(9999, 12, 30), 7) == dt.date.max
    assert add_days(dt.date(2026, 11, 25), 7) == dt.date(2026, 12, 2)


def test_a_suggested_date_is_kept_within_the_range():
    from smtte_tui.dates import DATE_MAX, DATE_MIN, clamp

    assert (clamp(dt.date(9999, 1, 1)), clamp(dt.date(1, 1, 1)), clamp(TODAY)) == (DATE_MAX, DATE_MIN, TODAY)


def test_a_date_far_outside_the_range_is_still_shown_with_four_digits_for_the_year():
    assert format_date(dt.date(1, 1, 1)) == "01.01.0001"
