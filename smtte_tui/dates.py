"""Dates as Danish staff type and read them: 25.11.2026, also 25/11-2026, 2026-11-25, 25.11.

Parsing is forgiving about separators and a missing year (this year), strict about the date
itself: "31.02" is refused with a Danish sentence rather than guessed.

Every date smtte keeps lies between :data:`DATE_MIN` and :data:`DATE_MAX` (the models refuse
anything else, and :func:`parse_date` says so in Danish). No document of a care home's daily work
is dated before 1900, and no plan reaches past 2199; a year like 9999 is a typing slip. The range
also leaves Python's own calendar (years 1..9999) thousands of years of room, so adding a cadence,
a study window or a year's history to a kept date never overflows. The arithmetic here
(:func:`add_days`, :func:`add_months`) is safe even outside the range: it stops at Python's first
or last day instead of raising ``OverflowError``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from smtte_tui.i18n import t
from smtte_tui.usererror import UserError

_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2199, 12, 31)


def in_range(day: dt.date) -> bool:
    """Whether ``day`` (a date or datetime) lies in the range every kept date lies in."""
    day = day.date() if isinstance(day, dt.datetime) else day
    return DATE_MIN <= day <= DATE_MAX


def range_error(day: dt.date, label: str = "") -> UserError:
    """The refusal of ``day`` outside :data:`DATE_MIN`..:data:`DATE_MAX` (naming ``label``)."""
    words = {"text": format_date(day), "first": format_date(DATE_MIN), "last": format_date(DATE_MAX)}
    return UserError("date.error.range", label=label, **words) if label else UserError("date.error.range.plain", **words)


def clamp(day: dt.date) -> dt.date:
    """``day`` moved into the kept range (a suggested date computed from a far-off one)."""
    return min(max(day, DATE_MIN), DATE_MAX)


def add_days(day: dt.date, days: int) -> dt.date:
    """``day`` plus ``days``, stopping at Python's first/last day instead of overflowing."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day (31 Jan + 1 month = 28/29 Feb);
    stops at Python's first/last day instead of overflowing."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if year > dt.MAXYEAR:
        return dt.date.max
    if year < dt.MINYEAR:
        return dt.date.min
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month (computed in place: no overflow in December 9999)."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def format_date(day: dt.date | None) -> str:
    # not strftime: "%Y" drops the leading zeros of year 1 on Linux ("01.01.1")
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}" if day else ""


def parse_date(text: str, *, today: dt.date, label: str = "") -> dt.date | None:
    """The date ``text`` means, None for an empty text; ValueError (Danish) when it is no date or
    lies outside :data:`DATE_MIN`..:data:`DATE_MAX`."""
    text = text.strip()
    if not text:
        return None
    found = _date_of(text, today)
    if found is None:
        raise UserError("date.error", text=text, label=label or t("date.label"))
    if not in_range(found):
        raise range_error(found, label)
    return found


def _date_of(text: str, today: dt.date) -> dt.date | None:
    try:
        if match := _ISO.match(text):
            year, month, day = (int(x) for x in match.groups())
            return dt.date(year, month, day)
        if match := _DMY.match(text):
            day, month = int(match[1]), int(match[2])
            year = today.year if match[3] is None else int(match[3]) + (2000 if len(match[3]) == 2 else 0)
            return dt.date(year, month, day)
    except ValueError:
        pass
    return None


def parse_range(text: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """ "01.01.2026-30.06.2026", "01.01.2026-" or "-30.06.2026" as (start, end); "" clears."""
    text = text.strip()
    if not text:
        return None, None
    if "–" in text:
        text = text.replace("–", "-")
    # dates may use "-" themselves (2026-01-01); split on " - " or the one dash between two dd.mm dates
    parts = [p.strip() for p in text.split(" - ")] if " - " in text else _split_dash(text)
    if len(parts) != 2:
        raise UserError("timeline.range.error", text=text)
    start = parse_date(parts[0], today=today, label=t("timeline.range.from")) if parts[0] else None
    end = parse_date(parts[1], today=today, label=t("timeline.range.to")) if parts[1] else None
    if start and end and end < start:
        raise UserError("timeline.range.order")
    return start, end


def _split_dash(text: str) -> list[str]:
    # "01.01.2026-30.06.2026": the separating dash is the one with a dotted date on either side
    if text.startswith("-"):
        return ["", text[1:]]
    if text.endswith("-"):
        return [text[:-1], ""]
    for index, char in enumerate(text):
        if char == "-" and "." in text[:index] and "." in text[index + 1 :]:
            return [text[:index], text[index + 1 :]]
    return [text]


def format_range(start: dt.date | None, end: dt.date | None) -> str:
    """The period as :func:`parse_range` reads it back ("" for all time)."""
    return f"{format_date(start)}-{format_date(end)}" if start or end else ""
