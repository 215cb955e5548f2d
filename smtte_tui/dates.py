"""Dates as Danish staff type and read them: 25.11.2026, also 25/11-2026, 2026-11-25, 25.11.

Parsing is forgiving about separators and a missing year (this year), strict about the date
itself: "31.02" is refused with a Danish sentence rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import re

from smtte_tui.i18n import t

_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def format_date(day: dt.date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else ""


def parse_date(text: str, *, today: dt.date, label: str = "") -> dt.date | None:
    """The date ``text`` means, None for an empty text; ValueError (Danish) when it is no date."""
    text = text.strip()
    if not text:
        return None
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
    raise ValueError(t("date.error", text=text, label=label or t("date.label")))


def parse_range(text: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """"01.01.2026-30.06.2026", "01.01.2026-" or "-30.06.2026" as (start, end); "" clears."""
    text = text.strip()
    if not text:
        return None, None
    if "–" in text:
        text = text.replace("–", "-")
    # dates may use "-" themselves (2026-01-01); split on " - " or the one dash between two dd.mm dates
    parts = [p.strip() for p in text.split(" - ")] if " - " in text else _split_dash(text)
    if len(parts) != 2:
        raise ValueError(t("timeline.range.error", text=text))
    start = parse_date(parts[0], today=today, label=t("timeline.range.from")) if parts[0] else None
    end = parse_date(parts[1], today=today, label=t("timeline.range.to")) if parts[1] else None
    if start and end and end < start:
        raise ValueError(t("timeline.range.order"))
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
