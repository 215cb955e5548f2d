"""A terminal that may only read: what sign-in does when the data folder is of a newer format.

Such a terminal can sign people in and show what the folder holds, and writes nothing (the store
refuses with ``ReadOnlyStore``; the sync bar and a notice say why in one sentence). Sign-in still
needs its audit events to count wrong PINs, so they are kept here, in memory, for as long as the
app runs: a wrong PIN counts towards a block on this terminal, and a block set on a writing
terminal is read from the folder as usual.
"""

from __future__ import annotations

from typing import Any

from smtte_tui.models import AuditEvent
from smtte_tui.store import ReadOnlyStore, Store
from smtte_tui.i18n import t


class SessionAudit:
    """The store as sign-in sees it on a read-only terminal: audit events it cannot write are
    kept in memory and read back with the folder's own; every other write is refused."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._events: list[AuditEvent] = []

    def create(self, entity: Any, author: str) -> None:
        if not isinstance(entity, AuditEvent):
            raise ReadOnlyStore(t("store.error.readonly"))
        self._events.append(entity)

    def all(self, model: Any, *args: Any, **kwargs: Any) -> list[Any]:
        found = self._store.all(model, *args, **kwargs)
        return [*found, *self._events] if model is AuditEvent else found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)
