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

_DECIMAL = re.compile(r"[+-]?\d{1,15}(?:[.,]\d{1,15})?", re.ASCII)


def parse_number(text: str, label: str) -> float | None:
    """The number ``text`` means, None for an empty text; ValueError (Danish, naming ``label``)
    for anything that is not a plain, finite decimal number within the model's bound."""
    text = text.strip()
    if not text:
        return None
    if not _DECIMAL.fullmatch(text):
        raise ValueError(t("plan.form.not_number", label=label, text=text))
    value = float(text.replace(",", "."))
    if not is_finite_number(value):
        raise ValueError(f"{label}: {number_error(text)}")
    return value
