"""Who may write what: the role rules the store enforces on every write made on this terminal.

The UI hides what a role may not do, but the rule lives here, so no screen, service or script
can get it wrong: a medarbejder may log signs, notes and comments on a plan, but only a
tovholder or leder may change a plan, a PDSA cycle or an evaluation, and only a leder may add
or change borgere and staff.

Exceptions, each for a reason:

* Audit events may be written by anyone, including nobody (``""``): a failed sign-in is audited
  before anyone is known.
* The very first staff account of an empty data folder may be created without an author (the
  first start); staff created in that same batch count as known for the rest of the batch.

The rules guard against mistakes and against a signed-in person doing more than their role
allows. They are not a defence against someone who can edit the share's files directly; the
folder's own access rights (see README) are.
"""

from __future__ import annotations

from collections.abc import Iterable

from smtte_tui.i18n import t
from smtte_tui.models import Entity, Medarbejder, Rolle
from smtte_tui.usererror import UserError

ALL_ROLES: frozenset[Rolle] = frozenset({"medarbejder", "tovholder", "leder"})
PLANNERS: frozenset[Rolle] = frozenset({"tovholder", "leder"})
LEDER: frozenset[Rolle] = frozenset({"leder"})

# kind -> roles that may create, update or withdraw it. Kinds not listed: any active staff.
WRITE_ROLES: dict[str, frozenset[Rolle]] = {
    "borger": LEDER,
    "medarbejder": LEDER,
    "plan": PLANNERS,
    "pdsa": PLANNERS,
    "evaluering": PLANNERS,
    "indstillinger": LEDER,
}
OPEN_KINDS = frozenset({"audit"})


def may(person: Medarbejder | None, kind: str) -> bool:
    """Whether ``person`` may create or change records of ``kind``: the same table the store
    checks every write against, so what a screen offers and what the store accepts cannot
    disagree (a screen asks this; the store enforces it)."""
    if kind in OPEN_KINDS:
        return True
    return person is not None and person.aktiv and person.rolle in WRITE_ROLES.get(kind, ALL_ROLES)


class NotAllowed(UserError, PermissionError):
    """Something the person's role does not allow (a catalog key and its parameters)."""


# What a person may change in their own staff account whatever their role: their PIN.
OWN_ACCOUNT_FIELDS = frozenset({"pin_hash"})


def check_write(kind: str, author: str, staff: dict[str, Medarbejder], *, entity_id: str | None = None, fields: Iterable[str] = ()) -> None:
    """Raise :class:`NotAllowed` unless ``author`` (initials) may write an entity of ``kind``.

    ``staff`` maps initials to the currently active staff accounts. For an update, ``entity_id``
    and ``fields`` say what changes: everyone may change their own PIN (a new one chosen at the
    lock screen, or the same one hashed again with today's cost), nothing else of their account.
    """
    if kind in OPEN_KINDS:
        return
    who = staff.get(author.strip().upper())
    if who is None:
        raise NotAllowed("store.error.unknown_author", author=author or "?")
    changed = set(fields)
    if kind == "medarbejder" and entity_id == who.id and changed and changed <= OWN_ACCOUNT_FIELDS:
        return
    allowed = WRITE_ROLES.get(kind, ALL_ROLES)
    if who.rolle not in allowed:
        raise NotAllowed("store.error.role", rolle=t(f"label.rolle.{who.rolle}"), what=t(f"store.kind.{kind}"), roles=", ".join(t(f"label.rolle.{r}") for r in sorted(allowed)))


def active_staff(accounts: Iterable[Medarbejder]) -> dict[str, Medarbejder]:
    return {m.initialer: m for m in accounts if m.aktiv}


def first_start_staff(existing: Iterable[Medarbejder], batch: Iterable[Entity]) -> dict[str, Medarbejder]:
    """On a folder without any staff yet, the staff created in this batch (the first start)."""
    if any(True for _ in existing):
        return {}
    return active_staff(e for e in batch if isinstance(e, Medarbejder))
