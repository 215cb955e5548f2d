"""Numbers as Danish staff type them in a form: 12, 0,25 or 0.25 (a baseline, a target).

Only plain decimal numbers are read. Python's ``float`` would also take "inf", "nan", "1e400" and
"1_000", which no one means in a care plan: "inf" used to be accepted by the plan editor and saved
as an empty value. Anything else is refused with a Danish sentence; the model's own bound
(:data:`smtte_tui.models.MAX_NUMBER`) is checked here too, so the sentence names the field.
"""

from __future__ import annotations

import re

from smtte_tui.i18n import t
from smtte_tui.models import is_finite_number, number_error
from smtte_tui.usererror import UserError

_DECIMAL = re.compile(r"[+-]?\d{1,15}(?:[.,]\d{1,15})?", re.ASCII)


def parse_number(text: str, label: str) -> float | None:
    """The number ``text`` means, None for an empty text; ValueError (Danish, naming ``label``)
    for anything that is not a plain, finite decimal number within the model's bound."""
    text = text.strip()
    if not text:
        return None
    if not _DECIMAL.fullmatch(text):
        raise UserError("plan.form.not_number", label=label, text=text)
    value = float(text.replace(",", "."))
    if not is_finite_number(value):
        raise number_error(text, label)
    return value


_PERCENT = re.compile(r"\s*%\s*$")


def parse_measure(text: str, maaletype: str, label: str) -> float | None:
    """A tegn's baseline or target as typed, in the unit it is stored in; None for an empty text.

    A ja/nej tegn stores a share (0–1) and every screen shows it as a percent, so what is shown
    is accepted back: "80 %", "80%" and "80" are 80 %, and so is "0,8". The rule: with a % sign
    the number is a percent; without one, a number up to 1 is a share (0,8 = 80 %, 1 = 100 %)
    and a number above 1 a percent (nobody means 0,8 % of the days). A scale (1–5) must lie in
    1–5, a count or minutes cannot be negative. ValueError (a Danish sentence naming ``label``)
    otherwise, before the model's own check, whose words are the code's.
    """
    stripped = text.strip()
    percent = maaletype == "ja_nej" and bool(_PERCENT.search(stripped))
    number = parse_number(_PERCENT.sub("", stripped) if percent else stripped, label)
    if number is None:
        if percent:
            raise UserError("plan.form.not_number", label=label, text=stripped)
        return None
    if maaletype == "ja_nej":
        share = number / 100 if percent or number > 1 else number
        if not 0 <= share <= 1:
            raise UserError("plan.form.percent_range", label=label, text=stripped)
        return round(share, 6)
    if maaletype == "skala_1_5" and not 1 <= number <= 5:
        raise UserError("plan.form.scale_range", label=label, text=stripped)
    if number < 0:
        raise UserError("plan.form.negative", label=label, text=stripped)
    return number


def show_measure(value: float | None, maaletype: str) -> str:
    """A baseline or target as the plan editor shows it, in the form :func:`parse_measure` reads
    back: ja/nej as a percent ("80 %"), other kinds as a decimal ("2,5" in Danish)."""
    if value is None:
        return ""
    if maaletype == "ja_nej":
        return t("chart.percent", value=f"{round(value * 100, 4):g}".replace(".", t("number.decimal")))
    return f"{value:g}".replace(".", t("number.decimal"))
