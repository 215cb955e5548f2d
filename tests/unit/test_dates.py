"""Dates as staff type them."""

from __future__ import annotations

import datetime as dt

import pytest

from smtte_tui.dates import format_date, parse_date

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize("typed, day", [("25.11.2026", dt.date(2026, 11, 25)), ("1/2-27", dt.date(2027, 2, 1)), ("2026-12-01", dt.date(2026, 12, 1)), ("3.1", dt.date(2026, 1, 3)), ("  ", None)])
def test_the_ways_staff_write_a_date(typed, day):
    assert parse_date(typed, today=TODAY) == day


@pytest.mark.parametrize("typed", ["31.02.2026", "i morgen", "25.13", "2026-2-30"])
def test_a_date_that_does_not_exist_is_refused_in_danish(typed):
    with pytest.raises(ValueError, match="er ikke en dato"):
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


@pytest.mark.parametrize(("text", "message"), [("30.06.2026-01.01.2026", "før"), ("xy", "periode"), ("31.02.2026-01.03.2026", "31.02.2026")])
def test_a_period_that_is_none_is_refused_in_danish(text, message):
    from smtte_tui.dates import parse_range

    with pytest.raises(ValueError, match=message):
        parse_range(text, dt.date(2026, 11, 25))
