"""The one error a person can act on: a catalog key and its parameters.

``UserError("plan.error.withdraw_not_draft")`` is raised by the store, the services and the models'
validators when they refuse something; ``str()`` is the catalog's sentence in the current language,
so what the person reads is decided where it is shown, and a test asserts ``.key`` and ``.params``
instead of a Danish sentence. Parameters that are words themselves (a role, a shift) are given as
the catalog's text when raised.

It is a ``ValueError``: pydantic turns a ``ValueError`` raised in a validator into a
``ValidationError`` (with this error in the error's ``ctx``), and callers that catch ``ValueError``
for a refused value keep working. Errors with a meaning of their own subclass it (the store's
``ReadOnlyStore``, ``UnknownEntity``, ``NotAllowed``, ...); ``errors.refusal_sentence`` tells
them all by this one type. Imports only the catalog, so the store and the models can raise it.
"""

from __future__ import annotations

from smtte_tui.i18n import t


class UserError(ValueError):
    """A refusal with a catalog ``key`` and the ``params`` its sentence is formatted with."""

    def __init__(self, key: str, /, **params: object) -> None:
        # args holds the key alone: Exception pickles as (type, args, __dict__), so a copy sent
        # between processes is rebuilt with the key and gets its params back from __dict__
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:
        return t(self.key, **self.params)

    def __repr__(self) -> str:
        params = "".join(f", {name}={value!r}" for name, value in self.params.items())
        return f"{type(self).__name__}({self.key!r}{params})"
