"""What a person is told when something fails, and what goes to the log file instead.

A refusal a person can act on is a :class:`~smtte_tui.usererror.UserError`: the store's
(``ReadOnlyStore``, ``UnknownEntity``, ``NotAllowed``, ...), the services', the models' validators'
(inside pydantic's ``ValidationError``, whose error keeps it in its ``ctx``) and the config's. Its
catalog sentence is shown as it is. A ``ValidationError`` without one (pydantic's own check of a
field) is told by its first message, as before.

Anything else is a fault, a plain ``ValueError`` or ``PermissionError`` too: up to issue G they
counted as refusals, because the core raised its sentences in them. Now every refusal is raised
with a key (``tests/unit/test_user_error.py`` fails on a ``ValueError`` or ``PermissionError``
raised with a catalog sentence anywhere in the core or the screens), so a plain one comes from
a library or the operating system ("invalid literal for int()", "[Errno 13] Permission denied")
and is no sentence for a person. A fault's traceback goes to the log file (logger ``smtte``) and
the person reads one calm sentence that says so. Tracebacks are written by :mod:`logging`, which
shows no local variables, so a PIN held in a frame never reaches the file.
"""

from __future__ import annotations

import logging

from pydantic import ValidationError

from smtte_tui.i18n import t
from smtte_tui.locations import log_file
from smtte_tui.usererror import UserError

log = logging.getLogger("smtte")


def refusal_sentence(error: BaseException) -> str | None:
    """The sentence a refusal carries, or None when ``error`` is a fault (or says nothing)."""
    if isinstance(error, ValidationError):
        problems = error.errors()
        if not problems:
            return None
        # a validator's UserError travels in the error's ctx; pydantic's own checks have only a message
        original = problems[0].get("ctx", {}).get("error")
        if isinstance(original, UserError):
            error = original
        else:
            return str(problems[0].get("msg", "")).removeprefix("Value error, ") or None
    if isinstance(error, UserError):
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
