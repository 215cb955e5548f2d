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
