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
