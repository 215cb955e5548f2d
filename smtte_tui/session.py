"""Who is acting, where and when: what every service that changes something (or records a read)
is handed first.

A :class:`Session` is the store, the signed-in person, the clock, the terminal (the name written
into audit events and records, the store's writer id unless told otherwise) and the settings. The
App builds one when someone signs in and drops it at the lock; the CLI builds one for a command that
acts as someone (``smtte export --as``); a test builds one with a frozen clock.

``may(kind)`` asks the store's own role table (:func:`smtte_tui.store.access.may`), the table
every write is checked against, so what a screen offers and what the store accepts cannot
disagree. ``audit`` writes one event by the person: every audit event carries an
:class:`~smtte_tui.audit_actions.AuditAction` and a typed
:class:`~smtte_tui.audit_actions.AuditTarget`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from smtte_tui.audit_actions import AuditAction, AuditTarget
from smtte_tui.config import Settings
from smtte_tui.i18n import t
from smtte_tui.models import AuditEvent, Medarbejder
from smtte_tui.store.access import NotAllowed, may

if TYPE_CHECKING:
    from smtte_tui.store import Store


def local_now() -> dt.datetime:
    """This PC's time, with its zone."""
    return dt.datetime.now().astimezone()


@dataclass(frozen=True)
class Session:
    store: Store
    person: Medarbejder
    clock: Callable[[], dt.datetime] = local_now
    terminal: str = ""  # default: the store's writer id
    settings: Settings = field(default_factory=Settings)

    def __post_init__(self) -> None:
        if not self.terminal:
            object.__setattr__(self, "terminal", self.store.writer)

    @property
    def initialer(self) -> str:
        """The person's initials: the author of every record and event this session writes."""
        return self.person.initialer

    def now(self) -> dt.datetime:
        return self.clock()

    def may(self, kind: str) -> bool:
        """Whether the person may create or change records of ``kind`` (the store's own table)."""
        return may(self.person, kind)

    def require(self, kind: str, handling: str) -> None:
        """Refuse (:class:`~smtte_tui.store.access.NotAllowed`, a Danish sentence naming
        ``handling``) unless the person may write ``kind``: a service says no before it reads or
        writes anything, by the same table the store checks every write against."""
        if not may(self.person, kind):
            raise NotAllowed("store.error.permission", rolle=t(f"label.rolle.{self.person.rolle}"), handling=handling)

    def as_person(self, person: Medarbejder) -> Session:
        """The same session for the person's account as it is now (a new role, say)."""
        return replace(self, person=person)

    def audit_event(self, action: AuditAction, target: AuditTarget, borger_id: str | None = None) -> AuditEvent:
        """An audit event by the person, now, on this terminal (not yet written)."""
        return AuditEvent(tid=self.now(), medarbejder=self.initialer, terminal=self.terminal, handling=action, maal=str(target), borger_id=borger_id)

    def audit(self, action: AuditAction, target: AuditTarget, borger_id: str | None = None) -> AuditEvent:
        """Write one audit event by the person (see :meth:`audit_event`)."""
        event = self.audit_event(action, target, borger_id)
        self.store.create(event, author=self.initialer)
        return event
