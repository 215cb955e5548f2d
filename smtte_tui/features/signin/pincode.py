"""A person choosing their own PIN.

The PIN is ``Medarbejder.pin_hash``, one place: a leder sets it (a new colleague, a forgotten PIN),
and the person changes it themself — at the sign-in after which a PIN of fewer than 6 digits must
be replaced, or when the same PIN is hashed again with today's cost
(:func:`smtte_tui.auth.needs_rehash`). The store allows anyone to change their own account's
``pin_hash`` and nothing else of it (``store/access.py``), so nobody can set a colleague's PIN.
A leder's new PIN and the person's own choice made at the same time on two PCs are a visible
conflict like any other field; the later wins until someone picks.
"""

from __future__ import annotations

from smtte_tui.audit_actions import AuditAction
from smtte_tui.auth import hash_pin, valid_new_pin
from smtte_tui.lockout import account_target
from smtte_tui.models import Medarbejder
from smtte_tui.session import Session
from smtte_tui.store import Store
from smtte_tui.usererror import UserError


def store_own_hash(store: Store, account: Medarbejder, pin: str) -> None:
    """Save ``pin`` (already checked) as the person's own, hashed with today's cost."""
    store.update(Medarbejder, account.id, {"pin_hash": hash_pin(pin)}, author=account.initialer)


def change_own_pin(session: Session, pin: str, pin_again: str) -> None:
    """The person (signed in a moment ago) chooses a new PIN of 6–8 digits, typed twice; audited as
    ``skift_egen_pin``. Raises ValueError with a Danish sentence, and saves nothing, when the two
    differ or the PIN is too short."""
    if pin != pin_again:
        raise UserError("setup.error.pin_mismatch")
    if not valid_new_pin(pin):
        raise UserError("signin.new_pin_format")
    store_own_hash(session.store, session.person, pin)
    session.audit(AuditAction.SKIFT_EGEN_PIN, account_target(session.person))
