"""What a person is told when something fails, and what goes to the log file instead.

The core raises a refusal a person can act on as ``StoreError`` (``ReadOnlyStore``,
``UnknownEntity``, ...), ``PermissionError`` (``NotAllowed``) or ``ValueError`` with a Danish
sentence from the catalog; that sentence is shown as it is. Anything else is a fault: its
traceback goes to the log file (logger ``smtte``) and the person reads one calm sentence that says
so. Tracebacks are written by :mod:`logging`, which shows no local variables, so a PIN held in a
frame never reaches the file.
"""

from __future__ import annotations

import logging

from pydantic import ValidationError

from smtte_tui.i18n import t
from smtte_tui.locations import log_file
from smtte_tui.store import StoreError

log = logging.getLogger("smtte")

# Errors that carry a sentence for the person (by the core's convention, see the module docstring).
REFUSALS = (StoreError, PermissionError, ValueError)


def refusal_sentence(error: BaseException) -> str | None:
    """The sentence a refusal carries, or None when ``error`` is a fault (or says nothing)."""
    if isinstance(error, ValidationError):
        # pydantic's own wrapping is English and long; the first message is the model's sentence
        problems = error.errors()
        message = str(problems[0].get("msg", "")) if problems else ""
        return message.removeprefix("Value error, ") or None
    if isinstance(error, REFUSALS):
        return str(error).strip() or None
    return None


def explain(error: BaseException, *, context: str = "") -> str:
    """The one sentence to show for ``error``. A fault is logged with its traceback first;
    ``context`` (a worker's name) says in the log what was being done."""
    sentence = refusal_sentence(error)
    if sentence is not None:
        return sentence
    log.error("unexpected error%s", f" in {context}" if context else "", exc_info=(type(error), error, error.__traceback__))
    return t("app.error.unexpected", log=log_file())
