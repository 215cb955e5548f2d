"""The staff of a test house: the store checks every write against the author's role."""

from __future__ import annotations

import functools

from smtte_tui.auth import hash_pin
from smtte_tui.models import Medarbejder

PIN = "123456"  # new PINs have 6–8 digits


@functools.cache
def _pin_hash() -> str:
    return hash_pin(PIN)  # scrypt is slow on purpose: hash once per test run


def house_staff() -> list[Medarbejder]:
    """LE leder, MA medarbejder, AA and BB tovholdere (fresh ids each call)."""
    return [
        Medarbejder(initialer="LE", navn="Lene Leder", rolle="leder", pin_hash=_pin_hash()),
        Medarbejder(initialer="MA", navn="Mads Andersen", rolle="medarbejder", pin_hash=_pin_hash()),
        Medarbejder(initialer="AA", navn="Asta Aagaard", rolle="tovholder", pin_hash=_pin_hash()),
        Medarbejder(initialer="BB", navn="Bo Berg", rolle="tovholder", pin_hash=_pin_hash()),
    ]


def acting(store, person: Medarbejder | str, *, now=None, terminal: str = ""):
    """The session a service is handed in a test: ``person`` (an account, or initials: the
    store's active account with them, else a stranger the store does not know) on ``store``,
    with the clock stopped at ``now`` (the PC's time when None) and ``terminal`` (the store's
    writer id when empty)."""
    from smtte_tui.session import Session, local_now

    if isinstance(person, str):
        typed = person.strip().upper()
        known = next((m for m in store.all(Medarbejder) if m.aktiv and m.initialer == typed), None)
        person = known or Medarbejder.model_construct(initialer=person, navn=person, rolle="medarbejder", aktiv=True, pin_hash="")
    clock = (lambda: now) if now is not None else local_now
    return Session(store, person, clock=clock, terminal=terminal)
