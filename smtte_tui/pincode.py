"""Which PIN hash is a person's now, and a person choosing their own PIN.

A leder sets a PIN in the staff account (``Medarbejder.pin_hash``: a new colleague, a forgotten
PIN). A person's own choice — at the sign-in after which a PIN of fewer than 6 digits must be
replaced, or the same PIN hashed again with today's cost (:func:`smtte_tui.auth.needs_rehash`) —
is a :class:`~smtte_tui.models.PinKode` record, because only a leder may change a staff account.
The newest of the two in revision order is the PIN; a ``PinKode`` counts only when the person it is
about wrote it, so nobody can choose a colleague's PIN.
"""

from __future__ import annotations

import datetime as dt

from smtte_tui.auth import hash_pin, valid_new_pin
from smtte_tui.i18n import t
from smtte_tui.models import AuditEvent, Medarbejder, PinKode
from smtte_tui.store import Store


def current_pin_hash(store: Store, account: Medarbejder) -> str:
    """The hash to check ``account``'s PIN against."""
    newest, chosen = "", account.pin_hash
    for rev in store.history(Medarbejder, account.id):
        if "pin_hash" in rev.data:
            newest = max(newest, rev.hlc)
    for own in store.all(PinKode):
        if own.medarbejder_id != account.id:
            continue
        first = store.history(PinKode, own.id)[0]
        if first.author == account.initialer and first.hlc > newest:
            newest, chosen = first.hlc, own.pin_hash
    return chosen


def store_own_hash(store: Store, account: Medarbejder, pin: str) -> None:
    """Save ``pin`` (already checked) as the person's own, hashed with today's cost."""
    store.create(PinKode(medarbejder_id=account.id, pin_hash=hash_pin(pin)), author=account.initialer)


def change_own_pin(store: Store, account: Medarbejder, pin: str, pin_again: str, *, now: dt.datetime, terminal: str) -> None:
    """The person (signed in a moment ago) chooses a new PIN of 6–8 digits, typed twice; audited as
    ``skift_egen_pin``. Raises ValueError with a Danish sentence, and saves nothing, when the two
    differ or the PIN is too short."""
    if pin != pin_again:
        raise ValueError(t("setup.error.pin_mismatch"))
    if not valid_new_pin(pin):
        raise ValueError(t("signin.new_pin_format"))
    store_own_hash(store, account, pin)
    event = AuditEvent(tid=now, medarbejder=account.initialer, terminal=terminal, handling="skift_egen_pin", maal=f"medarbejder:{account.id}")
    store.create(event, author=account.initialer)
