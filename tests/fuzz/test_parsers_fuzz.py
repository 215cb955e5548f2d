"""What staff type is parsed or refused with the parser's own Danish sentence, never with Python's
English or another exception: dates, periods, group-report periods, numbers, media links."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from smtte_tui.dates import DATE_MAX, DATE_MIN, format_date, format_range, parse_date, parse_range
from smtte_tui.features.group import group
from smtte_tui.medialinks import open_target
from smtte_tui.numbers import parse_number

from .strategies import FUZZ

TODAY = dt.date(2026, 11, 25)
# Text that looks like what the parsers read, and anything at all.
date_like = st.from_regex(r"-?\d{1,5}[./-]\d{1,3}(?:[./-]\d{1,5})?(?: ?[-–] ?\d{1,5}[./-]\d{1,3}(?:[./-]\d{1,5})?)?", fullmatch=True)
period_like = st.from_regex(r"\d{1,5}-(?:[QqKk]\d|\d{1,3})", fullmatch=True)
number_like = st.from_regex(r"[+-]?\d{0,20}(?:[.,]\d{0,20})?(?:e\d{1,4})?", fullmatch=True)
typed = st.text(max_size=40) | date_like | period_like | number_like


def refused_with(error: ValueError, *phrases: str) -> bool:
    return any(phrase in str(error) for phrase in phrases)


@FUZZ
@given(text=typed, today=st.dates(min_value=DATE_MIN, max_value=DATE_MAX))
def test_a_typed_date_is_a_kept_date_or_a_danish_sentence(text, today):
    try:
        day = parse_date(text, today=today)
    except ValueError as error:
        assert refused_with(error, "er ikke en dato", "skal ligge mellem 01.01.1900 og 31.12.2199"), error
        return
    assert day is None or DATE_MIN <= day <= DATE_MAX


@FUZZ
@given(day=st.dates(min_value=DATE_MIN, max_value=DATE_MAX))
def test_every_kept_date_reads_back_as_itself(day):
    assert parse_date(format_date(day), today=TODAY) == day
    assert parse_date(day.isoformat(), today=TODAY) == day


@FUZZ
@given(text=typed)
def test_a_typed_period_is_two_kept_dates_in_order_or_a_danish_sentence(text):
    try:
        start, end = parse_range(text, TODAY)
    except ValueError as error:
        assert refused_with(error, "er ikke en dato", "skal ligge mellem", "er ikke en periode", "Til-datoen ligger før fra-datoen"), error
        return
    assert start is None or end is None or start <= end
    assert parse_range(format_range(start, end), TODAY) == (start, end)


@FUZZ
@given(text=typed)
def test_a_report_period_is_a_whole_month_or_quarter_or_a_danish_sentence(text):
    try:
        period = group.parse_period(text)
    except ValueError as error:
        assert refused_with(error, "er ikke en periode", "Vælg en periode mellem 1900 og 2199"), error
        return
    assert DATE_MIN <= period.start <= period.end <= DATE_MAX
    assert group.parse_period(period.key) == period
    assert len(group.periods_up_to(period, 12)) == 12 and period.months()[0] == period.start


@FUZZ
@given(text=typed)
def test_a_typed_number_is_finite_and_bounded_or_a_danish_sentence(text):
    try:
        value = parse_number(text, "Målværdi")
    except ValueError as error:
        assert refused_with(error, "er ikke et tal", "kan ikke gemmes som tal"), error
        return
    assert value is None or abs(value) <= 1_000_000


@FUZZ
@given(link=st.text(max_size=60) | st.sampled_from(["https://", "http://x", "file:///", "C:\\", "\\\\server\\"]).flatmap(lambda start: st.text(max_size=30).map(start.__add__)))
def test_a_media_link_is_opened_as_a_web_address_or_file_uri_or_refused_in_danish(link):
    try:
        target = open_target(link)
    except ValueError as error:
        assert "åbnes ikke" in str(error)
        return
    assert target.lower().startswith(("http://", "https://", "file://"))
